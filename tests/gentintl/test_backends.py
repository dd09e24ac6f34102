from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gentintl.backends import PermissionBackend
from tests.conftest import make_user


def stock_permissions(user_model, pk):
    """What Django's own ModelBackend reports for the same user (a fresh instance)."""
    from django.contrib.auth.backends import ModelBackend

    fresh = user_model.objects.get(pk=pk)
    backend = ModelBackend()
    return (
        backend.get_user_permissions(fresh),
        backend.get_group_permissions(fresh),
        backend.get_all_permissions(fresh),
    )


def test_user_and_permissions_come_in_one_query(db, django_user_model):
    user = make_user(django_user_model, "ed", "Editors", is_staff=True)
    own = Permission.objects.get(codename="erase_contact")
    user.user_permissions.add(own)
    with CaptureQueriesContext(connection) as queries:
        loaded = PermissionBackend().get_user(user.pk)
        assert loaded.has_perm("partnerships.erase_contact")
        assert loaded.has_perm("partnerships.change_partnership")
        assert not loaded.has_perm("auth.change_user")
        everything = loaded.get_all_permissions()
    assert len(queries) == 1
    user_perms, group_perms, all_perms = stock_permissions(django_user_model, user.pk)
    backend = PermissionBackend()
    assert backend.get_user_permissions(loaded) == user_perms == {"partnerships.erase_contact"}
    assert backend.get_group_permissions(loaded) == group_perms
    assert everything == all_perms
    assert len(group_perms) > 20


def test_a_user_without_permissions_has_none(db, django_user_model):
    user = make_user(django_user_model, "nobody")
    loaded = PermissionBackend().get_user(user.pk)
    assert loaded.username == "nobody"
    assert loaded.get_all_permissions() == set()
    assert not hasattr(loaded, "perm_codename")


def test_a_revoked_group_takes_effect_on_the_next_load(db, django_user_model):
    user = make_user(django_user_model, "mgr", "Managers")
    assert PermissionBackend().get_user(user.pk).has_perm("partnerships.view_partnership")
    user.groups.clear()
    assert not PermissionBackend().get_user(user.pk).has_perm("partnerships.view_partnership")


def test_inactive_and_unknown_users_are_not_loaded(db, django_user_model):
    user = make_user(django_user_model, "gone", "Managers", is_active=False)
    assert PermissionBackend().get_user(user.pk) is None
    assert PermissionBackend().get_user(user.pk + 1000) is None
    assert PermissionBackend().get_user("not a number") is None


def test_a_superuser_keeps_every_permission(db, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="x")
    loaded = PermissionBackend().get_user(user.pk)
    assert loaded.has_perm("auth.delete_user")
    assert loaded.get_all_permissions() == stock_permissions(django_user_model, user.pk)[2]
