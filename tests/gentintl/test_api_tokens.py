"""Personal API tokens: made on the profile page and shown once, stored as a digest only,
read by the API with `Authorization: Bearer`, revoked on the same page; each step an audit
line."""

import json
import logging
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gentintl.models import ApiToken, token_digest
from tests.factories import rows

API = "/api/partnerships/"


def audit_lines(caplog, event):
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "gentintl.audit"]
    return [line for line in lines if line["event"] == event]


def make_token(client, name="Power BI") -> str:
    response = client.post(reverse("profile"), {"action": "api_token_create", "name": name})
    assert response.status_code == 200
    found = re.search(r'id="api-secret" type="text" readonly value="([^"]+)"', response.text)
    assert found, "the token is shown once"
    return found.group(1)


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture(autouse=True)
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    return caplog


def test_a_token_made_on_the_profile_page_reads_the_api_without_a_session(manager_client):
    rows(2)
    token = make_token(manager_client)

    response = bearer(token).get(API)

    assert response.status_code == 200
    assert [p["city"]["name"] for p in response.json()["results"]] == ["Teststad 0", "Teststad 1"]
    assert response["Cache-Control"] == "no-store, private"


def test_the_token_is_shown_once_and_stored_as_its_digest(manager_client):
    token = make_token(manager_client)

    page = manager_client.get(reverse("profile")).text
    assert token not in page
    assert token[:8] in page  # the prefix says which token it is
    row = ApiToken.objects.get()
    assert row.digest == token_digest(token) and row.name == "Power BI"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert token not in stored


def test_a_revoked_token_is_refused(manager_client, manager):
    token = make_token(manager_client)
    assert bearer(token).get(API).status_code == 200

    response = manager_client.post(
        reverse("profile"), {"action": "api_token_revoke", "token": ApiToken.objects.get().pk}
    )

    assert response.status_code == 302
    refused = bearer(token).get(API)
    assert refused.status_code == 401 and "results" not in refused.json()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_user_s_token(manager_client, editor):
    row, token = ApiToken.issue(editor, "script")

    manager_client.post(reverse("profile"), {"action": "api_token_revoke", "token": row.pk})

    assert ApiToken.objects.filter(pk=row.pk).exists()
    assert bearer(token).get(API).status_code == 200


def test_a_wrong_token_with_a_right_prefix_is_refused(manager_client):
    token = make_token(manager_client)
    forged = token[:8] + "x" * (len(token) - 8)

    response = bearer(forged).get(API)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_inactive_user_s_token_is_refused(manager_client, manager):
    token = make_token(manager_client)
    manager.is_active = False
    manager.save()

    assert bearer(token).get(API).status_code == 401


def test_creation_use_and_revocation_are_audit_lines(manager_client, audit_log):
    token = make_token(manager_client, "Excel")
    bearer(token).get(API)
    manager_client.post(
        reverse("profile"), {"action": "api_token_revoke", "token": ApiToken.objects.get().pk}
    )
    bearer(token).get(API)

    [created] = audit_lines(audit_log, "api_token_created")
    [used] = audit_lines(audit_log, "api_token_used")
    [revoked] = audit_lines(audit_log, "api_token_revoked")
    [refused] = audit_lines(audit_log, "api_token_refused")
    assert created["user"] == used["user"] == revoked["user"] == "manager"
    assert created["token"] == used["token"] == revoked["token"] == token[:8]
    assert created["name"] == "Excel" and used["path"] == API
    assert refused["user"] is None and refused["prefix"] == token[:8]
    logged = json.dumps([created, used, revoked, refused])
    assert token not in logged  # the secret itself is never written


def test_a_token_needs_a_name_said_in_dutch(manager_client):
    response = manager_client.post(reverse("profile"), {"action": "api_token_create", "name": ""})

    assert response.status_code == 400
    assert "Zeg waarvoor het token dient." in response.text
    assert not ApiToken.objects.exists()


def test_use_is_shown_on_the_profile_page(manager_client):
    token = make_token(manager_client)
    assert ApiToken.objects.get().last_used_at is None

    bearer(token).get(API)

    assert ApiToken.objects.get().last_used_at is not None
    assert "nooit" not in manager_client.get(reverse("profile")).text
