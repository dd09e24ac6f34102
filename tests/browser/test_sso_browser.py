"""Single sign-on in Chromium, through the real redirects: gentintl's login page, the
provider's login form (tests/oidc_provider/, its own process), back to gentintl."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.axe import (
    CSP_LISTENER,
    assert_none,
    audit,
)
from tests.browser.conftest import ARTIFACTS
from tests.oidc_provider import MANAGERS, PASSWORD, USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(sso, live_server):
    """The provider, knowing the live server's addresses."""
    sso.control(
        redirect_uris=[f"{live_server.url}/oidc/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/accounts/login/"],
    )
    return sso


@pytest.fixture
def watched(page):
    """The page, noting every Content-Security-Policy violation."""
    page.context.add_init_script(script=CSP_LISTENER)
    return page


def press_city_account(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Aanmelden met stadsaccount").click()


def sign_in_at_provider(page, city):
    page.wait_for_url(f"{city.url}/accounts/login/**")
    page.get_by_label("User name").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_first_login_with_a_city_account(watched, live_server, city):
    page = watched
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=ARTIFACTS / "sso-login-page.png", full_page=True)
    press_city_account(page, live_server)
    page.screenshot(path=ARTIFACTS / "sso-provider-form.png")
    sign_in_at_provider(page, city)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".user-menu__name").inner_text() == "Ines Desmet"
    page.screenshot(path=ARTIFACTS / "sso-logged-in.png")
    user = get_user_model().objects.get(username=USERNAME)
    assert [group.name for group in user.groups.all()] == ["Editors"] and user.is_staff
    page.goto(f"{live_server.url}/admin/")
    assert page.url == f"{live_server.url}/admin/"  # editors work in the admin
    assert page.evaluate("window.__blocked") == []


def test_logout_ends_the_provider_session_and_a_new_group_counts_at_the_next_login(
    watched, live_server, city
):
    page = watched
    press_city_account(page, live_server)
    sign_in_at_provider(page, city)
    page.wait_for_url(f"{live_server.url}/")
    city.control(groups=[MANAGERS])

    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.evaluate("window.__blocked") == []
    assert page.get_by_role("link", name="Aanmelden met stadsaccount").is_visible()

    press_city_account(page, live_server)
    sign_in_at_provider(page, city)  # the provider asks for the password again
    page.wait_for_url(f"{live_server.url}/")
    user = get_user_model().objects.get(username=USERNAME)
    assert [group.name for group in user.groups.all()] == ["Managers"] and not user.is_staff
    page.goto(f"{live_server.url}/admin/")
    assert "/admin/login/" in page.url  # no admin for managers


def test_a_forged_id_token_leaves_the_user_on_the_login_page_with_a_message(
    page, live_server, city
):
    city.control(id_token="forged")
    press_city_account(page, live_server)
    sign_in_at_provider(page, city)
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    message = page.locator(".messages")
    assert "kon niet vertrouwd worden" in message.inner_text()
    page.screenshot(path=ARTIFACTS / "sso-refused.png", full_page=True)
    assert page.locator(".user-menu").count() == 0
    assert not get_user_model().objects.exists()


def test_the_login_page_with_its_city_account_button_and_a_refusal_pass_axe(
    axe_page,  # noqa: F811
    live_server,
    city,
):
    page = axe_page
    page.goto(f"{live_server.url}/accounts/login/")
    problems = audit(page, "sso-login")
    city.control(id_token="expired")
    press_city_account(page, live_server)
    sign_in_at_provider(page, city)
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert "de aanmelding was verlopen" in page.locator(".messages").inner_text()
    problems += audit(page, "sso-refused")
    assert_none(problems)
