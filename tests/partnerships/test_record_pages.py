"""The pages of single agreements and activities, and the links that lead to them."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import Activity, Agreement, Organisation, Partnership
from tests.conftest import make_user
from tests.factories import rows
from tests.partnerships.test_views import MAX_QUERIES, count_queries

RENEWED = "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"
PREDECESSOR = "Samenwerkingsakkoord Gent–Kanazawa (voorganger)"
JAZZ = "Jazzuitwisseling Ghent Youth Jazz Orchestra en JAZZ-21 (tweede editie)"


def test_agreement_page_shows_its_facts_and_its_chain(seeded, manager_client):
    renewed = Agreement.objects.get(title=RENEWED)
    predecessor = Agreement.objects.get(title=PREDECESSOR)

    response = manager_client.get(renewed.get_absolute_url())

    assert renewed.get_absolute_url() == f"/partnerships/agreements/{renewed.pk}/"
    page = response.content.decode()
    assert "Samenwerkingsakkoord" in page  # the kind
    assert "10 november 2021 (ondertekening aangekondigd)" in page
    assert "<dd>2021</dd>" in page and "<dd>2026</dd>" in page  # validity at its precision
    assert "Studentenuitwisseling" in page and "Culinair" in page  # themes
    assert f'<a href="{predecessor.get_absolute_url()}">{PREDECESSOR}</a>' in page
    assert f'href="{renewed.partnership.get_absolute_url()}"' in page
    assert f'href="{renewed.source.get_absolute_url()}"' in page
    assert "focust nog meer op de uitwisseling van studenten" in page  # the notes
    assert response.context["chain"] == [predecessor, renewed]
    assert f'<strong aria-current="page">{RENEWED}</strong> (dit akkoord)' in page
    jazz = Activity.objects.get(title=JAZZ)
    assert f'href="{jazz.get_absolute_url()}"' in page


def test_the_predecessor_links_forward_to_what_replaced_it(seeded, manager_client):
    renewed = Agreement.objects.get(title=RENEWED)
    predecessor = Agreement.objects.get(title=PREDECESSOR)

    response = manager_client.get(predecessor.get_absolute_url())

    page = response.content.decode()
    assert response.context["chain"] == [predecessor, renewed]
    assert f'<a href="{renewed.get_absolute_url()}">{RENEWED}</a>' in page
    assert f'<strong aria-current="page">{PREDECESSOR}</strong>' in page


def test_chain_runs_first_to_last_from_any_link(db):
    rows(1)
    partnership = Partnership.objects.get()
    chain, previous = [], None
    for year in (2001, 2006, 2011, 2016):
        previous = Agreement.objects.create(
            partnership=partnership,
            kind="declaration",
            title=f"Verklaring {year}",
            signed_on=datetime.date(year, 1, 1),
            signed_on_precision="year",
            replaces=previous,
        )
        chain.append(previous)

    assert [link.chain() for link in chain] == [chain] * 4
    assert Agreement.objects.get(title="Akkoord 0").chain() == [
        Agreement.objects.get(title="Akkoord 0")
    ]


def test_activity_page_shows_both_orchestras_and_its_links(seeded, manager_client):
    jazz = Activity.objects.get(title=JAZZ)
    ghent = Organisation.objects.get(name="Ghent Youth Jazz Orchestra")
    partner = Organisation.objects.get(name="JAZZ-21 jeugdbigband")

    response = manager_client.get(jazz.get_absolute_url())

    assert jazz.get_absolute_url() == f"/partnerships/activities/{jazz.pk}/"
    page = response.content.decode()
    assert "Culturele uitwisseling" in page and "Gepland" in page and "Cultuur" in page
    assert "datum onbekend" in page
    assert f'<a href="{ghent.get_absolute_url()}">Ghent Youth Jazz Orchestra</a>' in page
    assert f'<a href="{partner.get_absolute_url()}">JAZZ-21 jeugdbigband</a>' in page
    assert f'href="{jazz.partnership.get_absolute_url()}"' in page
    assert f'href="{jazz.agreement.get_absolute_url()}"' in page
    assert f'href="{jazz.source.get_absolute_url()}"' in page


def test_activity_date_shows_at_its_precision(seeded, manager_client):
    artwork = Activity.objects.get(title__startswith="Onthulling kunstwerk")
    page = manager_client.get(artwork.get_absolute_url()).content.decode()
    assert "<dd>juli 2021</dd>" in page


def test_lists_timelines_and_related_pages_link_to_the_record_pages(seeded, manager_client):
    renewed = Agreement.objects.get(title=RENEWED)
    jazz = Activity.objects.get(title=JAZZ)
    orchestra = Organisation.objects.get(name="Ghent Youth Jazz Orchestra")
    agreement_link = f'href="{renewed.get_absolute_url()}"'
    activity_link = f'href="{jazz.get_absolute_url()}"'

    agreements = manager_client.get(reverse("partnerships:agreement_list")).content.decode()
    activities = manager_client.get(reverse("partnerships:activity_list")).content.decode()
    partnership = manager_client.get(renewed.partnership.get_absolute_url())
    organisation = manager_client.get(orchestra.get_absolute_url()).content.decode()

    assert agreement_link in agreements
    assert activity_link in activities
    assert agreement_link in partnership.content.decode()
    assert activity_link in partnership.content.decode()
    urls = {event.title: event.url for event in partnership.context["timeline"]}
    assert urls[RENEWED] == renewed.get_absolute_url()
    assert urls[JAZZ] == jazz.get_absolute_url()
    assert activity_link in organisation


def test_network_page_links_its_activities(db, manager_client):
    made = rows(1)
    activity = Activity.objects.get()
    activity.partnership, activity.network = None, made["network"]
    activity.save()
    page = manager_client.get(made["network"].get_absolute_url()).content.decode()
    assert f'href="{activity.get_absolute_url()}"' in page


def test_renewal_alert_on_the_dashboard_links_to_the_agreement(db, manager_client):
    rows(1)
    agreement = Agreement.objects.get()
    agreement.valid_until = datetime.date.today() + datetime.timedelta(days=30)
    agreement.valid_until_precision = "day"
    agreement.save()
    response = manager_client.get(reverse("home"))
    assert agreement in response.context["renewal_alerts"]
    assert f'<a href="{agreement.get_absolute_url()}">Akkoord 0</a>' in response.content.decode()


def lengthen(count: int):
    """A chain of `count` more agreements and `count` organisations on each side of the
    last activity: what a record page shows grows with the data."""
    partnership = Partnership.objects.order_by("pk").last()
    activity = Activity.objects.order_by("pk").last()
    previous = partnership.agreements.order_by("pk").last()
    for _ in range(count):
        previous = Agreement.objects.create(
            partnership=partnership,
            kind="declaration",
            title=f"Keten {Agreement.objects.count()}",
            replaces=previous,
        )
        previous.themes.add(*activity.themes.all())
        for side in (activity.ghent_organisations, activity.partner_organisations):
            side.add(Organisation.objects.create(name=f"Org {Organisation.objects.count()}"))
    activity.agreement = previous
    activity.save()


def record_urls():
    first = Agreement.objects.order_by("pk").filter(replaces__isnull=True).last()
    return [first.get_absolute_url(), Activity.objects.order_by("pk").last().get_absolute_url()]


def test_record_pages_run_the_same_queries_for_3_and_30_rows(db, editor_client):
    rows(3)
    lengthen(3)
    few = [count_queries(editor_client, url) for url in record_urls()]
    rows(27, start=3)
    lengthen(27)
    many = [count_queries(editor_client, url) for url in record_urls()]
    assert few == many
    assert max(many) <= MAX_QUERIES


@pytest.mark.parametrize("name", ["agreement_detail", "activity_detail"])
def test_record_pages_need_a_role_and_a_login(db, client, django_user_model, name):
    rows(1)
    model = Agreement if name == "agreement_detail" else Activity
    url = reverse(f"partnerships:{name}", args=[model.objects.get().pk])

    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

    client.force_login(make_user(django_user_model, "nobody"))
    assert client.get(url).status_code == 403

    client.force_login(make_user(django_user_model, "manager2", "Managers"))
    assert client.get(url).status_code == 200
