"""The admin refuses to overwrite a record someone else saved meanwhile, and says when
that was in Ghent's time."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import City, Partnership


@pytest.mark.parametrize(
    ("saved_at_utc", "shown"),
    [
        (datetime.datetime(2026, 1, 15, 13, 30, tzinfo=datetime.UTC), "15/01/2026 14:30"),
        (datetime.datetime(2026, 7, 15, 13, 30, tzinfo=datetime.UTC), "15/07/2026 15:30"),
    ],
)
def test_lost_update_message_shows_brussels_time(editor_client, saved_at_utc, shown):
    city = City.objects.create(name="Kanazawa", country="JP")
    partnership = Partnership.objects.create(city=city, kind="sister_city", status="active")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "city": city.pk,
            "kind": "sister_city",
            "status": "dormant",
            "version": form["version"].value(),
        }
    )
    for prefix in ("status_changes", "agreements", "activities"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    # Someone else saves the record after the page was opened.
    partnership.notes = "Bijgewerkt door een collega."
    partnership.save()
    partnership.history.filter(history_id=partnership.history.latest().history_id).update(
        history_date=saved_at_utc
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert f"({shown})" in errors
    partnership.refresh_from_db()
    assert partnership.status == "active"
