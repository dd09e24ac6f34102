"""The change counters come from migrations: every table has one after `migrate`, and
the migration that installs them can be reversed and applied again."""

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gentintl.spreadsheets import counters

COUNTERS = ("gentintl", "0007_change_counters")
BEFORE = ("gentintl", "0006_calendar_token")


def counter_objects() -> dict[str, list[str]]:
    """The triggers, sequences and function of the counters in the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = %s ORDER BY 1",
            [counters.TRIGGER],
        )
        triggers = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE %s ORDER BY 1",
            ["%\\_changes"],
        )
        sequences = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT proname FROM pg_proc WHERE proname = %s", [counters.FUNCTION])
        functions = [row[0] for row in cursor.fetchall()]
    return {"triggers": triggers, "sequences": sequences, "functions": functions}


def model_tables() -> list[str]:
    return sorted({m._meta.db_table for m in django_apps.get_models(include_auto_created=True)})


@pytest.mark.postgres
def test_every_table_has_a_counter_after_migrate(db):
    """A new model's migration must add its table to a CountChanges operation."""
    models = django_apps.get_models(include_auto_created=True)
    assert counters.tables_without_counter(models) == []
    objects = counter_objects()
    assert objects["triggers"] == model_tables()
    assert objects["sequences"] == [counters.sequence_name(t) for t in model_tables()]
    assert objects["functions"] == [counters.FUNCTION]
    assert counters.counts(models) is not None


@pytest.mark.postgres
def test_the_counters_migration_reverses_and_applies_again(transactional_db):
    installed = counter_objects()
    try:
        MigrationExecutor(connection).migrate([BEFORE])
        assert counter_objects() == {"triggers": [], "sequences": [], "functions": []}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert counter_objects() == installed


def test_elsewhere_than_postgresql_nothing_counts(db):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL has counters")
    models = django_apps.get_models(include_auto_created=True)
    assert counters.counts(models) is None
    assert counters.marker(models) is None
