"""Filters of the press release list. At 100,000 releases every filter must use an index:
related rows are matched with a subquery on the link table (no DISTINCT over whole rows),
and the text search uses the stored, GIN-indexed search vector on PostgreSQL."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gentintl.filters import (
    GentFilterSet,
    autocomplete_filter,
    choices_filter,
    date_filters,
    nothing_chosen,
)
from partnerships.models import City, Network
from pressroom.models import Language, PressRelease, Topic


def linked(through, column):
    """A filter method: releases linked to any of the chosen rows through `through`."""

    def method(self, queryset, name, value: QuerySet):
        if nothing_chosen(value):
            return queryset
        links = through.objects.filter(**{f"{column}__in": value})
        return queryset.filter(pk__in=links.values("pressrelease_id"))

    return method


class PressReleaseFilterSet(GentFilterSet):
    topic = autocomplete_filter(
        Topic.objects.all(), "pressroom:topic_autocomplete", _("Topic"), method="filter_topic"
    )
    city = autocomplete_filter(
        City.objects.all(),
        "partnerships:city_autocomplete",
        _("City mentioned"),
        method="filter_city",
    )
    network = autocomplete_filter(
        Network.objects.all(),
        "partnerships:network_autocomplete",
        _("Network mentioned"),
        method="filter_network",
    )
    language = choices_filter(Language, _("Language"))
    published_from, published_to = date_filters(
        "published_on", _("Published from"), _("Published until")
    )

    search_text_fields = ("title", "lead", "body")
    search_vector_field = "search_vector"
    sort_fields = {"published": "published_on", "number": "number", "title": "title"}

    filter_topic = linked(PressRelease.topics.through, "topic")
    filter_city = linked(PressRelease.cities.through, "city")
    filter_network = linked(PressRelease.networks.through, "network")

    class Meta:
        model = PressRelease
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(number=int(value))
        return super().filter_search(queryset, name, value)
