import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from partnerships.models import City
from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


@pytest.fixture
def editor_login(django_user_model):
    # A transactional test starts from an emptied database: rebuild the role first.
    roles = importlib.import_module("partnerships.migrations.0003_roles")
    roles.create_roles(apps, None)
    user = django_user_model.objects.create_user(
        "redacteur", password="pw-redacteur", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return "redacteur", "pw-redacteur"


def test_upload_preview_and_confirm(page, live_server, editor_login, tmp_path):
    City.objects.create(name="Luik", country="BE", local_name="Luik")
    csv = tmp_path / "steden.csv"
    csv.write_bytes("Naam;Land;Lokale naam\nLuik;BE;Liège\nGdansk;PL;Gdańsk\n".encode())
    log_in(page, live_server, *editor_login)
    page.goto(f"{live_server.url}/admin/partnerships/city/")
    page.click("a.import-link")
    page.set_input_files("#id_file", str(csv))
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("#import-preview")
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
    counts = page.inner_text("#import-counts")
    assert "nieuw: 1" in counts and "bijgewerkt: 1" in counts
    assert "Liège" in page.inner_text("#import-preview")

    page.click("#confirm-import")
    page.wait_for_selector(".messagelist")
    page.screenshot(path=str(ARTIFACTS / "import-done.png"), full_page=True)
    assert "1 nieuw, 1 bijgewerkt" in page.inner_text(".messagelist")
    assert City.objects.get(name="Luik").local_name == "Liège"
    assert City.objects.get(name="Gdansk").local_name == "Gdańsk"


def test_bad_row_is_explained_and_nothing_is_written(page, live_server, editor_login, tmp_path):
    csv = tmp_path / "steden.csv"
    csv.write_bytes(b"Naam;Land\nLuik;BE\nNergens;XX\n")
    log_in(page, live_server, *editor_login)
    page.goto(f"{live_server.url}/admin/partnerships/city/import/")
    page.set_input_files("#id_file", str(csv))
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("#import-errors")
    page.screenshot(path=str(ARTIFACTS / "import-errors.png"), full_page=True)
    assert "Er is niets geïmporteerd" in page.inner_text("#import-refused")
    assert "XX" in page.inner_text("#import-errors")
    assert page.query_selector("#confirm-import") is None
    assert City.objects.count() == 0
