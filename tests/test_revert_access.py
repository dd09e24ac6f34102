"""Reverting a record from its history needs the change permission; a contact's past
version also needs the personal-data permission."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse


@pytest.fixture
def viewer(django_user_model):
    """A staff user who may look at every record in the admin but change none."""
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["partnerships", "pressroom"], codename__startswith="view_"
        ).exclude(codename="view_personal_data")
    )
    return user


@pytest.fixture
def city_with_history(db):
    from partnerships.models import City

    city = City.objects.create(name="Kanazawa", country="JP")
    city.name = "Kanazawa-shi"
    city.save()
    first = city.history.order_by("history_id").first()
    return city, reverse("admin:partnerships_city_simple_history", args=[city.pk, first.pk])


def revert_form_data(client, superuser, url) -> dict:
    """What the revert page posts: the past version's values, as the form shows them."""
    client.force_login(superuser)
    form = client.get(url).context["adminform"].form
    client.logout()
    return {name: form[name].value() or "" for name in form.fields}


def test_a_view_only_staff_user_cannot_open_the_revert_page(client, viewer, city_with_history):
    city, url = city_with_history
    client.force_login(viewer)
    assert client.get(reverse("admin:partnerships_city_history", args=[city.pk])).status_code == 200
    assert client.get(url).status_code == 403


def test_a_view_only_staff_user_cannot_revert_a_record(
    client, viewer, admin_user, city_with_history
):
    city, url = city_with_history
    data = revert_form_data(client, admin_user, url)
    assert data["name"] == "Kanazawa"
    client.force_login(viewer)
    assert client.post(url, data).status_code == 403
    city.refresh_from_db()
    assert city.name == "Kanazawa-shi"
    assert city.history.count() == 2


def test_an_editor_still_reverts(client, editor, admin_user, city_with_history):
    city, url = city_with_history
    data = revert_form_data(client, admin_user, url)
    client.force_login(editor)
    assert client.post(url, data).status_code == 302
    city.refresh_from_db()
    assert city.name == "Kanazawa"


def test_a_contact_s_past_version_needs_the_personal_data_permission(client, django_user_model):
    from partnerships.models import Contact

    contact = Contact.objects.create(name="Inge Willemsen", email="inge@stad.gent")
    version = contact.history.get()
    user = django_user_model.objects.create_user("keeper", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__endswith="_contact"))
    client.force_login(user)
    url = reverse("admin:partnerships_contact_simple_history", args=[contact.pk, version.pk])
    assert client.get(url).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(url).status_code == 200
