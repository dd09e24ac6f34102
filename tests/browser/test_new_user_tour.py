"""A new manager's first tour of the seed data, in a browser, clicking as she would.

1. The header search finds Liège under its Dutch name, Luik.
2. Kanazawa's agreements as a chain: the 2021–2026 agreement names the one it replaces;
   the partnership page shows all three in order, the 1971 friendship treaty first.
3. The jazz exchange names both orchestras, each a link to its own page.
4. The dashboard says, in words, where the turn to networks stands.
5. A filtered list saved under a name opens again from the dashboard, filter and all.
6. The 2021 report downloads as a PDF of several A4 pages.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TREATY = "Vriendschapsverdrag Gent–Kanazawa"
PREDECESSOR = "Samenwerkingsakkoord Gent–Kanazawa (voorganger)"
RENEWED = "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
JAZZ = "Jazzuitwisseling Ghent Youth Jazz Orchestra en JAZZ-21 (tweede editie)"
GHENT_ORCHESTRA = "Ghent Youth Jazz Orchestra"
PARTNER_ORCHESTRA = "JAZZ-21 jeugdbigband"
VIEW_NAME = "Banden in afbouw"
# A4 in PostScript points (210 mm × 297 mm).
A4 = (595.28, 841.89)


def filters_in(url):
    """The filters a list's URL applies: its query without the empty fields of the form."""
    return parse_qs(urlsplit(url).query)


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("manager")
    page.get_by_label("Wachtwoord").fill("pw-manager")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def menu(page, name):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name=name, exact=True
        ).click()


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def fact(page, term):
    """The value beside `term` in a record page's facts."""
    return page.locator(f"dl.details dt:text-is('{term}') + dd")


def search_liege(page, live_server, screenshot):
    box = page.get_by_role("search").get_by_label("Zoeken in alles")
    box.fill("Liege")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == f"{live_server.url}/search/?q=Liege"
    partnerships = page.locator("#results-partnership")
    assert "Partnerschappen" in partnerships.get_by_role("heading").inner_text()
    screenshot("tour-1-search-liege")

    with page.expect_navigation():
        partnerships.get_by_role("link", name="Luik").click()
    assert page.url.startswith(f"{live_server.url}/partnerships/")
    assert heading(page) == "Luik (Liège)"
    assert page.locator(".page-header__lead").inner_text().startswith("Partnerstad")
    assert fact(page, "Lokale naam").inner_text() == "Liège"
    assert fact(page, "Huidige status").inner_text().strip() == "Afbouwen"
    screenshot("tour-1-partnership-luik")


def follow_kanazawa_chain(page, live_server, screenshot):
    menu(page, "Partnerschappen")
    assert page.url == f"{live_server.url}/partnerships/"
    with page.expect_navigation():
        page.locator("table.table").get_by_role("link", name="Kanazawa", exact=True).click()
    assert heading(page) == "Kanazawa"
    partnership_url = page.url

    chain = page.locator("ol.agreement-chain")
    assert chain.locator(".agreement-chain__title").all_inner_texts() == [
        TREATY,
        PREDECESSOR,
        RENEWED,
    ]
    items = chain.locator("> li").all()
    tops = [item.bounding_box()["y"] for item in items]
    assert tops == sorted(tops), "the chain reads top to bottom, oldest first"
    # The seed does not say that the predecessor renewed the 1971 treaty.
    assert "apart akkoord" in items[1].inner_text()
    assert "vervangt het akkoord hierboven" in items[2].inner_text()
    chain.scroll_into_view_if_needed()
    screenshot("tour-2-partnership-kanazawa")

    with page.expect_navigation():
        chain.get_by_role("link", name=RENEWED).click()
    assert heading(page) == RENEWED
    assert fact(page, "Vervangt").get_by_role("link").inner_text() == PREDECESSOR
    steps = page.get_by_role("region", name="Opeenvolging van akkoorden")
    assert steps.locator(".timeline__title").all_inner_texts() == [
        PREDECESSOR,
        f"{RENEWED} (dit akkoord)",
    ]
    screenshot("tour-2-agreement-2021-2026")

    with page.expect_navigation():
        fact(page, "Vervangt").get_by_role("link", name=PREDECESSOR).click()
    assert heading(page) == PREDECESSOR
    assert fact(page, "Vervangen door").get_by_role("link").inner_text() == RENEWED
    assert fact(page, "Vervangt").inner_text() == "–"
    screenshot("tour-2-agreement-predecessor")

    with page.expect_navigation():
        page.locator(".page-header__lead").get_by_role("link", name="Kanazawa").click()
    assert page.url == partnership_url
    with page.expect_navigation():
        page.locator("ol.agreement-chain").get_by_role("link", name=TREATY).click()
    assert heading(page) == TREATY
    assert fact(page, "Ondertekend").inner_text() == "1971"
    screenshot("tour-2-agreement-1971")


def open_jazz_exchange(page, live_server, screenshot):
    menu(page, "Activiteiten")
    search = page.get_by_label("Zoeken", exact=True)
    search.fill("jazz")
    with page.expect_navigation():
        search.press("Enter")
    assert "q=jazz" in page.url
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1
    assert JAZZ in rows.first.inner_text()
    screenshot("tour-3-activities-jazz")

    with page.expect_navigation():
        rows.first.get_by_role("link", name=JAZZ).click()
    assert heading(page) == JAZZ
    ghent = page.get_by_role("list", name="In Gent")
    partner = page.get_by_role("list", name="Bij de partner")
    assert ghent.get_by_role("link").all_inner_texts() == [GHENT_ORCHESTRA]
    assert partner.get_by_role("link").all_inner_texts() == [PARTNER_ORCHESTRA]
    assert "Kanazawa" in partner.inner_text()
    assert fact(page, "Partnerschap").get_by_role("link").inner_text() == "Kanazawa (zusterstad)"
    screenshot("tour-3-activity-jazz")

    for orchestra, side in ((PARTNER_ORCHESTRA, partner), (GHENT_ORCHESTRA, ghent)):
        with page.expect_navigation():
            side.get_by_role("link", name=orchestra).click()
        assert "/partnerships/organisations/" in page.url
        assert heading(page) == orchestra
        page.go_back()
    assert heading(page) == JAZZ


def read_the_turn(page, live_server, screenshot):
    menu(page, "Dashboard")
    assert page.url == f"{live_server.url}/"
    title = "Bilaterale banden en multilaterale samenwerking per jaar"
    turn = page.locator("section").filter(has=page.get_by_role("heading", name=title))
    # Release 196095: ten ties phased out, Kanazawa kept, Eurocities as the way forward.
    assert turn.locator(".chart-summary li").all_inner_texts() == [
        "Actief: 1 bilaterale band (Kanazawa)",
        "Afbouwen: 10 bilaterale banden",
        "Beëindigd: 1 bilaterale band (Saint-Raphaël)",
        "Lid van 1 netwerk (Eurocities)",
        "0 EU-projecten",
    ]
    chart = turn.locator("canvas")
    page.wait_for_timeout(800)  # Chart.js and the map draw after load
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    turn.get_by_text("Toon de cijfers").click()
    table = turn.locator("table")
    series = table.locator("thead th").all_inner_texts()[1:]
    undated = table.locator("tbody tr", has=page.locator("th", has_text="Datum onbekend"))
    counts = dict(zip(series, undated.locator("td").all_inner_texts(), strict=True))
    assert counts["Bilateraal: afbouwen"] == "10"
    assert counts["Netwerklidmaatschappen begonnen"] == "1"
    turn.scroll_into_view_if_needed()
    screenshot("tour-4-home-turn")


def save_and_reopen_a_view(page, live_server, screenshot):
    menu(page, "Partnerschappen")
    with page.expect_navigation():
        page.get_by_role("group", name="Huidige status").get_by_label("Afbouwen").check()
    filtered_url = page.url
    assert filtered_url.startswith(f"{live_server.url}/partnerships/?")
    assert filters_in(filtered_url) == {"status": ["phasing_out"]}

    def check_list():
        assert "10 resultaten" in page.locator(".results-summary").inner_text()
        cities = page.locator("table.table tbody tr td:first-child").all_inner_texts()
        assert "Luik (Liège)" in cities and "Melle" in cities and "Kanazawa" not in cities
        chip = page.locator(".chips .chip")
        assert chip.count() == 1
        assert " ".join(chip.first.inner_text().split()).startswith("Huidige status: Afbouwen")

    check_list()
    form = page.locator("details.save-view")
    form.get_by_text("Deze weergave bewaren").click()
    form.get_by_label("Naam").fill(VIEW_NAME)
    screenshot("tour-5-save-view")
    with page.expect_navigation():
        form.get_by_role("button", name="Weergave bewaren").click()
    assert page.url == filtered_url
    assert f"Weergave “{VIEW_NAME}” bewaard." in page.locator(".messages").inner_text()
    check_list()
    screenshot("tour-5-view-saved")

    menu(page, "Dashboard")
    page.wait_for_timeout(800)  # the charts finish drawing before the screenshot
    views = page.get_by_role("region", name="Bewaarde weergaven")
    views.scroll_into_view_if_needed()
    screenshot("tour-5-home-saved-views")
    with page.expect_navigation():
        views.get_by_role("link", name=VIEW_NAME).click()
    assert page.url == filtered_url
    assert page.get_by_role("group", name="Huidige status").get_by_label("Afbouwen").is_checked()
    check_list()
    screenshot("tour-5-saved-view-reopened")


def download_the_2021_report(page, live_server, screenshot):
    menu(page, "Jaarverslagen")
    with page.expect_navigation():
        page.get_by_role("link", name="Jaarverslag 2021").click()
    assert page.url == f"{live_server.url}/reports/2021/"
    assert heading(page) == "Internationale relaties van Gent in 2021"
    screenshot("tour-6-report-2021")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als pdf").click()
    download = download_info.value
    assert download.suggested_filename == "gentintl-jaarverslag-2021.pdf"
    download.save_as(ARTIFACTS / "tour-6-report-2021.pdf")
    content = (ARTIFACTS / "tour-6-report-2021.pdf").read_bytes()
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2
    for number, pdf_page in enumerate(reader.pages, start=1):
        size = (float(pdf_page.mediabox.width), float(pdf_page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), f"page {number} is {size}, not A4"
    text = [" ".join(pdf_page.extract_text().split()) for pdf_page in reader.pages]
    assert "Internationale relaties van Gent in 2021" in text[0]
    assert "Kerncijfers 2021" in text[0]
    # Each section of the page is in the PDF, the turn to networks last.
    for section in ("Akkoorden", "Activiteiten", "Persberichten"):
        assert any(section in page_text for page_text in text[1:])
    assert "Afbouwen: 10 bilaterale banden" in text[-1]


def test_a_new_manager_tours_the_seed_data(seeded, manager, live_server, page, screenshot):
    log_in(page, live_server)
    search_liege(page, live_server, screenshot)
    follow_kanazawa_chain(page, live_server, screenshot)
    open_jazz_exchange(page, live_server, screenshot)
    read_the_turn(page, live_server, screenshot)
    save_and_reopen_a_view(page, live_server, screenshot)
    download_the_2021_report(page, live_server, screenshot)
