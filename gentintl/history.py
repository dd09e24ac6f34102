"""History of records written in bulk, as django-simple-history writes it one by one.

`bulk_history_create` writes the historical rows but not the many-to-many snapshot that
`create_historical_record_m2ms` adds to each of them on a normal save: the links of
every field named in `HistoricalRecords(m2m_fields=...)`, as they are after the write.
`record_history` writes both, in a constant number of queries per batch.

`HistoryChanges` shows what a history row changed as an editor reads it, on the admin's
history page.
"""

import datetime

from django.db import connection, models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from gentintl.bulk import BATCH_SIZE, insert_rows
from gentintl.copying import history_in_database, int_array
from gentintl.dates import format_partial_date


def history_manager(model):
    """The model's history manager, or None for a model without history."""
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def record_history(
    model, instances, *, update: bool, user=None, reason: str = "", date=None, batch_size=None
) -> int | None:
    """Write one historical record per instance, with its many-to-many snapshot.

    Call it after the instances and their links are written. Returns the highest
    history id written (None when nothing was), so later changes can be told apart.
    """
    manager = history_manager(model)
    if manager is None or not instances:
        return None
    written = history_in_database(
        manager, instances, update=update, user=user, reason=reason, date=date
    )
    if written is None:
        records = manager.bulk_history_create(
            instances,
            batch_size=batch_size or BATCH_SIZE,
            update=update,
            default_user=user,
            default_change_reason=reason,
            default_date=date,
        )
        if not records:  # history switched off (SIMPLE_HISTORY_ENABLED = False)
            return None
        written = [(record.id, record.history_id) for record in records]
    record_m2m_history(manager.model, written)
    return max(history_id for _pk, history_id in written)


def record_m2m_history(history_model, written) -> None:
    """The many-to-many rows of each historical record (`written`: (record id, history
    id) pairs), copied from the current links."""
    if connection.vendor == "postgresql":
        copy_m2m_history_in_database(history_model, written)
        return
    by_pk = dict(written)
    pks = sorted(by_pk)
    for model_field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, model_field.name).model
        through = model_field.remote_field.through
        source = through._meta.get_field(model_field.m2m_field_name()).attname
        attnames = [f.attname for f in through._meta.concrete_fields]
        position = attnames.index(source)
        columns = [*attnames, "history_id"]
        for start in range(0, len(pks), BATCH_SIZE):
            links = through._base_manager.filter(
                **{f"{source}__in": pks[start : start + BATCH_SIZE]}
            ).order_by("pk")
            rows = [(*values, by_pk[values[position]]) for values in links.values_list(*attnames)]
            if rows:
                insert_rows(m2m_history_model, columns, rows)


def copy_m2m_history_in_database(history_model, written) -> None:
    """`record_m2m_history` as one INSERT ... SELECT per field: the database copies the
    links of the records into the history rows given, without a round trip."""
    quote = connection.ops.quote_name
    pks = [pk for pk, _history_id in written]
    history_ids = [history_id for _pk, history_id in written]
    for model_field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, model_field.name).model
        through = model_field.remote_field.through
        source = through._meta.get_field(model_field.m2m_field_name()).column
        fields = through._meta.concrete_fields
        target = m2m_history_model._meta
        columns = [target.get_field(f.name).column for f in fields]
        columns.append(target.get_field("history").column)
        sql = (
            f"INSERT INTO {quote(target.db_table)} ({', '.join(map(quote, columns))}) "
            f"SELECT {', '.join(f'link.{quote(f.column)}' for f in fields)}, written.history_id "
            f"FROM {quote(through._meta.db_table)} AS link "
            f"JOIN unnest(%s::bigint[], %s::bigint[]) AS written(id, history_id) "
            f"ON link.{quote(source)} = written.id ORDER BY link.{quote(through._meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [int_array(pks), int_array(history_ids)])


class ShortDiff(ObjDiffDisplay):
    """Long texts cut around their first difference, with an ellipsis for what is left out."""

    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        return f"{prefix}…{suffix}"


class HistoryChanges(HistoricalRecordContextHelper):
    """The changes of one history row in the words of the change form: field labels,
    choice labels, related records by name, dates at their precision, "—" for nothing.

    A date and its precision are one box in the form, so they are one change here.
    """

    def context_for_delta_changes(self, delta) -> list[dict[str, str]]:
        opts = self.model._meta
        changes = {change.field: change for change in delta.changes}
        for name in list(changes):
            date_name = name.removesuffix("_precision")
            if date_name != name and is_partial_date_field(opts, date_name):
                del changes[name]
                changes.setdefault(
                    date_name,
                    ModelChange(
                        date_name,
                        getattr(delta.old_record, date_name),
                        getattr(delta.new_record, date_name),
                    ),
                )
        rows = []
        for field in opts.get_fields():
            change = changes.get(field.name)
            if change is None:
                continue
            old = self.shown(field, change, change.old, delta.old_record)
            new = self.shown(field, change, change.new, delta.new_record)
            old, new = self.get_obj_diff_display().common_shorten_repr(old, new)
            rows.append({"field": capfirst(field.verbose_name), "old": old, "new": new})
        return rows

    def shown(self, field, change, value, record) -> str:
        """`value` of `field` in `record`, as text."""
        if is_partial_date_field(self.model._meta, field.name):
            precision = getattr(record, f"{field.name}_precision")
            return format_partial_date(value, precision) or EMPTY
        if isinstance(field, models.ManyToManyField):
            names = [related_name(obj) for obj in self.prepare_delta_change_value(change, value)]
            return ", ".join(sorted(names)) or EMPTY
        if value is None or value == "":
            return EMPTY
        if isinstance(value, DeletedObject):
            return related_name(value)
        if field.choices:
            return capfirst(str(dict(field.flatchoices).get(value, value)))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "j F Y")
        return str(formats.localize(value))

    def get_obj_diff_display(self) -> ObjDiffDisplay:
        return ShortDiff(max_length=self.max_displayed_delta_change_chars)


EMPTY = "—"


def is_partial_date_field(opts, name: str) -> bool:
    """Whether `name` is a date with a `<name>_precision` partner."""
    names = {field.name for field in opts.concrete_fields}
    return name in names and f"{name}_precision" in names


def related_name(obj) -> str:
    """A related record by name; a deleted one by its last name in its history."""
    if not isinstance(obj, DeletedObject):
        return str(obj)
    if obj.pk is None:
        return EMPTY
    manager = history_manager(obj.model)
    key = {obj.model._meta.pk.attname: obj.pk}
    last = manager.filter(**key).order_by("-history_id").first() if manager else None
    name = str(last.instance) if last else f"{obj.model._meta.verbose_name} {obj.pk}"
    return _("%(name)s (deleted)") % {"name": name}
