"""The search box in the header, in a browser: type, see the results, open one."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_manager_types_a_name_without_accent_and_reaches_the_partnership(
    seeded, manager, live_server, page, screenshot
):
    log_in(page, live_server, "manager", "pw-manager")
    box = page.get_by_role("search").get_by_label("Zoeken in alles")
    box.fill("Liege")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == f"{live_server.url}/search/?q=Liege"
    assert page.get_by_role("heading", level=1).inner_text() == "Zoeken"
    # The page's own box holds the search; the header has none on this page.
    assert page.get_by_label("Zoek in alles", exact=False).input_value() == "Liege"
    cities = page.locator("#results-city")
    assert "Steden" in cities.get_by_role("heading").inner_text()
    assert cities.locator("mark").first.inner_text() == "Liège"
    screenshot("search-liege")

    partnerships = page.locator("#results-partnership")
    with page.expect_navigation():
        partnerships.get_by_role("link", name="Luik").click()
    assert "/partnerships/" in page.url
    assert "Luik" in page.get_by_role("heading", level=1).inner_text()
