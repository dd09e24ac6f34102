"""How `release-2026-12-03.sqlite3.gz` was made, with the code of that release (commit
fa343ec): a database as it left it, with the seeds loaded, a finished import of one
contact and a preview of another awaiting its confirm. `test_upgrade.py` migrates a copy
to today's code and finishes both.

    DATABASE_URL=sqlite:////tmp/release.sqlite3 DJANGO_DEBUG=1 DJANGO_SECRET_KEY=x \\
        DJANGO_SETTINGS_MODULE=gentintl.settings PYTHONPATH=. python this-file
"""

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from gentintl.models import ImportRun  # noqa: E402

HEADER = "E-mail;Naam;Soort;Functie;Organisatie;Telefoon;Gsm;Adres\r\n"
DONE = "upgrade.done@stad.gent;Gedaan Import;persoon;archivaris;;09 266 50 00;;\r\n"
PENDING = "upgrade.pending@stad.gent;Wacht Bevestiging;persoon;;;0477 12 34 56;;\r\n"

call_command("migrate", verbosity=0)
call_command("load_seeds", verbosity=0)
editor = User.objects.create_user("editor", password="x", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
client = Client()
client.force_login(editor)
url = reverse("admin:partnerships_contact_import")
client.post(url, {"file": SimpleUploadedFile("gedaan.csv", (HEADER + DONE).encode())})
run = ImportRun.objects.latest("pk")
client.post(reverse("admin:partnerships_contact_import_decision", args=[run.pk, "confirm"]))
client.post(url, {"file": SimpleUploadedFile("wachtend.csv", (HEADER + PENDING).encode())})
