import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gentintl import dates
from tests.factories import rows


@pytest.fixture
def on(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(dates, "today", lambda: day)

    return set_today


def test_agreement_ending_within_12_months_shows_renewal_alert(seeded, manager_client, on):
    on(datetime.date(2026, 6, 1))
    response = manager_client.get(reverse("home"))
    assert [a.title for a in response.context["renewal_alerts"]] == [
        "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
    ]
    assert "geldig tot 2026" in response.content.decode()


def test_agreement_ending_in_more_than_12_months_shows_no_alert(seeded, manager_client, on):
    on(datetime.date(2025, 6, 1))
    assert manager_client.get(reverse("home")).context["renewal_alerts"] == []


def test_every_key_figure_links_to_its_filtered_list(seeded, manager_client, on):
    on(datetime.date(2026, 6, 1))
    figures = manager_client.get(reverse("home")).context["figures"]
    renewal = next(f for f in figures if "hernieuwen" in str(f["label"]))
    assert renewal["value"] == 1
    listed = manager_client.get(renewal["url"]).context["object_list"]
    assert len(listed) == 1
    for figure in figures:
        assert manager_client.get(figure["url"]).status_code == 200


def test_map_shows_partner_cities_and_highlights_their_countries(seeded, manager_client):
    data = manager_client.get(reverse("home")).context["map_data"]
    assert "Kanazawa" in [p["name"] for p in data["points"]]
    assert "392" in data["highlight"]  # Japan
    assert "Taizhou" not in [p["name"] for p in data["points"]]  # no coordinates known


def test_map_points_name_and_link_each_partnership_as_its_own_pages_do(seeded, manager_client):
    from partnerships.models import Partnership

    points = manager_client.get(reverse("home")).context["map_data"]["points"]
    expected = {
        p.get_absolute_url(): (str(p.city), f"{p.get_kind_display()} · {p.get_status_display()}")
        for p in Partnership.objects.select_related("city")
        if p.city.latitude is not None
    }
    assert {p["url"]: (p["name"], p["detail"]) for p in points} == expected


def test_partnership_table_cells_link_to_the_list_behind_them(seeded, manager_client):
    table = manager_client.get(reverse("home")).context["partnership_table"]
    sister = table[0]
    active = sister["cells"][0]
    assert active["count"] == 1
    assert [str(p) for p in manager_client.get(active["url"]).context["object_list"]] == [
        "Kanazawa (zusterstad)"
    ]


# The dashboard's budget (README): two for the session and the user, five figures, the
# charts (four of them for the bilateral and multilateral turn), the partnership table,
# the map, the saved views and the latest changes and press releases.
HOME_QUERIES = 25


def test_home_runs_the_same_queries_whatever_the_data(seeded, manager_client):
    def counted():
        manager_client.get(reverse("home"))  # the session's expiry refresh, not measured
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(reverse("home"))
        assert response.status_code == 200
        assert response.context["partnership_table"]  # the page as a manager sees it
        return len(queries)

    seeded_only = counted()
    rows(30)
    assert (seeded_only, counted()) == (HOME_QUERIES, HOME_QUERIES)


def test_the_turn_chart_shows_the_decision_of_196095_with_the_undated_facts(seeded, manager_client):
    """Release 196095: ten ties phased out, Kanazawa kept, Eurocities as the way forward.
    Its steps carry no date: they stand in the "date unknown" bucket, not left out."""
    charts = manager_client.get(reverse("home")).context["charts"]
    turn = next(c for c in charts if c["id"] == "chart-turn")
    rows = {
        row["label"]: dict(zip(turn["series"], row["values"], strict=True)) for row in turn["rows"]
    }

    assert list(rows)[-1] == "datum onbekend"
    unknown = rows["datum onbekend"]
    assert unknown["bilateraal: afbouwen"] == 10
    assert unknown["netwerklidmaatschappen begonnen"] == 1
    assert rows["1971"]["bilateraal: actief"] == 1  # Kanazawa
    assert rows["2018"]["bilateraal: beëindigd"] == 1  # Saint-Raphaël
    assert turn["summary"] == [
        "Actief: 1 bilaterale band (Kanazawa)",
        "Afbouwen: 10 bilaterale banden",
        "Beëindigd: 1 bilaterale band (Saint-Raphaël)",
        "Lid van 1 netwerk (Eurocities)",
        "0 EU-projecten",
    ]
