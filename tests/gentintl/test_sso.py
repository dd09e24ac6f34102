"""Single sign-on through a real OpenID Connect provider (tests/oidc_provider/, in its own
process): the browser's side of the redirects is played by `requests` at the provider and by
the test client here; every token is made, signed and checked for real."""

import json
import logging
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.oidc_provider import EDITORS, MANAGERS, PASSWORD, USERNAME


def audit_lines(caplog, event):
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "gentintl.audit"]
    return [line for line in lines if line["event"] == event]


class ProviderBrowser:
    """What a browser does at the provider: follows its redirects, fills in its login form
    when it shows one, until it is sent back to gentintl."""

    def __init__(self, provider):
        self.provider = provider
        self.session = requests.Session()
        self.asked_for_password = False

    def visit(self, location: str) -> str:
        """Follow `location` at the provider; the address it sends the browser back to."""
        self.asked_for_password = False
        while location.startswith(self.provider.url):
            answer = self.session.get(location, allow_redirects=False, timeout=10)
            if answer.status_code == 200 and 'name="password"' in answer.text:
                self.asked_for_password = True
                answer = self.session.post(
                    answer.url,
                    data={
                        "username": USERNAME,
                        "password": PASSWORD,
                        "csrfmiddlewaretoken": self.session.cookies["provider_csrftoken"],
                    },
                    allow_redirects=False,
                    timeout=10,
                )
            assert answer.status_code == 302, answer.text[:500]
            location = urljoin(answer.url, answer.headers["Location"])
        return location


def log_in(client, provider_browser, query=""):
    """Press the login page's button and go through the provider; gentintl's answer."""
    start = client.get(reverse("oidc_authentication_init") + query)
    assert start.status_code == 302
    back = provider_browser.visit(start["Location"])
    assert back.startswith("http://testserver/oidc/callback/")
    return client.get(back)


@pytest.fixture
def provider_browser(sso):
    return ProviderBrowser(sso)


def test_the_login_page_offers_the_city_account(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Aanmelden met stadsaccount" in page
    assert 'href="/oidc/authenticate/"' in page
    assert 'name="password"' in page  # local accounts still log in here


def test_first_login_creates_an_editor_from_the_groups_claim(client, provider_browser, caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    response = log_in(client, provider_browser)
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(username=USERNAME)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert [group.name for group in user.groups.all()] == ["Editors"]
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert user.email == "ines.desmet@stad.gent"
    assert (user.first_name, user.last_name) == ("Ines", "Desmet")
    assert client.get(reverse("home")).status_code == 200
    [line] = audit_lines(caplog, "sso_login")
    assert line["user"] == USERNAME and line["groups"] == ["Editors"] and line["created"]


def test_the_login_goes_on_to_the_page_asked_for(client, provider_browser):
    response = log_in(client, provider_browser, "?next=/partnerships/contacts/")
    assert response["Location"] == "/partnerships/contacts/"
    assert client.get(response["Location"]).status_code == 200


def test_a_changed_group_takes_effect_at_the_next_login(client, provider_browser, sso):
    log_in(client, provider_browser)
    user = get_user_model().objects.get(username=USERNAME)
    press = Group.objects.create(name="Press office")  # a group of ours the provider has no say in
    user.groups.add(press)
    sso.control(groups=[MANAGERS, "some-other-city-group"])
    assert user.groups.filter(name="Editors").exists()  # until the next login
    client.post(reverse("logout"))
    log_in(Client(), provider_browser)
    user.refresh_from_db()
    assert sorted(group.name for group in user.groups.all()) == ["Managers", "Press office"]
    assert not user.is_staff  # managers do not work in the admin
    assert get_user_model().objects.count() == 1  # the same account, found again


def test_a_login_in_both_groups_is_an_editor_and_a_manager(client, provider_browser, sso):
    sso.control(groups=[EDITORS, MANAGERS])
    log_in(client, provider_browser)
    user = get_user_model().objects.get(username=USERNAME)
    assert sorted(group.name for group in user.groups.all()) == ["Editors", "Managers"]


TRUSTED = "kon niet vertrouwd worden"


@pytest.mark.parametrize(
    "id_token, reason, detail, message",
    [
        ("forged", "invalid_token", "JWS token verification failed.", TRUSTED),
        ("expired", "expired_token", None, "de aanmelding was verlopen"),
        ("no_exp", "invalid_token", "no exp", TRUSTED),
        ("other_client", "invalid_token", "aud", TRUSTED),
        ("other_issuer", "invalid_token", "iss", TRUSTED),
    ],
)
def test_a_bad_id_token_is_refused_with_a_clear_message(
    client, provider_browser, sso, caplog, id_token, reason, detail, message
):
    caplog.set_level(logging.INFO)
    sso.control(id_token=id_token)
    response = log_in(client, provider_browser)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert message in page and "stadsaccount" in page
    [line] = audit_lines(caplog, "sso_refused")
    assert (line["reason"], line.get("detail")) == (reason, detail)
    assert not [record for record in caplog.records if record.exc_info]  # no traceback logged


def test_a_refused_token_does_not_lock_anyone_out(client, provider_browser, sso, settings):
    from axes.models import AccessAttempt

    sso.control(id_token="forged")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        log_in(Client(), provider_browser)
    assert not AccessAttempt.objects.exists()
    sso.control(id_token="")
    assert log_in(client, provider_browser)["Location"] == "/"


def test_a_city_account_in_none_of_the_groups_is_refused_and_loses_its_groups(
    client, provider_browser, sso
):
    log_in(client, provider_browser)
    client.post(reverse("logout"))
    sso.control(groups=["some-other-city-group"])
    response = log_in(client, provider_browser)
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "geeft geen toegang tot gentintl" in page
    user = get_user_model().objects.get(username=USERNAME)
    assert not user.groups.exists() and not user.is_staff


def test_the_provider_cannot_log_in_as_a_local_account(client, provider_browser, django_user_model):
    admin = django_user_model.objects.create_superuser(USERNAME, password="local-emergency-pw")
    response = log_in(client, provider_browser)
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "naam van een lokaal gentintl-account" in page
    admin.refresh_from_db()
    assert admin.is_superuser and admin.check_password("local-emergency-pw")
    assert not admin.groups.exists()


def test_a_switched_off_account_is_refused(client, provider_browser):
    log_in(client, provider_browser)
    client.post(reverse("logout"))
    get_user_model().objects.filter(username=USERNAME).update(is_active=False)
    response = log_in(client, provider_browser)
    assert "_auth_user_id" not in client.session
    assert "is uitgeschakeld" in client.get(response["Location"]).content.decode()


def test_an_unreachable_provider_is_a_message_not_an_error(client, provider_browser, sso):
    start = client.get(reverse("oidc_authentication_init"))
    back = provider_browser.visit(start["Location"])
    with override_settings(OIDC_OP_TOKEN_ENDPOINT="http://127.0.0.1:9/o/token/"):
        response = client.get(back)
    assert "_auth_user_id" not in client.session
    assert "niet bereikbaar" in client.get(response["Location"]).content.decode()


def test_logout_ends_the_provider_session_too(client, provider_browser, sso):
    log_in(client, provider_browser)
    assert provider_browser.asked_for_password
    response = client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    location = response["Location"]
    assert location.startswith(sso.discovery["end_session_endpoint"])
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert provider_browser.visit(location) == "http://testserver/accounts/login/"
    log_in(client, provider_browser)
    assert provider_browser.asked_for_password  # the provider forgot the user: a new password


def test_a_second_login_while_the_provider_remembers_the_user_needs_no_password(
    client, provider_browser
):
    log_in(client, provider_browser)
    log_in(Client(), provider_browser)
    assert not provider_browser.asked_for_password


def test_local_accounts_still_log_in_and_out_with_a_password(client, sso, editor):
    response = client.post(reverse("login"), {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(editor.pk)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")  # no provider session to end


def test_a_city_account_s_pages_read_its_permissions_like_a_local_account_s(
    client, provider_browser
):
    log_in(client, provider_browser)
    assert client.session["_auth_user_backend"] == "gentintl.sso.CityAccountBackend"
    local = Client()
    local.force_login(get_user_model().objects.get(), backend="gentintl.backends.PermissionBackend")
    url = reverse("partnerships:partnership_list")
    counts = []
    for each in (local, client):
        each.get(url)  # the first request of a session writes it
        with CaptureQueriesContext(connection) as queries:
            assert each.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


# ------------------------------------------------------------------ without a provider


def test_without_a_provider_there_is_no_button_and_no_sso_address(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "stadsaccount" not in page and "oidc" not in page
    for url in ("/oidc/authenticate/", "/oidc/callback/?code=x&state=y", "/oidc/logout/"):
        assert client.get(url).status_code == 404


# ------------------------------------------------------------------ configured by environment

CITY = "https://login.stad.gent/realms/stad"
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "gentintl.example.org",
    "OIDC_RP_CLIENT_ID": "gentintl",
    "OIDC_RP_CLIENT_SECRET": "s3cret",
    "OIDC_OP_ISSUER": CITY,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{CITY}/protocol/openid-connect/auth",
    "OIDC_OP_TOKEN_ENDPOINT": f"{CITY}/protocol/openid-connect/token",
    "OIDC_OP_USER_ENDPOINT": f"{CITY}/protocol/openid-connect/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{CITY}/protocol/openid-connect/certs",
    "OIDC_OP_LOGOUT_ENDPOINT": f"{CITY}/protocol/openid-connect/logout",
    "OIDC_EDITORS_GROUPS": "IR-redactie",
    "OIDC_MANAGERS_GROUPS": "IR-management,IR-directie",
}


def test_deploy_check_is_clean_with_single_sign_on():
    from tests.test_project import run_manage

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_environment_turns_single_sign_on_on():
    from tests.test_project import run_manage

    script = (
        "from django.conf import settings; from django.urls import reverse; "
        "print(reverse('oidc_authentication_init'), settings.AUTHENTICATION_BACKENDS, "
        "settings.OIDC_GROUPS, settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = {**PRODUCTION, "DJANGO_DEBUG": "1"}
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("/oidc/authenticate/ ")
    assert "'axes.backends.AxesStandaloneBackend', 'gentintl.backends.PermissionBackend', " in (
        result.stdout
    )
    assert "'gentintl.sso.CityAccountBackend'" in result.stdout
    assert "{'Editors': ['IR-redactie'], 'Managers': ['IR-management', 'IR-directie']}" in (
        result.stdout
    )
    assert "[\"'self'\", 'https://login.stad.gent']" in result.stdout


def test_half_configured_single_sign_on_says_what_is_missing():
    from tests.test_project import run_manage

    env = {**PRODUCTION, "OIDC_OP_JWKS_ENDPOINT": "", "OIDC_RP_CLIENT_SECRET": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "single sign-on also needs OIDC_RP_CLIENT_SECRET, OIDC_OP_JWKS_ENDPOINT" in (
        result.stderr
    )
