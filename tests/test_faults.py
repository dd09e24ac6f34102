"""The app holds when the database drops, when a confirm is sent twice and when two editors
import overlapping files at once."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from gentintl.spreadsheets.models import ImportRun, ImportStatus
from partnerships.models import Contact, Organisation

HEADERS = "E-mail;Naam;Soort;Functie;Organisatie;Telefoon;Gsm;Adres"
IMPORT = "admin:partnerships_contact_import"


def contacts_csv(first: int, last: int) -> bytes:
    rows = [
        f"persoon{i}@example.be;Persoon {i};person;Medewerker;Dienst Fouten;09 266 52 37;;"
        for i in range(first, last)
    ]
    return ("\n".join([HEADERS, *rows]) + "\n").encode()


def preview(client, data: bytes) -> ImportRun:
    response = client.post(
        reverse(IMPORT), {"file": SimpleUploadedFile("contacten.csv", data)}, follow=True
    )
    assert response.status_code == 200
    return ImportRun.objects.filter(status=ImportStatus.PENDING).latest("pk")


def confirm(client, run):
    url = reverse("admin:partnerships_contact_import_decision", args=[run.pk, "confirm"])
    return client.post(url, follow=True)


def admin_dsn() -> str:
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgresql://{s['USER'] or 'postgres'}@{host}:{port}/postgres"


@pytest.fixture
def department(db):
    return Organisation.objects.create(name="Dienst Fouten", kind="city_department")


@pytest.mark.django_db
def test_a_confirm_sent_twice_imports_once(department, editor_client):
    run = preview(editor_client, contacts_csv(0, 20))
    confirm(editor_client, run)
    second = confirm(editor_client, run)
    assert Contact.objects.count() == 20
    # It says what happened to the file, not that nothing was imported.
    assert "werd al geïmporteerd om" in second.content.decode()
    assert "er is niets geïmporteerd" not in second.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_connection_killed_mid_import_writes_nothing_and_says_so(
    department, editor_client, monkeypatch
):
    import gentintl.spreadsheets.writing as writing

    original = writing.record_history
    calls = []

    def kill_after_first_batch(model, objs, *args, **kwargs):
        calls.append(len(objs))
        with psycopg.connect(admin_dsn(), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
            )
        return original(model, objs, *args, **kwargs)

    run = preview(editor_client, contacts_csv(0, 1500))
    monkeypatch.setattr(writing, "record_history", kill_after_first_batch)
    response = confirm(editor_client, run)

    assert calls, "the import reached the database"
    assert response.status_code == 200
    content = response.content.decode()
    assert "Traceback" not in content
    assert "verbinding met de databank" in content or "connection to the database" in content
    assert Contact.objects.count() == 0
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.REFUSED


@pytest.fixture
def gunicorn_url(transactional_db):
    """gunicorn with production settings on the test database, as production runs it."""
    s = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "gentintl.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_app_recovers_when_the_database_drops_its_connections(gunicorn_url, manager):
    client = Client()
    client.force_login(manager)
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    def get_home():
        request = urllib.request.Request(
            gunicorn_url + "/", headers={"Cookie": cookie, "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    assert get_home() == 200
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()
    own = connection.connection.info.backend_pid  # the test's own, needed for its teardown
    with psycopg.connect(admin_dsn(), autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
            [name, own],
        ).fetchone()[0]
    assert killed >= 1  # gunicorn's persistent connection was among them
    assert get_home() == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_importing_overlapping_files_at_once_make_no_duplicates(
    department, editor, django_user_model
):
    from tests.conftest import make_user

    other = make_user(django_user_model, "editor2", "Editors", is_staff=True)
    clients = []
    for user in (editor, other):
        client = Client()
        client.force_login(user)
        clients.append(client)
    runs = [preview(clients[0], contacts_csv(0, 300)), preview(clients[1], contacts_csv(200, 500))]
    results = [None, None]

    def run_confirm(i):
        results[i] = confirm(clients[i], runs[i]).content.decode()
        connection.close()

    threads = [threading.Thread(target=run_confirm, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # No duplicates: every e-mail once. The second confirm either imported on top of the
    # first (its 100 overlapping rows then being unchanged) or was shown a fresh preview.
    emails = list(Contact.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails))
    statuses = sorted(ImportRun.objects.get(pk=r.pk).status for r in runs)
    if statuses == [ImportStatus.DONE, ImportStatus.DONE]:
        assert Contact.objects.count() == 500
    else:
        assert statuses == [ImportStatus.DONE, ImportStatus.PENDING]
        assert Contact.objects.count() == 300
        assert any("gewijzigd sinds" in r or "changed since the preview" in r for r in results), (
            statuses,
            [ImportRun.objects.get(pk=r.pk).message for r in runs],
        )


@pytest.mark.django_db
def test_an_abandoned_preview_is_purged_with_its_file(department, editor_client):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    run = preview(editor_client, contacts_csv(0, 5))
    assert ImportRun.objects.get(pk=run.pk).file_data
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    call_command("purge_imports")
    run.refresh_from_db()
    assert run.status == ImportStatus.ABANDONED
    assert not run.file_data


# --------------------------------------------------------------------------- #
# Parameters a database cannot take
# --------------------------------------------------------------------------- #

LISTS = [
    "partnerships:partnership_list",
    "partnerships:agreement_list",
    "partnerships:activity_list",
    "partnerships:organisation_list",
    "partnerships:contact_list",
    "partnerships:network_list",
    "partnerships:euproject_list",
    "pressroom:pressrelease_list",
]
AUTOCOMPLETES = [
    "partnerships:city_autocomplete",
    "partnerships:organisation_autocomplete",
    "partnerships:theme_autocomplete",
    "partnerships:network_autocomplete",
    "pressroom:topic_autocomplete",
]
NUL = "a%00b"
# Also texts a database stores well, once decoded: no 500 for them either.
ODD = ["%ED%A0%80", "%uD800", "x" * 5000, "%F0%9F%98%80%FF%FE"]
NUL_REFUSED = "een nul-teken"


@pytest.fixture
def root_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("beheer", password="x"))
    client.raise_request_exception = False  # a crash is a 500 answer, as users see it
    return client


def filter_names(url: str) -> list[str]:
    from django.urls import resolve

    return list(resolve(url).func.view_class.filterset_class.base_filters)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_answers_a_nul_in_any_parameter_with_the_list(root_client, name):
    url = reverse(name)
    response = root_client.get(f"{url}?q={NUL}")
    assert response.status_code == 200
    assert "Null-tekens zijn niet toegestaan" in response.content.decode()
    for parameter in [*filter_names(url), "sort", "page"]:
        response = root_client.get(f"{url}?{parameter}={NUL}")
        assert response.status_code == 200, parameter
    for value in ODD:
        assert root_client.get(f"{url}?q={value}").status_code == 200, value
    export = reverse(name.replace("_list", "_export"))
    assert root_client.get(f"{export}?q={NUL}&format=csv").status_code == 200


@pytest.mark.parametrize("name", AUTOCOMPLETES)
def test_an_autocomplete_answers_a_nul_with_no_suggestions(root_client, name):
    response = root_client.get(f"{reverse(name)}?q={NUL}")
    assert response.status_code == 200
    assert response.json() == {"results": []}
    for value in ODD:
        assert root_client.get(f"{reverse(name)}?q={value}").status_code == 200


def admin_changelists():
    from django.contrib import admin

    found = []
    for model, model_admin in admin.site._registry.items():
        filters = [f[0] if isinstance(f, tuple) else f for f in model_admin.list_filter]
        parameter = next((f"{f}__exact" for f in filters if isinstance(f, str)), None)
        found.append(
            pytest.param(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist",
                parameter,
                id=model._meta.label,
            )
        )
    return found


@pytest.mark.parametrize(("name", "parameter"), admin_changelists())
def test_an_admin_list_answers_a_nul_in_its_search_or_filters_in_dutch(
    root_client, name, parameter
):
    url = reverse(name)
    for query in [f"q={NUL}", f"{parameter}={NUL}" if parameter else None]:
        if query is None:
            continue
        response = root_client.get(f"{url}?{query}")
        assert response.status_code == 400, query
        assert NUL_REFUSED in response.content.decode(), query
    for value in ODD[::2]:
        assert root_client.get(f"{url}?q={value}").status_code == 200, value


def test_the_admin_autocomplete_answers_a_nul_in_its_term_in_dutch(root_client):
    response = root_client.get(
        "/admin/autocomplete/?app_label=partnerships&model_name=contact"
        f"&field_name=organisation&term={NUL}"
    )
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()
