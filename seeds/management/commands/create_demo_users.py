import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    ("redacteur", "Editors", "editor: edits in the admin, imports and exports"),
    ("manager", "Managers", "manager: reads the dashboards and exports"),
]


def is_local_demo_database() -> bool:
    database = settings.DATABASES["default"]
    default_file = str(settings.BASE_DIR / "db.sqlite3")
    return database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) == default_file


class Command(BaseCommand):
    help = (
        "Create a demo editor and manager with fresh random passwords, and print them. "
        "Only with DJANGO_DEBUG on and the embedded SQLite database."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG or not is_local_demo_database():
            raise CommandError(
                "Demo users are only created with DJANGO_DEBUG=1 on the default SQLite file."
            )
        User = get_user_model()
        lines = []
        for username, group_name, description in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = group_name == "Editors"
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            lines.append(f"  {username:<10} {password:<14} {description}")
        self.stdout.write("Log in on http://127.0.0.1:8000/ with (new passwords on every run):")
        self.stdout.write("\n".join(lines))
