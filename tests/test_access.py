"""The access matrix: every URL of the project, for every kind of user.

A URL that is not described here fails `test_every_url_is_in_the_matrix`, so a view added
later cannot go unprotected without someone deciding who may see it.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gentintl.models import ApiToken, SavedView
from gentintl.spreadsheets.models import ImportRun
from partnerships.models import Partnership
from pressroom.models import PressRelease
from tests.conftest import ensure_roles
from tests.factories import rows

# Reachable without logging in: the login pages, logout (POST only), the language switch, and
# with single sign-on configured its start and the provider's way back (tests/gentintl/test_sso.py).
OPEN = {
    "login",
    "logout",
    "set_language",
    "admin:login",
    "admin:logout",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
# Reachable without logging in, with a secret in the address instead: a wrong one finds
# nothing, whoever asks (tests/partnerships/test_feeds.py reads them with the right one).
BY_SECRET = {"calendar_feed"}
# Every logged-in user: a user's own saved views (POST only but the page of views, so a
# GET answers 405; another user's view is not found).
OWN = {"savedview_list", "savedview_create", "savedview_change", "savedview_delete"}
# Logs nobody may add to or delete from, not even a superuser.
READ_ONLY = (
    "gentintl_importrun",
    "partnerships_reminder",
    "axes_accesslog",
    "axes_accessfailurelog",
    "axes_accessattempt",
)
SKIP = {"admin:?"}  # Django's catch-all: answers like any unknown admin URL
ROLES = [
    "anonymous",
    "inactive",
    "manager",
    "staff_without_permissions",
    "editor",
    "editor_without_import",
    "editor_without_export",
    "superuser",
]


def walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from walk(pattern, prefix + str(pattern.pattern), ns or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name or '?'}" if namespace else (pattern.name or "?")
            yield name, prefix + str(pattern.pattern)


def all_urls():
    return sorted(set(walk(get_resolver())))


def model_of(name: str):
    match = re.match(r"admin:(\w+?)_(\w+?)_(\w+)$", name)
    if not match:
        return None
    for app_label in ("partnerships", "pressroom", "gentintl", "auth", "axes", "simple_history"):
        if match.group(1) == app_label or name.startswith(f"admin:{app_label}_"):
            rest = name.removeprefix(f"admin:{app_label}_")
            for ct in ContentType.objects.filter(app_label=app_label):
                if rest.startswith(ct.model + "_"):
                    return ct.model_class(), rest.removeprefix(ct.model + "_")
    return None


def concrete(name: str, pattern: str) -> str | None:
    """A URL for `pattern` with real objects in its parameters."""
    if name == "search":  # a search that finds records of every kind in the seeds
        return f"{reverse(name)}?q=Gent"
    model_action = model_of(name)
    if name.endswith("_simple_history"):  # a regex route: object id, then history id
        row = model_action[0].history.order_by("pk").first()
        if row is None:
            return None
        pk_name = model_action[0]._meta.pk.attname
        return reverse(name, args=[getattr(row, pk_name), row.history_id])
    values = {}
    for converter in re.findall(r"<(?:\w+:)?(\w+)>", pattern):
        if converter == "object_id" and model_action:
            obj = model_action[0]._default_manager.order_by("pk").first()
            if obj is None:
                return None
            values[converter] = obj.pk
        elif converter == "object_id":
            values[converter] = Partnership.objects.first().pk
        elif converter == "id":
            from django.contrib.auth import get_user_model

            values[converter] = get_user_model().objects.order_by("pk").first().pk
        elif converter == "content_type_id":
            values[converter] = ContentType.objects.get_for_model(Partnership).pk
        elif converter == "history_id":
            model = model_action[0]
            values[converter] = model.history.order_by("pk").first().history_id
        elif converter == "pk":
            model = {
                "partnership_detail": Partnership,
                "agreement_detail": "agreement",
                "activity_detail": "activity",
                "organisation_detail": "organisation",
                "contact_detail": "contact",
                "network_detail": "network",
                "euproject_detail": "euproject",
                "savedview_change": SavedView,
                "savedview_delete": SavedView,
            }[name.split(":")[-1]]
            if isinstance(model, str):
                model = ContentType.objects.get(app_label="partnerships", model=model).model_class()
            obj = model.objects.order_by("pk").first()
            if obj is None:
                return None
            values[converter] = obj.pk
        elif converter == "number":
            values["number"] = PressRelease.objects.first().number
        elif converter == "slug":
            values["slug"] = PressRelease.objects.first().slug
        elif converter == "app_label":
            values[converter] = "partnerships"
        elif converter == "run_id":
            values[converter] = ImportRun.objects.first().pk
        elif converter == "action":
            values[converter] = "cancel"
        elif converter == "file_format":
            values[converter] = "csv"
        elif converter == "year":
            values[converter] = 2021
        elif converter == "token":
            values[converter] = "not-a-calendar-secret-of-anyone-at-all-0000"
        else:
            raise AssertionError(f"{name}: no sample value for <{converter}> in {pattern}")
    return reverse(name, kwargs=values)


# The yearly report and its PDF: whoever may view every kind of record it counts (it holds
# no personal data), managers and editors.
REPORTS = {"report_index", "report", "report_pdf"}
REPORT_PERMISSIONS = {
    "partnerships.view_partnership",
    "partnerships.view_agreement",
    "partnerships.view_activity",
    "partnerships.view_network",
    "partnerships.view_euproject",
    "pressroom.view_pressrelease",
}

# The read API answers for itself (session or token): 401 without credentials, 403 without
# the permission of the page it mirrors. Its documentation is a page: the login redirect.
API_FOR_ANY_USER = {"api:root", "api:schema"}
API_PAGES = {"api:docs"}


def required_permissions(name: str) -> set[str] | None:
    """The permissions a logged-in user needs; None for admin pages (staff + model rules)."""
    short = name.split(":")[-1]
    if name in ("password_change", "password_change_done", "profile") or name in OWN:
        return set()
    if name == "search":  # any logged-in user: each finds only the kinds they may view
        return set()
    if name in API_FOR_ANY_USER or name in API_PAGES:
        return set()
    if name.startswith("api:"):
        model = short.rpartition("_")[0]
        app = "pressroom" if model == "pressrelease" else "partnerships"
        return {f"{app}.view_{model}"}
    if name == "home":
        return {"partnerships.view_partnership"}
    if name in REPORTS:
        return REPORT_PERMISSIONS
    if name.startswith(("partnerships:", "pressroom:")):
        app = name.split(":")[0]
        model, _, action = short.rpartition("_")
        if action == "autocomplete":
            return {f"{app}.view_{model}"}
        if action == "export":
            return {f"{app}.view_{model}", f"{app}.export_{model}"}
        return {f"{app}.view_{model}"}
    return None


def expected_statuses(role: str, user, name: str) -> set[int]:
    if name in OPEN:
        return {200, 302, 405}
    if name in BY_SECRET:
        return {404}
    if name.startswith("api:") and name not in API_PAGES:
        if role in ("anonymous", "inactive"):
            return {401}
        return {200} if user.has_perms(required_permissions(name)) else {403}
    if role in ("anonymous", "inactive"):
        return {302}
    if name in OWN - {"savedview_list"}:
        return {405}
    needed = required_permissions(name)
    if needed is not None:
        return {200} if user.has_perms(needed) else {403}
    # The admin: non-staff users are sent to the admin login; staff get the page only
    # with the model permission the admin asks for.
    if not user.is_staff:
        return {302}
    short = name.removeprefix("admin:")
    if short.startswith(READ_ONLY) and short.endswith("_add"):
        return {403}
    if short == "gentintl_importrun_delete":
        return {403}
    if short == "autocomplete":
        return {403}  # answers only with the field it completes in its query string
    if role == "superuser":
        return {200, 302, 405}
    if short == "gentintl_importrun_undo":  # undoing needs the import permission of the model
        return {200, 302, 405} if user.has_perm("partnerships.import_partnership") else {403}
    model_action = model_of(name)
    if model_action is None:
        return {200, 302, 404}  # index, app index (404 without any of its models), view on site
    model, action = model_action
    label = model._meta.app_label
    codes = {
        "changelist": ["view", "change"],
        "history": ["view", "change"],
        "change": ["view", "change"],
        "add": ["add"],
        "delete": ["delete"],
        "import": ["import"],
        "import_decision": ["import"],
        "export": ["export"],
        "template": ["import", "export"],
        "undo": ["change", "view"],
        "revert": ["change"],
        "paste": ["add"],
        "simple_history": ["change"],
    }
    wanted = next((v for k, v in codes.items() if action.startswith(k)), ["view", "change"])
    allowed = any(user.has_perm(f"{label}.{code}_{model._meta.model_name}") for code in wanted)
    if model._meta.label == "partnerships.Contact" and action.startswith("history"):
        allowed = allowed and user.has_perm("partnerships.view_personal_data")
    return {200, 302, 405} if allowed else {403, 302}


@pytest.fixture
def users(django_user_model):
    ensure_roles()
    editors = Group.objects.get(name="Editors")
    managers = Group.objects.get(name="Managers")

    def make(username, group=None, permissions=None, **extra):
        user = django_user_model.objects.create_user(username, password="x", **extra)
        if group:
            user.groups.add(group)
        if permissions is not None:
            user.user_permissions.set(permissions)
        return user

    editor_perms = editors.permissions.all()
    return {
        "anonymous": None,
        "inactive": make("inactive", editors, is_staff=True, is_active=False),
        "manager": make("manager", managers),
        "staff_without_permissions": make("staff", is_staff=True),
        "editor": make("editor", editors, is_staff=True),
        "editor_without_import": make(
            "noimport",
            permissions=editor_perms.exclude(codename__startswith="import_"),
            is_staff=True,
        ),
        "editor_without_export": make(
            "noexport",
            permissions=editor_perms.exclude(codename__startswith="export_"),
            is_staff=True,
        ),
        "superuser": make("root", is_staff=True, is_superuser=True),
    }


@pytest.mark.parametrize("single_sign_on", [False, True])
def test_every_url_is_in_the_matrix(db, request, single_sign_on):
    if single_sign_on:
        request.getfixturevalue("sso")  # its URLs too
    for name, _pattern in all_urls():
        if name in OPEN or name in SKIP or name in BY_SECRET:
            continue
        assert name.startswith("admin:") or required_permissions(name) is not None, (
            f"{name} is not in the access matrix: decide who may see it"
        )


def matrix_failures(users, client, role) -> list[str]:
    user = users[role]
    SavedView.objects.create(user=users["editor"], name="Afbouw", list_name="home")
    ImportRun.objects.create(
        user=users["editor"],
        content_type=ContentType.objects.get_for_model(Partnership),
        file_name="x.csv",
        file_data=b"",
    )
    if user is not None:
        client.force_login(user)
    failures = []
    for name, pattern in all_urls():
        if name in SKIP:
            continue
        url = concrete(name, pattern)
        if url is None:
            continue
        status = client.get(url).status_code
        expected = expected_statuses(role, user, name)
        if status not in expected:
            failures.append(f"{role} GET {url} ({name}): {status}, expected {sorted(expected)}")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(seeded, users, client, role):
    failures = matrix_failures(users, client, role)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["anonymous", "manager", "editor"])
def test_access_matrix_with_single_sign_on(seeded, users, client, sso, role):
    names = {name for name, _pattern in all_urls()}
    assert {"oidc_authentication_init", "oidc_authentication_callback"} <= names
    failures = matrix_failures(users, client, role)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_api_access_matrix_by_token(seeded, users, role):
    """The same answers with a personal token as with a session; the documentation, a page
    for people, wants a session."""
    rows(1)  # the seeds have no EU project: every detail endpoint gets a row to show
    user = users[role]
    headers = {} if user is None else {"Authorization": f"Bearer {ApiToken.issue(user, 'x')[1]}"}
    client = Client(headers=headers)
    failures = []
    for name, pattern in all_urls():
        if not name.startswith("api:"):
            continue
        url = concrete(name, pattern)
        assert url is not None, name
        status = client.get(url).status_code
        expected = {302} if name in API_PAGES else expected_statuses(role, user, name)
        if status not in expected:
            failures.append(f"{role} GET {url} ({name}): {status}, expected {sorted(expected)}")
    assert not failures, "\n".join(failures)


def test_anonymous_reach_only_login_and_static(client, seeded):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("partnerships:partnership_list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/password_reset/").status_code == 404  # no self-service reset
    assert client.get("/static/css/gentintl.css").status_code == 200


def test_permission_codes_exist(db):
    assert Permission.objects.filter(codename="import_contact").exists()
