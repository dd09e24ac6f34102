"""Read-only pages of the press room: the filtered list, its export and a release."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from gentintl.lists import (
    AutocompleteView,
    DashboardListView,
    DetailPageMixin,
    FilteredExportView,
)
from partnerships.models import Partnership
from pressroom import filtersets, resources
from pressroom.models import PressContact, PressRelease, Quote, RelatedNews, Topic


class PressReleaseListView(DashboardListView):
    model = PressRelease
    filterset_class = filtersets.PressReleaseFilterSet
    # Topics as a plain list (`to_attr`): no related manager and queryset per row.
    queryset = PressRelease.objects.defer("body", "search_vector").prefetch_related(
        Prefetch("topics", to_attr="topic_list")
    )
    export_url_name = "pressroom:pressrelease_export"


class PressReleaseExportView(FilteredExportView):
    model = PressRelease
    filterset_class = filtersets.PressReleaseFilterSet
    queryset = PressRelease.objects.defer("search_vector").prefetch_related(
        "topics", "cities", "partnerships__city", "networks"
    )
    resource_class = resources.PressReleaseResource
    filename = "press-releases"


class PressReleaseDetailView(DetailPageMixin, DetailView):
    model = PressRelease
    slug_field = "slug"
    queryset = PressRelease.objects.defer("search_vector").prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        Prefetch(
            "press_contacts",
            queryset=PressContact.objects.select_related("contact__organisation"),
        ),
        Prefetch("related_news", queryset=RelatedNews.objects.select_related("item")),
        "topics",
        "cities",
        Prefetch("partnerships", queryset=Partnership.objects.select_related("city")),
        "networks",
    )

    def get_queryset(self):
        return super().get_queryset().filter(number=self.kwargs["number"])


class TopicAutocompleteView(AutocompleteView):
    model = Topic
