"""The read API of the press room: releases by their number, the list's filters, press
contacts without their e-mail and phones for users who may not see them."""

from django.test import Client
from django.urls import reverse

from gentintl.models import ApiToken
from partnerships.models import City
from pressroom.models import PressRelease, Topic

LIST = "/api/pressroom/press-releases/"


def token_client(user) -> Client:
    _row, secret = ApiToken.issue(user, "test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_a_release_reads_by_its_number_with_body_quotes_and_related_news(seeded, manager):
    release = PressRelease.objects.get(number=204182)

    response = token_client(manager).get(f"{LIST}204182/")

    assert response.status_code == 200
    found = response.json()
    assert found["number"] == 204182 and found["title"] == release.title
    assert found["address"] == release.url
    assert found["web_url"] == "http://testserver" + release.get_absolute_url()
    assert found["body"] == release.body
    assert [q["speaker_name"] for q in found["quotes"]] == [
        q.speaker_name for q in release.quotes.order_by("position")
    ]
    assert len(found["related_news"]) == release.related_news.count() > 0
    assert "Kanazawa" in [city["name"] for city in found["cities"]]
    assert "Kanazawa" in found["partnerships"]


def test_the_list_leaves_out_the_body(seeded, manager):
    [first, *_] = token_client(manager).get(LIST).json()["results"]
    assert "body" not in first and first["lead"]


def test_a_manager_reads_press_contacts_without_email_or_phones(seeded, manager):
    client = token_client(manager)

    listed = client.get(LIST)
    detail = client.get(f"{LIST}204182/")

    for response in (listed, detail):
        assert response.status_code == 200
        assert b"@" not in response.content and b"+32" not in response.content
    contacts = [c["contact"] for r in listed.json()["results"] for c in r["press_contacts"]]
    assert contacts and all("email" not in contact for contact in contacts)
    assert {"name", "function", "organisation"} <= set(contacts[0])


def test_an_editor_reads_press_contacts_with_email(seeded, editor):
    response = token_client(editor).get(f"{LIST}204182/")

    emails = [c["contact"]["email"] for c in response.json()["press_contacts"]]
    assert emails and all("@" in email for email in emails)


def test_filters_answer_as_the_page_for_the_same_query_string(seeded, editor_client):
    kanazawa = City.objects.get(name="Kanazawa").pk
    Topic.objects.create(name="Ongebruikt")
    cases = [
        "",
        "q=Kanazawa",
        "q=196095",
        "language=nl&sort=number",
        f"city={kanazawa}",
        "published_from=2021-11-01",
        "sort=-number",
    ]
    for params in cases:
        page = editor_client.get(f"{reverse('pressroom:pressrelease_list')}?{params}")
        expected = [release.number for release in page.context["filter"].qs]
        answer = editor_client.get(f"{LIST}?{params}")
        assert answer.status_code == 200
        assert [r["number"] for r in answer.json()["results"]] == expected, params
    assert [r["number"] for r in editor_client.get(f"{LIST}?q=196095").json()["results"]] == [
        196095
    ]
