"""The two roles of the department, with exactly the permissions each needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("partnerships", "pressroom")


def role_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    editors, managers = [], []
    for perm in Permission.objects.filter(content_type__app_label__in=APPS):
        if perm.content_type.model.startswith("historical"):
            continue
        if perm.codename == "view_personal_data":
            # Phones and e-mail addresses: editors keep the contacts, managers do not.
            editors.append(perm)
            continue
        action = perm.codename.split("_", 1)[0]
        if action in {"add", "change", "delete", "view", "import", "export"}:
            editors.append(perm)
        if action in {"view", "export"}:
            managers.append(perm)
    return {"Editors": editors, "Managers": managers}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Permissions are normally made after all migrations; make them now, and leave
        # the app config as it was (with serialized test databases it can be the real one).
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    for name, permissions in role_permissions(apps).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Managers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partnerships", "0002_initial"),
        ("pressroom", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
