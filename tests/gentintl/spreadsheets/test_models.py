"""The import log keeps a waiting preview's file and plan compressed."""

import importlib
import json
import zlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from gentintl.spreadsheets.models import ImportRun
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.preview import stored_plan
from gentintl.spreadsheets.reading import read_sheet
from partnerships.models import Contact, Organisation
from partnerships.resources import ContactResource

CONTACTS = b"E-mail;Naam;Soort;Organisatie\nan@stad.gent;An;person;Org\nbo@stad.gent;Bo;person;\n"


def kept(pk: int, column: str) -> bytes:
    """The bytes the database holds."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM gentintl_importrun WHERE id = %s", [pk])
        return bytes(cursor.fetchone()[0])


@pytest.fixture
def run(db):
    Organisation.objects.create(name="Org", kind="other")
    plan = plan_import(ContactResource(), read_sheet(CONTACTS, "c.csv"))
    return ImportRun.objects.create(
        content_type=ContentType.objects.get_for_model(Contact),
        file_name="c.csv",
        file_data=CONTACTS,
        plan=stored_plan(plan, "m"),
    )


def test_file_and_plan_are_kept_compressed_and_read_back_equal(run):
    again = ImportRun.objects.get(pk=run.pk)
    assert bytes(again.file_data) == CONTACTS
    assert again.plan == run.plan and again.plan["rows"]
    assert list(ImportRun.objects.filter(pk=run.pk).values_list("plan", flat=True)) == [run.plan]
    assert zlib.decompress(kept(run.pk, "file_data")) == CONTACTS
    plan_json = json.dumps(run.plan, separators=(",", ":")).encode()
    assert zlib.decompress(kept(run.pk, "plan")) == plan_json
    assert len(kept(run.pk, "plan")) < len(plan_json)


def test_finished_runs_keep_neither_file_nor_plan(run):
    run.finish("done")
    assert (kept(run.pk, "file_data"), kept(run.pk, "plan")) == (b"", b"")
    again = ImportRun.objects.get(pk=run.pk)
    assert (bytes(again.file_data), again.plan) == (b"", {})


def test_the_upgrade_compresses_the_files_of_waiting_previews(run):
    upgrade = importlib.import_module("gentintl.migrations.0004_importrun_file_data_packed")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE gentintl_importrun SET file_data = %s", [CONTACTS])  # as before
    upgrade.pack_waiting_files(apps, connection.schema_editor())
    assert bytes(ImportRun.objects.get(pk=run.pk).file_data) == CONTACTS
    upgrade.unpack_waiting_files(apps, connection.schema_editor())
    assert kept(run.pk, "file_data") == CONTACTS
