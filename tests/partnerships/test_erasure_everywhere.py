"""An erased person leaves no trace anywhere in the database, nor in stored import files.

The person is written the ways a department writes people: added and edited in the admin
(so the admin's own action log names them), listed as a press contact and quoted, imported
from a spreadsheet (so the import log keeps their old values), and named in a preview that
nobody confirmed yet. Then every text of every table is searched.
"""

import json
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from gentintl.spreadsheets.models import ImportRun, ImportStatus
from partnerships.models import Contact, Organisation
from pressroom.models import PressRelease

pytestmark = pytest.mark.django_db

NAME = "Gaëlle Vanderzwalm"
RENAMED = "Gaëlle Vanderzwalm-Deprez"
EMAIL = "gaelle.vanderzwalm@stad.gent"
PHONE, PHONE_E164 = "09 266 51 17", "+3292665117"
MOBILE, MOBILE_E164 = "0478 91 23 45", "+32478912345"
NEW_PHONE, NEW_PHONE_E164 = "09 266 51 18", "+3292665118"
ADDRESS = "Sint-Baafsplein 97, 9000 Gent"
# What may not remain, as written and as a JSON file or change message would escape it.
TRACES = [
    "Vanderzwalm",
    "Gaëlle",
    "Ga\\u00eblle",
    EMAIL,
    PHONE,
    PHONE_E164,
    MOBILE,
    MOBILE_E164,
    NEW_PHONE,
    NEW_PHONE_E164,
    ADDRESS,
]


def form_data(client, url) -> dict:
    """The values an admin form would send back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def upload(client, text: str) -> ImportRun:
    client.post(
        reverse("admin:partnerships_contact_import"),
        {"file": SimpleUploadedFile("contacten.csv", text.encode())},
    )
    return ImportRun.objects.latest("pk")


def texts_in(value) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        value = bytes(value)
        try:
            value = zlib.decompress(value)  # the packed import files and plans
        except zlib.error:
            pass
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def traces_in_database() -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = texts_in(value).casefold()
                    found += [
                        f"{table}.{column}: {trace}" for trace in TRACES if trace.casefold() in text
                    ]
    return found


def traces_on_disk() -> list[str]:
    media = Path(settings.MEDIA_ROOT)
    files = [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
    return [
        f"{path}: {trace}"
        for path in files
        for trace in TRACES
        if trace.casefold() in path.read_bytes().decode("utf-8", "replace").casefold()
    ]


def test_an_erased_person_is_found_nowhere(seeded, editor, client):
    editor.user_permissions.add(Permission.objects.get(codename="erase_contact"))
    client.force_login(editor)
    organisation = Organisation.objects.order_by("pk").first()

    # Added, then changed, in the admin.
    add_url = reverse("admin:partnerships_contact_add")
    data = form_data(client, add_url)
    data.update(
        kind="person",
        name=NAME,
        function="woordvoerder",
        organisation=organisation.pk,
        email=EMAIL,
        phone=PHONE,
        mobile=MOBILE,
        address=ADDRESS,
    )
    assert client.post(add_url, data).status_code == 302
    contact = Contact.objects.get(email=EMAIL)
    change_url = reverse("admin:partnerships_contact_change", args=[contact.pk])
    data = {**form_data(client, change_url), "name": RENAMED}
    assert client.post(change_url, data).status_code == 302

    # A press contact of a release, and quoted in it, both through the admin.
    release = PressRelease.objects.order_by("pk").first()
    url = reverse("admin:pressroom_presscontact_add")
    data = {**form_data(client, url), "press_release": release.pk, "contact": contact.pk}
    data.update(position=9, role="press_contact")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    url = reverse("admin:pressroom_quote_add")
    data = {**form_data(client, url), "press_release": release.pk, "speaker": contact.pk}
    data.update(position=9, text="Een mooie dag voor Gent.", speaker_name=RENAMED)
    data.update(speaker_function="woordvoerder")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    # Imported from a spreadsheet (the import log keeps the old phone for undo), and named
    # in a preview nobody has confirmed yet.
    header = "E-mail;Naam;Soort;Functie;Organisatie;Telefoon;Gsm;Adres\n"
    row = ";".join(
        [EMAIL, RENAMED, "persoon", "woordvoerder", organisation.name, NEW_PHONE, MOBILE, ADDRESS]
    )
    row += "\n"
    run = upload(client, header + row)
    decision = reverse("admin:partnerships_contact_import_decision", args=[run.pk, "confirm"])
    client.post(decision, {"accept_warnings": "1"})
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, run.message
    pending = upload(client, header + row.replace("woordvoerder", "perswoordvoerder"))
    assert pending.status == ImportStatus.PENDING

    contact.refresh_from_db()
    assert contact.phone == NEW_PHONE
    assert traces_in_database(), "the scenario wrote the person nowhere"

    changelist = reverse("admin:partnerships_contact_changelist")
    client.post(
        changelist,
        {"action": "erase_personal_data", "_selected_action": [contact.pk], "confirmed": "yes"},
    )

    assert traces_in_database() == []
    assert traces_on_disk() == []
    contact.refresh_from_db()
    assert contact.name == f"Gewist contact {contact.pk}"
    assert release.press_contacts.filter(contact=contact).exists()  # the release keeps its list
    pending.refresh_from_db()
    assert pending.status == ImportStatus.ABANDONED and not pending.file_data
    assert json.dumps(run.changes)  # the finished import's log is still there
