"""The read API of the partnerships lists: the pages' filters and permissions, natural keys
in the payload, personal data only with its permission, read-only, a fixed number of
queries whatever the number of rows."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gentintl.models import ApiToken
from partnerships.models import City, Contact, EUProject, Organisation, Theme
from tests.conftest import make_user
from tests.factories import rows

ENDPOINTS = [
    "partnership",
    "agreement",
    "activity",
    "organisation",
    "contact",
    "network",
    "euproject",
]
PAGES = {name: f"partnerships:{name}_list" for name in ENDPOINTS}
PAGES["pressrelease"] = "pressroom:pressrelease_list"
MAX_QUERIES = 10
PERSONAL = set(Contact.personal_fields)


def api(name: str) -> str:
    return reverse(f"api:{name}_list")


def token_client(user) -> Client:
    _row, secret = ApiToken.issue(user, "test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def results(client, url, params=""):
    response = client.get(f"{url}?page_size=1000&{params}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


# ------------------------------------------------------------------ payloads
def test_partnerships_read_with_city_names_and_dates_at_their_precision(seeded, manager):
    found = {p["city"]["name"]: p for p in results(token_client(manager), api("partnership"))}

    kanazawa = found["Kanazawa"]
    assert kanazawa["city"] == {"name": "Kanazawa", "local_name": "Kanazawa", "country": "JP"}
    assert kanazawa["kind"] == "sister_city" and kanazawa["kind_label"] == "zusterstad"
    assert kanazawa["began_on"] == "1971"  # known to the year: no invented day
    assert kanazawa["web_url"] == "http://testserver" + reverse(
        "partnerships:partnership_detail", args=[kanazawa["id"]]
    )
    assert kanazawa["url"].endswith(f"/api/partnerships/{kanazawa['id']}/")
    assert found["Saint-Raphaël"]["status"] == "ended"


def test_agreements_name_their_themes_city_and_the_agreement_they_replace(seeded, manager):
    found = {a["title"]: a for a in results(token_client(manager), api("agreement"))}

    renewed = found["Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"]
    assert renewed["city"]["name"] == "Kanazawa"
    assert renewed["valid_until"] == "2026"
    assert renewed["replaces"].startswith("Samenwerkingsakkoord Gent–Kanazawa")
    assert all(isinstance(theme, str) for theme in renewed["themes"])


def test_a_record_reads_by_its_own_address(seeded, manager):
    client = token_client(manager)
    [first] = results(client, api("organisation"), "q=UGent")

    response = client.get(first["url"])

    assert response.status_code == 200
    assert response.json() == first
    assert client.get(reverse("api:organisation_detail", args=[0])).status_code == 404


# ------------------------------------------------------------------ personal data
def test_a_manager_s_token_reads_contacts_without_email_phones_or_address(seeded, manager):
    response = token_client(manager).get(api("contact"))

    contacts = response.json()["results"]
    assert contacts and all(not PERSONAL & set(contact) for contact in contacts)
    assert b"@" not in response.content  # no e-mail address anywhere in the answer
    assert b"09 266" not in response.content and b"+32" not in response.content


def test_an_editor_s_token_reads_contacts_with_email_and_phones(seeded, editor):
    contacts = results(token_client(editor), api("contact"))

    inge = next(c for c in contacts if c["name"] == "Inge Willemsen")
    assert PERSONAL <= set(inge)
    assert inge["email"].endswith("@stad.gent")


def test_a_manager_s_session_reads_no_email_either(seeded, manager_client):
    response = manager_client.get(api("contact"))

    assert response.status_code == 200
    assert b"@" not in response.content


# ------------------------------------------------------------------ access
@pytest.mark.parametrize("name", ENDPOINTS)
def test_anonymous_gets_401_and_no_data(seeded, client, name):
    response = client.get(api(name))

    assert response.status_code == 401
    assert "results" not in response.json()
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_user_without_the_view_permission_gets_403(seeded, django_user_model, name):
    user = make_user(django_user_model, "nobody")
    user.user_permissions.set(Permission.objects.filter(codename="view_city"))

    response = token_client(user).get(api(name))

    assert response.status_code == 403
    assert "results" not in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_writes_nothing(seeded, editor, method):
    client = token_client(editor)
    city = City.objects.get(name="Kanazawa")
    partnership = city.partnerships.get()
    detail = reverse("api:partnership_detail", args=[partnership.pk])

    for url in (api("partnership"), detail):
        response = getattr(client, method)(
            url, {"status": "ended"}, content_type="application/json"
        )
        assert response.status_code == 405
    partnership.refresh_from_db()
    assert partnership.status == "active"


# ------------------------------------------------------------------ filters
def filter_cases():
    """(endpoint, query string) pairs that narrow the seed data, pks looked up by name."""
    kanazawa = City.objects.get(name="Kanazawa").pk
    sport = Theme.objects.get(name="Sport").pk
    ugent = Organisation.objects.get(name="UGent").pk
    return [
        ("partnership", ""),
        ("partnership", "status=phasing_out&kind=sister_city"),
        ("partnership", "past_status=dormant"),
        ("partnership", "country=JP&country=BE"),
        ("partnership", "q=Kanazawa"),
        ("partnership", f"theme={sport}"),
        ("partnership", "began_to=1990-12-31&sort=-began"),
        ("partnership", "sort=-city"),
        ("agreement", "validity=ending"),
        ("agreement", f"city={kanazawa}&sort=-signed"),
        ("agreement", "signed_from=2021-01-01"),
        ("activity", "kind=sport&kind=student_exchange"),
        ("activity", f"organisation={ugent}"),
        ("activity", "cooperation=bilateral&sort=date"),
        ("activity", "q=jazz"),
        ("organisation", "kind=university&sort=-name"),
        ("organisation", "q=Dienst"),
        ("contact", "kind=team"),
        ("contact", "q=Willemsen"),
        ("network", "is_ghent_member=true&q=Euro"),
        ("euproject", "ghent_role=partner&q=PRJ1&sort=-budget"),
    ]


def page_ids(client, name, params):
    response = client.get(f"{reverse(PAGES[name])}?{params}")
    assert response.status_code == 200
    return [row.pk for row in response.context["filter"].qs]


def test_every_filter_answers_as_its_page_for_the_same_query_string(seeded, editor_client):
    rows(3)  # rows outside the seed, so that filters have something to leave out
    narrowed = 0
    for name, params in filter_cases():
        expected = page_ids(editor_client, name, params)
        found = [row["id"] for row in results(editor_client, api(name), params)]
        assert found == expected, f"{name}?{params}"
        everything = page_ids(editor_client, name, "")
        narrowed += 0 < len(found) < len(everything)
    # All but the three that only sort (or keep every activity) leave some rows out.
    assert narrowed == len(filter_cases()) - 3


def test_an_invalid_filter_value_is_a_400_that_names_the_filter(seeded, manager_client):
    response = manager_client.get(api("partnership"), {"status": "nonsense"})

    assert response.status_code == 400
    assert "status" in response.json()


# ------------------------------------------------------------------ pagination
def test_pages_follow_each_other_with_next_links(db, manager):
    rows(5)
    client = token_client(manager)

    first = client.get(api("partnership"), {"page_size": 2, "sort": "city"}).json()
    second = client.get(first["next"]).json()
    last = client.get(second["next"]).json()

    assert first["count"] == 5 and first["previous"] is None
    assert [p["city"]["name"] for p in first["results"] + second["results"] + last["results"]] == [
        f"Teststad {i}" for i in range(5)
    ]
    assert last["next"] is None
    assert "sort=city" in first["next"]  # the filters go along


def test_a_page_past_the_end_is_a_404(db, manager_client):
    rows(1)
    assert manager_client.get(api("partnership"), {"page": 9}).status_code == 404


# ------------------------------------------------------------------ query counts
def count_queries(client, url) -> int:
    client.get(url)  # the session's expiry is refreshed at most every few minutes: not here
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", [*ENDPOINTS, "pressrelease"])
def test_lists_run_the_same_queries_for_3_and_30_rows(db, editor, name):
    by_session = Client()
    by_session.force_login(editor)
    by_token = token_client(editor)
    url = api(name) + "?sort=-x"  # an unknown sort is ignored
    rows(3)
    few = [count_queries(client, url) for client in (by_session, by_token)]
    rows(27, start=3)
    many = [count_queries(client, url) for client in (by_session, by_token)]
    assert few == many
    assert max(many) <= MAX_QUERIES


def test_the_programme_filter_still_offers_new_programmes_after_the_schema_was_made(
    db, manager_client
):
    assert manager_client.get("/api/schema/").status_code == 200  # builds the filters' fields
    EUProject.objects.create(acronym="A", name="A", programme="URBACT", ghent_role="lead")

    page = manager_client.get(reverse("partnerships:euproject_list"), {"programme": "URBACT"})
    answer = manager_client.get(api("euproject"), {"programme": "URBACT"})

    assert [row.acronym for row in page.context["filter"].qs] == ["A"]
    assert [row["acronym"] for row in answer.json()["results"]] == ["A"]
