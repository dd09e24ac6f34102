"""How the read API writes the records of the partnerships app.

Related rows appear by their natural key (a city by its name and country, a theme or an
organisation by its name, a source by its press-release number), so that a report reads
them without a second request. Codes (`kind`, `status`) come with their Dutch label.
"""

from rest_framework import serializers

from gentintl.api import PartialDateField, ReadSerializer, WebUrlField, names
from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
)


def label(field_name: str) -> serializers.CharField:
    """The Dutch (or English) label of a choice field, beside its code."""
    return serializers.CharField(source=f"get_{field_name}_display", read_only=True)


def source():
    return names(
        "number", allow_null=True, help_text="Number of the press release this comes from."
    )


class CitySerializer(ReadSerializer):
    """A city as its natural key: its Dutch name, its local name and its country."""

    class Meta:
        model = City
        fields = ["name", "local_name", "country"]


class PartnershipSerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:partnership_detail")
    web_url = WebUrlField()
    city = CitySerializer(read_only=True)
    kind_label = label("kind")
    status_label = label("status")
    began_on = PartialDateField()
    ended_on = PartialDateField()
    source = source()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "url",
            "web_url",
            "city",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "began_on",
            "ended_on",
            "ended_by",
            "end_reason",
            "notes",
            "source",
            "updated_at",
        ]


class AgreementSerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:agreement_detail")
    web_url = WebUrlField()
    city = CitySerializer(source="partnership.city", read_only=True)
    kind_label = label("kind")
    signed_on = PartialDateField()
    valid_from = PartialDateField()
    valid_until = PartialDateField()
    themes = names("name", many=True)
    replaces = names("title", allow_null=True)
    source = source()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "url",
            "web_url",
            "partnership",
            "city",
            "kind",
            "kind_label",
            "title",
            "signed_on",
            "signing_planned",
            "valid_from",
            "valid_until",
            "themes",
            "replaces",
            "notes",
            "source",
            "updated_at",
        ]


class ActivitySerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:activity_detail")
    web_url = WebUrlField()
    city = CitySerializer(source="partnership.city", read_only=True, allow_null=True)
    network = names("name", allow_null=True)
    agreement = names("title", allow_null=True)
    kind_label = label("kind")
    status_label = label("status")
    occurred_on = PartialDateField()
    themes = names("name", many=True)
    ghent_organisations = names("name", many=True)
    partner_organisations = names("name", many=True)
    source = source()

    class Meta:
        model = Activity
        fields = [
            "id",
            "url",
            "web_url",
            "title",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "occurred_on",
            "location",
            "description",
            "partnership",
            "city",
            "network",
            "agreement",
            "themes",
            "ghent_organisations",
            "partner_organisations",
            "source",
            "updated_at",
        ]


class OrganisationSerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organisation_detail")
    web_url = WebUrlField()
    city = CitySerializer(read_only=True, allow_null=True)
    kind_label = label("kind")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "url",
            "web_url",
            "name",
            "kind",
            "kind_label",
            "city",
            "website",
            "notes",
            "updated_at",
        ]


class ContactSerializer(ReadSerializer):
    """E-mail, phones and address only for users with the personal-data permission."""

    url = serializers.HyperlinkedIdentityField(view_name="api:contact_detail")
    web_url = WebUrlField()
    organisation = names("name", allow_null=True)
    kind_label = label("kind")

    class Meta:
        model = Contact
        fields = [
            "id",
            "url",
            "web_url",
            "kind",
            "kind_label",
            "name",
            "function",
            "organisation",
            *Contact.personal_fields,
            "updated_at",
        ]


class NetworkSerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:network_detail")
    web_url = WebUrlField()
    member_since = PartialDateField()
    themes = names("name", many=True)
    source = source()

    class Meta:
        model = Network
        fields = [
            "id",
            "url",
            "web_url",
            "name",
            "description",
            "website",
            "is_ghent_member",
            "member_since",
            "ghent_role",
            "themes",
            "source",
            "updated_at",
        ]


class EUProjectSerializer(ReadSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:euproject_detail")
    web_url = WebUrlField()
    ghent_role_label = label("ghent_role")
    started_on = PartialDateField()
    ended_on = PartialDateField()
    partner_cities = CitySerializer(many=True, read_only=True)
    network = names("name", allow_null=True)
    themes = names("name", many=True)
    source = source()

    class Meta:
        model = EUProject
        fields = [
            "id",
            "url",
            "web_url",
            "acronym",
            "name",
            "programme",
            "ghent_role",
            "ghent_role_label",
            "started_on",
            "ended_on",
            "budget",
            "ghent_budget",
            "partner_cities",
            "network",
            "themes",
            "website",
            "source",
            "updated_at",
        ]
