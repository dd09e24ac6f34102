"""Undoing an import: all or nothing, refused when a record changed after the import."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from gentintl.spreadsheets.models import ImportRun, ImportStatus
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.undo import UndoError, undo_changes
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import Contact, Organisation, Partnership
from partnerships.resources import ContactResource, OrganisationResource, PartnershipResource
from partnerships.services import contact_erase


def run_import(resource, text: str, **kwargs) -> dict:
    plan = plan_import(resource, read_sheet(text.encode("utf-8"), "file.csv"))
    assert plan.is_valid, plan.errors
    return apply_plan(plan, **kwargs)


def organisations(*names: str) -> str:
    return "Naam;Soort\n" + "".join(f"{name};club\n" for name in names)


def test_undo_deletes_new_records_and_restores_updated_ones(seeded):
    luik = Partnership.objects.get(city__name="Luik")
    old_notes = luik.notes
    organisation_count = Organisation.objects.count()

    run_import(OrganisationResource(), organisations("Nieuwe vzw"))
    changes = run_import(PartnershipResource(), "Stad;Opmerkingen\nLuik (BE);Anders\n")
    assert Partnership.objects.get(pk=luik.pk).notes == "Anders"

    undo_changes(Partnership, changes, reason="undo")

    assert Partnership.objects.get(pk=luik.pk).notes == old_notes
    assert Organisation.objects.count() == organisation_count + 1
    created = run_import(OrganisationResource(), organisations("Nog een vzw"))
    undo_changes(Organisation, created)
    assert not Organisation.objects.filter(name="Nog een vzw").exists()


def test_undo_is_refused_when_a_record_was_edited_after_the_import(seeded, editor):
    changes = run_import(PartnershipResource(), "Stad;Opmerkingen\nLuik (BE);Anders\n")
    luik = Partnership.objects.get(city__name="Luik")
    luik.notes = "Later bijgewerkt"
    luik._history_user = editor
    luik.save()
    history_count = Partnership.history.count()

    with pytest.raises(UndoError) as refused:
        undo_changes(Partnership, changes, reason="undo")

    message = str(refused.value)
    assert "na de import gewijzigd" in message
    assert str(luik) in message
    assert f"door editor op {timezone.localtime().strftime('%d/%m/%Y')}" in message
    assert Partnership.objects.get(pk=luik.pk).notes == "Later bijgewerkt"
    assert Partnership.history.count() == history_count


def test_undo_is_refused_when_a_created_record_was_deleted_or_imported_again(db, editor):
    changes = run_import(OrganisationResource(), organisations("Een", "Twee", "Drie"))
    gone = Organisation.objects.get(name="Een")
    gone._history_user = editor
    gone.delete()
    run_import(OrganisationResource(), "Naam;Opmerkingen\nTwee;Nieuw\n")

    with pytest.raises(UndoError) as refused:
        undo_changes(Organisation, changes)

    message = str(refused.value)
    assert "Een (verwijderd door editor op" in message
    assert "Twee (gewijzigd door onbekend op" in message
    assert "Drie" not in message
    assert list(Organisation.objects.order_by("name").values_list("name", flat=True)) == [
        "Drie",
        "Twee",
    ]


def test_the_refusal_names_a_few_records_and_counts_the_rest(db):
    names = [f"Vzw {i}" for i in range(8)]
    changes = run_import(OrganisationResource(), organisations(*names))
    run_import(OrganisationResource(), "Naam;Opmerkingen\n" + "".join(f"{n};x\n" for n in names))

    with pytest.raises(UndoError) as refused:
        undo_changes(Organisation, changes)

    assert str(refused.value).count("gewijzigd door") == 5
    assert "en nog 3 andere" in str(refused.value)
    assert Organisation.objects.count() == 8


def test_undo_is_refused_after_an_erasure_which_leaves_no_history(db, editor):
    organisation = Organisation.objects.create(name="Org", kind="other")
    changes = run_import(ContactResource(), "E-mail;Naam;Organisatie\nan@stad.gent;An;Org\n")
    contact_erase(contact=Contact.objects.get(), by=editor)

    with pytest.raises(UndoError):
        undo_changes(Contact, changes)

    assert Contact.objects.get().email == ""
    assert organisation.contacts.count() == 1


def test_undo_goes_ahead_when_only_other_records_changed(seeded, editor):
    changes = run_import(PartnershipResource(), "Stad;Opmerkingen\nLuik (BE);Anders\n")
    other = Partnership.objects.exclude(city__name="Luik").first()
    other.notes = "Iets anders"
    other.save()

    undo_changes(Partnership, changes)

    assert Partnership.objects.get(city__name="Luik").notes != "Anders"
    assert Partnership.objects.get(pk=other.pk).notes == "Iets anders"


def import_through_admin(client, editor) -> ImportRun:
    url = reverse("admin:partnerships_organisation_import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = organisations("Nieuwe vzw").encode()
    client.post(url, {"file": SimpleUploadedFile("org.csv", data)})
    run = ImportRun.objects.get(
        content_type=ContentType.objects.get_for_model(Organisation), user=editor
    )
    decision = reverse("admin:partnerships_organisation_import_decision", args=[run.pk, "confirm"])
    client.post(decision)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    return run


def test_admin_refuses_the_undo_and_says_who_changed_what(db, editor_client, editor):
    run = import_through_admin(editor_client, editor)
    organisation = Organisation.objects.get(name="Nieuwe vzw")
    organisation.notes = "Later"
    organisation._history_user = editor
    organisation.save()

    response = editor_client.post(
        reverse("admin:gentintl_importrun_undo", args=[run.pk]), follow=True
    )

    content = response.content.decode()
    assert "Er is niets ongedaan gemaakt" in content
    assert "Nieuwe vzw (gewijzigd door editor op" in content
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert Organisation.objects.get(name="Nieuwe vzw").notes == "Later"


def test_admin_undoes_an_import_nobody_touched_since(db, editor_client, editor):
    run = import_through_admin(editor_client, editor)

    response = editor_client.post(
        reverse("admin:gentintl_importrun_undo", args=[run.pk]), follow=True
    )

    assert "is ongedaan gemaakt" in response.content.decode()
    run.refresh_from_db()
    assert (run.status, run.undone_by) == (ImportStatus.UNDONE, editor)
    assert not Organisation.objects.exists()


def test_an_import_recorded_without_marks_is_checked_against_its_time(seeded, editor):
    changes = run_import(PartnershipResource(), "Stad;Opmerkingen\nLuik (BE);Anders\n")
    del changes["history_id"], changes["at"]  # as imports recorded them before
    imported_at = timezone.now()
    luik = Partnership.objects.get(city__name="Luik")
    luik.notes = "Later bijgewerkt"
    luik.save()

    with pytest.raises(UndoError):
        undo_changes(Partnership, changes, imported_at=imported_at)
