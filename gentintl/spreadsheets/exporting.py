"""Write records, or an empty template, as CSV (Belgian Excel), XLSX, ODS or JSON."""

import codecs
import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import tablib
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, widgets

from gentintl.dates import partial_date_text
from gentintl.spreadsheets import ods, xlsx
from gentintl.spreadsheets.reading import FORMULA_STARTS
from gentintl.spreadsheets.widgets import (
    LIST_SEPARATOR,
    CachedLookupWidget,
    ChoiceWidget,
    CountryWidget,
    NameListWidget,
    PartialDateField,
    YesNoWidget,
)

CHUNK = 2000

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
}


def neutralise(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    shown = text(value)
    if shown.startswith(FORMULA_STARTS):
        return "'" + shown
    return shown


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


# Widgets whose text depends only on the value and that have few distinct values: each
# value is rendered once per export.
REPEATING = (ChoiceWidget, YesNoWidget, CountryWidget)


def keyed(widget, queryset) -> list[tuple[int, str]]:
    """(pk, name) of each row of `queryset`, in its order, as `widget.key` names it. A
    name that is one column's text is read as a value, without building model instances:
    10 ms instead of 34 for the 2,000 organisations of 50,000 contacts."""
    field_name = getattr(widget, "field", None)
    if type(widget).key is CachedLookupWidget.key and is_plain_column(queryset.model, field_name):
        return [(pk, str(value)) for pk, value in queryset.values_list("pk", field_name)]
    return [(obj.pk, widget.key(obj)) for obj in queryset]


def is_plain_column(model, name) -> bool:
    try:
        return not model._meta.get_field(name).is_relation
    except (FieldDoesNotExist, TypeError):
        return False


def related_keys(widget, ids_query) -> dict:
    """{pk: name} of the related rows `ids_query` points to, in one query."""
    return dict(keyed(widget, widget.get_queryset(None, None).filter(pk__in=ids_query)))


def name_lists(model_field, widget, queryset) -> dict:
    """{pk: "name; name"} for a many-to-many column, in two queries whatever the row count."""
    through = model_field.remote_field.through
    source = f"{model_field.m2m_field_name()}_id"
    target = f"{model_field.m2m_reverse_field_name()}_id"
    links = through.objects.filter(**{f"{source}__in": queryset.order_by().values("pk")})
    lookup = widget.lookup_widget
    related = lookup.get_queryset(None, None).filter(pk__in=links.values(target))
    # The names in the related model's order, as the model instances would list them.
    names = {pk: (position, name) for position, (pk, name) in enumerate(keyed(lookup, related))}
    lists: dict[int, list] = {}
    for pk, target_pk in links.values_list(source, target).iterator(chunk_size=CHUNK):
        if target_pk in names:
            lists.setdefault(pk, []).append(names[target_pk])
    return {
        pk: f"{LIST_SEPARATOR} ".join(name for _, name in sorted(items))
        for pk, items in lists.items()
    }


def column_reader(resource, resource_field, queryset, paths: list[str]):
    """A function from a chunk of rows of `values_list(*paths)` to the column's texts;
    None when the column needs a model instance (a dehydrate method, a path through
    relations...)."""
    model = resource._meta.model
    widget = resource_field.widget

    def position(path):
        if path not in paths:
            paths.append(path)
        return paths.index(path)

    if isinstance(resource_field, PartialDateField):
        date, precision = (
            position(resource_field.attribute),
            position(f"{resource_field.attribute}_precision"),
        )
        return lambda rows: [partial_date_text(row[date], row[precision]) for row in rows]
    name = resource.get_field_name(resource_field)
    attribute = resource_field.attribute
    if (
        type(resource_field) is not fields.Field
        or not attribute
        or "__" in attribute
        or resource_field.dehydrate_method
        or hasattr(resource, f"dehydrate_{name}")
    ):
        return None
    try:
        model_field = model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return None
    if isinstance(widget, NameListWidget) and model_field.many_to_many:
        lists, pk = name_lists(model_field, widget, queryset), position("pk")
        return lambda rows: [lists.get(row[pk], "") for row in rows]
    if isinstance(widget, CachedLookupWidget) and model_field.many_to_one:
        i = position(model_field.attname)
        keys = related_keys(widget, queryset.order_by().values(model_field.attname))
        return lambda rows: ["" if row[i] is None else keys.get(row[i], "") for row in rows]
    if model_field.is_relation:
        return None
    i = position(model_field.attname)
    # Text widgets that render as the stock one does (a phone or plain text widget).
    if isinstance(widget, widgets.CharWidget) and type(widget).render is widgets.CharWidget.render:
        if isinstance(model_field, TEXT_FIELDS):  # the database gives a text or None
            return lambda rows: [row[i] or "" for row in rows]
        return lambda rows: ["" if row[i] is None else str(row[i]) for row in rows]
    if isinstance(widget, REPEATING):
        rendered = {}

        def render(value):
            rendered[value] = text(widget.render(value))
            return rendered[value]

        return lambda rows: [
            rendered[row[i]] if row[i] in rendered else render(row[i]) for row in rows
        ]
    return lambda rows: [text(widget.render(row[i])) for row in rows]


TEXT_FIELDS = (models.CharField, models.TextField)


def text(value) -> str:
    return "" if value is None else str(value)


# The first characters of a cell a spreadsheet runs as a formula (all single characters).
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralised_rows(rows) -> Iterator[Sequence[str]]:
    """The rows with `neutralise` applied, for CSV: a spreadsheet opening a CSV file runs
    a cell that starts like a formula. XLSX marks such cells as text (xlsx.py);
    ODS writes them as text cells; JSON is data and keeps them as they are.

    Only a row holding such a cell is copied, found by its cells' first characters:
    with every row built anew, the CSV export of 100,000 contacts took 0.74 s instead
    of 0.67 s (the code before and after in two processes in turn, three rounds,
    medians of five).
    """
    first, starts = FORMULA_FIRST, FORMULA_STARTS
    for row in rows:
        for cell in row:
            if cell[:1] in first:
                row = [("'" + t) if t.startswith(starts) else t for t in row]
                break
        yield row


def by_columns(values, readers) -> Iterator[tuple[str, ...]]:
    """The rows of `values`, read a chunk at a time and in each chunk a column at a time:
    a comprehension per column instead of two function calls per cell halves the time of
    turning 100,000 rows into cells."""
    while chunk := list(itertools.islice(values, CHUNK)):
        yield from zip(*[read(chunk) for read in readers], strict=True)


def numeric_columns(resource, names=None) -> list[bool]:
    """For each exported column, whether it holds numbers (coordinates, budgets, the
    number of a press release it names): XLSX writes those as number cells."""
    fields_ = resource.get_export_fields()
    if names is not None:
        chosen = {id(resource.fields[name]) for name in names}
        fields_ = [f for f in fields_ if id(f) in chosen]
    model = resource._meta.model
    flags = []
    for resource_field in fields_:
        widget = resource_field.widget
        if isinstance(widget, widgets.NumberWidget):
            flags.append(True)
        elif isinstance(widget, CachedLookupWidget) and not isinstance(widget, NameListWidget):
            try:
                related = model._meta.get_field(resource_field.attribute).related_model
                key = related._meta.get_field(widget.field)
            except (FieldDoesNotExist, AttributeError, TypeError):
                flags.append(False)
                continue
            flags.append(isinstance(key, NUMBER_FIELDS) and not key.choices)
        else:
            flags.append(False)
    return flags


NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


def export_rows(resource, queryset, names=None) -> tuple[list[str], Iterable[Sequence[str]]]:
    """The column headers and the rows (an iterator), in a fixed number of queries; only
    the resource fields in `names` when it is given.

    Rows are read as tuples of values rather than model instances and rendered column by
    column: about ten times faster, and memory stays flat however many rows there are.
    """
    fields_ = resource.get_export_fields()
    if names is not None:
        chosen = {id(resource.fields[name]) for name in names}
        fields_ = [f for f in fields_ if id(f) in chosen]
    headers = [f.column_name for f in fields_]
    paths: list[str] = []
    readers = [column_reader(resource, f, queryset, paths) for f in fields_]
    if None in readers:
        rows = (
            [text(resource.export_field(f, obj)) for f in fields_]
            for obj in optimised(queryset, resource).iterator(chunk_size=CHUNK)
        )
        return headers, rows
    return headers, by_columns(queryset.values_list(*paths).iterator(chunk_size=CHUNK), readers)


def csv_chunks(headers, rows, size: int = 1000) -> Iterator[bytes]:
    """The CSV file for Belgian Excel (`;` between columns, formula-like cells
    neutralised) in pieces of `size` rows, so that a long list starts downloading at once
    and is never held in memory whole."""
    # A byte order mark makes Excel read UTF-8 instead of guessing Windows-1252.
    yield codecs.BOM_UTF8
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    rows = itertools.chain([headers], neutralised_rows(rows))
    while chunk := list(itertools.islice(rows, size)):
        writer.writerows(chunk)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def write_csv(headers, rows) -> bytes:
    return b"".join(csv_chunks(headers, rows))


def write_json(headers, rows) -> bytes:
    records = [dict(zip(headers, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def write_xlsx(headers, rows, numeric=None) -> bytes:
    """An XLSX sheet (bold header, frozen and printed on every page, wrapped long cells,
    columns as wide as their text up to a limit, landscape fit to the page width) but
    streamed, with the sheet XML written directly (xlsx.py): memory stays
    flat. Widths come from the first rows; `numeric` flags the columns of numbers."""
    widths, rows = widths_of(headers, rows)
    return xlsx.write(_("Data"), headers, rows, widths, numeric)


def widths_of(headers, rows) -> tuple[list[int], Iterator]:
    """The width of each column in characters, from the header and the first rows; and
    the rows, all of them still to read."""
    rows = iter(rows)
    first = list(itertools.islice(rows, CHUNK))
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *first, strict=True)]
    return widths, itertools.chain(first, rows)


def write_ods(headers, rows, explanation=None, numeric=None) -> bytes:
    """An ODS book printable as the XLSX sheet is (gentintl/ods.py), with the template's
    explanation as a second sheet; `numeric` flags the columns of numbers."""
    if numeric and any(numeric):
        rows = as_numbers(rows, numeric)
    widths, rows = widths_of(headers, rows)
    sheets = [(_("Data"), headers, rows, widths)]
    if explanation is not None:
        explanation_headers = [_("Column"), _("Explanation")]
        explanation_widths, explanation = widths_of(explanation_headers, explanation)
        sheets.append((_("Explanation"), explanation_headers, explanation, explanation_widths))
    return ods.write(sheets)


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


def as_numbers(rows, numeric: list[bool]) -> Iterator[list]:
    """The rows with the texts of number columns as numbers, for the ODS writer, which
    writes a number as a number cell and anything else as a text cell."""
    is_number = xlsx.NUMBER.fullmatch
    for row in rows:
        yield [
            Decimal(v) if flag and is_number(v) else v for v, flag in zip(row, numeric, strict=True)
        ]


def write(file_format: str, headers, rows, explanation=None, numeric=None) -> bytes:
    if file_format == "csv":
        return write_csv(headers, rows)
    if file_format == "json":
        return write_json(headers, rows)
    if file_format == "xlsx" and explanation is None:
        return write_xlsx(headers, rows, numeric)
    if file_format == "ods":
        return write_ods(headers, rows, explanation, numeric)
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
