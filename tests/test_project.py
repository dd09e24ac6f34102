import ast
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_system_check_passes():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_migrations_are_in_sync_with_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def imported_modules(path):
    """The modules a Python file imports, by their full dotted name."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_runtime_apps_do_not_import_the_seeds():
    """The seeds load demo data through the apps; the apps never depend on the seeds."""
    offending = []
    for app in ("gentintl", "partnerships", "pressroom"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            offending += [
                f"{path.relative_to(ROOT)}: {module}"
                for module in imported_modules(path)
                if module == "seeds" or module.startswith("seeds.")
            ]
    assert offending == []


def test_production_without_secret_key_refuses_to_start_with_clear_error():
    result = run_manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "gentintl.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "search", "admin:index"])
def test_anonymous_users_are_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_login_page_is_in_dutch_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="nl-be"' in response.content.decode()


def test_roles_have_exactly_their_permissions(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    managers = set(
        Group.objects.get(name="Managers").permissions.values_list("codename", flat=True)
    )
    models = [
        "city",
        "partnership",
        "partnershipstatuschange",
        "agreement",
        "theme",
        "organisation",
        "contact",
        "network",
        "euproject",
        "activity",
        "pressrelease",
        "quote",
        "topic",
        "presscontact",
        "relatednews",
        "newsitem",
    ]
    expected_editors = {
        f"{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view", "import", "export")
    } | {"view_personal_data", "view_importrun", "view_reminder"}
    assert editors == expected_editors
    assert managers == {
        f"{action}_{model}" for model in models for action in ("view", "export")
    } | {"view_reminder"}


def test_managers_cannot_see_personal_data_but_editors_can(editor, manager):
    assert editor.has_perm("partnerships.view_personal_data")
    assert not manager.has_perm("partnerships.view_personal_data")
    assert manager.has_perm("partnerships.export_partnership")
    assert not manager.has_perm("partnerships.import_partnership")
    assert not manager.has_perm("partnerships.change_partnership")


def test_home_shows_counts_and_latest_press_releases(seeded, manager_client):
    response = manager_client.get(reverse("home"))
    assert response.status_code == 200
    table = {row["kind"].value: row for row in response.context["partnership_table"]}
    assert table["sister_city"]["total"] == 7
    assert table["partner_city"]["total"] == 5
    titles = [r.title for r in response.context["latest_press_releases"]]
    assert "Gent hernieuwt samenwerkingsakkoord met zusterstad Kanazawa" in titles
    assert "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026" in response.content.decode()


@pytest.mark.django_db
def test_dutch_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert 'lang="nl-be"' in response.content.decode()


def test_the_language_switch_turns_the_ui_to_english(manager_client):
    manager_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = manager_client.get(reverse("home"), headers={"accept-language": "nl-BE"})
    assert 'lang="en"' in response.content.decode()


DEV_ONLY_PACKAGES = {"pytest", "pytest-django", "playwright", "ruff", "uv"}


def normalised(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_requirements(path):
    """{name: (version, hash count)} of a hashed lock, failing on any line not pinned."""
    text = (ROOT / path).read_text().replace("\\\n", " ")
    locked = {}
    for line in text.splitlines():
        line = " ".join(line.split("#", 1)[0].split())
        if not line:
            continue
        match = re.fullmatch(
            r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)( ; [^-]+)?((?: --hash=sha256:[0-9a-f]{64})+)",
            line,
        )
        assert match, f"{path}: not pinned with == and hashed: {line}"
        locked[normalised(match[1])] = (match[2], match[4].count("--hash="))
    return locked


def direct_requirements(path):
    """{name: version} of a lock input, failing on a line without its reason."""
    direct = {}
    for line in (ROOT / path).read_text().splitlines():
        if not line or line.startswith(("#", "-r ")):
            continue
        requirement, _, reason = line.partition("  # ")
        assert reason.strip(), f"{path}: no reason given for {line}"
        name, version = re.fullmatch(
            r"([A-Za-z0-9._-]+)(?:\[[a-z,]+\])?==(\S+)", requirement
        ).groups()
        direct[normalised(name)] = version
    return direct


def test_production_requirements_are_locked_and_hashed_without_development_tools():
    runtime = locked_requirements("requirements.txt")
    assert {"django", "gunicorn", "asgiref", "sqlparse", "pip", "setuptools"} <= set(runtime)
    assert not DEV_ONLY_PACKAGES & set(runtime)
    assert runtime["psycopg-binary"][1] > 10, "the wheels of every platform are hashed"


def test_development_lock_runs_the_runtime_packages_at_production_versions():
    runtime = locked_requirements("requirements.txt")
    development = locked_requirements("tests/requirements.txt")
    assert DEV_ONLY_PACKAGES <= set(development)
    assert {name: development[name] for name in runtime} == runtime
    bootstrap = locked_requirements(".ci/bootstrap.txt")
    assert bootstrap == {name: runtime[name] for name in ("pip", "setuptools")}


def test_every_direct_dependency_has_a_reason_and_is_locked_at_its_version():
    for source, lock in [
        (".ci/requirements.in", "requirements.txt"),
        (".ci/requirements-dev.in", "tests/requirements.txt"),
    ]:
        locked = locked_requirements(lock)
        for name, version in direct_requirements(source).items():
            assert locked.get(name, (None,))[0] == version, f"{name} in {source}: run make lock"
