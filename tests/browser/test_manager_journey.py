import csv
import datetime
import io

import pytest

from gentintl import dates

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# The seed's renewed Kanazawa agreement runs until 31 December 2026: on this day it
# ends within the next 12 months, so the dashboard must raise the renewal alert.
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def journey_today(monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: TODAY)


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def test_manager_finds_what_needs_action_and_exports_it(
    seeded, manager, live_server, page, screenshot, journey_today
):
    """A manager's first visit, as the department described it.

    1. The dashboard warns that the Kanazawa cooperation agreement (2021–2026) runs out.
    2. Which German sister cities have gone quiet? The seed has no partnership whose
       *current* status is dormant: Melle was dormant for a decade and is now being
       phased out, like Wiesbaden, which never was dormant. So the manager filters on
       the status *history* ("Status in its history: dormant") and finds Melle alone,
       then opens it and reads its timeline (dormant, then phasing out).
    3. She searches the press releases for "Kanazawa" and exports exactly that list to
       a CSV that Belgian Excel opens (";", UTF-8 with BOM), which we parse back.
    """
    log_in(page, live_server, "manager", "pw-manager")

    alert = page.locator(".alert--warning")
    assert "Kanazawa" in alert.inner_text()
    assert "2026" in alert.inner_text()
    page.wait_for_timeout(800)  # charts and map draw after load
    screenshot("home")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Partnerschappen"
    ).click()
    page.wait_for_url(f"{live_server.url}/partnerships/")
    with page.expect_navigation():
        page.get_by_label("Zusterstad").check()
    history = page.get_by_role("group", name="Status in zijn geschiedenis")
    with page.expect_navigation():
        history.get_by_label("Slapend").check()
    country = page.locator(".filters__group", has_text="Land").locator(".ts-control input")
    country.fill("Duits")
    with page.expect_navigation():
        page.locator(".ts-dropdown .option", has_text="Duitsland").click()

    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1
    assert "Melle" in rows.first.inner_text()
    chips = page.locator(".chips").inner_text()
    assert "Zusterstad" in chips and "Duitsland" in chips and "Slapend" in chips
    assert "1 resultaat" in page.locator(".results-summary").inner_text()
    screenshot("partnerships-filtered")

    rows.first.get_by_role("link", name="Melle").click()
    page.wait_for_url("**/partnerships/*/")
    timeline = page.locator("ol.timeline").inner_text()
    assert "slapend" in timeline.lower()
    assert "afbouwen" in timeline.lower()
    assert "datum onbekend" in timeline
    screenshot("partnership-detail")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Persberichten"
    ).click()
    page.wait_for_url(f"{live_server.url}/pressroom/press-releases/")
    search = page.get_by_label("Zoeken", exact=True)
    search.fill("Kanazawa")
    with page.expect_navigation():
        search.press("Enter")
    assert "q=Kanazawa" in page.url
    titles = page.locator("table.table tbody tr").all_inner_texts()
    assert any("Kanazawa" in title for title in titles)
    screenshot("press-releases-search")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren naar CSV").click()
    content = download_info.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    exported = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, body = exported[0], exported[1:]
    assert "Titel" in header
    assert len(body) == len(titles)
    assert any("Kanazawa" in row[header.index("Titel")] for row in body)
