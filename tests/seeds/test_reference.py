"""What the documents do not say is recorded as such."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnerships.models import Activity, Agreement, City, Partnership

SIGNING = "Digitale ondertekening vernieuwd samenwerkingsakkoord Gent–Kanazawa"
RENEWED = "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026"


def test_kanazawa_signing_is_announced_not_held(seeded):
    # Press release 204182: "Op woensdag 10 november 2021 ondertekenen beide steden..."
    assert Activity.objects.get(title=SIGNING).status == "planned"
    renewed = Agreement.objects.get(title=RENEWED)
    assert renewed.signing_planned
    assert "aangekondigd" in renewed.notes.casefold()
    assert not Agreement.objects.filter(signing_planned=True).exclude(pk=renewed.pk).exists()


def test_timeline_says_the_signing_is_announced(seeded):
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    kinds = [str(event.kind) for event in kanazawa.timeline() if event.title == RENEWED]
    assert kinds == ["samenwerkingsakkoord (ondertekening aangekondigd)"]


def test_every_city_says_where_its_reference_data_comes_from(seeded):
    assert not City.objects.filter(provenance="").exists()
    assert "niet uit de persberichten" in City.objects.get(name="Luik").provenance
    assert "twee steden" in City.objects.get(name="Taizhou").provenance


def test_detail_page_and_admin_show_the_provenance(seeded, editor_client):
    luik = Partnership.objects.get(city__name="Luik")
    page = editor_client.get(reverse("partnerships:partnership_detail", args=[luik.pk]))
    assert luik.city.provenance in page.content.decode()
    admin = editor_client.get(reverse("admin:partnerships_city_change", args=[luik.city.pk]))
    assert admin.status_code == 200
    assert 'name="provenance"' in admin.content.decode()


@pytest.mark.django_db(transaction=True)
def test_migration_marks_a_database_loaded_before_the_fields(seeded):
    # A database seeded by the earlier loader: no provenance, the signing held.
    City.objects.update(provenance="")
    Activity.objects.filter(title=SIGNING).update(status="held")
    Agreement.objects.filter(title=RENEWED).update(signing_planned=False)
    call_command("migrate", "partnerships", "0008", verbosity=0)
    # Forward again for every app: going back also unapplied the later migrations of
    # other apps that depend on partnerships (the change counters, saved views, tokens).
    call_command("migrate", verbosity=0)
    assert not City.objects.filter(provenance="").exists()
    assert Activity.objects.get(title=SIGNING).status == "planned"
    assert Agreement.objects.get(title=RENEWED).signing_planned
