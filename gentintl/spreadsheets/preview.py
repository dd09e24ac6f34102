"""The stored preview: what confirming an import needs, so that confirm does not plan the
file again.

At upload the admin plans the file and shows the preview. Confirm must write exactly what
the preview showed, or show a fresh preview if the records changed in between. Planning
again answers that, but costs as much as the preview itself. Instead the preview keeps:

- a marker of the data the plan depends on (`data_marker`): the model's table, the link
  tables of its many-to-many columns and the tables its columns look names up in. It is
  taken before planning, so a change made while planning also counts. On PostgreSQL it
  reads the tables' change counters (counters.py); elsewhere it reads every row.
- the planned rows as JSON (`stored_plan`), enough for `apply_plan` to write them.

Confirm checks the marker under the import lock (`unchanged_since`): when it holds,
nothing the plan read has changed and the stored rows are written (`restored_plan`);
otherwise it plans the file again, as before.
"""

import datetime
import decimal
import hashlib
from itertools import compress
from operator import attrgetter, ne

from django.db import connection, models

from gentintl.spreadsheets import counters
from gentintl.spreadsheets.columns import columns_for
from gentintl.spreadsheets.matching import NewRecords
from gentintl.spreadsheets.plans import NEW, SKIP, UPDATE, ImportPlan, RowPlan

# The shape of a stored plan; one kept in another shape (before an upgrade) is planned again.
FORMAT = 2
# Values JSON carries as they are.
JSON_AS_IS = {str, int, bool, type(None)}
# Values of these fields survive JSON exactly (see `encode` and `decode`); a plan with any
# other field is not stored and confirm plans the file again.
STORABLE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField included
    models.DecimalField,
    models.ForeignKey,
)


def related_models(model, resource) -> set[type[models.Model]]:
    """Every model whose rows the plan of `resource` reads to resolve names, with the
    models those refer to (a partnership is named by its city)."""
    found, todo = set(), []
    for column in columns_for(resource).values():
        widget = column.widget.lookup_widget if column.is_m2m else column.widget
        if column.is_fk or column.is_m2m:
            todo.append(widget.model)
            if column.is_m2m:
                found.add(column.model_field.remote_field.through)
    while todo:
        related = todo.pop()
        if related in found:
            continue
        found.add(related)
        todo.extend(f.related_model for f in related._meta.concrete_fields if f.is_relation)
    found.discard(model)
    return found


def marked_models(resource) -> list[type[models.Model]]:
    model = resource._meta.model
    return [model, *sorted(related_models(model, resource), key=lambda m: m._meta.label)]


def data_marker(resource) -> dict | str:
    """What `unchanged_since` compares with: the change counters of every table the plan
    of `resource` reads (see counters.py), or where they have none, a fingerprint of
    their rows."""
    tables = marked_models(resource)
    return counters.marker(tables) or scanned(tables)


def unchanged_since(resource, marker) -> bool:
    """Whether nothing the plan of `resource` reads changed since `marker` was taken."""
    tables = marked_models(resource)
    if isinstance(marker, dict):
        return counters.unchanged_since(tables, marker)
    return marker == scanned(tables)


def scanned(tables) -> str:
    """A fingerprint of every row of `tables`: any insert, update or delete changes it.
    It reads the whole tables (0.1 s at 100,000 contacts on PostgreSQL)."""
    digest = hashlib.sha256()
    if connection.vendor == "postgresql":
        # Every row version has its own (xmin, ctid): a write anywhere changes the sum.
        quote = connection.ops.quote_name
        query = " UNION ALL ".join(
            f"SELECT {i}, count(*), coalesce(sum(hashtextextended(xmin::text || ctid::text, 0)),"
            f" 0) FROM {quote(m._meta.db_table)}"
            for i, m in enumerate(tables)
        )
        with connection.cursor() as cursor:
            cursor.execute(query)
            digest.update(repr(sorted(cursor.fetchall())).encode())
    else:
        for table in tables:
            names = [f.attname for f in table._meta.concrete_fields]
            for row in table._base_manager.order_by("pk").values_list(*names).iterator(2000):
                digest.update(repr(row).encode())
            digest.update(b"|")
    return digest.hexdigest()


def encode(value):
    if isinstance(value, datetime.date | decimal.Decimal):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if value is None or isinstance(value, str | int):  # bool is an int
        return value
    return encode(str(value))  # a field's own value class, as a Country


def decode(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(model_field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(model_field, models.DecimalField):
        return decimal.Decimal(value)
    return value


def stored_plan(plan: ImportPlan, marker: dict | str) -> dict:
    """A valid plan as JSON, or {} if its model has fields JSON cannot carry exactly."""
    fields = plan.model._meta.concrete_fields
    if not all(isinstance(f, STORABLE) or f.primary_key for f in fields):
        return {}
    if any(row.file_refs for row in plan.rows):
        return {}  # rows naming other rows of the file: confirm plans them again
    attnames = [f.attname for f in fields if not f.primary_key]
    values_of = attrgetter(*attnames, "pk")  # read in C; with "pk", a tuple even for one
    rows = []
    for row in plan.rows:
        item = [row.number, row.status]
        if row.status == NEW:  # the values in the order of "fields"
            values = values_of(row.instance)[:-1]
            if JSON_AS_IS.issuperset(map(type, values)):  # checked in C, most often true
                item.append(list(values))
            else:
                item.append([v if type(v) in JSON_AS_IS else encode(v) for v in values])
        elif row.status == UPDATE:
            item.append(
                {
                    "pk": row.instance.pk,
                    "values": {a: encode(getattr(row.instance, a)) for a in row.changed_attnames},
                    "old": {a: encode(v) for a, v in row.old_values.items()},
                    "m2m": {n: sorted(pks) for n, pks in row.m2m.items()},
                    "old_m2m": {n: sorted(pks) for n, pks in row.old_m2m.items()},
                }
            )
        if row.status == NEW and row.m2m:
            item.append({n: sorted(pks) for n, pks in row.m2m.items()})
        rows.append(item)
    return {
        "format": FORMAT,
        "marker": marker,
        "fields": attnames,
        "columns": plan.columns,
        "rows": rows,
    }


def restored_plan(model, stored: dict) -> ImportPlan | None:
    """The plan `stored_plan` kept, with the records to update read afresh; None if the
    model's fields are no longer those it was planned with (a new release in between)."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    if stored.get("format") != FORMAT:
        return None
    if stored.get("fields") != [a for a, f in by_attname.items() if not f.primary_key]:
        return None
    plan = ImportPlan(model=model, columns=stored["columns"])
    update_pks = [item[2]["pk"] for item in stored["rows"] if item[1] == UPDATE]
    existing = model._base_manager.in_bulk(update_pks)
    attnames = stored["fields"]
    # The positions of the values JSON does not carry as they are.
    decoded = [
        (i, by_attname[a])
        for i, a in enumerate(attnames)
        if isinstance(by_attname[a], models.DateField | models.DecimalField)
    ]
    records = NewRecords(model)
    default = records.new()
    defaults = [getattr(default, a) for a in attnames]
    for item in stored["rows"]:
        number, status = item[0], item[1]
        row = RowPlan(number=number, key="", status=status)
        if status == NEW:
            values = list(item[2])
            for i, model_field in decoded:
                if values[i] is not None:  # a date not given, or set on save
                    values[i] = decode(model_field, values[i])
            row.instance = records.new_with(attnames, values)
            # The attributes that differ from a new record's defaults (map and compress
            # loop in C: this was half the time of restoring 10,000 new rows).
            row.changed_attnames = set(compress(attnames, map(ne, values, defaults)))
            if len(item) > 3:
                row.m2m = {n: set(pks) for n, pks in item[3].items()}
                row.old_m2m = {n: set() for n in row.m2m}  # as plan_import leaves them
        elif status == UPDATE:
            data = item[2]
            row.instance = existing[data["pk"]]
            for attname, value in data["values"].items():
                setattr(row.instance, attname, decode(by_attname[attname], value))
            row.changed_attnames = set(data["values"])
            row.old_values = {a: decode(by_attname[a], v) for a, v in data["old"].items()}
            row.m2m = {n: set(pks) for n, pks in data["m2m"].items()}
            row.old_m2m = {n: set(pks) for n, pks in data["old_m2m"].items()}
        else:
            assert status == SKIP, status
        plan.rows.append(row)
    return plan
