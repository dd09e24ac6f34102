"""A warned value is imported only after the editor ticks the box, in a real browser."""

import pytest

from partnerships.models import City
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_import_browser import editor_login, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lost_character_is_warned_of_and_imported_only_when_accepted(
    page,
    live_server,
    editor_login,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    City.objects.create(name="Gdansk", country="PL", local_name="Gdańsk")
    csv = tmp_path / "steden.csv"
    csv.write_bytes("Naam;Land;Lokale naam\nGdansk;PL;Gdańsk\n".encode("cp1252", "replace"))
    log_in(page, live_server, *editor_login)
    page.goto(f"{live_server.url}/admin/partnerships/city/import/")
    page.set_input_files("#id_file", str(csv))
    page.click("#import-form input[type=submit]")

    warning = page.locator("#import-warnings tbody tr")
    warning.first.wait_for()  # the upload answers in place (progress.js)
    assert warning.count() == 1
    assert "Gda?sk" in warning.inner_text() and "Lokale naam" in warning.inner_text()
    page.screenshot(path=ARTIFACTS / "import-warnings.png", full_page=True)
    page.click("#confirm-import")  # the box is not ticked: the browser keeps the page
    assert page.locator("#import-warnings").count() == 1
    assert City.objects.get().local_name == "Gdańsk"

    page.check("#accept-warnings")
    page.click("#confirm-import")
    page.wait_for_url("**/admin/partnerships/city/")
    assert City.objects.get().local_name == "Gda?sk"
