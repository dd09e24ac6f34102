import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from partnerships.models import Contact

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:partnerships_contact_changelist"


@pytest.fixture
def staff_without_personal_data(django_user_model):
    """An editor's rights, less the permission to see phones and e-mail."""
    user = django_user_model.objects.create_user("stagiair", is_staff=True)
    permissions = Group.objects.get(name="Editors").permissions.exclude(
        codename="view_personal_data"
    )
    user.user_permissions.set(permissions)
    return user


def test_editors_see_phones_and_email_in_the_contact_list(seeded, editor_client):
    content = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert "inge.willemsen@stad.gent" in content
    assert "047747 12 94" in content


def test_staff_without_the_permission_see_no_phones_or_email(
    seeded, client, staff_without_personal_data
):
    client.force_login(staff_without_personal_data)
    content = client.get(reverse(CHANGELIST)).content.decode()
    assert "Inge Willemsen" in content
    assert "inge.willemsen@stad.gent" not in content
    assert "047747 12 94" not in content
    inge = Contact.objects.get(name="Inge Willemsen")
    form = client.get(reverse("admin:partnerships_contact_change", args=[inge.pk]))
    assert "047747 12 94" not in form.content.decode()
    assert (
        client.get(reverse("admin:partnerships_contact_history", args=[inge.pk])).status_code == 403
    )


def test_export_without_the_permission_leaves_out_personal_columns(
    seeded, client, staff_without_personal_data
):
    client.force_login(staff_without_personal_data)
    response = client.get(reverse("admin:partnerships_contact_export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert "Naam" in headers
    assert not {"E-mail", "Telefoon", "Gsm", "Adres"} & set(headers)
    assert "@stad.gent" not in text


def test_erase_action_needs_its_own_permission(seeded, editor_client, editor):
    changelist = editor_client.get(reverse(CHANGELIST))
    assert "erase_personal_data" not in changelist.content.decode()
    editor.user_permissions.add(Permission.objects.get(codename="erase_contact"))
    changelist = editor_client.get(reverse(CHANGELIST))
    assert "erase_personal_data" in changelist.content.decode()


def test_erase_action_asks_for_confirmation_then_anonymises(seeded, editor_client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="erase_contact"))
    inge = Contact.objects.get(name="Inge Willemsen")
    data = {"action": "erase_personal_data", "_selected_action": [inge.pk]}
    confirm_page = editor_client.post(reverse(CHANGELIST), data)
    assert confirm_page.status_code == 200
    assert "Inge Willemsen" in confirm_page.content.decode()
    assert Contact.objects.get(pk=inge.pk).name == "Inge Willemsen"

    editor_client.post(reverse(CHANGELIST), {**data, "confirmed": "yes"})
    inge.refresh_from_db()
    assert inge.name == f"Gewist contact {inge.pk}"
    assert inge.mobile == "" and inge.email == ""
