"""The editing desk: every model in the admin, partial dates, lost updates, history."""

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerships.models import Agreement, City, Partnership
from pressroom.models import PressRelease


@pytest.mark.parametrize("model", list(admin.site._registry))
def test_every_changelist_opens_for_an_editor(seeded, editor_client, editor, model):
    opts = model._meta
    if not editor.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        pytest.skip("not an editor's model")
    response = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


def test_partial_dates_show_at_their_precision_in_the_list(seeded, editor_client):
    response = editor_client.get(reverse("admin:partnerships_agreement_changelist"))
    content = response.content.decode()
    assert '<td class="field-signed_on_shown">1971</td>' in content


def change_form_data(response):
    """The POST data of a rendered admin change form, as a browser would send it."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None and value is not False:
                    data[inline_form.add_prefix(name)] = value
    return data


def test_partial_date_box_accepts_a_month(seeded, editor_client):
    partnership = Partnership.objects.get(city__name="Luik")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = change_form_data(editor_client.get(url))
    data["began_on"] = "07/2021"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    partnership.refresh_from_db()
    assert (partnership.began_on.isoformat(), partnership.began_on_precision) == (
        "2021-07-01",
        "month",
    )


def test_partial_date_box_refuses_nonsense_in_dutch(seeded, editor_client):
    partnership = Partnership.objects.get(city__name="Luik")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = change_form_data(editor_client.get(url))
    data["began_on"] = "13/2021"
    response = editor_client.post(url, data)
    assert "Ongeldige datum" in str(response.context["adminform"].form.errors["began_on"])


def test_second_save_of_the_same_record_is_refused_and_names_who(
    seeded, client, editor, django_user_model
):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user(
        "an", password="x", is_staff=True, first_name="An", last_name="Peeters"
    )
    other.groups.add(Group.objects.get(name="Editors"))
    city = City.objects.get(name="Luik")
    url = reverse("admin:partnerships_city_change", args=[city.pk])
    client.force_login(editor)
    mine = change_form_data(client.get(url))
    client.force_login(other)
    theirs = change_form_data(client.get(url))
    theirs["local_name"] = "Liège (An)"
    assert client.post(url, theirs).status_code == 302

    client.force_login(editor)
    mine["local_name"] = "Liège (mij)"
    response = client.post(url, mine)

    assert response.status_code == 200
    assert "An Peeters" in str(response.context["adminform"].form.non_field_errors())
    city.refresh_from_db()
    assert city.local_name == "Liège (An)"


def test_admin_edit_is_in_the_history_with_user_and_can_be_reverted(seeded, editor_client, editor):
    agreement = Agreement.objects.filter(partnership__city__name="Kanazawa").first()
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    data = change_form_data(editor_client.get(url))
    old_title = agreement.title
    data["title"] = "Nieuwe titel"
    assert editor_client.post(url, data).status_code == 302
    record = agreement.history.latest()
    assert record.history_user == editor
    assert record.diff_against(record.prev_record).changed_fields == ["title"]

    revert_url = reverse(
        "admin:partnerships_agreement_simple_history",
        args=[agreement.pk, record.prev_record.history_id],
    )
    data = change_form_data(editor_client.get(revert_url))
    assert editor_client.post(revert_url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == old_title


def test_press_release_change_form_has_its_inlines(seeded, editor_client):
    release = PressRelease.objects.get(number=204182)
    response = editor_client.get(reverse("admin:pressroom_pressrelease_change", args=[release.pk]))
    names = [f.opts.model.__name__ for f in response.context["inline_admin_formsets"]]
    assert names == ["PressContact", "Quote", "RelatedNews"]
