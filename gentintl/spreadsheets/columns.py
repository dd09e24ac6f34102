"""The columns of an import: which column of the file is which resource field
(`map_headers`), which model attributes a column fills, how a cell's text becomes their
values, and how values are written back as text.

A `Column` wraps one field of a `<Model>Resource` (its Dutch header and its widget) and
the model field it fills. `clean_cells` cleans a column's cells, each distinct text once.
"""

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gentintl.spreadsheets.widgets import PartialDateField, TextWidget


def normalise_header(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def concrete_fields(model) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.get_fields() if f.concrete or f.many_to_many}


class Column:
    """One resource field and the model attributes it fills."""

    def __init__(self, resource_field, model_field):
        self.resource_field = resource_field
        self.model_field = model_field
        self.name = resource_field.column_name
        self.widget = resource_field.widget
        self.is_partial_date = isinstance(resource_field, PartialDateField)
        self.is_m2m = model_field.many_to_many
        self.is_fk = model_field.many_to_one
        # Its cells are texts kept as written (stripped): cleaning a cell needs no call.
        self.is_plain_text = (
            type(self.widget) is TextWidget
            and isinstance(model_field, models.CharField | models.TextField)
            and not model_field.choices
            and not (self.is_partial_date or self.is_m2m or self.is_fk)
        )
        if self.is_partial_date:
            self.attnames = [model_field.attname, f"{model_field.attname}_precision"]
        elif self.is_m2m:
            self.attnames = []
        else:
            self.attnames = [model_field.attname]

    def clean(self, text: str) -> dict[str, object]:
        """The attribute values for `text`; for a many-to-many field, {name: set of pks}."""
        if self.is_partial_date:
            parsed = self.resource_field.clean({self.name: text})
            date, precision = parsed if parsed else (None, "")
            return dict(zip(self.attnames, (date, precision), strict=True))
        value = self.widget.clean(text, row=None)
        if self.is_m2m:
            return {self.model_field.name: {obj.pk for obj in value}}
        if self.is_fk:
            return {self.attnames[0]: value.pk if value is not None else None}
        is_text = isinstance(self.model_field, models.CharField | models.TextField)
        if value is None and not self.model_field.null and is_text:
            value = ""
        return {self.attnames[0]: value}

    def names_by_pk(self) -> dict[int, str]:
        widget = self.widget.lookup_widget if self.is_m2m else self.widget
        if not hasattr(self, "_names"):
            self._names = {obj.pk: widget.key(obj) for obj in widget.lookup().values()}
        return self._names

    @property
    def shows_text_as_is(self) -> bool:
        """Whether `render` gives a text value back unchanged."""
        return not (self.is_partial_date or self.is_m2m or self.is_fk or self.model_field.choices)

    def render(self, values: dict[str, object]) -> str:
        """The spreadsheet text of attribute values, as the export would write them."""
        if self.is_partial_date:
            from gentintl.dates import partial_date_text

            return partial_date_text(*(values[a] for a in self.attnames))
        if self.is_m2m:
            names = self.names_by_pk()
            return "; ".join(sorted(names.get(pk, str(pk)) for pk in values[self.model_field.name]))
        value = values[self.attnames[0]]
        if value is None or value == "":
            return ""
        if self.is_fk:
            return self.names_by_pk().get(value, str(value))
        if self.model_field.choices:
            return self.widget.render(value)
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value)


def columns_for(resource) -> dict[str, Column]:
    """The resource's columns by normalised header (Dutch label or attribute name)."""
    model_fields = concrete_fields(resource._meta.model)
    columns = {}
    for name, resource_field in resource.fields.items():
        model_field = model_fields.get(resource_field.attribute or name)
        if model_field is None:
            continue
        column = Column(resource_field, model_field)
        columns[normalise_header(column.name)] = column
    return columns


def key_columns(resource, columns: dict[str, Column]) -> list[Column]:
    by_field = {c.resource_field.attribute: c for c in columns.values()}
    return [by_field[resource.fields[name].attribute] for name in resource._meta.import_id_fields]


class Failed:
    """A cell that could not be cleaned, and why."""

    __slots__ = ("error",)

    def __init__(self, error: Exception):
        self.error = error


def clean_cells(column: Column, texts: list[str], known: dict) -> list:
    """What `column.clean` makes of each text, each distinct text cleaned once: a value
    for a column of one attribute, else a dict; Failed where cleaning raised."""
    if column.is_plain_text:  # what TextWidget.clean does with a text, without a call
        clean = column.widget.clean
        return [text.strip() if type(text) is str else clean(text) for text in texts]
    single = not column.is_m2m and len(column.attnames) == 1
    outcomes = []
    for text in texts:
        outcome = known.get(text, known)
        if outcome is known:
            try:
                outcome = column.clean(text)
                if single:
                    outcome = outcome[column.attnames[0]]
            except Exception as error:  # widgets raise ValueError, Decimal and others
                outcome = Failed(error)
            known[text] = outcome
        outcomes.append(outcome)
    return outcomes


def map_headers(sheet, resource, columns, plan) -> list[Column | None]:
    """The column of each header of `sheet` (None for an unknown one); the file's errors
    (unknown, doubled or missing key columns) and warnings go on `plan`."""
    aliases = {normalise_header(c.resource_field.attribute): c for c in columns.values()}
    mapped, seen, unknown = [], {}, []
    for header in sheet.headers:
        column = columns.get(normalise_header(header)) or aliases.get(normalise_header(header))
        if column is None:
            unknown.append(header)
        elif column.name in seen:
            plan.file_errors.append(
                _("The column '%(column)s' appears twice.") % {"column": column.name}
            )
        seen[getattr(column, "name", header)] = True
        mapped.append(column)
    if unknown:
        plan.file_errors.append(unknown_columns_error(unknown, columns))
    for column in key_columns(resource, columns):
        if column.name not in seen:
            plan.file_errors.append(
                _("The column '%(column)s' is missing: it identifies each row.")
                % {"column": column.name}
            )
    missing = [c.name for c in columns.values() if c.name not in seen]
    if missing and not plan.file_errors:
        plan.warnings.append(
            _("These columns are not in the file and stay unchanged: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return mapped


SHOWN_UNKNOWN_COLUMNS = 10


def unknown_columns_error(unknown: list[str], columns) -> str:
    """One message for every unknown column: the first few by name, then a count."""
    names = ", ".join(f"'{name[:60]}'" for name in unknown[:SHOWN_UNKNOWN_COLUMNS])
    rest = len(unknown) - SHOWN_UNKNOWN_COLUMNS
    if rest > 0:
        names += " " + _("and %(count)s more") % {"count": f"{rest:,}".replace(",", ".")}
    return ngettext(
        "Unknown column %(names)s. Known columns: %(known)s.",
        "Unknown columns %(names)s. Known columns: %(known)s.",
        len(unknown),
    ) % {"names": names, "known": ", ".join(c.name for c in columns.values())}
