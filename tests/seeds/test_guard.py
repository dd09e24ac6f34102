"""load_seeds creates what is missing and leaves people's work alone."""

import shutil

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from partnerships.models import Activity, Organisation, Partnership
from pressroom.models import PressRelease
from seeds.guard import SEED_REASON
from seeds.loaders import DATA_DIR, as_text, load_seeds


def edit_as(user, obj, **changes):
    """Save `obj` as the admin does: the history row names the user."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def editor():
    return get_user_model().objects.create_user("redacteur", password="x", is_staff=True)


def test_seed_writes_carry_the_loaders_reason(seeded):
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    latest = kanazawa.history.order_by("-history_date").first()
    assert (latest.history_change_reason, latest.history_user) == (SEED_REASON, None)


def test_edits_survive_a_second_load_and_are_named(seeded, capsys):
    user = editor()
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    edit_as(user, kanazawa, notes="Nieuwe afspraken gemaakt in 2024.")
    ugent = Organisation.objects.get(name="UGent")
    edit_as(user, ugent, website="https://www.ugent.be/nl", notes="Contact via de dienst.")

    report = load_seeds()

    kanazawa.refresh_from_db()
    ugent.refresh_from_db()
    assert kanazawa.notes == "Nieuwe afspraken gemaakt in 2024."
    assert (ugent.website, ugent.notes) == ("https://www.ugent.be/nl", "Contact via de dienst.")
    assert kanazawa.history.order_by("-history_date").first().history_user == user
    text = as_text(report)
    assert str(kanazawa) in text
    assert "UGent" in text
    assert "redacteur" in text
    assert report.changed == 0


def test_command_output_names_what_it_left_alone(seeded, capsys):
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    edit_as(editor(), kanazawa, notes="Eigen notities.")
    call_command("load_seeds")
    out = capsys.readouterr().out
    assert "Niet aangeraakt" in out
    assert f"partnerships.csv (partnerschappen): {kanazawa}" in out
    assert "Seeds geladen: 0 wijzigingen." in out


def test_command_output_follows_the_projects_language(seeded, settings, capsys):
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    edit_as(editor(), kanazawa, notes="Eigen notities.")
    settings.LANGUAGE_CODE = "en"

    with translation.override("nl-be"):  # the command's language is the project's
        call_command("load_seeds")

    out = capsys.readouterr().out
    assert "themes.csv (themes): 0 new, 0 updated, " in out
    assert "Left alone, as a person changed or deleted it since the seeds (1):" in out
    assert f"partnerships.csv (partnerships): {kanazawa} (changed by redacteur on " in out
    assert "; not overwritten)" in out
    assert "Seeds loaded: 0 changes." in out


def test_the_loader_reports_in_the_active_language(seeded):
    user = editor()
    activity = Activity.objects.get(title="Deelname aan elkaars marathon")
    activity._history_user = user
    activity.delete()

    with translation.override("en"):
        text = as_text(load_seeds())

    assert "activities.csv (activities): 0 new, 0 updated, " in text
    assert "deleted by redacteur on " in text and "; not created again" in text
    assert "ongewijzigd" not in text


def test_a_record_a_person_deleted_is_not_recreated(seeded):
    user = editor()
    activity = Activity.objects.get(title="Deelname aan elkaars marathon")
    activity._history_user = user
    activity.delete()

    report = load_seeds()

    assert not Activity.objects.filter(title="Deelname aan elkaars marathon").exists()
    assert any(
        "Deelname aan elkaars marathon" in str(item) and "verwijderd door redacteur" in str(item)
        for item in report.left_alone
    )


def test_a_record_a_person_renamed_is_not_recreated_under_its_old_name(seeded):
    ugent = Organisation.objects.get(name="UGent")
    edit_as(editor(), ugent, name="Universiteit Gent")
    report = load_seeds()
    assert not Organisation.objects.filter(name="UGent").exists()
    assert Organisation.objects.filter(name="Universiteit Gent").count() == 1
    # The activities that name it keep it; the output says why they were not updated.
    academic = Activity.objects.get(title="Academische samenwerking met Kanazawa")
    assert "Universiteit Gent" in academic.ghent_organisations.values_list("name", flat=True)
    left_alone = [str(item) for item in report.left_alone]
    assert any("UGent" in item and "niet bijgewerkt" in item for item in left_alone)


def test_missing_records_are_still_created(db, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    load_seeds(data)
    edit_as(editor(), Partnership.objects.get(city__name="Kanazawa"), notes="Eigen notities.")
    with (data / "organisations.csv").open("a", encoding="utf-8") as handle:
        handle.write("Nieuwe vzw;cultural;Gent (BE);;\n")
    release = PressRelease.objects.get(number=204182)
    release.related_news.all().delete()

    report = load_seeds(data)

    assert Organisation.objects.filter(name="Nieuwe vzw").exists()
    assert release.related_news.exists()
    assert Partnership.objects.get(city__name="Kanazawa").notes == "Eigen notities."
    assert report.counts["organisations.csv (organisaties)"]["new"] == 1
