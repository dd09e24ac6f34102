"""The read API of the partnerships app: one endpoint per dashboard list, with the list's
FilterSet, and one per record. Paths and filters are the pages' own: the page
/partnerships/agreements/?validity=ending is /api/partnerships/agreements/?validity=ending.
"""

from django.urls import path

from gentintl.api import DetailView, ListView
from partnerships import filtersets, serializers
from partnerships.models import (
    Activity,
    Agreement,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
)

AGREEMENTS = Agreement.objects.select_related(
    "partnership__city", "replaces", "source"
).prefetch_related("themes")
ACTIVITIES = Activity.objects.select_related(
    "partnership__city", "network", "agreement", "source"
).prefetch_related("themes", "ghent_organisations", "partner_organisations")
ORGANISATIONS = Organisation.objects.select_related("city")
CONTACTS = Contact.objects.select_related("organisation")
NETWORKS = Network.objects.select_related("source").prefetch_related("themes")
EU_PROJECTS = EUProject.objects.select_related("network", "source").prefetch_related(
    "partner_cities", "themes"
)


class PartnershipListView(ListView):
    queryset = Partnership.objects.for_list().select_related("source")
    serializer_class = serializers.PartnershipSerializer
    filterset_class = filtersets.PartnershipFilterSet


class PartnershipDetailView(DetailView):
    queryset = Partnership.objects.for_list().select_related("source")
    serializer_class = serializers.PartnershipSerializer


class AgreementListView(ListView):
    queryset = AGREEMENTS
    serializer_class = serializers.AgreementSerializer
    filterset_class = filtersets.AgreementFilterSet


class AgreementDetailView(DetailView):
    queryset = AGREEMENTS
    serializer_class = serializers.AgreementSerializer


class ActivityListView(ListView):
    queryset = ACTIVITIES
    serializer_class = serializers.ActivitySerializer
    filterset_class = filtersets.ActivityFilterSet


class ActivityDetailView(DetailView):
    queryset = ACTIVITIES
    serializer_class = serializers.ActivitySerializer


class OrganisationListView(ListView):
    queryset = ORGANISATIONS
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet


class OrganisationDetailView(DetailView):
    queryset = ORGANISATIONS
    serializer_class = serializers.OrganisationSerializer


class ContactListView(ListView):
    queryset = CONTACTS
    serializer_class = serializers.ContactSerializer
    filterset_class = filtersets.ContactFilterSet


class ContactDetailView(DetailView):
    queryset = CONTACTS
    serializer_class = serializers.ContactSerializer


class NetworkListView(ListView):
    queryset = NETWORKS
    serializer_class = serializers.NetworkSerializer
    filterset_class = filtersets.NetworkFilterSet


class NetworkDetailView(DetailView):
    queryset = NETWORKS
    serializer_class = serializers.NetworkSerializer


class EUProjectListView(ListView):
    queryset = EU_PROJECTS
    serializer_class = serializers.EUProjectSerializer
    filterset_class = filtersets.EUProjectFilterSet


class EUProjectDetailView(DetailView):
    queryset = EU_PROJECTS
    serializer_class = serializers.EUProjectSerializer


# Included under /api/partnerships/ in the `api` namespace (gentintl/urls.py).
urlpatterns = [
    path("", PartnershipListView.as_view(), name="partnership_list"),
    path("<int:pk>/", PartnershipDetailView.as_view(), name="partnership_detail"),
    path("agreements/", AgreementListView.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", AgreementDetailView.as_view(), name="agreement_detail"),
    path("activities/", ActivityListView.as_view(), name="activity_list"),
    path("activities/<int:pk>/", ActivityDetailView.as_view(), name="activity_detail"),
    path("organisations/", OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<int:pk>/",
        OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("contacts/", ContactListView.as_view(), name="contact_list"),
    path("contacts/<int:pk>/", ContactDetailView.as_view(), name="contact_detail"),
    path("networks/", NetworkListView.as_view(), name="network_list"),
    path("networks/<int:pk>/", NetworkDetailView.as_view(), name="network_detail"),
    path("eu-projects/", EUProjectListView.as_view(), name="euproject_list"),
    path("eu-projects/<int:pk>/", EUProjectDetailView.as_view(), name="euproject_detail"),
]
