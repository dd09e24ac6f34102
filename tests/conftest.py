import pytest
from django.contrib.auth.models import Group

from seeds.loaders import load_seeds


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


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="pw-" + username, **extra
    )
    if group:
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
