import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_pages_send_a_strict_content_security_policy(manager_client):
    policy = manager_client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_pages_refuse_framing_and_sniffing(manager_client):
    response = manager_client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sessions_expire_after_inactivity(manager_client):
    from gentintl.middleware import SessionRefreshMiddleware

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    manager_client.get(reverse("home"))
    session = manager_client.session
    first = session[SessionRefreshMiddleware.KEY]
    expiry = session.get_expiry_date()
    manager_client.get(reverse("home"))
    assert manager_client.session[SessionRefreshMiddleware.KEY] == first  # no write
    session = manager_client.session
    session[SessionRefreshMiddleware.KEY] = first - SessionRefreshMiddleware.REFRESH_SECONDS
    session.save()
    manager_client.get(reverse("home"))
    assert manager_client.session[SessionRefreshMiddleware.KEY] >= first
    assert manager_client.session.get_expiry_date() >= expiry


def test_login_is_blocked_after_five_failures_for_that_user_name_and_address(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "editor", "wrong").status_code == 200
    assert login(client, "editor", "wrong").status_code == 429
    response = login(client, "editor", "pw-editor")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode() or "Te veel" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_block_other_users(client, editor, manager):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "editor", "wrong")
    response = login(client, "manager", "pw-manager")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(manager.pk)


def test_a_lockout_ends_after_the_cool_off(client, editor):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw-editor").status_code == 429
    long_ago = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)
    assert login(client, "editor", "pw-editor").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/partnerships/contacts/",
        "/partnerships/contacts/export/?format=csv",
        "/partnerships/contacts/export/?format=xlsx",
        "/partnerships/",
        "/partnerships/cities/autocomplete/?q=a",
        "/pressroom/press-releases/",
    ],
)
def test_pages_and_exports_behind_the_login_are_never_stored(manager_client, url):
    response = manager_client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_the_admin_and_its_exports_are_never_stored(editor_client):
    for url in ("/admin/partnerships/contact/", "/admin/partnerships/contact/export/csv/"):
        response = editor_client.get(url)
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives


def test_static_files_stay_cacheable(manager_client):
    response = manager_client.get("/static/css/gentintl.css")
    assert "no-store" not in response.get("Cache-Control", "")
