"""Authentication backend: Django's ModelBackend, with the user and all of their permissions
read in one query.

Every page checks permissions (the list, its export link, personal data), so the stock
backend runs three queries per request before the page runs its own: the user, the
user's own permissions and their groups' permissions. Here one query returns the user
row once per permission, and the backend fills the same per-request caches ModelBackend
would (`_user_perm_cache`, `_group_perm_cache`, `_perm_cache`). Nothing is cached across
requests, so a permission taken away takes effect on the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection


def permissions_sql() -> str:
    """The user row joined to each of their permissions, tagged 'user' or 'group'."""
    user_model = get_user_model()
    qn = connection.ops.quote_name
    user = qn(user_model._meta.db_table)
    user_pk = qn(user_model._meta.pk.column)
    user_perms = user_model.user_permissions.through._meta
    user_groups = user_model.groups.through._meta
    group_perms = Group.permissions.through._meta
    permission = qn(Permission._meta.db_table)
    content_type = qn(ContentType._meta.db_table)
    named = (
        f"JOIN {permission} p ON p.id = link.permission_id "
        f"JOIN {content_type} ct ON ct.id = p.content_type_id"
    )
    return f"""
        SELECT u.*, perms.source AS perm_source, perms.app_label AS perm_app_label,
               perms.codename AS perm_codename
        FROM {user} u
        LEFT JOIN (
            SELECT 'user' AS source, ct.app_label, p.codename
            FROM {qn(user_perms.db_table)} link {named}
            WHERE link.{qn(user_perms.get_field("user").column)} = %s
            UNION
            SELECT 'group' AS source, ct.app_label, p.codename
            FROM {qn(user_groups.db_table)} member
            JOIN {qn(group_perms.db_table)} link ON link.group_id = member.group_id
            {named}
            WHERE member.{qn(user_groups.get_field("user").column)} = %s
        ) perms ON 1 = 1
        WHERE u.{user_pk} = %s
    """


class PermissionBackend(ModelBackend):
    """ModelBackend whose `get_user` also loads the permissions (one query, not three)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except Exception:
            return None
        rows = list(user_model._default_manager.raw(permissions_sql(), [user_id] * 3))
        if not rows:
            return None
        user = rows[0]
        if not self.user_can_authenticate(user):
            return None
        if not user.is_superuser:
            found = {"user": set(), "group": set()}
            for row in rows:
                if row.perm_source:
                    found[row.perm_source].add(f"{row.perm_app_label}.{row.perm_codename}")
            user._user_perm_cache = found["user"]
            user._group_perm_cache = found["group"]
            user._perm_cache = found["user"] | found["group"]
        for name in ("perm_source", "perm_app_label", "perm_codename"):
            delattr(user, name)
        return user
