"""Working on many rows at once: inserting them with one COPY on PostgreSQL, the
fastest way in."""

from django.db import connection

BATCH_SIZE = 500


def insert_rows(model, attnames: list[str], rows) -> None:
    """Insert `rows` (tuples of values for `attnames`) without building model instances
    on PostgreSQL; elsewhere with bulk_create."""
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows],
            batch_size=BATCH_SIZE,
        )
        return
    opts = model._meta
    columns = ", ".join(connection.ops.quote_name(opts.get_field(n).column) for n in attnames)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
