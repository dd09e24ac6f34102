"""Working on many rows at once: inserting them with one COPY on PostgreSQL, the
fastest way in."""

from django.db import connection

BATCH_SIZE = 500


def copy_rows(table: str, columns: list[str], rows) -> None:
    """COPY `rows` (sequences of values as the database takes them, for `columns`) into
    `table` (PostgreSQL)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # Django's own exceptions (IntegrityError...), as for any other query.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


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
    copy_rows(opts.db_table, [opts.get_field(n).column for n in attnames], rows)
