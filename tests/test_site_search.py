"""The search box in the header (gentintl.site_search, /search/)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gentintl import site_search
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
)
from partnerships.resources import ContactResource
from pressroom.models import PressRelease, Quote
from tests.factories import rows


@pytest.fixture
def records(db):
    """One record of every kind, with the names the documents use."""
    luik = City.objects.create(name="Luik", local_name="Liège", country="BE")
    gdansk = City.objects.create(name="Gdansk", local_name="Gdańsk", country="PL")
    City.objects.create(name="Kanazawa", local_name="Kanazawa", country="JP")
    partnership = Partnership.objects.create(
        city=luik, kind="partner_city", status="ended", end_reason="Geen uitwisseling meer"
    )
    agreement = Agreement.objects.create(
        partnership=partnership,
        kind="friendship_treaty",
        title="Vriendschapsverdrag Gent–Luik",
        signed_on=datetime.date(1971, 1, 1),
        signed_on_precision="year",
    )
    activity = Activity.objects.create(
        title="Marathon van Gdańsk",
        kind="sport",
        status="held",
        description="Gentse lopers liepen de marathon langs de Motława.",
    )
    organisation = Organisation.objects.create(
        name="Université de Liège", kind="university", city=luik
    )
    contact = Contact.objects.create(
        name="Inge Willemsen",
        function="Diensthoofd",
        organisation=organisation,
        email="inge.geheim@stad.gent",
        mobile="0477 38 29 37",
        mobile_e164="+32477382937",
    )
    network = Network.objects.create(name="Eurocities", description="Europees stedennetwerk")
    project = EUProject.objects.create(
        acronym="URBFOOD", name="Stedelijke voedselstrategie", programme="URBACT",
        ghent_role="partner",
    )  # fmt: skip
    release = PressRelease.objects.create(
        number=204182,
        slug="kanazawa",
        title="Vijftig jaar vriendschap met Kanazawa",
        lead="Gent en Kanazawa vieren hun band.",
        body="Het kunstwerk werd onthuld in het Citadelpark.\n\nDe burgemeester sprak.",
        url="https://persruimte.stad.gent/204182-kanazawa",
    )
    quote = Quote.objects.create(
        press_release=release,
        text="Deze vriendschap inspireert onze stad.",
        speaker_name="Mathias De Clercq",
        speaker_function="burgemeester",
    )
    return {
        "city": luik,
        "gdansk": gdansk,
        "partnership": partnership,
        "agreement": agreement,
        "activity": activity,
        "organisation": organisation,
        "contact": contact,
        "network": network,
        "euproject": project,
        "pressrelease": release,
        "quote": quote,
    }


def titles(found: dict, key: str) -> list[str]:
    return [row["hit_title"] for row in found.get(key, [])]


def search_page(client, query: str):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


# ------------------------------------------------------------ what it finds
@pytest.mark.parametrize(
    ("query", "key", "title"),
    [
        ("Luik", "city", "Luik"),
        ("Liège", "city", "Luik"),
        ("Luik", "partnership", "Luik"),
        ("vriendschapsverdrag", "agreement", "Vriendschapsverdrag Gent–Luik"),
        ("marathon", "activity", "Marathon van Gdańsk"),
        ("Université", "organisation", "Université de Liège"),
        ("Willemsen", "contact", "Inge Willemsen"),
        ("diensthoofd", "contact", "Inge Willemsen"),
        ("eurocities", "network", "Eurocities"),
        ("URBFOOD", "euproject", "URBFOOD"),
        ("voedselstrategie", "euproject", "URBFOOD"),
        ("Vijftig jaar", "pressrelease", "Vijftig jaar vriendschap met Kanazawa"),
        ("Citadelpark", "pressrelease", "Vijftig jaar vriendschap met Kanazawa"),
        ("De Clercq", "quote", "Mathias De Clercq"),
        ("inspireert", "quote", "Mathias De Clercq"),
    ],
)
def test_each_kind_is_found_by_its_names_and_texts(records, editor, query, key, title):
    assert title in titles(site_search.find(query, editor), key)


@pytest.mark.parametrize(
    ("query", "key", "title"),
    [
        ("Liege", "city", "Luik"),
        ("liege", "organisation", "Université de Liège"),
        ("Gdansk", "activity", "Marathon van Gdańsk"),
        ("GDAŃSK", "city", "Gdansk"),
        ("universite", "organisation", "Université de Liège"),
    ],
)
def test_accents_and_case_are_ignored_on_every_database(records, editor, query, key, title):
    assert title in titles(site_search.find(query, editor), key)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "key", "title"),
    [
        ("Kanzawa", "city", "Kanazawa"),
        ("Kanazwa", "pressrelease", "Vijftig jaar vriendschap met Kanazawa"),
        ("Willemson", "contact", "Inge Willemsen"),
        # Dutch full text: the plural of a word in the body ("kunstwerk").
        ("kunstwerken", "pressrelease", "Vijftig jaar vriendschap met Kanazawa"),
    ],
)
def test_postgresql_forgives_typos_and_finds_word_forms(records, editor, query, key, title):
    assert title in titles(site_search.find(query, editor), key)


def test_a_text_that_is_nowhere_finds_nothing(records, editor, client):
    assert site_search.find("qwxzv", editor) == {}
    client.force_login(editor)
    assert "Geen resultaten voor “qwxzv”." in search_page(client, "qwxzv")


def test_best_matches_first(db, editor):
    for name in ("Oud-Gent", "Gentbrugge", "Gent"):
        Organisation.objects.create(name=name, kind="other")
    Organisation.objects.create(name="Dienst Cultuur", kind="other", notes="Voor heel Gent")
    assert titles(site_search.find("gent", editor), "organisation") == [
        "Gent",  # the name itself
        "Gentbrugge",  # a name that starts with it
        "Oud-Gent",  # a name that holds it
        "Dienst Cultuur",  # only its notes
    ]


def test_each_kind_shows_five_and_counts_all(db, editor):
    for i in range(8):
        Network.objects.create(name=f"Stedennetwerk {i}")
    found = site_search.find("stedennetwerk", editor)
    assert len(found["network"]) == site_search.SHOWN == 5
    assert {row["hit_total"] for row in found["network"]} == {8}


def test_a_spreadsheet_import_is_found_at_once(db, editor):
    """Imports write with COPY or bulk_create, past save(): the search needs no column
    that an import would have to fill."""
    data = "E-mail;Naam;Soort;Functie\nf.dubois@liege.be;Françoise Dubois;person;Échevine\n"
    sheet = read_sheet(data.encode(), "contacten.csv")
    plan = plan_import(ContactResource(), sheet)
    assert plan.is_valid, plan.errors
    apply_plan(plan, user=editor)
    assert titles(site_search.find("francoise", editor), "contact") == ["Françoise Dubois"]
    assert titles(site_search.find("echevine", editor), "contact") == ["Françoise Dubois"]


# ------------------------------------------------------------ personal data
def test_without_the_personal_data_permission_no_contact_is_found_by_email_or_phone(
    records, manager, editor
):
    for query in ("inge.geheim", "stad.gent", "0477 38 29 37", "+32477382937", "0477382937"):
        assert "contact" not in site_search.find(query, manager), query
        assert titles(site_search.find(query, editor), "contact") == ["Inge Willemsen"], query


def test_a_contact_found_by_name_shows_personal_data_only_to_those_allowed(
    records, client, manager, editor
):
    client.force_login(manager)
    page = search_page(client, "Willemsen")
    assert "Inge" in page and "Willemsen" in page
    assert "inge.geheim" not in page and "0477" not in page
    client.force_login(editor)
    page = search_page(client, "inge.geheim")
    assert "<mark>inge.geheim</mark>@stad.gent" in page


# ------------------------------------------------------------ the page
def test_the_page_groups_by_kind_with_counts_and_marks_the_words(records, client, editor):
    client.force_login(editor)
    page = search_page(client, "Liege")
    assert 'id="results-city"' in page and 'id="results-organisation"' in page
    assert "Universit\u00e9 de <mark>Li\u00e8ge</mark>" in page
    assert "Luik (<mark>Liège</mark>)" in page  # a city with its local name
    assert 'Steden <span class="muted">(1)</span>' in page


def test_each_result_links_to_its_page(records, client, editor):
    client.force_login(editor)
    page = search_page(client, "Luik")
    # A city has no page: it links to its partnership.
    assert records["partnership"].get_absolute_url() in page
    assert records["agreement"].get_absolute_url() in page
    page = search_page(client, "inspireert")
    release = records["pressrelease"]
    assert f"{release.get_absolute_url()}#quote-{records['quote'].pk}" in page
    for key in ("activity", "organisation", "contact", "network", "euproject"):
        record = records[key]
        query = getattr(record, "acronym", None) or getattr(record, "name", None) or record.title
        assert record.get_absolute_url() in search_page(client, query), key


def test_a_city_without_partnership_links_to_the_admin_for_staff_only(
    records, client, editor, manager
):
    client.force_login(editor)
    admin_url = reverse("admin:partnerships_city_change", args=[records["gdansk"].pk])
    assert admin_url in search_page(client, "Gdańsk")
    client.force_login(manager)
    page = search_page(client, "Gdańsk")
    assert admin_url not in page
    # Shown, as text: the manager has no page to open for it.
    assert '<span class="search-results__title"><mark>Gdansk</mark> (<mark>Gdańsk</mark>)' in page


def test_a_record_named_like_markup_is_shown_as_text(db, client, editor):
    Organisation.objects.create(name="<script>alert(1)</script> Club", kind="club")
    client.force_login(editor)
    page = search_page(client, "script")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; Club" in page


def test_the_header_of_every_page_has_the_search_box(client, editor):
    client.force_login(editor)
    page = client.get(reverse("profile")).content.decode()
    assert f'action="{reverse("search")}"' in page
    assert 'id="site-search-q"' in page


def test_anonymous_users_get_the_login_page(client, db):
    response = client.get(reverse("search"), {"q": "Gent"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_view_permissions_finds_nothing(records, client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    assert site_search.find("Luik", user) == {}
    client.force_login(user)
    assert "Geen resultaten" in search_page(client, "Luik")


def test_quotes_are_left_out_without_the_press_releases_that_show_them(records, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("quotes", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_quote"))
    assert site_search.find("inspireert", user) == {}


# ------------------------------------------------------------ speed
def search_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        search_page(client, query)
    return len(captured)


@pytest.mark.parametrize("user", ["editor", "manager"])
def test_the_page_runs_the_same_few_queries_for_3_and_30_rows(db, client, request, user):
    client.force_login(request.getfixturevalue(user))
    search_page(client, "warm")  # the session's first request also refreshes its expiry
    rows(3)
    # Words every kind of row of tests.factories holds, so each part has matches.
    few = {q: search_queries(client, q) for q in ("Test", "1", "Citaat")}
    rows(27, start=3)
    many = {q: search_queries(client, q) for q in ("Test", "1", "Citaat")}
    assert few == many
    assert max(many.values()) <= 10
    searcher = request.getfixturevalue(user)
    searcher.has_perm("partnerships.view_city")  # reads (and keeps) the user's permissions
    with CaptureQueriesContext(connection) as captured:
        found = site_search.find("1", searcher)
    assert len(captured) == 1  # every kind in one query
    assert len(found) == 8  # all but networks and quotes hold a number


def test_counts_stop_at_most_and_say_more_than(db, client, editor, monkeypatch):
    monkeypatch.setattr(site_search, "MOST", 3)
    for i in range(6):
        Network.objects.create(name=f"Stedennetwerk {i}")
    found = site_search.find("stedennetwerk", editor)
    assert len(found["network"]) == 4  # the best of the first MOST + 1 found
    assert found["network"][0]["hit_total"] == 4
    client.force_login(editor)
    assert 'Netwerken <span class="muted">(meer dan 3)</span>' in search_page(
        client, "stedennetwerk"
    )


def test_a_record_ranks_by_the_best_of_its_names(db, editor):
    City.objects.create(name="Luikerwaal", local_name="Luikerwaal", country="BE")
    City.objects.create(name="Luik", local_name="Liège", country="BE")
    City.objects.create(name="Oost-Luik", local_name="Liège-Est", country="BE")
    assert titles(site_search.find("LUIK", editor), "city") == ["Luik", "Luikerwaal", "Oost-Luik"]
    assert titles(site_search.find("liege", editor), "city") == ["Luik", "Oost-Luik"]
