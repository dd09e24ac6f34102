import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from tests.factories import rows

LISTS = [
    "partnerships:partnership_list",
    "partnerships:agreement_list",
    "partnerships:activity_list",
    "partnerships:organisation_list",
    "partnerships:contact_list",
    "partnerships:network_list",
    "partnerships:euproject_list",
    "pressroom:pressrelease_list",
]
EXPORTS = [name.replace("_list", "_export") for name in LISTS]
# The page's whole budget, two of them the session and the user with their permissions.
MAX_QUERIES = 10


def count_queries(client, url):
    client.get(url)  # the session's expiry is refreshed at most every few minutes: not here
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", LISTS)
def test_list_runs_the_same_queries_for_3_and_30_rows(db, editor_client, name):
    rows(3)
    url = reverse(name) + "?sort=-" + "x"  # an unknown sort is ignored
    few = count_queries(editor_client, url)
    rows(27, start=3)
    many = count_queries(editor_client, url)
    assert few == many
    assert many <= MAX_QUERIES


def detail_urls():
    from partnerships.models import Contact, EUProject, Network, Organisation, Partnership
    from pressroom.models import PressRelease

    models = (Partnership, Organisation, Contact, Network, EUProject, PressRelease)
    return [model.objects.order_by("pk").last().get_absolute_url() for model in models]


def test_detail_pages_run_the_same_queries_for_3_and_30_related_rows(db, editor_client):
    rows(3)
    few = [count_queries(editor_client, url) for url in detail_urls()]
    rows(27, start=3)
    many = [count_queries(editor_client, url) for url in detail_urls()]
    assert few == many
    assert max(many) <= MAX_QUERIES


@pytest.mark.parametrize("name", LISTS + ["home"])
def test_user_without_a_role_gets_403(db, client, django_user_model, name):
    client.force_login(make_user(django_user_model, "nobody"))
    assert client.get(reverse(name)).status_code == 403


def test_anonymous_user_is_sent_to_the_login_page(db, client):
    response = client.get(reverse("partnerships:partnership_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_offers_a_working_language_switch(db, client):
    assert b"language-select" in client.get(reverse("login")).content
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert b"Log in" in client.get(reverse("login")).content


@pytest.mark.parametrize("name", EXPORTS)
def test_export_needs_the_export_permission(db, client, django_user_model, name):
    from django.contrib.auth.models import Permission

    user = make_user(django_user_model, "viewer")
    app, _ = name.split(":")
    model = name.split(":")[1].replace("_export", "")
    user.user_permissions.add(Permission.objects.get(codename=f"view_{model}"))
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", EXPORTS)
def test_export_runs_the_same_queries_for_3_and_30_rows(db, editor_client, name):
    def exported():
        editor_client.get(reverse(name), {"format": "csv"})  # session refresh, as above
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(reverse(name), {"format": "csv"})
            lines = read_csv(response)
        return len(queries), len(lines)

    rows(3)
    few_queries, few_lines = exported()
    rows(27, start=3)
    many_queries, many_lines = exported()
    shared = name == "partnerships:network_export"  # the test rows share one network
    assert (few_lines, many_lines) == ((2, 2) if shared else (4, 31))  # header and rows
    assert few_queries == many_queries


def read_csv(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_holds_exactly_the_filtered_rows_for_belgian_excel(seeded, manager_client):
    url = reverse("partnerships:partnership_export") + "?kind=sister_city&country=DE&format=csv"
    data = read_csv(manager_client.get(url))
    assert data[0][:3] == ["Stad", "Soort", "Status"]
    assert sorted(row[0] for row in data[1:]) == ["Melle (DE)", "Wiesbaden (DE)"]


def test_xlsx_export_holds_the_filtered_rows(seeded, manager_client):
    url = reverse("partnerships:agreement_export") + "?q=2026&format=xlsx"
    response = manager_client.get(url)
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "Titel"
    assert [row[1] for row in values[1:]] == [
        "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
    ]


def test_export_neutralises_formulas(db, manager_client):
    from partnerships.models import Organisation

    Organisation.objects.create(name='=HYPERLINK("http://evil")', kind="other")
    Organisation.objects.create(name="@SUM(A1)", kind="other")
    data = read_csv(manager_client.get(reverse("partnerships:organisation_export") + "?format=csv"))
    names = sorted(row[0] for row in data[1:])
    assert names == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)"]
    response = manager_client.get(reverse("partnerships:organisation_export") + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    # XLSX marks them as text with the quote-prefix style: no apostrophe in the cell.
    cells = sorted((row[0] for row in sheet.iter_rows(min_row=2)), key=lambda c: c.value)
    assert [c.value for c in cells] == [n[1:] for n in names]
    assert all(c.quotePrefix and c.data_type == "s" for c in cells)


def test_contact_export_leaves_out_phones_and_email_for_managers(seeded, manager_client):
    data = read_csv(manager_client.get(reverse("partnerships:contact_export") + "?format=csv"))
    assert "E-mail" not in data[0] and "Telefoon" not in data[0] and "Gsm" not in data[0]
    assert "thomas.dierckens@stad.gent" not in str(data)


def test_contact_export_has_phones_and_email_for_editors(seeded, editor_client):
    data = read_csv(editor_client.get(reverse("partnerships:contact_export") + "?format=csv"))
    assert "E-mail" in data[0] and "Gsm" in data[0]
    assert "thomas.dierckens@stad.gent" in str(data)


@pytest.mark.parametrize("name", ["partnerships:contact_list"])
def test_contact_list_shows_phones_and_email_only_to_editors(seeded, client, manager, editor, name):
    client.force_login(manager)
    assert b"0477 38 29 37" not in client.get(reverse(name)).content
    client.force_login(editor)
    assert b"0477 38 29 37" in client.get(reverse(name)).content


def test_contact_detail_shows_phones_and_email_only_to_editors(seeded, client, manager, editor):
    from partnerships.models import Contact

    url = Contact.objects.get(email="thomas.dierckens@stad.gent").get_absolute_url()
    client.force_login(manager)
    assert b"thomas.dierckens@stad.gent" not in client.get(url).content
    client.force_login(editor)
    assert b"thomas.dierckens@stad.gent" in client.get(url).content


def test_editors_see_an_edit_link_and_managers_do_not(seeded, client, manager, editor):
    from partnerships.models import Partnership

    partnership = Partnership.objects.get(city__name="Kanazawa")
    admin_url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    client.force_login(manager)
    assert admin_url.encode() not in client.get(partnership.get_absolute_url()).content
    client.force_login(editor)
    assert admin_url.encode() in client.get(partnership.get_absolute_url()).content


def test_partnership_timeline_shows_dates_at_their_precision(seeded, manager_client):
    from partnerships.models import Partnership

    partnership = Partnership.objects.get(city__name="Kanazawa")
    response = manager_client.get(partnership.get_absolute_url())
    events = [(e.on_display, str(e.kind)) for e in response.context["timeline"]]
    assert ("1971", "vriendschapsverdrag") in events
    # Press release 204182 announces this signing; it does not report it.
    assert ("10 november 2021", "samenwerkingsakkoord (ondertekening aangekondigd)") in events
    assert ("juli 2021", "verjaardag") in events
    assert "datum onbekend" in response.content.decode()


def test_chips_remove_one_filter_value_and_keep_the_others(seeded, manager_client):
    url = reverse("partnerships:partnership_list") + "?status=active&status=ended&page=1"
    chips = manager_client.get(url).context["active_filters"]
    assert [(c["value"], c["remove_url"]) for c in chips] == [
        ("Actief", "?status=ended"),
        ("Beëindigd", "?status=active"),
    ]


def test_sort_links_toggle_and_keep_the_filters(seeded, manager_client):
    url = reverse("partnerships:partnership_list") + "?kind=sister_city&sort=city"
    response = manager_client.get(url)
    link = response.context["sort_links"]["city"]
    assert link == {"url": "?kind=sister_city&sort=-city", "aria_sort": "ascending"}
    cities = [p.city.name for p in response.context["object_list"]]
    assert cities == sorted(cities)


def test_pagination_keeps_the_filters(db, manager_client):
    rows(30)
    response = manager_client.get(reverse("partnerships:partnership_list") + "?kind=sister_city")
    assert response.context["page_obj"].paginator.count == 30
    assert b'href="?kind=sister_city&page=2"' in response.content


def test_autocomplete_finds_cities_by_local_name(seeded, manager_client):
    response = manager_client.get(reverse("partnerships:city_autocomplete") + "?q=Gdań")
    assert [r["text"] for r in response.json()["results"]] == ["Gdansk (Gdańsk)"]


def test_partnership_page_shows_its_own_contacts_and_press_contacts_apart(
    seeded, client, manager, editor
):
    from partnerships.models import Contact, Organisation, Partnership

    burgas = Partnership.objects.get(city__name="Burgas")
    school = Organisation.objects.create(name="Burgas Free University", city=burgas.city)
    own = Contact.objects.create(
        name="Ivana Petrova", organisation=school, email="ivana.petrova@bfu.bg"
    )
    url = burgas.get_absolute_url()

    client.force_login(manager)
    response = client.get(url)
    assert list(response.context["contacts"]) == [own]
    press = {c.email for c in response.context["press_contacts"]}
    assert press >= {"thomas.dierckens@stad.gent", "burgemeester.declercq@stad.gent"}
    assert own.email not in press
    html = response.content.decode()
    assert "Perscontacten van de persberichten" in html
    assert html.index("Ivana Petrova") < html.index("Perscontacten van de persberichten")
    assert html.index("Thomas Dierckens") > html.index("Perscontacten van de persberichten")
    assert "thomas.dierckens@stad.gent" not in html and own.email not in html

    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "thomas.dierckens@stad.gent" in html and own.email in html


def test_partnership_page_draws_its_agreements_as_a_chain_from_oldest_to_newest(
    seeded, manager_client
):
    from partnerships.models import Agreement, Partnership

    partnership = Partnership.objects.get(city__name="Kanazawa")
    response = manager_client.get(partnership.get_absolute_url())
    titles = [[a.title for a in chain] for chain in response.context["agreement_chains"]]
    assert titles == [
        ["Vriendschapsverdrag Gent–Kanazawa"],
        [
            "Samenwerkingsakkoord Gent–Kanazawa (voorganger)",
            "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026",
        ],
    ]
    html = response.content.decode()
    chain = html[html.index('<ol class="agreement-chain">') :]
    chain = chain[: chain.index("</ol>")]
    links = [
        Agreement.objects.get(title=title).get_absolute_url() for group in titles for title in group
    ]
    positions = [chain.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)
    assert chain.count("vervangt het akkoord hierboven") == 1
    assert chain.count("apart akkoord") == 1
    assert "Vriendschapsverdrag" in chain and "1971" in chain
    assert "datum onbekend" in chain  # the predecessor's signing is not in the source
    assert "geldig: 2021 – 2026" in chain
    assert "10 november 2021 (ondertekening aangekondigd)" in chain


def test_agreement_chains_follow_replaces_and_keep_every_agreement(db):
    from partnerships.models import Agreement, City, Partnership
    from partnerships.models.agreements import replacement_chains

    city = City.objects.create(name="Teststad", country="DE", latitude=50, longitude=8)
    partnership = Partnership.objects.create(city=city, kind="sister_city", status="active")
    oldest = Agreement.objects.create(partnership=partnership, kind="declaration", title="A")
    middle = Agreement.objects.create(
        partnership=partnership, kind="memorandum", title="B", replaces=oldest
    )
    newest = Agreement.objects.create(
        partnership=partnership,
        kind="cooperation_agreement",
        title="C",
        replaces=middle,
        signed_on="2021-11-10",
        signed_on_precision="day",
    )
    undated = Agreement.objects.create(partnership=partnership, kind="declaration", title="D")
    # A cycle no start reaches still shows both of its agreements.
    first = Agreement.objects.create(partnership=partnership, kind="declaration", title="E")
    second = Agreement.objects.create(
        partnership=partnership, kind="declaration", title="F", replaces=first
    )
    first.replaces = second
    first.save()
    chains = replacement_chains(Agreement.objects.filter(partnership=partnership))
    assert [[a.title for a in chain] for chain in chains][0] == ["A", "B", "C"]
    assert sorted(a.pk for chain in chains for a in chain) == sorted(
        a.pk for a in (oldest, middle, newest, undated, first, second)
    )


def test_partnership_page_runs_the_same_queries_for_a_chain_of_3_and_30_agreements(
    db, editor_client
):
    from partnerships.models import Agreement, City, Partnership

    city = City.objects.create(name="Teststad", country="DE", latitude=50, longitude=8)
    partnership = Partnership.objects.create(city=city, kind="sister_city", status="active")

    def renew(count, previous=None):
        for _ in range(count):
            previous = Agreement.objects.create(
                partnership=partnership,
                kind="cooperation_agreement",
                title=f"Akkoord {Agreement.objects.count()}",
                replaces=previous,
            )
        return previous

    last = renew(3)
    few = count_queries(editor_client, partnership.get_absolute_url())
    renew(27, previous=last)
    response = editor_client.get(partnership.get_absolute_url())
    assert [len(chain) for chain in response.context["agreement_chains"]] == [30]
    assert count_queries(editor_client, partnership.get_absolute_url()) == few <= MAX_QUERIES
