"""Confirm writes the previewed plan kept in the ImportRun, unless the records changed."""

import csv
import io
import json

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from gentintl.spreadsheets import counters, exporting, runs
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.preview import data_marker, restored_plan, stored_plan, unchanged_since
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import Activity, Contact, Organisation, Theme
from partnerships.resources import ActivityResource, ContactResource

CONTACTS = (
    "E-mail;Naam;Soort;Organisatie;Telefoon\n"
    "an@stad.gent;An;person;Org;09 266 54 00\n"
    "bo@stad.gent;Bo;person;;0477 38 29 37\n"
)


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Org", kind="other")


@pytest.fixture
def plans_made(monkeypatch):
    """How often the engine read and planned a file."""
    calls = []
    original = runs.plan

    def counting(resource, run):
        calls.append(run.pk)
        return original(resource, run)

    monkeypatch.setattr(runs, "plan", counting)
    return calls


def upload(client, text, name="contacten.csv"):
    response = client.post(
        reverse("admin:partnerships_contact_import"),
        {"file": SimpleUploadedFile(name, text.encode())},
    )
    assert response.status_code == 200
    return ImportRun.objects.latest("pk")


def confirm(client, run):
    url = reverse("admin:partnerships_contact_import_decision", args=[run.pk, "confirm"])
    return client.post(url, follow=True)


def test_confirm_writes_the_previewed_plan_without_reading_the_file_again(
    organisation, editor_client, plans_made
):
    run = upload(editor_client, CONTACTS)
    assert run.plan["rows"] and plans_made == [run.pk]

    confirm(editor_client, run)

    run.refresh_from_db()
    assert (run.status, run.new_count, run.plan) == (ImportStatus.DONE, 2, {})
    assert plans_made == [run.pk]
    an = Contact.objects.get(email="an@stad.gent")
    assert (an.organisation, an.phone_e164) == (organisation, "+3292665400")
    assert an.history.get().history_change_reason == run.reason


def test_confirm_plans_again_and_shows_a_fresh_preview_when_a_record_changed(
    organisation, editor_client, plans_made
):
    Contact.objects.create(email="an@stad.gent", name="An", organisation=organisation)
    run = upload(editor_client, CONTACTS.replace("An;person", "Ann;person"))
    # Changed behind the admin's back: no history row, only the table itself changed.
    Contact.objects.filter(email="an@stad.gent").update(name="Anna")

    response = confirm(editor_client, run)

    assert len(plans_made) == 2
    assert response.context["notice"]  # "the records changed since the preview"
    run.refresh_from_db()
    assert run.status == ImportStatus.PENDING
    assert not Contact.objects.filter(email="bo@stad.gent").exists()
    # The fresh preview is kept in turn: confirming it writes it without planning again.
    confirm(editor_client, run)
    run.refresh_from_db()
    assert (len(plans_made), run.status) == (2, ImportStatus.DONE)
    assert Contact.objects.get(email="an@stad.gent").name == "Ann"


def test_a_name_that_now_names_another_record_asks_for_a_fresh_preview(
    organisation, editor_client, plans_made
):
    run = upload(editor_client, CONTACTS)
    organisation.name = "Oude org"
    organisation.save()
    newer = Organisation.objects.create(name="Org", kind="other")

    response = confirm(editor_client, run)

    # The preview showed "Org" and the file still says it, but it is now another record:
    # what confirm would write is not what was planned, so nothing is written yet.
    assert response.context["notice"]
    run.refresh_from_db()
    assert (len(plans_made), run.status) == (2, ImportStatus.PENDING)
    assert not Contact.objects.filter(email="an@stad.gent").exists()
    confirm(editor_client, run)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert Contact.objects.get(email="an@stad.gent").organisation == newer


def test_a_change_that_does_not_alter_the_plan_still_imports(
    organisation, editor_client, plans_made
):
    other = Contact.objects.create(email="cy@stad.gent", name="Cy")
    run = upload(editor_client, CONTACTS)
    other.function = "Schepen"
    other.save()

    confirm(editor_client, run)

    run.refresh_from_db()
    assert len(plans_made) == 2
    assert run.status == ImportStatus.DONE
    assert Contact.objects.count() == 3


def test_marker_follows_every_table_the_plan_reads(seeded):
    resource = ActivityResource()
    activity = Activity.objects.first()
    changes = [
        lambda: Activity.objects.filter(pk=activity.pk).update(title=activity.title + "!"),
        lambda: activity.themes.add(Theme.objects.exclude(activities=activity).first()),
        lambda: Theme.objects.filter(pk=Theme.objects.first().pk).update(name="Ander thema"),
        lambda: Organisation.objects.create(name="Nieuwe vzw", kind="other"),
        lambda: Activity.objects.filter(pk=activity.pk).delete(),
    ]
    for change in changes:
        marker = data_marker(resource)
        assert unchanged_since(resource, marker)
        Contact.objects.create(email="x@stad.gent", name="X")  # a table the plan does not read
        assert unchanged_since(resource, marker)
        change()
        assert not unchanged_since(resource, marker)
        Contact.objects.filter(email="x@stad.gent").delete()


@pytest.mark.postgres
def test_postgresql_marks_with_counters_that_a_copy_advances_once(organisation):
    tables = [Contact, Organisation]
    before = counters.counts(tables)
    plan = plan_import(ContactResource(), read_sheet(CONTACTS.encode(), "c.csv"))
    apply_plan(plan)  # one COPY into the contacts, whatever the number of rows
    assert counters.counts(tables) == [before[0] + 1, before[1]]
    assert isinstance(data_marker(ContactResource()), dict)  # no scan of the tables


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_running_when_the_marker_was_taken_counts_once_it_ends():
    """A counter moves when the statement runs, before its transaction commits: the
    marker must not hold once that transaction ends."""
    settings = connection.settings_dict
    url = f"postgresql://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:"
    url += f"{settings['PORT'] or 5432}/{settings['NAME']}"
    resource = ContactResource()
    organisation = Organisation.objects.create(name="Org", kind="other")
    for outcome in ("commit", "rollback"):
        with psycopg.connect(url) as other:
            other.execute(
                "UPDATE partnerships_organisation SET name = %s WHERE id = %s",
                [f"Org {outcome}", organisation.pk],
            )
            marker = data_marker(resource)  # the update ran, its transaction has not ended
            assert marker["running"]
            assert unchanged_since(resource, marker)
            getattr(other, outcome)()
        # A rollback counts too: the marker cannot tell it from a commit, and errs safely.
        assert not unchanged_since(resource, marker)
    assert unchanged_since(resource, data_marker(resource))


def rows_as_csv(headers, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_stored_plan_comes_back_as_it_was_planned(seeded):
    """Dates, decimals, foreign keys and links survive the round trip through JSON."""
    headers, rows = exporting.export_rows(ActivityResource(), Activity.objects.order_by("pk"))
    rows = [list(row) for row in rows]
    themes = headers.index("Thema's")
    description = headers.index("Beschrijving")
    rows[0][description] += " (gewijzigd)"
    rows[1][themes] = "; ".join(Theme.objects.values_list("name", flat=True)[:2])
    for i, row in enumerate(rows[:3]):
        rows.append([*row])
        rows[-1][headers.index("Titel")] = f"Nieuwe activiteit {i}"
    plan = plan_import(ActivityResource(), read_sheet(rows_as_csv(headers, rows), "a.csv"))
    assert plan.is_valid and plan.counts["new"] == 3 and plan.counts["update"] == 2

    restored = restored_plan(Activity, json.loads(json.dumps(stored_plan(plan, "m"))))

    attnames = [f.attname for f in Activity._meta.concrete_fields]
    for made, back in zip(plan.rows, restored.rows, strict=True):
        assert (back.number, back.status) == (made.number, made.status)
        if made.status == "skip":
            continue
        assert [getattr(back.instance, a) for a in attnames] == [
            getattr(made.instance, a) for a in attnames
        ]
        assert back.changed_attnames == made.changed_attnames
        assert back.old_values == made.old_values
        assert (back.m2m, back.old_m2m) == (made.m2m, made.old_m2m)
    apply_plan(restored)
    assert Activity.objects.filter(title__startswith="Nieuwe activiteit").count() == 3


def test_contacts_plan_is_stored_and_other_plans_only_if_json_can_carry_them(organisation):
    plan = plan_import(ContactResource(), read_sheet(CONTACTS.encode(), "c.csv"))
    stored = stored_plan(plan, "m")
    assert stored["marker"] == "m"
    assert [row[:2] for row in stored["rows"]] == [[2, "new"], [3, "new"]]


def test_a_plan_whose_model_json_cannot_carry_is_not_stored(db):
    from pressroom.resources import PressReleaseResource

    text = (
        "Nummer;Slug;Titel;Gepubliceerd op;URL;Taal\n"
        "900001;een-bericht;Een bericht;10/11/2021;https://stad.gent/nl/een-bericht;nl\n"
    )
    plan = plan_import(PressReleaseResource(), read_sheet(text.encode(), "p.csv"))
    assert [row.status for row in plan.rows] == ["new"]  # a valid plan, yet not storable
    assert stored_plan(plan, "m") == {}


def test_a_plan_stored_before_the_model_changed_is_not_restored(organisation):
    plan = plan_import(ContactResource(), read_sheet(CONTACTS.encode(), "c.csv"))
    stored = stored_plan(plan, "m")
    assert restored_plan(Contact, stored) is not None
    stored["fields"].remove("address")
    assert restored_plan(Contact, stored) is None


def test_the_preview_writes_the_texts_of_the_rows_its_page_shows_only(
    organisation, editor_client, monkeypatch
):
    monkeypatch.setattr("gentintl.spreadsheets.admin.PREVIEW_ROWS", 1)
    response = editor_client.post(
        reverse("admin:partnerships_contact_import"),
        {"file": SimpleUploadedFile("contacten.csv", CONTACTS.encode())},
    )
    first, second = response.context["plan"].rows
    assert first._changes and ("Naam", "", "An") in first._changes
    assert second._changes is None  # not on the page: its fingerprint reads values
    assert response.context["more_rows"] == 1
