"""Filters of the partnerships lists. The views pass an optimised queryset in; these only
narrow and sort it."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gentintl.filters import (
    GentFilterSet,
    MultipleChoiceFilter,
    TomSelectMultiple,
    autocomplete_filter,
    choices_filter,
    nothing_chosen,
    partial_date_filters,
)
from partnerships.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Agreement,
    AgreementKind,
    City,
    Contact,
    ContactKind,
    EUProject,
    Network,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    ProjectRole,
    Theme,
)


def country_filter(field_name):
    return MultipleChoiceFilter(
        field_name=field_name,
        choices=countries,
        label=_("Country"),
        widget=TomSelectMultiple,
    )


def city_filter(field_name, label=None, **kwargs):
    return autocomplete_filter(
        City.objects.all(),
        "partnerships:city_autocomplete",
        label or _("City"),
        field_name=field_name,
        **kwargs,
    )


def theme_filter(field_name="themes", **kwargs):
    return autocomplete_filter(
        Theme.objects.all(),
        "partnerships:theme_autocomplete",
        _("Theme"),
        field_name=field_name,
        **kwargs,
    )


class PartnershipFilterSet(GentFilterSet):
    kind = choices_filter(PartnershipKind, _("Kind"))
    status = choices_filter(PartnershipStatus, _("Current status"))
    # "Was it ever dormant?": the status history, not only today's status.
    past_status = choices_filter(
        PartnershipStatus,
        _("Status in its history"),
        field_name="status_changes__status",
        distinct=True,
    )
    country = country_filter("city__country")
    city = city_filter("city")
    theme = theme_filter(method="filter_theme")
    began_from, began_to = partial_date_filters("began_on", _("Began from"), _("Began until"))
    ended_from, ended_to = partial_date_filters("ended_on", _("Ended from"), _("Ended until"))

    search_name_fields = ("city__name", "city__local_name")
    search_text_fields = ("notes", "end_reason")
    sort_fields = {
        "city": "city__name",
        "country": "city__country",
        "kind": "kind",
        "status": "status",
        "began": "began_on",
        "ended": "ended_on",
    }

    class Meta:
        model = Partnership
        fields = []

    def filter_theme(self, queryset, name, value: QuerySet):
        if nothing_chosen(value):
            return queryset
        return queryset.filter(
            Q(agreements__themes__in=value) | Q(activities__themes__in=value)
        ).distinct()


class AgreementValidity(django_filters.ChoiceFilter):
    """In force today, ending within 12 months (to renew) or expired."""

    CHOICES = (
        ("in_force", _("in force")),
        ("ending", _("ends within 12 months")),
        ("expired", _("expired")),
    )

    def __init__(self, **kwargs):
        super().__init__(choices=self.CHOICES, label=_("Validity"), **kwargs)

    def filter(self, queryset, value):
        if value == "in_force":
            return queryset.filter(pk__in=Agreement.objects.in_force().values("pk"))
        if value == "ending":
            return queryset.filter(pk__in=Agreement.objects.ending_within(365).values("pk"))
        if value == "expired":
            return queryset.filter(pk__in=Agreement.objects.expired().values("pk"))
        return queryset


class AgreementFilterSet(GentFilterSet):
    kind = choices_filter(AgreementKind, _("Kind"))
    validity = AgreementValidity()
    city = city_filter("partnership__city", _("Partner city"))
    country = country_filter("partnership__city__country")
    theme = theme_filter(distinct=True)
    signed_from, signed_to = partial_date_filters("signed_on", _("Signed from"), _("Signed until"))
    valid_until_from, valid_until_to = partial_date_filters(
        "valid_until", _("Valid until, from"), _("Valid until, up to")
    )

    search_name_fields = ("title", "partnership__city__name", "partnership__city__local_name")
    search_text_fields = ("notes",)
    sort_fields = {
        "city": "partnership__city__name",
        "title": "title",
        "kind": "kind",
        "signed": "signed_on",
        "valid_until": "valid_until",
    }

    class Meta:
        model = Agreement
        fields = []


class Cooperation(django_filters.ChoiceFilter):
    """Bilateral (within a partnership) or multilateral (within a network)."""

    CHOICES = (("bilateral", _("bilateral")), ("multilateral", _("multilateral")))

    def __init__(self, **kwargs):
        super().__init__(choices=self.CHOICES, label=_("Cooperation"), **kwargs)

    def filter(self, queryset, value):
        if value == "bilateral":
            return queryset.filter(partnership__isnull=False)
        if value == "multilateral":
            return queryset.filter(network__isnull=False)
        return queryset


class ActivityFilterSet(GentFilterSet):
    kind = choices_filter(ActivityKind, _("Kind"))
    status = choices_filter(ActivityStatus, _("Status"))
    cooperation = Cooperation()
    theme = theme_filter(distinct=True)
    city = city_filter("partnership__city", _("Partner city"))
    network = autocomplete_filter(
        Network.objects.all(), "partnerships:network_autocomplete", _("Network")
    )
    organisation = autocomplete_filter(
        Organisation.objects.all(),
        "partnerships:organisation_autocomplete",
        _("Organisation"),
        method="filter_organisation",
    )
    occurred_from, occurred_to = partial_date_filters(
        "occurred_on", _("Date from"), _("Date until")
    )

    search_name_fields = ("title", "location")
    search_text_fields = ("description",)
    sort_fields = {
        "date": "occurred_on",
        "title": "title",
        "kind": "kind",
        "status": "status",
        "city": "partnership__city__name",
    }

    class Meta:
        model = Activity
        fields = []

    def filter_organisation(self, queryset, name, value: QuerySet):
        if nothing_chosen(value):
            return queryset
        return queryset.filter(
            Q(ghent_organisations__in=value) | Q(partner_organisations__in=value)
        ).distinct()


class OrganisationFilterSet(GentFilterSet):
    kind = choices_filter(OrganisationKind, _("Kind"))
    city = city_filter("city")
    country = country_filter("city__country")

    search_name_fields = ("name", "city__name", "city__local_name")
    search_text_fields = ("notes",)
    sort_fields = {"name": "name", "kind": "kind", "city": "city__name"}

    class Meta:
        model = Organisation
        fields = []


class ContactFilterSet(GentFilterSet):
    kind = choices_filter(ContactKind, _("Kind"))
    organisation = autocomplete_filter(
        Organisation.objects.all(), "partnerships:organisation_autocomplete", _("Organisation")
    )

    # Never search phones or e-mail: that would reveal them to those who may not see them.
    search_name_fields = ("name", "function", "organisation__name")
    sort_fields = {"name": "name", "function": "function", "organisation": "organisation__name"}

    class Meta:
        model = Contact
        fields = []


class NetworkFilterSet(GentFilterSet):
    is_ghent_member = django_filters.BooleanFilter(label=_("Ghent is a member"))
    theme = theme_filter(distinct=True)
    member_from, member_to = partial_date_filters(
        "member_since", _("Member since, from"), _("Member since, up to")
    )

    search_name_fields = ("name", "ghent_role")
    search_text_fields = ("description",)
    sort_fields = {"name": "name", "member_since": "member_since"}

    class Meta:
        model = Network
        fields = []


def programme_choices():
    programmes = EUProject.objects.order_by("programme").values_list("programme", flat=True)
    return [(p, p) for p in programmes.distinct()]


class EUProjectFilterSet(GentFilterSet):
    programme = MultipleChoiceFilter(choices=(), label=_("Programme"), widget=TomSelectMultiple)
    ghent_role = choices_filter(ProjectRole, _("Ghent's role"))
    city = city_filter("partner_cities", _("Partner city"), distinct=True)
    network = autocomplete_filter(
        Network.objects.all(), "partnerships:network_autocomplete", _("Network")
    )
    theme = theme_filter(distinct=True)
    started_from, started_to = partial_date_filters(
        "started_on", _("Started from"), _("Started until")
    )

    search_name_fields = ("acronym", "name", "programme")
    sort_fields = {
        "acronym": "acronym",
        "programme": "programme",
        "role": "ghent_role",
        "started": "started_on",
        "ends": "ended_on",
        "budget": "budget",
    }

    class Meta:
        model = EUProject
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The programmes in use, read when the page is shown, in a filter of this instance's
        # own: a copy of the class's filter keeps a form field once anything (the API
        # schema) has built it, with the choices of that moment.
        programme = MultipleChoiceFilter(
            field_name="programme",
            choices=programme_choices(),
            label=_("Programme"),
            widget=TomSelectMultiple,
        )
        programme.model, programme.parent = self._meta.model, self
        self.filters["programme"] = programme
