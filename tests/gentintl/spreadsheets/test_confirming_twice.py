"""A preview is imported once, however often its confirm arrives, and every answer says
what really happened: two requests at once (a double click), or the same form sent again
after the import ended."""

import datetime
import re
import sqlite3
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import gentintl.spreadsheets.runs
from gentintl.spreadsheets import runs
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from partnerships.models import Contact
from tests.conftest import make_user


def contacts_csv(count: int) -> bytes:
    lines = ["E-mail;Naam;Soort"]
    lines += [f"p{i}@stad.gent;Persoon {i};person" for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


def upload(client, data: bytes) -> ImportRun:
    response = client.post(
        reverse("admin:partnerships_contact_import"),
        {"file": SimpleUploadedFile("contacten.csv", data)},
    )
    assert response.status_code == 200
    return ImportRun.objects.latest("pk")


def decision_url(run, action="confirm") -> str:
    return reverse("admin:partnerships_contact_import_decision", args=[run.pk, action])


def message_of(response) -> str:
    """The admin's message on the page a confirm ended on, as the editor reads it."""
    found = re.search(r'<ul class="messagelist">(.*?)</ul>', response.content.decode(), re.S)
    assert found, "no message on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def confirmed_shown() -> str:
    """When the run was confirmed, as the messages show it (the clock may have passed a
    minute since)."""
    return timezone.localtime(ImportRun.objects.get().confirmed_at).strftime("%H:%M")


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """On SQLite, the test database as a file that every thread opens on its own, as the
    app servers do (the in-memory test database is one shared connection, which would
    hide what two real requests do). PostgreSQL needs nothing: each thread connects."""
    if connection.vendor != "sqlite":
        yield
        return
    memory = connections["default"]
    memory.ensure_connection()
    path = tmp_path / "db.sqlite3"
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    settings_dict = memory.settings_dict  # the dict every new connection is made from
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    on_file = memory.__class__(settings_dict, "default")
    connections["default"] = on_file
    try:
        yield
    finally:
        on_file.close()
        settings_dict["NAME"] = memory_name
        connections["default"] = memory


@pytest.fixture
def editor_clients(file_database, django_user_model):
    """Two browser tabs of one editor: the same session, requests of their own."""
    editor = make_user(django_user_model, "editor", "Editors", is_staff=True)
    first = Client()
    first.force_login(editor)
    second = Client()
    second.cookies = first.cookies
    return first, second


def post_in_thread(client, url, results, key, start=None):
    def send():
        try:
            if start is not None:
                start.wait()
            results[key] = client.post(url, follow=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=send)
    thread.start()
    return thread


@pytest.fixture
def held_import(monkeypatch):
    """Holds the import that claimed the preview inside its transaction until released,
    so that a second confirm arrives while the first is writing, as a double click does."""
    started, release = threading.Event(), threading.Event()
    apply_plan = gentintl.spreadsheets.runs.apply_plan

    def holding(*args, **kwargs):
        started.set()
        assert release.wait(30)
        return apply_plan(*args, **kwargs)

    monkeypatch.setattr(gentintl.spreadsheets.runs, "apply_plan", holding)
    return started, release


def assert_imported_once(count):
    assert Contact.objects.count() == count
    assert Contact.history.count() == count  # one "created" row each, none written twice
    assert ImportRun.objects.get().status == ImportStatus.DONE


def test_a_second_confirm_during_the_import_waits_and_says_it_was_already_imported(
    editor_clients, held_import
):
    first, second = editor_clients
    started, release = held_import
    run = upload(first, contacts_csv(50))
    results = {}
    one = post_in_thread(first, decision_url(run), results, "first")
    assert started.wait(30)
    two = post_in_thread(second, decision_url(run), results, "second")
    time.sleep(1)  # the second confirm is now waiting for the first one's outcome
    assert "second" not in results
    release.set()
    one.join(60)
    two.join(60)

    assert_imported_once(50)
    assert message_of(results["first"]).startswith("Contacten.csv geïmporteerd: 50 nieuw")
    second_message = message_of(results["second"])
    assert second_message.startswith(
        f"Het bestand contacten.csv werd al geïmporteerd om {confirmed_shown()}: "
        "50 nieuw, 0 bijgewerkt"
    ), second_message
    assert "Bekijk het importlogboek." in second_message
    log_url = reverse("admin:gentintl_importrun_change", args=[run.pk])
    assert f'href="{log_url}"' in results["second"].content.decode()


def test_a_confirm_that_waited_long_enough_says_the_import_is_still_running(
    editor_clients, held_import, monkeypatch
):
    first, second = editor_clients
    started, release = held_import
    monkeypatch.setattr(runs, "WAIT_SECONDS", 0.5)
    run = upload(first, contacts_csv(5))
    results = {}
    one = post_in_thread(first, decision_url(run), results, "first")
    assert started.wait(30)
    claimed = confirmed_shown()  # when the first confirm claimed it; the write sets its own
    two = post_in_thread(second, decision_url(run), results, "second")
    two.join(30)
    cancel = post_in_thread(second, decision_url(run, "cancel"), results, "cancel")
    cancel.join(30)
    release.set()
    one.join(60)

    running = f"De import van contacten.csv loopt al sinds {claimed}."
    assert message_of(results["second"]).startswith(running)
    assert message_of(results["cancel"]).startswith(running)  # too late to cancel
    assert_imported_once(5)


def test_two_confirms_sent_at_the_same_moment_import_once(editor_clients):
    first, second = editor_clients
    run = upload(first, contacts_csv(2000))
    results, start = {}, threading.Barrier(2)
    threads = [
        post_in_thread(client, decision_url(run), results, key, start)
        for client, key in ((first, "first"), (second, "second"))
    ]
    for thread in threads:
        thread.join(120)

    assert_imported_once(2000)
    answers = sorted(message_of(results[key]) for key in ("first", "second"))
    assert answers[0].startswith("Contacten.csv geïmporteerd: 2.000 nieuw"), answers
    assert answers[1].startswith("Het bestand contacten.csv werd al geïmporteerd om"), answers


def test_the_same_confirm_sent_again_after_the_import_says_when_it_was_imported(editor_client, db):
    run = upload(editor_client, contacts_csv(3))
    editor_client.post(decision_url(run), follow=True)

    again = editor_client.post(decision_url(run), follow=True)

    assert_imported_once(3)
    assert message_of(again).startswith(
        f"Het bestand contacten.csv werd al geïmporteerd om {confirmed_shown()}: "
        "3 nieuw, 0 bijgewerkt, "
        "0 ongewijzigd. Er is niets twee keer geïmporteerd."
    )
    assert again.request["PATH_INFO"] == reverse("admin:partnerships_contact_changelist")
    cancelled = editor_client.post(decision_url(run, "cancel"), follow=True)
    assert message_of(cancelled).startswith("Het bestand contacten.csv werd al geïmporteerd om")
    assert ImportRun.objects.get().status == ImportStatus.DONE


def test_a_cancelled_preview_confirmed_afterwards_says_nothing_was_imported(editor_client, db):
    run = upload(editor_client, contacts_csv(3))
    editor_client.post(decision_url(run, "cancel"), follow=True)

    response = editor_client.post(decision_url(run), follow=True)

    assert message_of(response) == (
        "Dit voorbeeld werd geannuleerd of is verlopen; er is niets geïmporteerd."
    )
    assert not Contact.objects.exists()


def test_an_import_whose_process_was_stopped_is_not_shown_as_running_forever(editor_client, db):
    run = upload(editor_client, contacts_csv(3))
    # A confirm claimed the preview, then its process was stopped before it committed.
    stopped_at = timezone.now() - datetime.timedelta(minutes=31)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, confirmed_at=stopped_at)

    again = editor_client.post(decision_url(run), follow=True)

    assert message_of(again) == (
        "Dit voorbeeld werd geweigerd, er is dus niets geïmporteerd: het importeren werd "
        "onderbroken voor het klaar was; laad het bestand opnieuw op. Bekijk het importlogboek."
    )
    run.refresh_from_db()
    assert (run.status, bytes(run.file_data), run.plan) == (ImportStatus.REFUSED, b"", {})
    assert Contact.objects.count() == 0


def test_an_import_running_for_minutes_is_still_waited_for(editor_client, db):
    run = upload(editor_client, contacts_csv(3))
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, confirmed_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert ImportRun.objects.purge_expired() == 0
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.RUNNING
