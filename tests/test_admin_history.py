"""History that reads right: only real changes are written, and the history pages speak
the editor's language."""

import lxml.html
from django.urls import reverse

from partnerships.models import Activity, Agreement, Partnership, PartnershipStatusChange

INLINE_MODELS = (PartnershipStatusChange, Agreement, Activity)


def rendered_form_data(response) -> dict[str, list[str]]:
    """The POST data of the admin form in `response`, read from its HTML as a browser sends
    it: only what the page renders, with the empty rows' templates left out."""
    page = lxml.html.fromstring(response.content.decode())
    (form,) = [f for f in page.forms if f.get("id", "").endswith("_form")]
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    return data


def history_counts(partnership) -> dict[str, int]:
    counts = {
        model.__name__: model.history.filter(partnership=partnership).count()
        for model in INLINE_MODELS
    }
    counts["Partnership"] = partnership.history.count()
    return counts


def inline_prefix(data, prefix: str, title: str) -> str:
    """The form prefix of the inline row whose title is `title`."""
    (name,) = [k for k, v in data.items() if k.startswith(prefix) and v == [title]]
    return name.rsplit("-", 1)[0]


def test_saving_a_partnership_untouched_writes_no_history(seeded, editor_client):
    partnership = Partnership.objects.get(city__name="Kanazawa")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    before = history_counts(partnership)

    response = editor_client.post(url, rendered_form_data(editor_client.get(url)))

    assert response.status_code == 302
    assert history_counts(partnership) == before


def test_changing_one_inline_row_writes_one_history_row(seeded, editor_client, editor):
    partnership = Partnership.objects.get(city__name="Kanazawa")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = rendered_form_data(editor_client.get(url))
    activity = partnership.activities.order_by("pk").first()
    row = inline_prefix(data, "activities-", activity.title)
    data[f"{row}-title"] = ["Een nieuwe titel"]
    before = history_counts(partnership)

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][2].formset.forms
    ]
    assert history_counts(partnership) == {**before, "Activity": before["Activity"] + 1}
    record = activity.history.latest()
    assert (record.history_user, record.title) == (editor, "Een nieuwe titel")
    assert record.diff_against(record.prev_record).changed_fields == ["title"]
