"""Write records, or an empty template, as CSV (Belgian Excel), XLSX, ODS or JSON."""

import csv
import io
import json

import tablib
from django.utils.translation import gettext as _

from gentintl.reading import FORMULA_STARTS
from partnerships.resources import CachedLookupWidget, NameListWidget, PartialDateField

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
}


def neutralise(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def optimised(queryset, resource):
    """The queryset with the related rows the columns show, fetched up front."""
    select, prefetch = [], []
    for resource_field in resource.get_export_fields():
        widget = resource_field.widget
        if isinstance(widget, NameListWidget):
            path = resource_field.attribute
            related = getattr(widget.lookup_widget, "related_path", "")
            prefetch.append(f"{path}__{related}" if related else path)
        elif isinstance(widget, CachedLookupWidget):
            related = getattr(widget, "related_path", "")
            select.append(
                f"{resource_field.attribute}__{related}" if related else resource_field.attribute
            )
    return queryset.select_related(*select).prefetch_related(*prefetch)


def export_rows(resource, queryset) -> tuple[list[str], list[list[str]]]:
    fields = resource.get_export_fields()
    headers = [f.column_name for f in fields]
    rows = [
        [neutralise(resource.export_field(f, obj)) for f in fields]
        for obj in optimised(queryset, resource).iterator(chunk_size=2000)
    ]
    return headers, rows


def write_csv(headers, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    # A byte order mark makes Excel read UTF-8 instead of guessing Windows-1252.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_json(headers, rows) -> bytes:
    records = [dict(zip(headers, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def write_book(file_format, headers, rows, explanation=None) -> bytes:
    data = tablib.Dataset(*rows, headers=headers, title=_("Data"))
    if explanation is None:
        return data.export(file_format)
    book = tablib.Databook()
    book.add_sheet(data)
    book.add_sheet(
        tablib.Dataset(
            *explanation, headers=[_("Column"), _("Explanation")], title=_("Explanation")
        )
    )
    return book.export(file_format)


def write(file_format: str, headers, rows, explanation=None) -> bytes:
    if file_format == "csv":
        return write_csv(headers, rows)
    if file_format == "json":
        return write_json(headers, rows)
    return write_book(file_format, headers, rows, explanation)


def explain(resource) -> list[list[str]]:
    """One line per column: what it holds and how to write it."""
    model = resource._meta.model
    key_attributes = {resource.fields[name].attribute for name in resource._meta.import_id_fields}
    lines = []
    for resource_field in resource.get_export_fields():
        parts = []
        try:
            model_field = model._meta.get_field(resource_field.attribute)
            parts.append(str(model_field.verbose_name).capitalize() + ".")
            if model_field.help_text:
                parts.append(str(model_field.help_text))
            required = not model_field.blank
        except Exception:
            required = False
            model_field = None
        widget = resource_field.widget
        if resource_field.attribute in key_attributes:
            parts.append(_("Identifies the row: a row with an existing value updates that record."))
        elif required:
            parts.append(_("Required."))
        if isinstance(resource_field, PartialDateField):
            parts.append(_("A year (1971), a month (07/2021) or a day (10/11/2021)."))
        elif isinstance(widget, NameListWidget):
            parts.append(_("Names of existing records, separated by ';'."))
        elif isinstance(widget, CachedLookupWidget):
            parts.append(_("The name of an existing record, e.g. a city as 'Luik (BE)'."))
        elif model_field is not None and model_field.choices:
            parts.append(
                _("One of: %(choices)s.")
                % {"choices": ", ".join(str(c[1]) for c in model_field.choices)}
            )
        lines.append([resource_field.column_name, " ".join(parts)])
    return lines
