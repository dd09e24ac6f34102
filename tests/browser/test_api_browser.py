"""The read API as a person meets it: the documentation page in Chromium with the
Content-Security-Policy on and nothing fetched from another host, and a token made on the
profile page that `curl` then uses to read the partnerships."""

import json
import shutil
import subprocess
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group

from seeds.loaders import load_seeds
from tests.browser.axe import CSP_LISTENER, log_in
from tests.browser.conftest import ARTIFACTS, new_page
from tests.conftest import ensure_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def users(django_user_model):
    load_seeds()
    ensure_roles()
    manager = django_user_model.objects.create_user("manager", password="pw-manager")
    manager.groups.add(Group.objects.get(name="Managers"))
    return manager


@pytest.fixture
def watched_page(browser):
    """A page that notes every request it makes and every CSP violation."""
    scripts = [{"script": CSP_LISTENER}]
    with new_page(browser, viewport={"width": 1280, "height": 900}, init_scripts=scripts) as page:
        page.set_default_timeout(15_000)
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        yield page


def test_the_docs_page_runs_under_the_csp_and_tries_an_endpoint(watched_page, live_server, users):
    page = watched_page
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/api/docs/")
    operation = page.locator("#operations-partnerships-partnerships_list")
    operation.wait_for()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".responses-wrapper .live-responses-table .microlight").first
    body.wait_for()
    page.screenshot(path=ARTIFACTS / "api-docs.png")

    answer = json.loads(body.inner_text())
    assert "Kanazawa" in [row["city"]["name"] for row in answer["results"]]
    assert page.evaluate("window.__blocked") == []
    host = urlparse(live_server.url).netloc
    elsewhere = [url for url in page.requested if urlparse(url).netloc not in (host, "")]
    assert not [url for url in elsewhere if not url.startswith("data:")], elsewhere
    assert any(url.endswith("/api/schema/") for url in page.requested)


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_curl_reads_partnerships_with_a_token_from_the_profile_page(
    watched_page, live_server, users
):
    page = watched_page
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_label("Waarvoor dient het?").fill("Power BI")
    page.get_by_role("button", name="Maak een token").click()
    token = page.locator("#api-secret").input_value()
    page.screenshot(path=ARTIFACTS / "profile-api-token.png", full_page=True)

    def curl(url):
        result = subprocess.run(
            ["curl", "--silent", "--fail-with-body", "-H", f"Authorization: Bearer {token}", url],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)

    partnerships = curl(f"{live_server.url}/api/partnerships/?status=phasing_out")
    contacts = curl(f"{live_server.url}/api/partnerships/contacts/")

    assert "Nottingham" in [row["city"]["name"] for row in partnerships["results"]]
    assert all(row["status"] == "phasing_out" for row in partnerships["results"])
    assert contacts["results"] and "@" not in json.dumps(contacts)  # a manager: no e-mail
    page.goto(f"{live_server.url}/accounts/profile/")
    assert page.locator("#api-secret").count() == 0  # shown once
