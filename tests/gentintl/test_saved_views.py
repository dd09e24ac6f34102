"""Saved views: a filtered list under a name, found on the home page, shared or not."""

import pytest
from django.test import Client
from django.urls import reverse

from gentintl.models import SavedView

PARTNERSHIPS = "partnerships:partnership_list"


def save(client, name, list_name=PARTNERSHIPS, query="status=phasing_out", shared=False):
    data = {"list_name": list_name, "query": query, "name": name}
    if shared:
        data["is_shared"] = "on"
    return client.post(reverse("savedview_create"), data, follow=True)


@pytest.fixture
def colleague(manager):
    """A manager in a browser of their own (editor_client and manager_client share one)."""
    client = Client()
    client.force_login(manager)
    return client


def home_views(client) -> list[str]:
    return [view.name for view in client.get(reverse("home")).context["saved_views"]]


def test_a_saved_view_opens_its_list_with_its_filters(seeded, editor_client):
    response = save(editor_client, "In afbouw", query="status=phasing_out&page=2")

    assert "Weergave “In afbouw” bewaard." in response.content.decode()
    view = SavedView.objects.get()
    assert view.query == "status=phasing_out"  # the page is not part of the view
    assert home_views(editor_client) == ["In afbouw"]
    listed = editor_client.get(view.get_absolute_url()).context["object_list"]
    assert len(listed) == 10


def test_a_shared_view_shows_who_made_it_and_a_private_one_stays_private(
    seeded, editor_client, colleague
):
    save(editor_client, "Afbouw (gedeeld)", shared=True)
    save(editor_client, "Mijn eigen")

    assert home_views(colleague) == ["Afbouw (gedeeld)"]
    page = colleague.get(reverse("home")).content.decode()
    assert "gedeeld door editor" in page
    assert "Mijn eigen" not in page


def test_the_owner_renames_shares_and_removes_a_view(seeded, editor_client):
    save(editor_client, "Oud")
    view = SavedView.objects.get()
    prefix = f"view-{view.pk}"

    editor_client.post(
        reverse("savedview_change", args=[view.pk]),
        {f"{prefix}-name": "Nieuw", f"{prefix}-is_shared": "on"},
    )
    view.refresh_from_db()
    assert (view.name, view.is_shared) == ("Nieuw", True)

    editor_client.post(reverse("savedview_delete", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_nobody_else_changes_or_removes_a_view(seeded, editor_client, colleague):
    save(editor_client, "Van de editor", shared=True)
    view = SavedView.objects.get()

    change = colleague.post(
        reverse("savedview_change", args=[view.pk]), {f"view-{view.pk}-name": "Gekaapt"}
    )
    delete = colleague.post(reverse("savedview_delete", args=[view.pk]))

    assert (change.status_code, delete.status_code) == (404, 404)
    view.refresh_from_db()
    assert view.name == "Van de editor"


def test_two_views_of_one_user_cannot_share_a_name(seeded, editor_client):
    save(editor_client, "Dubbel")
    response = save(editor_client, "Dubbel", query="status=active")

    assert "U hebt al een weergave met deze naam." in response.content.decode()
    assert SavedView.objects.count() == 1


@pytest.mark.parametrize("query", ["q=Peeters", "q=jan%40stad.gent"])
def test_a_view_that_searches_people_is_not_shared(seeded, editor_client, query):
    response = save(editor_client, "Contacten", "partnerships:contact_list", query, shared=True)

    assert "Deze weergave zoekt of filtert contacten" in response.content.decode()
    assert not SavedView.objects.exists()
    save(editor_client, "Contacten", "partnerships:contact_list", query)  # for oneself: fine
    assert SavedView.objects.filter(is_shared=False).count() == 1


def test_only_a_list_of_the_dashboard_can_be_saved(seeded, editor_client):
    assert save(editor_client, "Admin", list_name="admin:index").status_code == 404
    assert save(editor_client, "Niets", list_name="no-such-list").status_code == 404
    assert not SavedView.objects.exists()


def test_a_shared_view_of_a_list_someone_may_not_open_is_not_shown_to_them(
    seeded, editor_client, django_user_model
):
    save(editor_client, "Contacten van Gent", "partnerships:contact_list", "", shared=True)
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client = Client()
    client.force_login(nobody)

    response = client.get(reverse("savedview_list"))

    assert response.status_code == 200
    assert response.context["shared"] == []
