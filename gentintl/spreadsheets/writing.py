"""Write a valid import plan in bulk, all or nothing: new records and changed columns
(COPY on PostgreSQL), many-to-many links, and the history of every record, in one
transaction. Returns what `gentintl.spreadsheets.undo` needs to revert it."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from gentintl.spreadsheets.bulk import BATCH_SIZE, insert_rows
from gentintl.spreadsheets.copying import insert_records, update_records, without_jit
from gentintl.spreadsheets.history import record_history
from gentintl.spreadsheets.plans import NEW, UPDATE, ImportPlan, RowPlan
from gentintl.spreadsheets.references import link_file_references

# Inserts are cheaper per row in bigger statements; the backend lowers it where it must.
INSERT_BATCH_SIZE = 2000


def has_updated_at(model) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


def serialise(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def write_links(model, links: dict[str, dict[int, set[int]]], *, created=frozenset()) -> None:
    """Set records' many-to-many links, {field name: {record pk: linked pks}}: the old links
    of each record go first, but for the records in `created`, which have none yet."""
    for name, by_record in links.items():
        model_field = model._meta.get_field(name)
        through = model_field.remote_field.through
        source = f"{model_field.m2m_field_name()}_id"
        target = f"{model_field.m2m_reverse_field_name()}_id"
        pks = [pk for pk in by_record if pk not in created]
        for start in range(0, len(pks), BATCH_SIZE):
            through.objects.filter(**{f"{source}__in": pks[start : start + BATCH_SIZE]}).delete()
        pairs = [(pk, linked) for pk, targets in by_record.items() for linked in targets]
        if pairs:
            insert_rows(through, [source, target], pairs)


def planned_links(rows: list[RowPlan]) -> dict[str, dict[int, set[int]]]:
    """The links the rows of a plan set, as `write_links` takes them."""
    links = {}
    for row in rows:
        for name, pks in row.m2m.items():
            links.setdefault(name, {})[row.instance.pk] = pks
    return links


def apply_plan(plan: ImportPlan, *, user=None, reason: str = "") -> dict:
    """Write a valid plan in one transaction; return what undo needs to revert it."""
    assert plan.is_valid, "only a plan without errors can be written"
    model = plan.model
    now = timezone.now()
    new_rows = [row for row in plan.rows if row.status == NEW]
    update_rows = [row for row in plan.rows if row.status == UPDATE]
    history = {"user": user, "reason": reason, "date": now}
    with transaction.atomic(), without_jit():
        if new_rows:
            for row in new_rows:
                for attname in row.file_refs:
                    setattr(row.instance, attname, None)  # set once the target exists
            created = insert_records(
                model, [row.instance for row in new_rows], batch_size=INSERT_BATCH_SIZE
            )
            for row, instance in zip(new_rows, created, strict=True):
                row.instance = instance
            referring = [row.instance for row in new_rows if row.file_refs]
            linked = link_file_references(plan, new_rows)
            if referring:
                update_records(model, referring, linked, batch_size=BATCH_SIZE)
        fields = {a for row in update_rows for a in row.changed_attnames}
        if has_updated_at(model):
            for row in update_rows:
                row.instance.updated_at = now
            fields.add("updated_at")
        field_names = [model._meta.get_field(a.removesuffix("_id")).name for a in fields]
        changed_rows = [
            row.instance for row in update_rows if row.changed_attnames or has_updated_at(model)
        ]
        if changed_rows and field_names:
            update_records(model, changed_rows, sorted(field_names), batch_size=BATCH_SIZE)
        created = {row.instance.pk for row in new_rows}
        write_links(model, planned_links(new_rows + update_rows), created=created)
        # The history comes last, so that its many-to-many snapshot shows the new links.
        marks = [
            record_history(
                model,
                [row.instance for row in new_rows],
                update=False,
                batch_size=INSERT_BATCH_SIZE,
                **history,
            ),
            record_history(model, [row.instance for row in update_rows], update=True, **history),
        ]
    return {
        "created": [row.instance.pk for row in new_rows],
        "updated": [
            {
                "pk": row.instance.pk,
                "fields": serialise(row.old_values),
                "m2m": {name: sorted(pks) for name, pks in row.old_m2m.items()},
            }
            for row in update_rows
        ],
        # What undo compares with to notice later changes.
        "history_id": max((m for m in marks if m is not None), default=None),
        "at": timezone.now().isoformat(),
    }
