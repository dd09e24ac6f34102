"""The migration to one contact per address in any case stops, naming them, when the
database already holds addresses that differ only in case, and passes once they are
merged."""

import importlib

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("partnerships", "0008_history_contact_without_organisation_index")
CASE_INSENSITIVE = ("partnerships", "0009_contact_email_any_case")
migration = importlib.import_module("partnerships.migrations.0009_contact_email_any_case")


@pytest.fixture
def before_the_constraint(transactional_db):
    """The schema as it was before the migration; every migration applied afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    yield executor
    # Whatever the test left: the table has the same columns either side of the migration.
    executor.loader.project_state([BEFORE]).apps.get_model(
        "partnerships", "Contact"
    ).objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_stops_on_addresses_differing_in_case_and_passes_once_merged(
    before_the_constraint,
):
    executor = before_the_constraint
    old_apps = executor.loader.project_state([BEFORE]).apps
    contact = old_apps.get_model("partnerships", "Contact")
    first = contact.objects.create(name="Inge Willemsen", email="inge.willemsen@stad.gent")
    second = contact.objects.create(name="I. Willemsen", email="Inge.Willemsen@Stad.Gent")
    contact.objects.create(name="Zonder adres")
    contact.objects.create(name="Ook zonder adres")

    assert list(migration.case_duplicates(contact)) == ["inge.willemsen@stad.gent"]
    with pytest.raises(CommandError) as refused:
        MigrationExecutor(connection).migrate([CASE_INSENSITIVE])
    message = str(refused.value)
    assert f"/admin/partnerships/contact/{first.pk}/change/" in message
    assert f"Inge.Willemsen@Stad.Gent: I. Willemsen (/admin/partnerships/contact/{second.pk}/" in (
        message
    )
    assert "Voeg" in message and "samen in de admin" in message
    assert "Voer daarna de migratie opnieuw uit" in message
    assert contact.objects.count() == 4  # nothing merged, nothing lost

    second.delete()
    migration.refuse_case_duplicates(old_apps, None)  # nothing left to refuse
    MigrationExecutor(connection).migrate([CASE_INSENSITIVE])
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert CASE_INSENSITIVE in applied
