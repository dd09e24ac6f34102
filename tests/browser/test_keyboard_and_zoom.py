"""What axe cannot judge, looked at directly in Chromium: the menu at 200% and 400% zoom,
the map's markers from the keyboard, a whole import by keyboard alone, and a visible
focus at every Tab stop. Screenshots go to test-artifacts/accessibility/.
"""

import pytest
from django.urls import reverse

from partnerships.models import City
from tests.browser.axe import (
    SHOTS,
    ZOOM_200,
    ZOOM_400,
    log_in,
    settle,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Every link of the main navigation: inside the viewport and its text not clipped.
NAV_CLIPPED = """() => {
  const list = document.querySelector(".site-nav__list");
  const clipped = [];
  if (list.scrollWidth > list.clientWidth + 1) {
    clipped.push("the menu scrolls sideways");
  }
  for (const link of list.querySelectorAll("a")) {
    const box = link.getBoundingClientRect();
    const outside = box.left < 0 || box.right > window.innerWidth + 0.5;
    if (outside || link.scrollWidth > link.clientWidth + 1) {
      clipped.push(link.textContent.trim());
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    clipped.push("the page scrolls sideways");
  }
  return clipped;
}"""


def test_main_navigation_wraps_at_400_percent_zoom(axe_page, live_server, users):
    page, username = axe_page, "editor"  # an editor's menu is the longest: it adds "Beheer"
    log_in(page, live_server, username)
    for label, size in (("400", ZOOM_400), ("200", ZOOM_200)):
        page.set_viewport_size(size)
        for url in ("/", reverse("partnerships:partnership_list"), reverse("search") + "?q=Gent"):
            page.goto(live_server.url + url)
            settle(page)
            path = url.split("?")[0].strip("/").replace("/", "-")
            name = f"zoom{label}-{username}-{path or 'home'}"
            top = {"x": 0, "y": 0, "width": size["width"], "height": 2.5 * size["height"]}
            page.screenshot(path=SHOTS / f"{name}.png", full_page=True, clip=top)
            assert page.evaluate(NAV_CLIPPED) == [], f"{name}: cut off"


def test_map_markers_are_named_and_open_from_the_keyboard(axe_page, live_server, users):
    page = axe_page
    log_in(page, live_server, "manager")
    settle(page)
    region = page.get_by_role("region", name="Kaart van de partnersteden")
    markers = region.locator("path.leaflet-interactive")
    names = markers.evaluate_all("paths => paths.map(p => p.getAttribute('aria-label'))")
    assert names and all(names), f"unnamed markers: {names}"
    assert "Kanazawa" in names
    region.get_by_role("button", name="Inzoomen").wait_for()
    region.get_by_role("button", name="Uitzoomen").wait_for()

    kanazawa = region.get_by_role("button", name="Kanazawa", exact=True)
    kanazawa.focus()
    page.keyboard.press("Enter")
    popup = region.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Kanazawa" in popup.inner_text()
    page.screenshot(path=SHOTS / "map-keyboard.png")


FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const marker = element instanceof SVGElement && parseFloat(style.strokeWidth) >= 4;
  if (element === document.body) {
    return ["BODY", false];
  }
  const name = element.id || element.getAttribute("name") || element.getAttribute("aria-label")
    || element.textContent.trim().slice(0, 40) || element.tagName;
  return [name, ring || marker || style.boxShadow !== "none"];
}"""


def tab_to(page, element_id: str, limit: int = 60) -> None:
    """Presses Tab until `element_id` has the focus, checking that each stop shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused, shown = page.evaluate(FOCUS_SHOWN)
        assert shown, f"{focused} has the focus but shows no focus ring"
        if focused == element_id:
            return
    raise AssertionError(f"{element_id} not reached with Tab")


def test_import_flow_by_keyboard_alone(axe_page, live_server, users, tmp_path):
    page = axe_page
    log_in(page, live_server, "editor")
    upload = tmp_path / "steden.csv"
    upload.write_bytes(b"Naam;Land;Lokale naam\nTeststad;BE;Teststad\n")
    page.goto(live_server.url + reverse("admin:partnerships_city_import"))
    settle(page)

    tab_to(page, "id_file")
    # Space on the focused field opens the system's file dialog, which is the
    # browser's and not the page's; the test hands the file to the focused field
    # instead (waiting for the dialog's event races with the key press in Chromium).
    page.locator(":focus").set_input_files(str(upload))
    assert page.evaluate("document.activeElement.id") == "id_file"
    page.screenshot(path=SHOTS / "keyboard-1-file.png")
    tab_to(page, "preview-import")
    page.screenshot(path=SHOTS / "keyboard-2-preview-button.png")
    page.keyboard.press("Enter")
    page.wait_for_selector("#import-preview")

    tab_to(page, "confirm-import")
    page.screenshot(path=SHOTS / "keyboard-3-confirm.png")
    page.keyboard.press("Enter")
    page.wait_for_selector(".messagelist")
    page.screenshot(path=SHOTS / "keyboard-4-done.png")
    assert City.objects.filter(name="Teststad").exists()


def test_dashboard_shows_the_focus_at_every_tab_stop(axe_page, live_server, users):
    page = axe_page
    log_in(page, live_server, "manager")
    settle(page)
    hidden, stops = [], []
    for _ in range(120):
        page.keyboard.press("Tab")
        focused, shown = page.evaluate(FOCUS_SHOWN)
        if focused == "BODY" or (stops and focused == stops[0]):
            break
        stops.append(focused)
        if not shown:
            hidden.append(focused)
    assert len(stops) > 30  # the menu, the key figures, the tables, the map, the lists
    assert not hidden, f"Tab stops without a visible focus: {hidden}"
