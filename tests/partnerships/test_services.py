import json
import logging

import pytest

from partnerships.models import Contact
from partnerships.services import contact_erase
from pressroom.models import Quote

pytestmark = pytest.mark.django_db


def test_erasing_a_contact_anonymises_it_everywhere_history_included(seeded, editor, caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    mayor = Contact.objects.get(email="burgemeester.declercq@stad.gent")
    mayor.function = "Burgemeester van Gent"
    mayor.save()  # a second history row with personal data

    contact_erase(contact=mayor, by=editor)

    mayor.refresh_from_db()
    assert mayor.name == f"Gewist contact {mayor.pk}"
    assert (mayor.email, mayor.phone, mayor.phone_e164, mayor.address) == ("", "", "", "")
    for row in Contact.history.filter(id=mayor.pk):
        assert "Clercq" not in row.name and row.email == "" and row.phone == ""
    assert not Quote.objects.filter(speaker_name__contains="Clercq").exists()
    assert not Quote.history.filter(speaker_name__contains="Clercq").exists()
    assert mayor.press_contacts.count() == 2  # the releases still list a (now anonymous) contact

    [line] = [
        json.loads(r.getMessage()) for r in caplog.records if "contact_erased" in r.getMessage()
    ]
    assert line["user"] == "editor" and line["contact_id"] == mayor.pk
    assert "declercq" not in json.dumps(line).lower()


def test_other_contacts_are_untouched(seeded, editor):
    mayor = Contact.objects.get(email="burgemeester.declercq@stad.gent")
    contact_erase(contact=mayor, by=editor)
    assert Contact.objects.get(email="inge.willemsen@stad.gent").name == "Inge Willemsen"


def test_erasure_also_clears_the_before_values_the_import_log_keeps(db, editor):
    from django.contrib.contenttypes.models import ContentType

    from gentintl.spreadsheets.models import ImportRun, ImportStatus
    from gentintl.spreadsheets.planning import plan_import
    from gentintl.spreadsheets.reading import read_sheet
    from gentintl.spreadsheets.writing import apply_plan
    from partnerships.models import Organisation
    from partnerships.resources import ContactResource

    Organisation.objects.create(name="Org", kind="other")

    def imported(text):
        plan = plan_import(ContactResource(), read_sheet(text.encode(), "file.csv"))
        return apply_plan(plan)

    imported("E-mail;Naam;Organisatie;Telefoon\nan@stad.gent;An Peeters;Org;09 266 52 37\n")
    changes = imported("E-mail;Naam;Organisatie;Telefoon\nan@stad.gent;An P.;Org;09 266 52 38\n")
    run = ImportRun.objects.create(
        content_type=ContentType.objects.get_for_model(Contact),
        file_name="contacts.csv",
        status=ImportStatus.DONE,
        changes=changes,
    )
    assert "An Peeters" in str(run.changes) and "09 266 52 37" in str(run.changes)

    contact_erase(contact=Contact.objects.get(), by=editor)

    run.refresh_from_db()
    assert "An Peeters" not in str(run.changes)
    assert "09 266 52 37" not in str(run.changes)
    assert "Gewist contact" in str(run.changes)
