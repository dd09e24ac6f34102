"""Every change of a partnership's status, by any path, ends its status history."""

import io

import pytest
from django.urls import reverse

from gentintl.dates import today
from gentintl.spreadsheets.models import ImportRun
from partnerships.models import Partnership, PartnershipStatus
from tests.gentintl.spreadsheets.test_admin import IMPORT_URL, decide, export_xlsx, upload

pytestmark = pytest.mark.django_db


def form_data(response):
    """The POST data a browser sends for the admin form in `response`, as it was shown."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "on" if value is True else value
    return data


def last_step(partnership):
    """The last entry of the status history, in the timeline's order."""
    return list(partnership.status_changes.all())[-1]


def luik():
    return Partnership.objects.get(city__name="Luik")


def test_a_status_changed_in_the_admin_form_is_the_last_step_of_the_timeline(seeded, editor_client):
    partnership = luik()
    assert partnership.status == PartnershipStatus.PHASING_OUT
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(editor_client.get(url))
    data["status"] = PartnershipStatus.ENDED

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    step = last_step(partnership)
    assert (step.status, step.changed_on, step.changed_on_precision) == ("ended", today(), "day")
    assert step.history.get().history_user.username == "editor"
    timeline = editor_client.get(partnership.get_absolute_url()).content.decode().lower()
    assert timeline.rindex("status: beëindigd") > timeline.rindex("status: afbouwen")


def test_a_step_the_editor_adds_with_the_change_is_not_doubled(seeded, editor_client):
    partnership = luik()
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(editor_client.get(url))
    data["status"] = PartnershipStatus.ENDED
    prefix = "status_changes"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-status"] = PartnershipStatus.ENDED
    data[f"{prefix}-{index}-changed_on"] = "2026"
    data[f"{prefix}-{index}-reason"] = "Op vraag van Luik."

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    ended = partnership.status_changes.filter(status="ended")
    assert [(s.changed_on.year, s.changed_on_precision, s.reason) for s in ended] == [
        (2026, "year", "Op vraag van Luik.")
    ]


def test_an_untouched_save_adds_no_step(seeded, editor_client):
    partnership = luik()
    steps = partnership.status_changes.count()
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    response = editor_client.post(url, form_data(editor_client.get(url)))
    assert response.status_code == 302
    assert partnership.status_changes.count() == steps


def import_luik_as_ended(editor_client):
    book = export_xlsx(editor_client)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    status, city = headers.index("Status") + 1, headers.index("Stad") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, city).value == "Luik (BE)")
    sheet.cell(row, status).value = "beëindigd"
    out = io.BytesIO()
    book.save(out)
    upload(editor_client, IMPORT_URL, "partnerschappen.xlsx", out.getvalue())

    decide(editor_client, ImportRun.objects.get(), "confirm")


def test_a_status_changed_by_import_is_the_last_step(seeded, editor_client):
    import_luik_as_ended(editor_client)

    partnership = luik()
    assert partnership.status == "ended"
    step = last_step(partnership)
    assert (step.status, step.changed_on) == ("ended", today())
    # Only the partnership whose status moved got a step.
    assert Partnership.objects.filter(status_changes__changed_on=today()).count() == 1


def test_undoing_the_import_removes_the_step_it_added(seeded, editor_client):
    import_luik_as_ended(editor_client)
    run = ImportRun.objects.get()

    editor_client.post(reverse("admin:gentintl_importrun_undo", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == "undone"
    partnership = luik()
    assert partnership.status == "phasing_out"
    assert last_step(partnership).status == "phasing_out"
    assert not partnership.status_changes.filter(status="ended").exists()


def test_a_revert_of_the_status_is_the_last_step(seeded, editor_client):
    partnership = luik()
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = form_data(editor_client.get(url))
    data["status"] = PartnershipStatus.ENDED
    assert editor_client.post(url, data).status_code == 302
    partnership.status_changes.filter(status="phasing_out").delete()
    before = partnership.history.order_by("history_date")[0]
    revert = reverse(
        "admin:partnerships_partnership_simple_history",
        args=[partnership.pk, before.history_id],
    )
    data = form_data(editor_client.get(revert))
    assert data["status"] == "phasing_out"

    assert editor_client.post(revert, data).status_code == 302

    step = last_step(partnership)
    assert (step.status, step.changed_on) == ("phasing_out", today())
