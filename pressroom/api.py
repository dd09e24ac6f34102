"""The read API of the press room: the press release list with its FilterSet, and one
release by its number (/api/pressroom/press-releases/2741/)."""

from django.db.models import Prefetch
from django.urls import path

from gentintl.api import DetailView, ListView
from partnerships.models import Partnership
from pressroom import filtersets, serializers
from pressroom.models import PressContact, PressRelease, Quote, RelatedNews

RELEASES = PressRelease.objects.defer("search_vector").prefetch_related(
    "topics",
    "cities",
    Prefetch("partnerships", queryset=Partnership.objects.select_related("city")),
    "networks",
    Prefetch(
        "press_contacts", queryset=PressContact.objects.select_related("contact__organisation")
    ),
)


class PressReleaseListView(ListView):
    queryset = RELEASES.defer("body")
    serializer_class = serializers.PressReleaseSerializer
    filterset_class = filtersets.PressReleaseFilterSet


class PressReleaseDetailView(DetailView):
    queryset = RELEASES.prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.order_by("position")),
        Prefetch("related_news", queryset=RelatedNews.objects.select_related("item")),
    )
    serializer_class = serializers.PressReleaseDetailSerializer
    lookup_field = "number"


# Included under /api/pressroom/ in the `api` namespace (gentintl/urls.py).
urlpatterns = [
    path("press-releases/", PressReleaseListView.as_view(), name="pressrelease_list"),
    path(
        "press-releases/<int:number>/",
        PressReleaseDetailView.as_view(),
        name="pressrelease_detail",
    ),
]
