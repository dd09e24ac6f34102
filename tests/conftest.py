import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import translation

from gentintl.settings import sso_settings
from seeds.loaders import load_seeds
from tests.oidc_provider import EDITORS


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def seeded(db):
    """The database as `load_seeds` leaves it."""
    return load_seeds()


def ensure_roles():
    """The groups of the data migrations, again after a transactional test flushed them."""
    if Group.objects.filter(name__in=["Editors", "Managers"]).count() == 2:
        return
    # A flush leaves the content-type cache pointing at rows that no longer exist.
    ContentType.objects.clear_cache()
    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    roles = importlib.import_module("partnerships.migrations.0003_roles")
    for name, permissions in roles.role_permissions(django_apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
    Group.objects.get(name="Editors").permissions.add(
        Permission.objects.get(codename="view_importrun")
    )


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="pw-" + username, **extra
    )
    if group:
        ensure_roles()
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_user(django_user_model, "editor", "Editors", is_staff=True)


@pytest.fixture
def manager(db, django_user_model):
    return make_user(django_user_model, "manager", "Managers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture(autouse=True)
def app_language():
    """Each test starts in the app's language: a request in English (the language switch)
    leaves its thread in English, which would change what later tests read."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_api_requests_counted():
    """Each test starts with no API request counted against the throttle: the counts live
    in the process's cache, and user ids repeat from test to test."""
    cache.clear()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider in its own process (tests/oidc_provider/)."""
    from tests.oidc_provider.process import Provider

    provider = Provider(tmp_path_factory.mktemp("oidc-provider"))
    yield provider
    provider.stop()


def reload_urls():
    """The URLs are chosen at import (single sign-on or not): import them again."""
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def sso(db, oidc_provider):
    """gentintl set up, as its environment would, to log in through `oidc_provider`, whose
    user is in the provider group for editors and gets correct ID tokens."""
    oidc_provider.control(
        id_token="",
        groups=[EDITORS],
        redirect_uris=["http://testserver/oidc/callback/"],
        post_logout_redirect_uris=["http://testserver/accounts/login/"],
    )
    ensure_roles()
    with override_settings(**sso_settings(oidc_provider.environ())):
        reload_urls()
        yield oidc_provider
    reload_urls()
