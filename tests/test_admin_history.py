"""History that reads right: only real changes are written, and the history pages speak
the editor's language."""

import datetime

import lxml.html
from django.conf import settings
from django.urls import reverse

from partnerships.models import (
    Activity,
    Agreement,
    Partnership,
    PartnershipStatus,
    PartnershipStatusChange,
)

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


def content_of(response) -> str:
    """The text of the page's main content, without its markup."""
    page = lxml.html.fromstring(response.content.decode())
    return " ".join(page.get_element_by_id("content").text_content().split())


def kanazawa_phased_out_then_dormant():
    partnership = Partnership.objects.get(city__name="Kanazawa")
    partnership.status = PartnershipStatus.PHASING_OUT
    partnership.save()
    partnership.status = PartnershipStatus.DORMANT
    partnership.began_on = datetime.date(1972, 1, 1)
    partnership.ended_on, partnership.ended_on_precision = datetime.date(2030, 5, 1), "month"
    partnership.save()
    return partnership


def test_history_page_reads_in_dutch(seeded, editor_client):
    partnership = kanazawa_phased_out_then_dormant()

    response = editor_client.get(
        reverse("admin:partnerships_partnership_history", args=[partnership.pk])
    )

    text = content_of(response)
    assert "Status: Afbouwen → Slapend" in text
    assert "Status: Actief → Afbouwen" in text
    assert "Begonnen: 1971 → 1972" in text
    assert "Beëindigd: — → mei 2030" in text
    assert "Precisie" not in text  # a date and its precision are one change
    assert "Gewijzigd" in text and "Aangemaakt" in text
    assert "een import of een script" in text  # who wrote the seeded version
    assert "Kies hieronder een versie" in text
    for english_or_code in ("phasing_out", "dormant", "None", "Changed", "Comment", "Object"):
        assert english_or_code not in text
    assert "istorical" not in lxml.html.fromstring(response.content.decode()).text_content()


def test_history_page_reads_in_english(seeded, editor_client):
    partnership = kanazawa_phased_out_then_dormant()
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = editor_client.get(
        reverse("admin:partnerships_partnership_history", args=[partnership.pk])
    )

    text = content_of(response)
    assert "Status: Phasing out → Dormant" in text
    assert "Began on: 1971 → 1972" in text
    assert "Ended on: — → May 2030" in text
    assert "Changed" in text and "Created" in text
    assert "phasing_out" not in text and "None" not in text


def test_revert_page_reads_in_dutch(seeded, editor_client):
    partnership = kanazawa_phased_out_then_dormant()
    first = partnership.history.earliest()

    response = editor_client.get(
        reverse("admin:partnerships_partnership_simple_history", args=[partnership.pk, first.pk])
    )

    page = lxml.html.fromstring(response.content.decode())
    assert page.findtext(".//h1") == "Kanazawa (zusterstad) terugzetten"
    buttons = page.xpath("//*[@class='submit-row']/input[@type='submit']/@value")
    assert set(buttons) == {"Terugzetten"}
    breadcrumbs = " ".join(page.find_class("breadcrumbs")[0].text_content().split())
    assert breadcrumbs == (
        "Start › Partnerschappen › Partnerschappen › Kanazawa (zusterstad) › Geschiedenis"
        " › Naar deze versie terugzetten"
    )
    assert "Klik onderaan op 'Terugzetten'" in content_of(response)
    assert "istorical" not in page.text_content()
