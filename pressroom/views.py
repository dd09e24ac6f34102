from django.views.generic import DetailView

from pressroom.models import PressRelease


class PressReleaseDetailView(DetailView):
    slug_field = "slug"
    queryset = PressRelease.objects.prefetch_related(
        "quotes",
        "press_contacts__contact__organisation",
        "related_news",
        "topics",
        "cities",
        "partnerships__city",
    )

    def get_queryset(self):
        return super().get_queryset().filter(number=self.kwargs["number"])
