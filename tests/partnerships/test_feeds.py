"""The personal calendar feed: made and revoked on the profile page, read by a calendar
program with its secret address, parsed here by a calendar parser (icalendar)."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from gentintl.models import CalendarToken
from partnerships.models import Activity, Agreement
from tests.factories import rows

KANAZAWA = "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"


def make_address(client) -> str:
    response = client.post(reverse("profile"), {"action": "calendar_create"})
    assert response.status_code == 200
    found = re.search(r'id="calendar-url" type="text" readonly value="([^"]+)"', response.text)
    assert found, "the address is shown once"
    return found.group(1)


def read(url: str, client=None):
    response = (client or Client()).get(url.removeprefix("http://testserver"))
    return response


def events(response) -> dict[str, object]:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_seed_data_reads_as_a_calendar_without_logging_in(seeded, manager_client):
    url = make_address(manager_client)

    found = events(read(url))

    reminder = found[f"Herinnering: {KANAZAWA} loopt af over 1 maand"]
    assert reminder["DTSTART"].dt == datetime.date(2026, 11, 30)  # end known as "2026"
    assert "Het einde is gekend als 2026" in str(reminder["DESCRIPTION"])
    agreement = Agreement.objects.get(title=KANAZAWA)
    assert str(reminder["URL"]) == "http://testserver" + agreement.get_absolute_url()
    # Only facts known to the day: the year-only end itself is no event.
    assert not any(summary.startswith("Einde akkoord") for summary in found)


def test_day_facts_become_all_day_events_and_no_personal_data_goes_out(db, manager_client):
    made = rows(1)
    agreement = Agreement.objects.get()
    agreement.valid_until, agreement.valid_until_precision = datetime.date.today(), "day"
    agreement.save()
    activity = Activity.objects.get()
    activity.occurred_on, activity.occurred_on_precision = datetime.date.today(), "day"
    activity.save()
    url = make_address(manager_client)

    response = read(url)
    found = events(response)

    end = found["Einde akkoord: Akkoord 0 (Teststad 0)"]
    assert end["DTSTART"].dt == datetime.date.today()
    assert end["DTEND"].dt == datetime.date.today() + datetime.timedelta(days=1)
    assert found["Sport: Activiteit 0"]["DTSTART"].dt == datetime.date.today()
    # Each event links to the page of its own record.
    assert str(end["URL"]) == "http://testserver" + agreement.get_absolute_url()
    assert str(found["Sport: Activiteit 0"]["URL"]) == "http://testserver" + reverse(
        "partnerships:activity_detail", args=[activity.pk]
    )
    assert b"contact0@example.org" not in response.content and b"266" not in response.content
    assert made["network"].name  # the factory's rows are what the feed shows


def test_the_feed_runs_the_same_queries_for_3_and_30_agreements(db, manager_client):
    url = make_address(manager_client)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert read(url).status_code == 200
        return len(queries)

    rows(3)
    few = counted()
    rows(27, start=3)
    assert counted() == few


def test_only_the_hash_is_stored_and_a_wrong_or_revoked_address_reads_nothing(
    seeded, manager_client
):
    url = make_address(manager_client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarToken.objects.get()
    assert token not in (stored.prefix + stored.digest) and len(stored.digest) == 64
    assert read(url).status_code == 200

    forged = url.replace(token, token[:8] + "x" * (len(token) - 8))
    assert read(forged).status_code == 404

    manager_client.post(reverse("profile"), {"action": "calendar_revoke"})
    assert read(url).status_code == 404
    assert not CalendarToken.objects.exists()


def test_a_new_address_replaces_the_old_one(seeded, manager_client):
    old = make_address(manager_client)
    new = make_address(manager_client)
    assert (read(old).status_code, read(new).status_code) == (404, 200)


def test_an_inactive_users_address_reads_nothing(seeded, manager_client):
    url = make_address(manager_client)
    CalendarToken.objects.get().user.__class__.objects.update(is_active=False)
    assert read(url).status_code == 404


def test_creation_use_and_revocation_are_audit_lines(seeded, manager_client, caplog):
    caplog.set_level("INFO", logger="gentintl.audit")
    url = make_address(manager_client)
    read(url)
    manager_client.post(reverse("profile"), {"action": "calendar_revoke"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "gentintl.audit"]
    assert [(line["event"], line["user"]) for line in lines] == [
        ("calendar_token_created", "manager"),
        ("calendar_feed", "manager"),
        ("calendar_token_revoked", "manager"),
    ]
    assert all(url.rsplit("/", 1)[1] not in r.getMessage() for r in caplog.records)


def test_the_profile_page_needs_a_login_and_shows_the_address_once(seeded, manager_client):
    assert Client().get(reverse("profile")).status_code == 302
    make_address(manager_client)
    again = manager_client.get(reverse("profile"))
    assert 'id="calendar-url"' not in again.text
    assert "Je agenda-adres werd aangemaakt op" in again.text


@pytest.mark.parametrize("role", ["manager", "editor"])
def test_the_feed_holds_what_the_role_may_see(seeded, role, request):
    client = request.getfixturevalue(f"{role}_client")
    found = events(read(make_address(client)))
    assert f"Herinnering: {KANAZAWA} loopt af over 1 maand" in found
