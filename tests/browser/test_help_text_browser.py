"""A field's aria-describedby names help text that is on the page, with JavaScript and
without: in the rows of a tabular inline (whose help text Django shows in the column
header only), in a row added with "add another", on the import page and on the password
summary of a user."""

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from partnerships.models import Partnership
from tests.browser.axe import (
    DANGLING_REFERENCES,
    log_in,
)
from tests.browser.conftest import ARTIFACTS, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("users"),
]

SHOTS = ARTIFACTS / "accessibility"
DATE_HELP = "Een jaar (1971), een maand (07/2021) of een dag (10/11/2021)."
DESCRIBED = "els => els.filter(el => el.getAttribute('aria-describedby')).length"


@pytest.fixture
def page_without_js(browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with new_page(browser, java_script_enabled=False) as page:
        yield page


def pages_with_inlines():
    """The change and add page of every admin with inlines."""
    for model, model_admin in admin.site._registry.items():
        if not model_admin.inlines:
            continue
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            yield reverse(f"admin:{name}_change", args=[record.pk])
        yield reverse(f"admin:{name}_add")


def dangling(page) -> list[str]:
    return [f"{page.url}: {attr} {html}" for attr, html in page.evaluate(DANGLING_REFERENCES)]


def test_help_text_references_resolve_without_javascript(
    page_without_js, live_server, tmp_path, django_user_model
):
    page, base, found = page_without_js, live_server.url, []
    log_in(page, live_server, "admin")
    assert page.evaluate("!!window.django") is False  # the admin's scripts do not run

    urls = list(pages_with_inlines())
    assert reverse("admin:partnerships_partnership_add") in urls
    described = 0
    for url in urls:
        page.goto(base + url)
        found += dangling(page)
        described += page.locator("[aria-describedby]").evaluate_all(DESCRIBED)
    assert described > 20  # inline rows, the empty row, the main form's fields

    partnership = Partnership.objects.filter(status_changes__isnull=False).first()
    page.goto(base + reverse("admin:partnerships_partnership_change", args=[partnership.pk]))
    changed_on = page.locator("#id_status_changes-0-changed_on")
    expect(changed_on).to_have_accessible_name("Gewijzigd op")
    expect(changed_on).to_have_accessible_description(DATE_HELP)
    page.locator("#status_changes-group").screenshot(path=SHOTS / "no-js-inline.png")

    editor = django_user_model.objects.get(username="editor")
    page.goto(base + reverse("admin:auth_user_change", args=[editor.pk]))
    found += dangling(page)
    expect(page.locator("#id_password")).to_have_accessible_description(
        "Wachtwoorden in tekstvorm worden niet bewaard, dus er is geen manier om het "
        "wachtwoord van de gebruiker te zien."
    )

    city_import = base + reverse("admin:partnerships_city_import")
    page.goto(city_import)
    found += dangling(page)
    assert page.locator("[aria-describedby]").evaluate_all(DESCRIBED) > 0
    # Refused: the form comes back with the field's error, also described.
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    page.set_input_files("#id_file", str(empty))
    page.click("#import-form input[type=submit]")
    page.wait_for_selector(".errorlist")
    found += dangling(page)
    page.screenshot(path=SHOTS / "no-js-import-refused.png", full_page=True)
    assert not found, "\n".join(found)


def test_a_row_added_with_javascript_keeps_its_help_text(page, live_server):
    log_in(page, live_server, "admin")
    partnership = Partnership.objects.order_by("pk").first()
    page.goto(
        live_server.url + reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    )
    group = page.locator("#status_changes-group")
    rows = group.locator("tr.form-row:not(.empty-form)").count()
    group.locator(".add-row a").click()
    added = page.locator(f"#id_status_changes-{rows}-changed_on")
    expect(added).to_have_accessible_description(DATE_HELP)
    assert dangling(page) == []
    group.screenshot(path=SHOTS / "inline-row-added.png")
