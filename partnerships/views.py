"""Read-only pages of the partnerships app: filtered lists, their exports, detail pages and
the autocomplete endpoints of the filters. Editing happens in the admin."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.views.generic import DetailView

from gentintl.lists import (
    AutocompleteView,
    DashboardListView,
    DetailPageMixin,
    FilteredExportView,
)
from partnerships import filtersets, resources
from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
    Theme,
)


# ---------------------------------------------------------------- partnerships
class PartnershipListView(DashboardListView):
    model = Partnership
    filterset_class = filtersets.PartnershipFilterSet
    queryset = Partnership.objects.for_list()
    export_url_name = "partnerships:partnership_export"


class PartnershipExportView(FilteredExportView):
    model = Partnership
    filterset_class = filtersets.PartnershipFilterSet
    queryset = Partnership.objects.for_list().select_related("source")
    resource_class = resources.PartnershipResource
    filename = "partnerships"


class PartnershipDetailView(DetailPageMixin, DetailView):
    model = Partnership
    queryset = Partnership.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = self.object
        context["timeline"] = partnership.timeline()
        context["agreement_chains"] = partnership.agreement_chains()
        organisations = Organisation.objects.filter(
            Q(ghent_side_activities__partnership=partnership)
            | Q(partner_side_activities__partnership=partnership)
            | Q(city=partnership.city)
        )
        context["organisations"] = organisations.distinct()
        # Its own contacts work at its organisations; the people to call about a press
        # release that mentions it (the mayor, the press team) are shown apart. One query.
        contacts = list(
            Contact.objects.annotate(
                is_own=Q(organisation__in=organisations.values("pk")),
                is_press=Exists(
                    Contact.press_releases.through.objects.filter(
                        contact=OuterRef("pk"), press_release__partnerships=partnership
                    )
                ),
            )
            .filter(Q(is_own=True) | Q(is_press=True))
            .select_related("organisation")
        )
        context["contacts"] = [contact for contact in contacts if contact.is_own]
        context["press_contacts"] = [contact for contact in contacts if contact.is_press]
        return context


# ---------------------------------------------------------------- agreements
class AgreementListView(DashboardListView):
    model = Agreement
    filterset_class = filtersets.AgreementFilterSet
    queryset = Agreement.objects.select_related("partnership__city").prefetch_related("themes")
    export_url_name = "partnerships:agreement_export"


class AgreementExportView(FilteredExportView):
    model = Agreement
    filterset_class = filtersets.AgreementFilterSet
    queryset = Agreement.objects.select_related(
        "partnership__city", "replaces", "source"
    ).prefetch_related("themes")
    resource_class = resources.AgreementResource
    filename = "agreements"


class AgreementDetailView(DetailPageMixin, DetailView):
    model = Agreement
    queryset = Agreement.objects.select_related(
        "partnership__city", "replaces", "source"
    ).prefetch_related("themes", "replaced_by", "activities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chain"] = self.object.chain()
        return context


# ---------------------------------------------------------------- activities
class ActivityListView(DashboardListView):
    model = Activity
    filterset_class = filtersets.ActivityFilterSet
    queryset = Activity.objects.select_related("partnership__city", "network").prefetch_related(
        "themes"
    )
    export_url_name = "partnerships:activity_export"


class ActivityExportView(FilteredExportView):
    model = Activity
    filterset_class = filtersets.ActivityFilterSet
    queryset = Activity.objects.select_related(
        "partnership__city", "network", "agreement", "source"
    ).prefetch_related("themes", "ghent_organisations", "partner_organisations")
    resource_class = resources.ActivityResource
    filename = "activities"


class ActivityDetailView(DetailPageMixin, DetailView):
    model = Activity
    queryset = Activity.objects.select_related(
        "partnership__city", "network", "agreement", "source"
    ).prefetch_related(
        "themes",
        "ghent_organisations",
        Prefetch("partner_organisations", queryset=Organisation.objects.select_related("city")),
    )


# ---------------------------------------------------------------- organisations
class OrganisationListView(DashboardListView):
    model = Organisation
    filterset_class = filtersets.OrganisationFilterSet
    queryset = Organisation.objects.select_related("city")
    export_url_name = "partnerships:organisation_export"


class OrganisationExportView(FilteredExportView):
    model = Organisation
    filterset_class = filtersets.OrganisationFilterSet
    queryset = Organisation.objects.select_related("city")
    resource_class = resources.OrganisationResource
    filename = "organisations"


class OrganisationDetailView(DetailPageMixin, DetailView):
    model = Organisation
    queryset = Organisation.objects.select_related("city").prefetch_related(
        "contacts",
        Prefetch(
            "ghent_side_activities",
            queryset=Activity.objects.select_related("partnership__city", "network"),
        ),
        Prefetch(
            "partner_side_activities",
            queryset=Activity.objects.select_related("partnership__city", "network"),
        ),
    )


# ---------------------------------------------------------------- contacts
class ContactListView(DashboardListView):
    model = Contact
    filterset_class = filtersets.ContactFilterSet
    queryset = Contact.objects.select_related("organisation")
    export_url_name = "partnerships:contact_export"


class ContactExportView(FilteredExportView):
    """Without the personal-data permission, e-mail, phones and address are left out."""

    model = Contact
    filterset_class = filtersets.ContactFilterSet
    queryset = Contact.objects.select_related("organisation")
    resource_class = resources.ContactResource
    filename = "contacts"


class ContactDetailView(DetailPageMixin, DetailView):
    model = Contact
    queryset = Contact.objects.select_related("organisation__city").prefetch_related(
        "press_releases", "quotes__press_release"
    )


# ---------------------------------------------------------------- networks
class NetworkListView(DashboardListView):
    model = Network
    filterset_class = filtersets.NetworkFilterSet
    queryset = Network.objects.prefetch_related("themes")
    export_url_name = "partnerships:network_export"


class NetworkExportView(FilteredExportView):
    model = Network
    filterset_class = filtersets.NetworkFilterSet
    queryset = Network.objects.select_related("source").prefetch_related("themes")
    resource_class = resources.NetworkResource
    filename = "networks"


class NetworkDetailView(DetailPageMixin, DetailView):
    model = Network
    queryset = Network.objects.select_related("source").prefetch_related(
        "themes", "eu_projects", "activities", "press_releases"
    )


# ---------------------------------------------------------------- EU projects
class EUProjectListView(DashboardListView):
    model = EUProject
    filterset_class = filtersets.EUProjectFilterSet
    queryset = EUProject.objects.select_related("network").prefetch_related("partner_cities")
    export_url_name = "partnerships:euproject_export"


class EUProjectExportView(FilteredExportView):
    model = EUProject
    filterset_class = filtersets.EUProjectFilterSet
    queryset = EUProject.objects.select_related("network", "source").prefetch_related(
        "partner_cities", "themes"
    )
    resource_class = resources.EUProjectResource
    filename = "eu-projects"


class EUProjectDetailView(DetailPageMixin, DetailView):
    model = EUProject
    queryset = EUProject.objects.select_related("network", "source").prefetch_related(
        "partner_cities", "themes"
    )


# ---------------------------------------------------------------- autocomplete
class CityAutocompleteView(AutocompleteView):
    model = City
    search_fields = ("name", "local_name")


class OrganisationAutocompleteView(AutocompleteView):
    model = Organisation


class ThemeAutocompleteView(AutocompleteView):
    model = Theme


class NetworkAutocompleteView(AutocompleteView):
    model = Network
