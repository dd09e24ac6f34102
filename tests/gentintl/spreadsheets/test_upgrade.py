"""The upgrade path: a database of the release of 3 December 2026, with its import log
and a preview awaiting its confirm, migrates to today's code, and both imports can still
be finished: the preview confirmed, the finished import undone.

The database file was made by that release's own code (`data/make_release_database.py`);
it is migrated and used by `manage.py` in processes of their own, as on a server.
"""

import gzip
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

RELEASE = Path(__file__).parent / "data" / "release-2026-12-03.sqlite3.gz"

FINISH = """
from django.contrib.auth.models import User
from gentintl import spreadsheets
from gentintl.spreadsheets.models import ImportRun
from partnerships.models import Contact
from partnerships.resources import ContactResource

editor = User.objects.get(username="editor")
pending = ImportRun.objects.get(status="pending")
outcome = spreadsheets.confirm(ContactResource(), pending.pk, user=editor)
print("confirm", outcome.kind, outcome.run.status if outcome.run else "")
done = ImportRun.objects.get(file_name="gedaan.csv")
spreadsheets.undo(done, user=editor)
print("undo", ImportRun.objects.get(pk=done.pk).status)
emails = Contact.objects.filter(email__startswith="upgrade.").values_list("email", flat=True)
print("contacts", sorted(emails))
"""


def manage(database: Path, *args) -> str:
    environment = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "test-only-not-secret",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def release_database(tmp_path) -> Path:
    database = tmp_path / "release.sqlite3"
    with gzip.open(RELEASE) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    with sqlite3.connect(database) as connection:
        # The preview was made just before the upgrade, not on the day the file was made.
        connection.execute(
            "UPDATE gentintl_importrun SET created_at = datetime('now') WHERE status = 'pending'"
        )
    return database


def test_the_release_database_was_made_before_todays_migrations(release_database):
    with sqlite3.connect(release_database) as connection:
        applied = set(connection.execute("SELECT app, name FROM django_migrations"))
    assert ("partnerships", "0014_partnership_responsible_and_reminders") in applied
    assert ("partnerships", "0015_constraint_messages") not in applied


def test_a_release_database_migrates_and_its_imports_can_be_finished(release_database):
    manage(release_database, "migrate", "--noinput")
    assert "No migrations to apply" in manage(release_database, "migrate", "--noinput")

    output = manage(release_database, "shell", "-c", FINISH)

    assert "confirm done done" in output
    assert "undo undone" in output
    # The confirmed preview wrote its contact; the undone import removed its own.
    assert "contacts ['upgrade.pending@stad.gent']" in output
