"""One engine: a file gives the same records and the same errors whether an editor uploads
it in the admin or the program loads its rows (the seeds, a pasted press release)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gentintl import spreadsheets
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from partnerships.models import Contact, Organisation
from partnerships.resources import ContactResource
from pressroom.releases import LoadReport, dataset, run_import

HEADERS = ["E-mail", "Naam", "Soort", "Functie", "Organisatie", "Telefoon", "Gsm", "Adres"]
GOOD = [
    ["inge.willemsen@stad.gent", "Inge Willemsen", "persoon", "woordvoerder", "Stad Gent",
     "09 266 50 00", "0477 12 34 56", ""],
    ["Persdienst@Stad.Gent", "Persdienst", "team", "", "Stad Gent", "+32 9 266 52 00", "", ""],
]  # fmt: skip
BAD = [
    ["jan@stad.gent", "Jan", "persoon", "", "Stad Antwerpen", "", "", ""],
    ["geen-adres", "Piet", "persoon", "", "", "12", "", ""],
    ["jan@stad.gent", "Jan bis", "onbekend", "", "", "", "", ""],
]


@pytest.fixture
def ghent(db):
    return Organisation.objects.create(name="Stad Gent", kind="city")


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([HEADERS, *rows])
    return out.getvalue().encode()


def records() -> list[tuple]:
    return sorted(
        Contact.objects.values_list(
            "email", "name", "kind", "function", "organisation__name", "phone", "phone_e164",
            "mobile", "mobile_e164", "address",
        )
    )  # fmt: skip


def upload_and_confirm(client, rows):
    response = client.post(
        reverse("admin:partnerships_contact_import"),
        {"file": SimpleUploadedFile("contacten.csv", as_csv(rows))},
    )
    run = ImportRun.objects.latest("pk")
    if run.status == ImportStatus.PENDING:
        url = reverse("admin:partnerships_contact_import_decision", args=[run.pk, "confirm"])
        client.post(url)
        run.refresh_from_db()
    return response, run


def test_a_file_gives_the_same_records_uploaded_or_loaded(ghent, editor_client):
    _response, run = upload_and_confirm(editor_client, GOOD)
    assert run.status == ImportStatus.DONE
    uploaded = records()
    assert len(uploaded) == 2
    Contact.objects.all().delete()

    report = LoadReport()
    run_import(ContactResource, dataset(HEADERS, GOOD), "contacten", report)

    assert records() == uploaded
    assert report.counts["contacten"] == {"new": 2, "update": 0, "skip": 0}


def test_a_file_gives_the_same_errors_uploaded_or_loaded(ghent, editor_client):
    response, run = upload_and_confirm(editor_client, BAD)
    assert run.status == ImportStatus.REFUSED
    shown = [(e.row, e.column, e.message) for e in response.context["errors"]]
    assert len(shown) >= 3

    with pytest.raises(spreadsheets.LoadError) as raised:
        run_import(ContactResource, dataset(HEADERS, BAD), "contacten", LoadReport())

    message = str(raised.value)
    for row, column, text in shown:
        assert f"rij {row}, {column}: {text}" in message
    assert message.count("rij ") == len(shown)
    assert not Contact.objects.exists()


def test_loading_again_changes_nothing(ghent):
    spreadsheets.load(ContactResource(), HEADERS, GOOD, name="contacten")
    again = spreadsheets.load(ContactResource(), HEADERS, GOOD, name="contacten")

    assert again.counts["skip"] == 2
    assert again.counts["new"] == again.counts["update"] == 0
