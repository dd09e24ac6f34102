"""One test per filter, on the seeded records: what a manager would expect to see."""

import datetime

import pytest
from django.urls import reverse

from gentintl.dates import period_overlaps
from partnerships.models import (
    City,
    Network,
    Organisation,
    Partnership,
    PartnershipStatusChange,
    Theme,
)
from pressroom.models import Topic


def names(client, list_name, query):
    response = client.get(reverse(list_name) + "?" + query)
    assert response.status_code == 200
    assert response.context["filter"].is_valid(), response.context["filter"].errors
    return sorted(str(row) for row in response.context["object_list"])


def city(name):
    return City.objects.get(name=name).pk


P = "partnerships:partnership_list"
CASES = {
    # partnerships
    "partnership-q": (P, lambda: "q=Kanaz", ["Kanazawa (zusterstad)"]),
    "partnership-kind": (
        P,
        lambda: "kind=partner_city&country=CN",
        ["Taizhou (partnerstad)", "Weihai (partnerstad)"],
    ),
    "partnership-status": (P, lambda: "status=active", ["Kanazawa (zusterstad)"]),
    "partnership-past-status": (
        P,
        lambda: "past_status=dormant&country=DE",
        ["Melle (zusterstad)"],
    ),
    "partnership-country": (P, lambda: "country=BE", ["Luik (Liège) (partnerstad)"]),
    "partnership-city": (P, lambda: f"city={city('Tallinn')}", ["Tallinn (zusterstad)"]),
    "partnership-theme": (
        P,
        lambda: f"theme={Theme.objects.get(name='Kunst').pk}",
        ["Kanazawa (zusterstad)"],
    ),
    "partnership-began": (
        P,
        lambda: "began_from=1970-01-01&began_to=1971-12-31",
        ["Kanazawa (zusterstad)"],
    ),
    "partnership-ended": (
        P,
        lambda: "ended_from=2018-06-01&ended_to=2018-06-30",
        ["Saint-Raphaël (zusterstad)"],
    ),
    # agreements
    "agreement-q": (
        "partnerships:agreement_list",
        lambda: "q=vriendschapsverdrag",
        ["Vriendschapsverdrag Gent–Kanazawa (Kanazawa)"],
    ),
    "agreement-kind": (
        "partnerships:agreement_list",
        lambda: "kind=friendship_treaty",
        ["Vriendschapsverdrag Gent–Kanazawa (Kanazawa)"],
    ),
    "agreement-validity": (
        "partnerships:agreement_list",
        lambda: "validity=ending",
        ["Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026 (Kanazawa)"],
    ),
    "agreement-city": ("partnerships:agreement_list", lambda: f"city={city('Tallinn')}", []),
    "agreement-country": ("partnerships:agreement_list", lambda: "country=DE", []),
    "agreement-theme": (
        "partnerships:agreement_list",
        lambda: f"theme={Theme.objects.get(name='Sport').pk}",
        ["Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026 (Kanazawa)"],
    ),
    "agreement-signed": (
        "partnerships:agreement_list",
        lambda: "signed_from=2021-01-01",
        ["Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026 (Kanazawa)"],
    ),
    "agreement-valid-until": (
        "partnerships:agreement_list",
        lambda: "valid_until_to=2026-12-31",
        ["Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026 (Kanazawa)"],
    ),
    # activities
    "activity-q": (
        "partnerships:activity_list",
        lambda: "q=Citadelpark",
        ["Onthulling kunstwerk ‘Happy 50th Anniversary’"],
    ),
    "activity-kind": (
        "partnerships:activity_list",
        lambda: "kind=signing",
        ["Digitale ondertekening vernieuwd samenwerkingsakkoord Gent–Kanazawa"],
    ),
    "activity-status": (
        "partnerships:activity_list",
        lambda: "status=held&kind=anniversary",
        ["Onthulling kunstwerk ‘Happy 50th Anniversary’"],
    ),
    "activity-cooperation": ("partnerships:activity_list", lambda: "cooperation=multilateral", []),
    "activity-theme": (
        "partnerships:activity_list",
        lambda: f"theme={Theme.objects.get(name='Kunst').pk}",
        ["Onthulling kunstwerk ‘Happy 50th Anniversary’"],
    ),
    "activity-city": ("partnerships:activity_list", lambda: f"city={city('Melle')}", []),
    "activity-network": (
        "partnerships:activity_list",
        lambda: f"network={Network.objects.get().pk}",
        [],
    ),
    "activity-organisation": (
        "partnerships:activity_list",
        lambda: f"organisation={Organisation.objects.get(name='UGent').pk}",
        ["Academische samenwerking met Kanazawa"],
    ),
    "activity-date": (
        "partnerships:activity_list",
        lambda: "occurred_from=2021-11-01&occurred_to=2021-11-30",
        ["Digitale ondertekening vernieuwd samenwerkingsakkoord Gent–Kanazawa"],
    ),
    # organisations
    "organisation-q": ("partnerships:organisation_list", lambda: "q=UGent", ["UGent"]),
    "organisation-kind": (
        "partnerships:organisation_list",
        lambda: "kind=political",
        ["Kabinet burgemeester"],
    ),
    "organisation-city": ("partnerships:organisation_list", lambda: f"city={city('Melle')}", []),
    "organisation-country": (
        "partnerships:organisation_list",
        lambda: "country=JP",
        ["JAZZ-21 jeugdbigband"],
    ),
    # contacts
    "contact-q": ("partnerships:contact_list", lambda: "q=Dierckens", ["Thomas Dierckens"]),
    "contact-kind": (
        "partnerships:contact_list",
        lambda: "kind=team&q=Persteam",
        ["Persteam - Dienst Communicatie"],
    ),
    "contact-organisation": (
        "partnerships:contact_list",
        lambda: f"organisation={Organisation.objects.get(name='Kabinet burgemeester').pk}",
        ["Thomas Dierckens"],
    ),
    # networks
    "network-q": ("partnerships:network_list", lambda: "q=Eurocit", ["Eurocities"]),
    "network-member": ("partnerships:network_list", lambda: "is_ghent_member=true", ["Eurocities"]),
    "network-theme": (
        "partnerships:network_list",
        lambda: f"theme={Theme.objects.get(name='Sport').pk}",
        [],
    ),
    "network-member-since": ("partnerships:network_list", lambda: "member_from=2000-01-01", []),
    # EU projects (the source documents name none)
    "euproject-q": ("partnerships:euproject_list", lambda: "q=URBACT", []),
    "euproject-role": ("partnerships:euproject_list", lambda: "ghent_role=lead", []),
    "euproject-city": ("partnerships:euproject_list", lambda: f"city={city('Tallinn')}", []),
    "euproject-network": (
        "partnerships:euproject_list",
        lambda: f"network={Network.objects.get().pk}",
        [],
    ),
    "euproject-theme": (
        "partnerships:euproject_list",
        lambda: f"theme={Theme.objects.get(name='Sport').pk}",
        [],
    ),
    "euproject-started": ("partnerships:euproject_list", lambda: "started_from=2020-01-01", []),
}

R = "pressroom:pressrelease_list"
KANAZAWA = "204182 Gent hernieuwt samenwerkingsakkoord met zusterstad Kanazawa"
NETWORKS = "196095 Stad Gent heroriënteert banden met zuster- en partnersteden"
CASES.update(
    {
        "pressrelease-q": (R, lambda: "q=coronapandemie", [KANAZAWA]),
        "pressrelease-q-number": (R, lambda: "q=196095", [NETWORKS]),
        "pressrelease-city": (R, lambda: f"city={city('Melle')}", [NETWORKS]),
        "pressrelease-network": (R, lambda: f"network={Network.objects.get().pk}", [NETWORKS]),
        "pressrelease-language": (R, lambda: "language=fr", []),
        "pressrelease-published": (R, lambda: "published_from=2000-01-01", []),
    }
)


@pytest.mark.parametrize("case", CASES)
def test_filter(seeded, manager_client, case):
    list_name, query, expected = CASES[case]
    assert names(manager_client, list_name, query()) == expected


def test_press_release_topic_filter(seeded, manager_client):
    from pressroom.models import PressRelease

    topic = Topic.objects.create(name="Internationaal")
    PressRelease.objects.get(number=204182).topics.add(topic)
    assert names(manager_client, R, f"topic={topic.pk}") == [KANAZAWA]
    # The list shows each release's topics.
    assert "Internationaal" in manager_client.get(reverse(R)).content.decode()


def test_programme_filter_offers_the_programmes_in_use(db, manager_client):
    from partnerships.models import EUProject

    EUProject.objects.create(acronym="A", name="A", programme="URBACT", ghent_role="lead")
    EUProject.objects.create(acronym="B", name="B", programme="Interreg", ghent_role="partner")
    assert names(manager_client, "partnerships:euproject_list", "programme=URBACT") == [
        "A (URBACT)"
    ]


def test_unknown_filter_value_shows_no_rows_instead_of_all(seeded, manager_client):
    response = manager_client.get(reverse(P) + "?status=bogus")
    assert list(response.context["object_list"]) == []


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query, expected",
    [("Liege", ["Luik (Liège) (partnerstad)"]), ("Gdańsk", ["Gdansk (Gdańsk) (partnerstad)"])],
)
def test_search_ignores_accents(seeded, manager_client, query, expected):
    assert names(manager_client, P, f"q={query}") == expected


@pytest.mark.postgres
def test_press_release_search_is_dutch_full_text(seeded, manager_client):
    # The plural finds the singular in the title: both have the same Dutch stem.
    assert KANAZAWA in names(manager_client, R, "q=samenwerkingsakkoorden")
    assert names(manager_client, R, "q=Kanazawa -Eurocities") == [KANAZAWA]


def test_a_filter_on_the_rows_own_column_adds_no_distinct(seeded, manager_client):
    # DISTINCT over every column of a page makes PostgreSQL sort all matching rows.
    response = manager_client.get(reverse("partnerships:contact_list") + "?kind=person")
    assert not response.context["object_list"].query.distinct
    response = manager_client.get(reverse(P) + f"?city={city('Tallinn')}&status=active")
    assert not response.context["object_list"].query.distinct


def test_a_filter_across_a_to_many_relation_lists_each_row_once(seeded, manager_client):
    from partnerships.models import Activity

    activity = Activity.objects.filter(themes__isnull=False).first()
    themes = list(activity.themes.all())
    if len(themes) < 2:
        themes.append(Theme.objects.exclude(pk=themes[0].pk).first())
        activity.themes.add(themes[1])
    query = "&".join(f"theme={theme.pk}" for theme in themes)
    response = manager_client.get(reverse("partnerships:activity_list") + "?" + query)
    rows = [row.pk for row in response.context["object_list"]]
    assert response.context["object_list"].query.distinct
    assert rows.count(activity.pk) == 1


@pytest.mark.parametrize(
    "model, path, expected",
    [
        ("Contact", "kind", False),
        ("Contact", "organisation__city__country", False),
        ("Partnership", "status_changes__status", True),
        ("Activity", "themes", True),
        ("Activity", "occurred_on__year", False),
    ],
)
def test_only_a_to_many_path_can_repeat_rows(model, path, expected):
    from django.apps import apps

    from gentintl.filters import spans_many

    assert spans_many(apps.get_model("partnerships", model), path) is expected


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        (datetime.date(2018, 1, 1), datetime.date(2018, 12, 31), True),
        (datetime.date(2018, 6, 1), datetime.date(2018, 6, 30), True),
        (datetime.date(2017, 12, 1), datetime.date(2018, 1, 1), True),
        (datetime.date(2018, 12, 31), None, True),
        (datetime.date(2019, 1, 1), None, False),
        (None, datetime.date(2017, 12, 31), False),
    ],
)
def test_a_year_only_end_is_stored_and_found_alike_on_partnership_and_status(
    seeded, manager_client, start, end, found
):
    """Saint-Raphaël ended "in 2018": its end and its status change hold the same date,
    and a range that shares a day with 2018 finds both."""
    partnership = Partnership.objects.get(city__name="Saint-Raphaël")
    change = partnership.status_changes.get(status="ended")
    assert partnership.ended_on == change.changed_on == datetime.date(2018, 1, 1)
    assert partnership.ended_on_precision == change.changed_on_precision == "year"
    partnerships = Partnership.objects.filter(period_overlaps("ended_on", start, end))
    changes = PartnershipStatusChange.objects.filter(period_overlaps("changed_on", start, end))
    assert (partnership in partnerships) is found
    assert (change in changes) is found
    query = "&".join(
        f"{name}={value.isoformat()}"
        for name, value in (("ended_from", start), ("ended_to", end))
        if value
    )
    expected = ["Saint-Raphaël (zusterstad)"] if found else []
    assert names(manager_client, P, query) == expected
