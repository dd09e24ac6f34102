"""Contacts' e-mail, phones and address stay with those who may see them: not probed
through admin lookups, not searched, not shown or exported to others."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from pressroom.models import PressRelease


@pytest.fixture
def reader(django_user_model):
    """A staff user who may view and export every record, but not contacts' personal data."""
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["partnerships", "pressroom"],
            codename__regex=r"^(view|export)_",
        ).exclude(codename="view_personal_data")
    )
    return user


@pytest.fixture
def press_contact(db):
    from partnerships.models import Contact
    from pressroom.models import PressContact

    contact = Contact.objects.create(
        name="Inge Willemsen",
        email="inge.willemsen@stad.gent",
        phone="09 266 52 37",
        phone_e164="+3292665237",
        address="Botermarkt 1, 9000 Gent",
    )
    release = PressRelease.objects.create(
        number=1, slug="een", title="Een", url="https://stad.gent/nl/1-een", language="nl"
    )
    PressContact.objects.create(press_release=release, contact=contact, position=1)
    return contact


PROBES = [
    "/admin/partnerships/contact/?email__startswith=inge",
    "/admin/partnerships/contact/?phone_e164=%2B3292665237",
    "/admin/partnerships/contact/?mobile__isnull=False",
    "/admin/partnerships/contact/?address__icontains=botermarkt",
    "/admin/partnerships/contact/export/csv/?email__startswith=inge",
    "/admin/pressroom/presscontact/?contact__email__startswith=inge",
    "/admin/pressroom/presscontact/?contact__phone_e164__contains=266",
    "/admin/pressroom/presscontact/export/csv/?contact__email__startswith=inge",
    "/admin/partnerships/organisation/?contacts__email__startswith=inge",
]


@pytest.mark.parametrize("url", PROBES)
def test_personal_fields_cannot_be_probed_through_admin_lookups(client, reader, press_contact, url):
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 403
    assert "filteren op e-mailadressen" in response.content.decode()


def test_those_who_keep_the_contacts_still_filter_on_them(client, editor, press_contact):
    client.force_login(editor)
    response = client.get("/admin/partnerships/contact/?email__startswith=inge")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = client.get("/admin/partnerships/contact/?email__startswith=jan")
    assert response.context["cl"].result_count == 0


def test_personal_fields_are_not_searched_for_those_who_may_not_see_them(
    client, reader, editor, press_contact
):
    client.force_login(reader)
    response = client.get("/admin/partnerships/contact/?q=willemsen%40stad")
    assert response.status_code == 200 and response.context["cl"].result_count == 0
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "pressroom",
            "model_name": "presscontact",
            "field_name": "contact",
            "term": "willemsen@stad",
        },
    )
    assert autocomplete.status_code == 200 and autocomplete.json()["results"] == []
    client.force_login(editor)
    response = client.get("/admin/partnerships/contact/?q=willemsen%40stad")
    assert response.context["cl"].result_count == 1


# ------------------------------------------------------------------ the address is personal


def test_a_manager_sees_no_contact_address_on_the_dashboard(manager_client, press_contact):
    page = manager_client.get(reverse("partnerships:contact_detail", args=[press_contact.pk]))
    assert page.status_code == 200 and "Inge Willemsen" in page.content.decode()
    assert "Botermarkt" not in page.content.decode()
    assert "adressen zijn enkel zichtbaar" in page.content.decode()


def test_a_manager_exports_contacts_without_their_address(manager_client, editor, press_contact):
    url = reverse("partnerships:contact_export") + "?format=csv"
    export = b"".join(manager_client.get(url).streaming_content).decode("utf-8-sig")
    assert "Inge Willemsen" in export
    assert "Botermarkt" not in export and "Adres" not in export.splitlines()[0]
    assert "inge.willemsen" not in export and "266" not in export
    manager_client.force_login(editor)
    export = b"".join(manager_client.get(url).streaming_content).decode("utf-8-sig")
    assert "Botermarkt 1, 9000 Gent" in export and "inge.willemsen@stad.gent" in export


def test_admin_exports_name_no_contact_by_e_mail_for_those_who_may_not_see_it(
    client, reader, editor, press_contact
):
    client.force_login(reader)
    for url in ("/admin/pressroom/presscontact/export/csv/", "/admin/pressroom/quote/export/csv/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "e-mail" not in response.content.decode("utf-8-sig").lower()
    export = client.get("/admin/pressroom/presscontact/export/csv/").content.decode("utf-8-sig")
    assert export.splitlines()[1].startswith("1;1;")  # the release and the position remain
    export = client.get("/admin/partnerships/contact/export/csv/").content.decode("utf-8-sig")
    assert "Inge Willemsen" in export and "Botermarkt" not in export and "inge." not in export
    client.force_login(editor)
    export = client.get("/admin/pressroom/presscontact/export/csv/").content.decode("utf-8-sig")
    assert "inge.willemsen@stad.gent" in export
