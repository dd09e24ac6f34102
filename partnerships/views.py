from django.views.generic import DetailView

from partnerships.models import Partnership


class PartnershipDetailView(DetailView):
    queryset = Partnership.objects.select_related("city", "source").prefetch_related(
        "status_changes__source", "agreements__themes", "activities__themes", "press_releases"
    )
