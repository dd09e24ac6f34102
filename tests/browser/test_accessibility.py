"""WCAG 2.1 AA, checked by axe-core in Chromium over every kind of page (tests/browser/
axe.py injects it). axe cannot judge everything (keyboard order, what happens on focus,
reflow): tests/browser/test_keyboard_and_zoom.py looks at those directly. Screenshots go
to test-artifacts/accessibility/.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
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
from tests.browser.axe import (
    assert_none,
    audit,
    check,
    log_in,
    settle,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


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
