"""History of records written in bulk, as django-simple-history writes it one by one.

`bulk_history_create` writes the historical rows but not the many-to-many snapshot that
`create_historical_record_m2ms` adds to each of them on a normal save: the links of
every field named in `HistoricalRecords(m2m_fields=...)`, as they are after the write.
`record_history` writes both, in a constant number of queries per batch.
"""

from django.db import connection

from gentintl.spreadsheets.bulk import BATCH_SIZE, insert_rows
from gentintl.spreadsheets.copying import history_in_database, int_array


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


def tracked_links(history_model) -> list:
    """The many-to-many fields whose links the history keeps a copy of
    (`HistoricalRecords(m2m_fields=...)`): simple-history gives the historical model an
    attribute of that name for each; the other many-to-many fields have none."""
    model = history_model.instance_type
    return [f for f in model._meta.many_to_many if hasattr(history_model, f.name)]


def record_m2m_history(history_model, written) -> None:
    """The many-to-many rows of each historical record (`written`: (record id, history
    id) pairs), copied from the current links."""
    if connection.vendor == "postgresql":
        copy_m2m_history_in_database(history_model, written)
        return
    by_pk = dict(written)
    pks = sorted(by_pk)
    for model_field in tracked_links(history_model):
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
    for model_field in tracked_links(history_model):
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
