"""Change counters: whether anything in a set of tables changed since a moment, in one
query whatever the tables' size (PostgreSQL).

Every table of the project has a sequence that a statement-level trigger advances after
each INSERT, UPDATE, DELETE or TRUNCATE: one call per statement, so a COPY of 100,000
rows advances it once. A sequence takes no lock and is not rolled back, so a write that
rolls back still counts as a change, which only errs on the safe side. Migrations install
them (`CountChanges`).

A counter moves when the statement runs, not when its transaction commits. A marker
therefore also keeps the transactions that were running when it was taken: one of them
may have written before the counters were read and become visible only afterwards, so
once any of them has ended, the marker no longer holds.
"""

import re

from django.db import connection, connections
from django.db.backends.utils import truncate_name
from django.db.migrations.operations.base import Operation

TRIGGER = "gentintl_count_changes"
FUNCTION = "gentintl_count_change"
SAFE_NAME = re.compile(r"^[a-z0-9_]+$")


def sequence_name(table: str, db=connection) -> str:
    name = truncate_name(f"{table}_changes", db.ops.max_name_length())
    assert SAFE_NAME.match(name), name  # written into the trigger's definition
    return name


class CountChanges(Operation):
    """Migration operation: a change counter (a sequence and the trigger that advances it)
    on each of `tables`, on PostgreSQL; nothing elsewhere. A migration that creates a
    table adds it here; tests/gentintl/spreadsheets/test_counters.py finds any table left
    without."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, tables: list[str]):
        self.tables = tables

    def deconstruct(self):
        return self.__class__.__qualname__, [self.tables], {}

    def state_forwards(self, app_label, state):
        pass  # no model changes

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        db = schema_editor.connection
        if db.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN PERFORM nextval(TG_ARGV[0]::regclass); RETURN NULL; END $$"
        )
        for table in self.tables:
            sequence = db.ops.quote_name(sequence_name(table, db))
            schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {sequence}")
            schema_editor.execute(f"SELECT nextval('{sequence}')")  # a counter with a value
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR"
                f" TRUNCATE ON {db.ops.quote_name(table)} FOR EACH STATEMENT EXECUTE FUNCTION"
                f" {FUNCTION}('{sequence}')"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        db = schema_editor.connection
        if db.vendor != "postgresql":
            return
        for table in self.tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {db.ops.quote_name(table)}")
            sequence = db.ops.quote_name(sequence_name(table, db))
            schema_editor.execute(f"DROP SEQUENCE IF EXISTS {sequence}")
        # The function goes with the last trigger that calls it.
        schema_editor.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{TRIGGER}')"
            f" THEN DROP FUNCTION IF EXISTS {FUNCTION}(); END IF; END $$"
        )

    def describe(self):
        return f"Change counters on {len(self.tables)} tables (PostgreSQL)"


def tables_without_counter(models, using: str = "default") -> list[str]:
    """The tables of `models` that have no counter (none on other databases than
    PostgreSQL, where nothing counts)."""
    db = connections[using]
    if db.vendor != "postgresql":
        return []
    tables = sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s) AND c.relkind = 'r'"
            " AND pg_table_is_visible(c.oid) AND NOT EXISTS (SELECT 1 FROM pg_trigger t"
            " WHERE t.tgrelid = c.oid AND t.tgname = %s)",
            [tables, TRIGGER],
        )
        return sorted(row[0] for row in cursor.fetchall())


def counts(models) -> list[int] | None:
    """The counters of the tables of `models`; None if one has no counter (SQLite, or a
    table that no migration gave one)."""
    if connection.vendor != "postgresql":
        return None
    names = [connection.ops.quote_name(sequence_name(m._meta.db_table)) for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["pg_sequence_last_value(to_regclass(%s))"] * len(names)),
            names,
        )
        values = list(cursor.fetchone())
    return None if None in values else values


# The transactions running in other sessions on this database: each holds the lock on its
# own id until it ends, and it ends in the process list before it lets go of that lock. (A
# snapshot's list of running transactions would not do: it leaves out those younger than
# the last one to finish.)
RUNNING = (
    "SELECT l.transactionid::text::bigint FROM pg_locks l"
    " LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted"
    " AND l.pid IS DISTINCT FROM pg_backend_pid()"
    " AND (a.datname IS NULL OR a.datname = current_database())"
)


def marker(models) -> dict | None:
    """What `unchanged_since` compares with: the counters of `models`' tables and the
    transactions running once they were read. None where a table has no counter."""
    values = counts(models)
    if values is None:
        return None
    with connection.cursor() as cursor:
        # Read after the counters, in a statement of its own: a transaction that advanced
        # one before then has either ended, and its rows are visible to what reads next,
        # or is listed here.
        cursor.execute(RUNNING)
        running = sorted(row[0] for row in cursor.fetchall())
    return {"counts": values, "running": running}


def unchanged_since(models, taken: dict) -> bool:
    """Whether nothing in the tables of `models` changed since `taken` was marked."""
    if counts(models) != taken["counts"]:
        return False
    if not taken["running"]:
        return True
    with connection.cursor() as cursor:
        cursor.execute(RUNNING)
        still = {row[0] for row in cursor.fetchall()}
    # One that ended since may have written before the counters were read; whether it
    # committed or rolled back, count it as a change (rare, and only errs on the safe side).
    return set(taken["running"]) <= still
