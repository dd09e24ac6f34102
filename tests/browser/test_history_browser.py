"""An editor changes a partnership in the admin and reads its history, in Chromium."""

import pytest

from partnerships.models import Activity, Agreement, Partnership
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_import_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_status_change_reads_in_dutch_and_leaves_the_inlines_alone(
    seeded, editor, live_server, page
):
    partnership = Partnership.objects.get(city__name="Kanazawa")
    inline_history = (
        Activity.history.filter(partnership=partnership).count(),
        Agreement.history.filter(partnership=partnership).count(),
    )
    log_in(page, live_server, "editor", "pw-editor")

    page.goto(f"{live_server.url}/admin/partnerships/partnership/{partnership.pk}/change/")
    page.select_option("#id_status", "phasing_out")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")

    assert inline_history == (
        Activity.history.filter(partnership=partnership).count(),
        Agreement.history.filter(partnership=partnership).count(),
    )
    page.goto(f"{live_server.url}/admin/partnerships/partnership/{partnership.pk}/history/")
    page.screenshot(path=str(ARTIFACTS / "partnership-history.png"), full_page=True)
    changes = page.inner_text("#change-history").replace("\xa0", " ")
    assert "Status: Actief → Afbouwen" in changes
    assert "phasing_out" not in changes and "None" not in changes

    page.click("#change-history tbody tr:last-child a")
    page.wait_for_selector(".submit-row")
    page.screenshot(path=str(ARTIFACTS / "partnership-revert.png"), full_page=True)
    assert page.inner_text("h1") == "Kanazawa (zusterstad) terugzetten"
    assert page.input_value(".submit-row input[name=_save]") == "Terugzetten"
    assert page.input_value("#id_began_on") == "1971"
