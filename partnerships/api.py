"""The read API of the partnerships app: one endpoint per dashboard list, with the list's
FilterSet, and one per record. Paths and filters are the pages' own: the page
/partnerships/agreements/?validity=ending is /api/partnerships/agreements/?validity=ending.
"""

from gentintl.api import endpoints
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

PARTNERSHIPS = Partnership.objects.for_list()
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

# Included under /api/partnerships/ in the `api` namespace (gentintl/urls.py).
urlpatterns = [
    *endpoints(
        "",
        "partnership",
        serializers.PartnershipSerializer,
        filtersets.PartnershipFilterSet,
        PARTNERSHIPS.select_related("source"),
    ),
    *endpoints(
        "agreements/",
        "agreement",
        serializers.AgreementSerializer,
        filtersets.AgreementFilterSet,
        AGREEMENTS,
    ),
    *endpoints(
        "activities/",
        "activity",
        serializers.ActivitySerializer,
        filtersets.ActivityFilterSet,
        ACTIVITIES,
    ),
    *endpoints(
        "organisations/",
        "organisation",
        serializers.OrganisationSerializer,
        filtersets.OrganisationFilterSet,
        ORGANISATIONS,
    ),
    *endpoints(
        "contacts/",
        "contact",
        serializers.ContactSerializer,
        filtersets.ContactFilterSet,
        CONTACTS,
    ),
    *endpoints(
        "networks/",
        "network",
        serializers.NetworkSerializer,
        filtersets.NetworkFilterSet,
        NETWORKS,
    ),
    *endpoints(
        "eu-projects/",
        "euproject",
        serializers.EUProjectSerializer,
        filtersets.EUProjectFilterSet,
        EU_PROJECTS,
    ),
]
