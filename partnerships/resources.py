"""Spreadsheet mappings for the partnerships app, shared by the admin, the seeds and the tests.

Columns carry the Dutch labels staff see; related rows are named by their natural key
(a city as "Luik (BE)", an organisation by name, a theme by name, a press release by
its number), never by database id. Related names are resolved once per file.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, resources, widgets

from gentintl.dates import parse_partial_date, partial_date_text
from gentintl.matching import KeyInstanceLoader
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
from partnerships.phones import normalise_phone
from partnerships.services import partnership_status_follow

LIST_SEPARATOR = ";"
CITY_KEY = re.compile(r"^(?P<name>.+?)\s*\((?P<country>[A-Za-z]{2})\)$")


def city_key(city: City) -> str:
    return f"{city.name} ({city.country.code})"


def country_code(value: str) -> str:
    """An ISO code from "BE", "België" or "Belgium"; raises ValueError in Dutch."""
    value = (value or "").strip()
    if not value:
        raise ValueError(_("The country is missing."))
    if len(value) == 2 and value.upper() in dict(countries):
        return value.upper()
    for language in ("nl", "en"):
        code = countries.by_name(value, language=language)
        if code:
            return code
    raise ValueError(
        _("Unknown country '%(value)s': use the ISO code, e.g. BE.") % {"value": value}
    )


class ChoiceWidget(widgets.Widget):
    """Reads a choice by its code or its label in Dutch or English; writes the label."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def accepted(self) -> dict[str, str]:
        if not hasattr(self, "_accepted"):
            self._accepted = {}
            for language in ("nl-be", "en"):
                with translation.override(language):
                    for choice in self.choices:
                        self._accepted[str(choice.label).casefold()] = choice.value
            self._accepted.update({c.value.casefold(): c.value for c in self.choices})
        return self._accepted

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return ""
        if value.casefold() in self.accepted():
            return self.accepted()[value.casefold()]
        allowed = ", ".join(str(c.label) for c in self.choices)
        raise ValueError(
            _("Unknown value '%(value)s'; allowed: %(allowed)s.")
            % {"value": value, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        for choice in self.choices:
            if choice.value == value:
                return str(choice.label)
        return value or ""


class YesNoWidget(widgets.Widget):
    """Reads ja/nee, yes/no, waar/onwaar, 1/0; writes ja or nee."""

    TRUE = {"ja", "j", "yes", "y", "waar", "true", "1", "x"}
    FALSE = {"nee", "n", "no", "onwaar", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Unknown value '%(value)s': use ja or nee.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


class CountryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return country_code(str(value or ""))

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class TextWidget(widgets.CharWidget):
    """Text kept as written: no "0477.0", no lost leading zero, empty stays empty."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class PhoneWidget(TextWidget):
    """A phone number kept as written, refused when it cannot be dialled."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        if value:
            normalise_phone(value)
        return value


class DecimalWidget(widgets.DecimalWidget):
    """A number written with a decimal point or a Belgian decimal comma."""

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value).replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not a number.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CachedLookupWidget(widgets.ForeignKeyWidget):
    """A foreign key named by a natural key, looked up in one query per file."""

    related_path = ""  # what `key()` reads of the related row, for select_related on export

    not_found = "'%(value)s' bestaat niet."

    def key(self, obj) -> str:
        return str(getattr(obj, self.field))

    def normalise(self, value: str) -> str:
        return value.strip().casefold()

    def lookup(self):
        if not hasattr(self, "_cache"):
            self._cache = {
                self.normalise(self.key(obj)): obj for obj in self.get_queryset(None, None)
            }
        return self._cache

    def clean(self, value, row=None, **kwargs):
        value = TextWidget().clean(value)
        if not value:
            return None
        try:
            return self.lookup()[self.normalise(value)]
        except KeyError:
            raise ValueError(_(self.not_found) % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return self.key(value) if value is not None else ""


class CityWidget(CachedLookupWidget):
    not_found = "Stad '%(value)s' bestaat niet: schrijf ze als 'Naam (LANDCODE)', bv. 'Luik (BE)'."

    def __init__(self, **kwargs):
        super().__init__(City, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return City.objects.all()

    def key(self, obj):
        return city_key(obj)

    def clean(self, value, row=None, **kwargs):
        value = TextWidget().clean(value)
        if value and not CITY_KEY.match(value):
            matches = [c for c in self.lookup().values() if c.name.casefold() == value.casefold()]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValueError(
                    _(
                        "City '%(value)s' exists in several countries: "
                        "add the country, e.g. '%(example)s'."
                    )
                    % {"value": value, "example": city_key(matches[0])}
                )
        return super().clean(value, row, **kwargs)


class PartnershipWidget(CachedLookupWidget):
    not_found = "Er is geen partnerschap met '%(value)s'."
    related_path = "city"

    def __init__(self, **kwargs):
        super().__init__(Partnership, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return Partnership.objects.select_related("city")

    def key(self, obj):
        return city_key(obj.city)


class PressReleaseWidget(CachedLookupWidget):
    not_found = "Persbericht nummer '%(value)s' bestaat niet."

    def __init__(self, **kwargs):
        from pressroom.models import PressRelease

        super().__init__(PressRelease, field="number", **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.only("pk", "number")


class NameListWidget(widgets.ManyToManyWidget):
    """A ';'-separated list of natural keys; an unknown name is an error, never created."""

    def __init__(self, lookup_widget: CachedLookupWidget, **kwargs):
        self.lookup_widget = lookup_widget
        super().__init__(lookup_widget.model, separator=LIST_SEPARATOR, **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in str(value or "").split(self.separator) if n.strip()]
        return [self.lookup_widget.clean(name) for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(self.lookup_widget.key(o) for o in value.all())


class PartialDateField(fields.Field):
    """One column ("1971", "07/2021", "10/11/2021") that fills a date and its precision."""

    def __init__(self, attribute, column_name, **kwargs):
        super().__init__(attribute=attribute, column_name=column_name, **kwargs)

    def clean(self, row, **kwargs):
        value = row.get(self.column_name)
        if hasattr(value, "year") and not isinstance(value, str):
            value = value.strftime("%d/%m/%Y")
        return parse_partial_date(TextWidget().clean(value))

    def save(self, instance, row, is_m2m=False, **kwargs):
        parsed = self.clean(row)
        date, precision = parsed if parsed else (None, "")
        setattr(instance, self.attribute, date)
        setattr(instance, f"{self.attribute}_precision", precision)

    def get_value(self, instance):
        return partial_date_text(
            getattr(instance, self.attribute), getattr(instance, f"{self.attribute}_precision")
        )

    def export(self, instance, **kwargs):
        return self.get_value(instance)


def text(attribute, column_name):
    return fields.Field(attribute=attribute, column_name=column_name, widget=TextWidget())


def choice(attribute, column_name, choices):
    return fields.Field(attribute=attribute, column_name=column_name, widget=ChoiceWidget(choices))


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


class GentResource(resources.ModelResource):
    """Common options: validate every row like the admin does, skip unchanged rows, match
    keys as the database compares them (an e-mail address in any case)."""

    class Meta:
        abstract = True
        instance_loader_class = KeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def after_write(self, changed: dict, *, user=None, reason: str = "") -> dict:
        """Called by the admin's import once the plan is written, in its transaction, with
        the attribute names each updated record changed ({pk: {"status", ...}}), so that a
        model can keep what follows from a change (a partnership's status history).

        Returns the records it created, {"app_label.model": [pk, ...]}: undoing the import
        deletes them too."""
        return {}


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
