import io

import pytest
from pypdf import PdfReader

from seeds.loaders import load_seeds
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("manager")
    page.get_by_label("Wachtwoord").fill("pw-manager")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def test_manager_reads_prints_and_downloads_the_report(manager, live_server, page, screenshot):
    load_seeds()
    log_in(page, live_server)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Jaarverslagen"
    ).click()
    page.get_by_role("link", name="Jaarverslag 2021").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Internationale relaties van Gent in 2021"
    )
    charts = page.locator("svg.svg-chart__image")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 300 and box["height"] > 20
    # The longest bar of "Activiteiten per thema" (Cultuur, Onderwijs: 2) is the widest.
    widths = charts.first.locator("rect").evaluate_all(
        "rects => rects.map(r => r.getBoundingClientRect().width)"
    )
    assert widths and max(widths) > 100
    screenshot("report-2021")

    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-search").is_visible()
    page.screenshot(path=ARTIFACTS / "report-2021-print.png", full_page=True)
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als pdf").click()
    download = download_info.value
    assert download.suggested_filename == "gentintl-jaarverslag-2021.pdf"
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    assert "Kerncijfers 2021" in reader.pages[0].extract_text()
