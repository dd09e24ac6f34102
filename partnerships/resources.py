"""Spreadsheet mappings for the partnerships app, shared by the admin, the seeds and the tests.

Columns carry the Dutch labels staff see; related rows are named by their natural key
(a city as "Luik (BE)", an organisation by name, a theme by name, a press release by
its number), never by database id. Related names are resolved once per file.
"""

from import_export import fields

from gentintl.spreadsheets.resources import GentResource
from gentintl.spreadsheets.widgets import (
    CachedLookupWidget,
    CountryWidget,
    DecimalWidget,
    NameListWidget,
    PartialDateField,
    YesNoWidget,
    choice,
    text,
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
    Initiative,
    Network,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    PartnershipStatusChange,
    ProjectRole,
    Theme,
)
from partnerships.services import partnership_status_follow
from partnerships.widgets import CityWidget, PartnershipWidget, PhoneWidget, PressReleaseWidget


def source():
    return fields.Field(
        attribute="source", column_name="Bron (persbericht)", widget=PressReleaseWidget()
    )


def theme_list(attribute="themes"):
    return fields.Field(
        attribute=attribute,
        column_name="Thema's",
        widget=NameListWidget(CachedLookupWidget(Theme, field="name")),
    )


class ThemeResource(GentResource):
    name = text("name", "Naam")
    description = text("description", "Beschrijving")

    class Meta(GentResource.Meta):
        model = Theme
        fields = ("name", "description")
        import_id_fields = ("name",)


class CityResource(GentResource):
    name = text("name", "Naam")
    country = fields.Field(attribute="country", column_name="Land", widget=CountryWidget())
    local_name = text("local_name", "Lokale naam")
    latitude = fields.Field(
        attribute="latitude", column_name="Breedtegraad", widget=DecimalWidget()
    )
    longitude = fields.Field(
        attribute="longitude", column_name="Lengtegraad", widget=DecimalWidget()
    )

    class Meta(GentResource.Meta):
        model = City
        fields = ("name", "country", "local_name", "latitude", "longitude")
        import_id_fields = ("name", "country")


class PartnershipResource(GentResource):
    city = fields.Field(attribute="city", column_name="Stad", widget=CityWidget())
    kind = choice("kind", "Soort", PartnershipKind)
    status = choice("status", "Status", PartnershipStatus)
    began_on = PartialDateField("began_on", "Begonnen")
    ended_on = PartialDateField("ended_on", "Beëindigd")
    ended_by = choice("ended_by", "Beëindigd op vraag van", Initiative)
    end_reason = text("end_reason", "Reden van beëindiging")
    notes = text("notes", "Opmerkingen")
    source = source()

    def after_write(self, changed, *, user=None, reason=""):
        moved = [pk for pk, names in changed.items() if "status" in names]
        steps = partnership_status_follow(partnership_ids=moved, user=user, reason=reason)
        return (
            {"partnerships.partnershipstatuschange": [step.pk for step in steps]} if steps else {}
        )

    class Meta(GentResource.Meta):
        model = Partnership
        fields = (
            "city",
            "kind",
            "status",
            "began_on",
            "ended_on",
            "ended_by",
            "end_reason",
            "notes",
            "source",
        )
        import_id_fields = ("city",)


class StatusChangeResource(GentResource):
    partnership = fields.Field(
        attribute="partnership", column_name="Partnerschap", widget=PartnershipWidget()
    )
    status = choice("status", "Status", PartnershipStatus)
    changed_on = PartialDateField("changed_on", "Datum")
    reason = text("reason", "Reden")
    initiated_by = choice("initiated_by", "Op vraag van", Initiative)
    source = source()

    class Meta(GentResource.Meta):
        model = PartnershipStatusChange
        fields = ("partnership", "status", "changed_on", "reason", "initiated_by", "source")
        import_id_fields = ("partnership", "status")


class AgreementResource(GentResource):
    partnership = fields.Field(
        attribute="partnership", column_name="Partnerschap", widget=PartnershipWidget()
    )
    title = text("title", "Titel")
    kind = choice("kind", "Soort", AgreementKind)
    signed_on = PartialDateField("signed_on", "Ondertekend")
    valid_from = PartialDateField("valid_from", "Geldig vanaf")
    valid_until = PartialDateField("valid_until", "Geldig tot")
    themes = theme_list()
    replaces = fields.Field(
        attribute="replaces",
        column_name="Vervangt",
        widget=CachedLookupWidget(Agreement, field="title"),
    )
    notes = text("notes", "Opmerkingen")
    source = source()

    class Meta(GentResource.Meta):
        model = Agreement
        fields = (
            "partnership",
            "title",
            "kind",
            "signed_on",
            "valid_from",
            "valid_until",
            "themes",
            "replaces",
            "notes",
            "source",
        )
        import_id_fields = ("partnership", "title")


class OrganisationResource(GentResource):
    name = text("name", "Naam")
    kind = choice("kind", "Soort", OrganisationKind)
    city = fields.Field(attribute="city", column_name="Stad", widget=CityWidget())
    website = text("website", "Website")
    notes = text("notes", "Opmerkingen")

    class Meta(GentResource.Meta):
        model = Organisation
        fields = ("name", "kind", "city", "website", "notes")
        import_id_fields = ("name",)


class ContactResource(GentResource):
    email = text("email", "E-mail")
    name = text("name", "Naam")
    kind = choice("kind", "Soort", ContactKind)
    function = text("function", "Functie")
    organisation = fields.Field(
        attribute="organisation",
        column_name="Organisatie",
        widget=CachedLookupWidget(Organisation, field="name"),
    )
    phone = fields.Field(attribute="phone", column_name="Telefoon", widget=PhoneWidget())
    mobile = fields.Field(attribute="mobile", column_name="Gsm", widget=PhoneWidget())
    address = text("address", "Adres")

    class Meta(GentResource.Meta):
        model = Contact
        fields = ("email", "name", "kind", "function", "organisation", "phone", "mobile", "address")
        import_id_fields = ("email",)


class NetworkResource(GentResource):
    name = text("name", "Naam")
    description = text("description", "Beschrijving")
    website = text("website", "Website")
    is_ghent_member = fields.Field(
        attribute="is_ghent_member", column_name="Gent is lid", widget=YesNoWidget()
    )
    member_since = PartialDateField("member_since", "Lid sinds")
    ghent_role = text("ghent_role", "Rol van Gent")
    themes = theme_list()
    source = source()

    class Meta(GentResource.Meta):
        model = Network
        fields = (
            "name",
            "description",
            "website",
            "is_ghent_member",
            "member_since",
            "ghent_role",
            "themes",
            "source",
        )
        import_id_fields = ("name",)


class EUProjectResource(GentResource):
    acronym = text("acronym", "Acroniem")
    name = text("name", "Naam")
    programme = text("programme", "Programma")
    ghent_role = choice("ghent_role", "Rol van Gent", ProjectRole)
    started_on = PartialDateField("started_on", "Start")
    ended_on = PartialDateField("ended_on", "Einde")
    budget = fields.Field(
        attribute="budget", column_name="Totaal budget (EUR)", widget=DecimalWidget()
    )
    ghent_budget = fields.Field(
        attribute="ghent_budget", column_name="Budget Gent (EUR)", widget=DecimalWidget()
    )
    partner_cities = fields.Field(
        attribute="partner_cities", column_name="Partnersteden", widget=NameListWidget(CityWidget())
    )
    network = fields.Field(
        attribute="network", column_name="Netwerk", widget=CachedLookupWidget(Network, field="name")
    )
    themes = theme_list()
    website = text("website", "Website")
    source = source()

    class Meta(GentResource.Meta):
        model = EUProject
        fields = (
            "acronym",
            "name",
            "programme",
            "ghent_role",
            "started_on",
            "ended_on",
            "budget",
            "ghent_budget",
            "partner_cities",
            "network",
            "themes",
            "website",
            "source",
        )
        import_id_fields = ("acronym",)


def organisation_list(attribute, column_name):
    return fields.Field(
        attribute=attribute,
        column_name=column_name,
        widget=NameListWidget(CachedLookupWidget(Organisation, field="name")),
    )


class ActivityResource(GentResource):
    title = text("title", "Titel")
    kind = choice("kind", "Soort", ActivityKind)
    status = choice("status", "Status", ActivityStatus)
    occurred_on = PartialDateField("occurred_on", "Datum")
    location = text("location", "Plaats")
    description = text("description", "Beschrijving")
    partnership = fields.Field(
        attribute="partnership", column_name="Partnerschap", widget=PartnershipWidget()
    )
    network = fields.Field(
        attribute="network", column_name="Netwerk", widget=CachedLookupWidget(Network, field="name")
    )
    agreement = fields.Field(
        attribute="agreement",
        column_name="Akkoord",
        widget=CachedLookupWidget(Agreement, field="title"),
    )
    themes = theme_list()
    ghent_organisations = organisation_list("ghent_organisations", "Organisaties in Gent")
    partner_organisations = organisation_list(
        "partner_organisations", "Organisaties bij de partner"
    )
    source = source()

    class Meta(GentResource.Meta):
        model = Activity
        fields = (
            "title",
            "kind",
            "status",
            "occurred_on",
            "location",
            "description",
            "partnership",
            "network",
            "agreement",
            "themes",
            "ghent_organisations",
            "partner_organisations",
            "source",
        )
        import_id_fields = ("title",)
