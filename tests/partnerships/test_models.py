import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from partnerships.models import Agreement, City, Contact, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def kanazawa():
    city = City.objects.create(name="Kanazawa", country="JP")
    return Partnership.objects.create(city=city, kind="sister_city", status="active")


def test_city_name_is_unique_per_country_only():
    City.objects.create(name="Melle", country="DE")
    City.objects.create(name="Melle", country="BE")
    with pytest.raises(IntegrityError), transaction.atomic():
        City.objects.create(name="Melle", country="DE")


def test_one_partnership_per_city(kanazawa):
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(city=kanazawa.city, kind="partner_city")


def test_partnership_cannot_end_before_it_began(kanazawa):
    kanazawa.began_on, kanazawa.began_on_precision = datetime.date(1971, 1, 1), "year"
    kanazawa.ended_on, kanazawa.ended_on_precision = datetime.date(1970, 1, 1), "year"
    with pytest.raises(IntegrityError), transaction.atomic():
        kanazawa.save()


def test_a_date_needs_its_precision(kanazawa):
    kanazawa.began_on = datetime.date(1971, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        kanazawa.save()


def test_agreement_validity_must_not_end_before_it_starts(kanazawa):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            partnership=kanazawa,
            kind="cooperation_agreement",
            title="Akkoord",
            valid_from=datetime.date(2021, 1, 1),
            valid_from_precision="year",
            valid_until=datetime.date(2020, 1, 1),
            valid_until_precision="year",
        )


def test_an_end_known_to_a_year_may_follow_a_start_in_that_year(kanazawa):
    kanazawa.began_on, kanazawa.began_on_precision = datetime.date(2018, 5, 3), "day"
    kanazawa.ended_on, kanazawa.ended_on_precision = datetime.date(2018, 1, 1), "year"
    kanazawa.save()
    kanazawa.ended_on, kanazawa.ended_on_precision = datetime.date(2018, 4, 1), "month"
    with pytest.raises(IntegrityError), transaction.atomic():
        kanazawa.save()


@pytest.mark.parametrize(
    ("value", "precision"),
    [(datetime.date(2018, 12, 31), "year"), (datetime.date(2021, 7, 31), "month")],
)
def test_a_year_or_a_month_is_stored_as_its_first_day(kanazawa, value, precision):
    kanazawa.ended_on, kanazawa.ended_on_precision = value, precision
    with pytest.raises(IntegrityError), transaction.atomic():
        kanazawa.save()


def test_city_with_a_partnership_cannot_be_deleted(kanazawa):
    with pytest.raises(ProtectedError):
        kanazawa.city.delete()


def test_partnership_with_agreements_cannot_be_deleted(kanazawa):
    Agreement.objects.create(partnership=kanazawa, kind="friendship_treaty", title="Verdrag")
    with pytest.raises(ProtectedError):
        kanazawa.delete()


def test_agreement_ending_within_a_year_is_a_renewal_alert(kanazawa):
    today = datetime.date(2026, 11, 23)
    ending = Agreement.objects.create(
        partnership=kanazawa,
        kind="cooperation_agreement",
        title="2021–2026",
        valid_from=datetime.date(2021, 1, 1),
        valid_from_precision="year",
        valid_until=datetime.date(2026, 1, 1),
        valid_until_precision="year",
    )
    Agreement.objects.create(
        partnership=kanazawa,
        kind="cooperation_agreement",
        title="2024–2030",
        valid_from=datetime.date(2024, 1, 1),
        valid_from_precision="year",
        valid_until=datetime.date(2030, 1, 1),
        valid_until_precision="year",
    )
    assert list(Agreement.objects.ending_within(365, on=today)) == [ending]
    assert Agreement.objects.in_force(on=today).count() == 2
    assert Agreement.objects.in_force(on=datetime.date(2026, 12, 31)).count() == 2
    assert Agreement.objects.in_force(on=datetime.date(2027, 1, 1)).count() == 1
    assert list(Agreement.objects.expired(on=datetime.date(2027, 1, 1))) == [ending]
    assert not Agreement.objects.expired(on=datetime.date(2026, 12, 31)).exists()


def test_contact_email_is_unique_but_may_be_empty():
    Contact.objects.create(name="A")
    Contact.objects.create(name="B")
    Contact.objects.create(name="C", email="c@stad.gent")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(name="D", email="c@stad.gent")
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(name="E", email="C@Stad.Gent")


def test_contact_form_refuses_an_address_another_contact_has_in_other_case(editor_client):
    Contact.objects.create(name="Inge Willemsen", email="inge.willemsen@stad.gent")
    response = editor_client.post(
        "/admin/partnerships/contact/add/",
        {"name": "Inge Willemsen", "kind": "person", "email": "Inge.Willemsen@Stad.Gent"},
    )
    assert response.status_code == 200
    assert "Een ander contact heeft al dit e-mailadres" in response.content.decode()
    assert Contact.objects.count() == 1


def test_contact_clean_stores_the_international_form_and_keeps_what_was_written():
    contact = Contact(name="Inge Willemsen", mobile="047747 12 94", phone="09 266 54 00")
    contact.full_clean()
    assert contact.mobile == "047747 12 94"
    assert contact.mobile_e164 == "+32477471294"
    assert contact.phone_e164 == "+3292665400"


def test_contact_with_an_undiallable_number_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        Contact(name="X", phone="12").full_clean()
    assert "phone" in error.value.message_dict
