"""The widgets every resource shares: how a cell's text becomes a value and back.

Choices by code or label, ja/nee, text kept as written (no "0477.0"), numbers with a
Belgian decimal comma, countries by code or name, related records by a natural key
looked up once per file, lists of them, and a date known to a year, a month or a day.
"""

from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_countries import countries
from import_export import fields, widgets

from gentintl.dates import parse_partial_date, partial_date_text

LIST_SEPARATOR = ";"


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
        self._labels = {}  # {language: {value: label}}
        super().__init__(**kwargs)

    def labels(self) -> dict[str, str]:
        """Each choice's label in the active language (an export or a preview renders one
        per row: translated once per language, not once per row)."""
        language = translation.get_language()
        if language not in self._labels:
            self._labels[language] = {c.value: str(c.label) for c in self.choices}
        return self._labels[language]

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
        return self.labels().get(value, value or "")


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


def cell_text(value) -> str:
    """A cell's value as text: no "0477.0" for a number a reader gave as a float, empty
    for an empty cell, without surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.CharWidget):
    """Text kept as written: no "0477.0", no lost leading zero, empty stays empty."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class DecimalWidget(widgets.DecimalWidget):
    """A number written with a decimal point or a Belgian decimal comma."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(" ", "").replace("\u00a0", "")
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

    not_found = gettext_noop("'%(value)s' does not exist.")

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
        value = cell_text(value)
        if not value:
            return None
        try:
            return self.lookup()[self.normalise(value)]
        except KeyError:
            raise ValueError(_(self.not_found) % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return self.key(value) if value is not None else ""


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
        return parse_partial_date(cell_text(value))

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
