import pytest
from playwright.sync_api import expect

from partnerships.models import City, Partnership
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLANTED = '<img src=x onerror="document.title=1"><b>Vet</b> Kanazawa'


def test_a_city_name_with_markup_shows_as_text_in_the_map_tooltip(manager, live_server, page):
    city = City.objects.create(name=PLANTED, country="JP", latitude=36.56, longitude=136.65)
    Partnership.objects.create(city=city, kind="sister_city", status="active")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("manager")
    page.get_by_label("Wachtwoord").fill("pw-manager")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")

    marker = page.locator(".map path.leaflet-interactive")
    marker.wait_for()
    marker.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == PLANTED
    assert tooltip.locator("img, b").count() == 0
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    assert PLANTED in popup.inner_text() and popup.locator("img, b").count() == 0


FOCUSED = """() => {
  const element = document.activeElement;
  return element.getAttribute("aria-label") || element.textContent.trim();
}"""


def test_a_popup_opened_by_keyboard_takes_the_focus_and_escape_gives_it_back(
    manager, live_server, page
):
    for name, country, lat, lng in [
        ("Kanazawa", "JP", 36.56, 136.65),
        ("Luik", "BE", 50.63, 5.57),
        ("Mons", "BE", 50.45, 3.95),
    ]:
        city = City.objects.create(name=name, country=country, latitude=lat, longitude=lng)
        Partnership.objects.create(city=city, kind="sister_city", status="active")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("manager")
    page.get_by_label("Wachtwoord").fill("pw-manager")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")

    region = page.get_by_role("region", name="Kaart van de partnersteden")
    markers = region.locator("path.leaflet-interactive")
    markers.nth(2).wait_for()
    order = markers.evaluate_all("paths => paths.map(p => p.getAttribute('aria-label'))")
    first, following = order[0], order[1]

    marker = region.get_by_role("button", name=first, exact=True)
    marker.focus()
    assert marker.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    popup = region.locator(".leaflet-popup")
    popup.wait_for()
    assert marker.get_attribute("aria-expanded") == "true"
    # The popup's link has the focus, not the markers after this one.
    assert page.evaluate(FOCUSED) == first
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    link = popup.get_by_role("link", name=first)
    expect(link).to_be_focused()
    expect(link).to_have_accessible_description("zusterstad · actief")
    page.screenshot(path=ARTIFACTS / "map-popup-focus.png")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Sluiten"  # the close button, in Dutch
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == following  # then on to the next marker
    # Backwards the same way: the popup sits between its marker and the next one.
    for expected in ("Sluiten", first, first):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(FOCUSED) == expected
    assert page.evaluate("document.activeElement.tagName") == "path"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Shift+Tab")

    page.keyboard.press("Enter")
    popup.wait_for()
    assert (
        page.evaluate(FOCUSED) == first and page.evaluate("document.activeElement.tagName") == "A"
    )
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate(FOCUSED) == first
    assert page.evaluate("document.activeElement.tagName") == "path"
    assert marker.get_attribute("aria-expanded") == "false"

    # A popup opened with the mouse leaves the focus where it was.
    marker.click()
    popup.wait_for()
    assert page.evaluate("document.activeElement.closest('.leaflet-popup')") is None
