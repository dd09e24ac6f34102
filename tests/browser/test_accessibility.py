"""WCAG 2.1 AA, checked by axe-core in Chromium over every kind of page.

axe-core (tests/browser/vendor/axe-core, see VENDORED.md there) is added to each page as
a Playwright init script. Init scripts run through the browser's debugging protocol, so
the Content-Security-Policy stays on for the pages themselves: an inline style or script
the CSP blocks shows up here as it would for a user.

axe cannot judge everything (keyboard order, what happens on focus, reflow), so a few
checks below look at those directly. Screenshots go to test-artifacts/accessibility/.
"""

import json
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import Group
from django.urls import reverse

from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
)
from pressroom.models import PressRelease
from seeds.loaders import load_seeds
from tests.browser.conftest import ARTIFACTS
from tests.conftest import ensure_roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = ARTIFACTS / "accessibility"
# 1280 CSS px at 400% zoom, the width WCAG 1.4.10 (reflow) asks content to fit.
ZOOM_400 = {"width": 320, "height": 256}
ZOOM_200 = {"width": 640, "height": 450}


@pytest.fixture
def axe_page(browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.add_init_script(path=str(AXE))
    context.add_init_script(script=CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def users(django_user_model):
    """A manager, an editor and a superuser, on top of the seeded records."""
    load_seeds()
    # The seed has no EU project; one made-up project shows its list row and detail page.
    project = EUProject.objects.create(
        acronym="TESTPROJECT", name="Testproject", programme="URBACT", ghent_role="partner"
    )
    project.partner_cities.set(City.objects.order_by("pk")[:2])
    ensure_roles()
    manager = django_user_model.objects.create_user("manager", password="pw-manager")
    manager.groups.add(Group.objects.get(name="Managers"))
    editor = django_user_model.objects.create_user("editor", password="pw-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    django_user_model.objects.create_superuser("admin", password="pw-admin")


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(f"pw-{username}")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def settle(page):
    """Waits until the page's widgets, fonts and map have started."""
    page.wait_for_load_state("load")
    if page.locator("[data-partner-map]").count():
        page.wait_for_load_state("networkidle")  # the map fetches its countries
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(100)


# What the Content-Security-Policy blocked on the page (an inline style, say).
CSP_LISTENER = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__blocked.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || "?"}:${event.lineNumber}`);
});
"""

# axe only asks for a review when aria-describedby or aria-labelledby points nowhere.
DANGLING_REFERENCES = """() => {
  const found = [];
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      const ids = element.getAttribute(attribute).split(/\\s+/).filter(Boolean);
      if (ids.some(id => !document.getElementById(id))) {
        found.push([attribute, element.outerHTML.slice(0, 200)]);
      }
    }
  }
  return found;
}"""


def audit(page, name: str) -> list[str]:
    """Runs axe on the page as it is now; returns one readable line per violation."""
    settle(page)
    page.screenshot(path=SHOTS / f"{name}.png")
    # Read before axe runs: axe's own attempt to load the page's styles trips the CSP too.
    blocked = page.evaluate("window.__blocked")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes:"
        " ['violations']})",
        TAGS,
    )
    problems = [f"{name} ({page.url}): CSP {text}" for text in blocked]
    problems += [
        f"{name} ({page.url}): {attribute} points at a missing id: {html}"
        for attribute, html in page.evaluate(DANGLING_REFERENCES)
    ]
    for violation in result["violations"]:
        nodes = violation["nodes"]
        lines = [
            f"{name} ({page.url}): {violation['id']} [{violation['impact']}] "
            f"{violation['help']}, {len(nodes)} node(s)"
        ]
        for node in nodes[:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {json.dumps(node['target'])}: {summary[:300]}")
            lines.append(f"      {node['html'][:200]}")
        problems.append("\n".join(lines))
    return problems


def check(page, url: str, name: str, problems: list[str]) -> None:
    page.goto(url)
    problems.extend(audit(page, name))


def assert_none(problems):
    assert not problems, "axe found WCAG 2.1 AA violations:\n" + "\n".join(problems)


def first_pk(model) -> int:
    return model.objects.order_by("pk").values_list("pk", flat=True).first()


def test_dashboard_pages_pass_axe(axe_page, live_server, users):
    page, base, problems = axe_page, live_server.url, []
    check(page, f"{base}/accounts/login/", "login", problems)

    log_in(page, live_server, "manager")
    problems.extend(audit(page, "home"))
    for name in [
        "partnerships:partnership_list",
        "partnerships:agreement_list",
        "partnerships:activity_list",
        "partnerships:network_list",
        "partnerships:euproject_list",
        "partnerships:organisation_list",
        "partnerships:contact_list",
        "pressroom:pressrelease_list",
    ]:
        check(page, base + reverse(name), name.split(":")[1], problems)
    # A list with its filters applied shows chips and a selected multi-select value.
    check(
        page,
        base + reverse("partnerships:partnership_list") + "?kind=sister_city&country=DE",
        "partnership_list-filtered",
        problems,
    )
    assert "Melle" in page.locator("table.table").inner_text()
    # The filtered list saved as a shared view: the open form, the home page, the views.
    page.locator("summary", has_text="Deze weergave bewaren").click()
    problems.extend(audit(page, "partnership_list-save-view"))
    page.fill("#save-view-name", "Duitse zustersteden")
    page.check("#save-view-shared")
    page.locator("form:has(#save-view-name) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Weergave “Duitse zustersteden” bewaard." in page.content()
    check(page, base + "/", "home-with-saved-view", problems)
    check(page, base + reverse("savedview_list"), "saved-views", problems)
    check(page, base + "/partnerships/999999/", "not-found", problems)
    # The site-wide search: results of several kinds, marked words; and none at all.
    check(page, base + reverse("search") + "?q=Kanazawa", "search", problems)
    assert page.locator(".search-group").count() >= 3
    check(page, base + reverse("search") + "?q=qwxzv", "search-no-results", problems)
    check(page, base + reverse("profile"), "profile", problems)
    page.get_by_role("button", name="Maak mijn agenda-adres").click()
    page.wait_for_selector("#calendar-url")
    problems.extend(audit(page, "profile-with-calendar-address"))
    page.get_by_role("button", name="Maak een token").click()  # without a name: the error
    page.wait_for_selector("#id_name-errors")
    problems.extend(audit(page, "profile-api-token-error"))
    page.get_by_label("Waarvoor dient het?").fill("Power BI")
    page.get_by_role("button", name="Maak een token").click()
    page.wait_for_selector("#api-secret")
    problems.extend(audit(page, "profile-with-api-token"))
    for model in [Partnership, Organisation, Contact, Network, EUProject, PressRelease]:
        record = model.objects.order_by("pk").first()
        check(page, base + record.get_absolute_url(), f"{model._meta.model_name}_detail", problems)
    # An agreement in a chain and an activity with organisations on both sides.
    renewed = Agreement.objects.get(replaces__isnull=False)
    check(page, base + renewed.get_absolute_url(), "agreement_detail", problems)
    jazz = Activity.objects.filter(partner_organisations__isnull=False).first()
    check(page, base + jazz.get_absolute_url(), "activity_detail", problems)
    # Kanazawa's agreements drawn as a chain, from the 1971 treaty to the 2021 renewal.
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    check(page, base + kanazawa.get_absolute_url(), "partnership_detail-chain", problems)
    # The yearly report, on screen and as printed.
    check(page, base + reverse("report_index"), "report_index", problems)
    check(page, base + reverse("report", args=[2021]), "report", problems)
    page.emulate_media(media="print")
    problems.extend(audit(page, "report-print"))
    page.emulate_media(media="screen")
    assert_none(problems)


def test_select_widget_is_named_and_waits_for_the_keyboard(axe_page, live_server, users):
    page = axe_page
    log_in(page, live_server, "manager")
    page.goto(live_server.url + reverse("partnerships:partnership_list"))
    settle(page)
    country = page.get_by_role("combobox", name="Land")
    country.focus()
    page.wait_for_timeout(200)
    dropdown = page.locator("#id_country-ts-dropdown")
    assert not dropdown.is_visible(), "the list opened on focus alone"
    page.keyboard.press("ArrowDown")
    assert dropdown.is_visible(), "the arrow key does not open the list"
    page.keyboard.type("Duits")
    dropdown.locator(".option.active", has_text="Duitsland").wait_for()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "country=DE" in page.url
    assert page.locator("#id_country").get_attribute("aria-labelledby")


def import_preview(page, base, path, rows: bytes, tmp_path, name):
    upload = tmp_path / f"{name}.csv"
    upload.write_bytes(rows)
    page.goto(f"{base}{path}")
    page.set_input_files("#id_file", str(upload))
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("#import-counts")


def test_admin_pages_pass_axe(axe_page, live_server, users, tmp_path, django_user_model):
    from django.contrib import admin

    page, base, problems = axe_page, live_server.url, []
    check(page, f"{base}/admin/login/", "admin-login", problems)
    # A failed login leaves records in the logs of login attempts (django-axes).
    page.get_by_label("Gebruikersnaam").fill("nobody")
    page.get_by_label("Wachtwoord").fill("wrong")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_selector("[role=alert], .errornote")
    problems.extend(audit(page, "admin-login-failed"))
    assert AccessAttempt.objects.filter(username="nobody").exists()
    # django-axes keeps a log of failures only when told to: one row shows its page.
    AccessFailureLog.objects.create(
        username="nobody", ip_address="127.0.0.1", user_agent="test", path_info="/accounts/login/"
    )

    log_in(page, live_server, "admin")
    check(page, f"{base}/admin/", "admin-index", problems)
    # Every registered admin: the project's own, Django's users and groups, django-axes.
    for model in admin.site._registry:
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        check(page, base + reverse(f"admin:{name}_changelist"), f"admin-{name}-list", problems)
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            url = reverse(f"admin:{name}_change", args=[record.pk])
            check(page, base + url, f"admin-{name}-change", problems)
    # The user form's other faces: a user with a last login, adding one, the passwords.
    editor = django_user_model.objects.get(username="editor")
    check(page, base + reverse("admin:auth_user_change", args=[editor.pk]), "admin-user", problems)
    check(page, base + reverse("admin:auth_user_add"), "admin-user-add", problems)
    check(page, base + reverse("admin:auth_group_add"), "admin-group-add", problems)
    password = reverse("admin:auth_user_password_change", args=[editor.pk])
    check(page, base + password, "admin-user-password", problems)
    check(page, base + reverse("admin:password_change"), "admin-own-password", problems)

    log_in(page, live_server, "editor")
    check(page, f"{base}/admin/", "editor-admin-index", problems)
    # Nobody adds to the log of imports by hand: the editor gets the "not allowed" page.
    check(page, base + reverse("admin:gentintl_importrun_add"), "forbidden", problems)
    check(
        page,
        base + reverse("admin:partnerships_partnership_add"),
        "admin-partnership-add",
        problems,
    )
    check(page, base + reverse("admin:pressroom_pressrelease_paste"), "admin-paste", problems)
    city_import = reverse("admin:partnerships_city_import")
    check(page, base + city_import, "admin-import", problems)

    city = City.objects.order_by("pk").first()
    rows = f"Naam;Land;Lokale naam\n{city.name};{city.country.code};Anders\nTeststad;BE;Teststad\n"
    import_preview(page, base, city_import, rows.encode(), tmp_path, "changes")
    problems.extend(audit(page, "admin-import-preview"))
    # Read out, the change says what it was and what it becomes, not only struck and underlined.
    change = page.locator("#import-preview tr.row-update li").first.aria_snapshot()
    read = (
        f'- text: ": was"\n  - deletion: {city.local_name}\n  - text: wordt\n  - insertion: Anders'
    )
    assert read in change, change
    page.click("#cancel-import")
    page.wait_for_load_state()

    import_preview(page, base, city_import, b"Naam;Land\nNergens;XX\n", tmp_path, "errors")
    problems.extend(audit(page, "admin-import-errors"))

    # A file that cannot be read at all comes back to the form with the field's error.
    refused = tmp_path / "refused.csv"
    refused.write_bytes(b"")
    page.goto(base + city_import)
    page.set_input_files("#id_file", str(refused))
    page.click("#import-form input[type=submit]")
    page.wait_for_selector(".errorlist")
    problems.extend(audit(page, "admin-import-refused"))

    gdansk, _ = City.objects.get_or_create(
        name="Gdansk", country="PL", defaults={"local_name": "Gdańsk"}
    )
    rows = f"Naam;Land;Lokale naam\nGdansk;PL;{gdansk.local_name}\n".encode("cp1252", "replace")
    import_preview(page, base, city_import, rows, tmp_path, "warnings")
    problems.extend(audit(page, "admin-import-warnings"))

    check(page, base + reverse("admin:gentintl_importrun_changelist"), "admin-importruns", problems)
    assert_none(problems)


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
