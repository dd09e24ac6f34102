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
