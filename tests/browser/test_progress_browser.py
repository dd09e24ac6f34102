"""Long work shows a sign of life and a click sends one request: upload with its
progress, the preview being prepared, the import running, an export being made."""

import base64
import importlib
import time

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

import gentintl.spreadsheets.runs
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from partnerships.models import Contact
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_import_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def editor_login(django_user_model):
    roles = importlib.import_module("partnerships.migrations.0003_roles")
    roles.create_roles(apps, None)  # a transactional test starts from an empty database
    user = django_user_model.objects.create_user(
        "redacteur", password="pw-redacteur", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return "redacteur", "pw-redacteur"


ROWS = 20_000
NORMAL_NETWORK = {
    "offline": False,
    "latency": 0,
    "downloadThroughput": -1,
    "uploadThroughput": -1,
}


def contacts_file(tmp_path):
    path = tmp_path / "contacten.csv"
    lines = ["E-mail;Naam;Soort"] + [f"p{i}@stad.gent;Persoon {i};person" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def slow_upload(page, bytes_per_second):
    """Chromium sends uploads at this rate, as over a slow connection."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second,
        },
    )
    return cdp


def test_upload_shows_progress_then_preview_then_one_import_on_a_double_click(
    page,
    live_server,
    editor_login,
    tmp_path,
    monkeypatch,
):
    apply_plan = gentintl.spreadsheets.runs.apply_plan

    def slower(*args, **kwargs):  # as on a busy server: time to look at the page
        time.sleep(2)
        return apply_plan(*args, **kwargs)

    monkeypatch.setattr(gentintl.spreadsheets.runs, "apply_plan", slower)
    log_in(page, live_server, *editor_login)
    page.goto(f"{live_server.url}/admin/partnerships/contact/import/")
    page.set_input_files("#id_file", str(contacts_file(tmp_path)))
    cdp = slow_upload(page, 150 * 1024)  # about 4 s for the 600 kB file
    page.click("#import-form input[type=submit]")

    status = page.locator("#import-status")
    page.wait_for_function(
        "() => /Bestand wordt opgeladen: [1-9]\\d? %/.test("
        "document.getElementById('import-status').textContent)"
    )
    assert status.get_attribute("role") == "status"
    assert page.locator("#import-form input[type=submit]").is_disabled()
    page.screenshot(path=str(ARTIFACTS / "progress-upload.png"), full_page=True)
    page.wait_for_function(
        "() => document.getElementById('import-status')"
        ".textContent.includes('voorbeeld wordt voorbereid')"
    )
    page.screenshot(path=str(ARTIFACTS / "progress-preview-prepared.png"), full_page=True)
    cdp.send("Network.emulateNetworkConditions", NORMAL_NETWORK)

    page.wait_for_selector("#import-preview", timeout=120_000)
    assert "nieuw: 20000" in page.inner_text("#import-counts").replace(".", "")

    confirms = []
    page.on(
        "request",
        lambda request: confirms.append(request.url) if "/confirm/" in request.url else None,
    )
    # Two clicks in a row, as fast as a double click, and what the page shows then. Read
    # in the page itself: Playwright's own calls wait for the page the click opens.
    state = page.evaluate(
        """async () => {
            const button = document.getElementById("confirm-import");
            button.scrollIntoView({block: "center"});
            button.click();
            button.click();
            await new Promise((resolve) => setTimeout(resolve, 100));
            const status = document.getElementById("import-status");
            return {
                text: status.textContent,
                visible: !status.hidden && status.offsetHeight > 0,
                role: status.getAttribute("role"),
                confirmDisabled: button.disabled,
                cancelDisabled: document.getElementById("cancel-import").disabled,
            };
        }"""
    )
    shot = cdp.send("Page.captureScreenshot", {"format": "png"})
    (ARTIFACTS / "progress-import-running.png").write_bytes(base64.b64decode(shot["data"]))
    assert state["text"].startswith("Import loopt."), state
    assert state["visible"] and state["role"] == "status"
    assert state["confirmDisabled"] and state["cancelDisabled"]

    page.wait_for_selector(".messagelist", timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "progress-import-done.png"), full_page=True)
    assert len(confirms) == 1
    assert "20.000 nieuw, 0 bijgewerkt" in page.inner_text(".messagelist")
    assert Contact.objects.count() == ROWS
    assert ImportRun.objects.get().status == ImportStatus.DONE


def test_an_export_shows_it_is_being_prepared_and_downloads_once(
    page,
    live_server,
    editor_login,
):
    Contact.objects.create(email="an@stad.gent", name="An")
    log_in(page, live_server, *editor_login)
    page.goto(f"{live_server.url}/admin/partnerships/contact/")
    link = page.locator("a.export-link").first
    exports = []
    page.on("request", lambda request: exports.append(1) if "/export/" in request.url else None)
    page.route("**/export/**", lambda route: (page.wait_for_timeout(1500), route.continue_()))
    with page.expect_download() as download:
        link.dblclick()
        page.wait_for_selector("text=Export wordt voorbereid")
        assert link.get_attribute("aria-disabled") == "true"
        page.screenshot(path=str(ARTIFACTS / "progress-export.png"))
    assert download.value.suggested_filename.startswith("contact-")
    page.wait_for_selector("text=Export klaar.")
    assert len(exports) == 1
