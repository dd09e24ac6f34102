import json
import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def audit_lines(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "gentintl.audit"]


def test_failed_login_is_logged_with_user_name_and_address_but_no_password(client, caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    client.post(reverse("login"), {"username": "inge", "password": "geheim-wachtwoord"})
    [line] = [line for line in audit_lines(caplog) if line["event"] == "login_failed"]
    assert line["username"] == "inge"
    assert line["ip"] == "127.0.0.1"
    assert "geheim-wachtwoord" not in json.dumps(line)


def test_refused_access_is_logged(manager_client, caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    response = manager_client.get(reverse("admin:index"))
    assert response.status_code == 302  # a manager is no staff: the admin sends to its login
    manager_client.get("/admin/partnerships/contact/")
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from gentintl.audit import permission_denied

    request = RequestFactory().get("/geheim/")
    request.user = response.wsgi_request.user
    assert permission_denied(request, PermissionDenied()).status_code == 403
    line = audit_lines(caplog)[-1]
    assert line == {**line, "event": "access_refused", "path": "/geheim/", "user": "manager"}


def test_login_is_logged(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    client.post(reverse("login"), {"username": "editor", "password": "pw-editor"})
    assert [line["user"] for line in audit_lines(caplog) if line["event"] == "login"] == ["editor"]


def test_a_refused_request_is_one_audit_line_without_a_traceback(client, django_user_model, caplog):
    caplog.set_level(logging.DEBUG)
    user = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(user)
    assert client.get("/partnerships/contacts/?q=inge").status_code == 403
    [line] = [line for line in audit_lines(caplog) if line["event"] == "access_refused"]
    assert line["user"] == "nobody" and line["path"] == "/partnerships/contacts/"
    assert "inge" not in json.dumps(line)  # the query string can hold what was probed for
    refused = [r for r in caplog.records if "/partnerships/contacts/" in r.getMessage()]
    assert [r.name for r in refused] == ["gentintl.audit"]
    assert not any(r.exc_info for r in caplog.records)


def test_a_refused_admin_lookup_is_one_audit_line(client, django_user_model, caplog):
    from django.contrib.auth.models import Permission

    caplog.set_level(logging.DEBUG)
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_contact"))
    client.force_login(user)
    response = client.get("/admin/partnerships/contact/?email__startswith=inge")
    assert response.status_code == 403
    [line] = [line for line in audit_lines(caplog) if line["event"] == "access_refused"]
    assert line["path"] == "/admin/partnerships/contact/" and "inge" not in json.dumps(line)
    assert not any(r.exc_info for r in caplog.records)
