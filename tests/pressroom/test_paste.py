from django.urls import reverse

from partnerships.models import Contact
from pressroom.models import PressRelease
from seeds.loaders import DATA_DIR

PASTE_URL = "admin:pressroom_pressrelease_paste"


def kanazawa_text(number="999001"):
    text = (DATA_DIR / "004_01032d92058fc276.txt").read_text(encoding="utf-8-sig")
    return text.replace("stad.gent/204182-", f"stad.gent/{number}-")


def test_preview_shows_parsed_release_and_suggests_a_title(seeded, editor_client):
    response = editor_client.post(
        reverse(PASTE_URL), {"text": kanazawa_text(), "language": "nl", "preview": "1"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["parsed"].number == 999001
    assert [c.name for c in response.context["mentions"]["cities"]] == ["Kanazawa"]
    assert "Thomas Dierckens" in content
    assert response.context["form"]["title"].value().startswith("Gent hernieuwt")
    assert not PressRelease.objects.filter(number=999001).exists()


def test_save_creates_the_release_with_quotes_contacts_and_mentions(seeded, editor_client):
    response = editor_client.post(
        reverse(PASTE_URL),
        {"text": kanazawa_text(), "title": "Een titel", "language": "nl", "save": "1"},
    )
    assert response.status_code == 302
    release = PressRelease.objects.get(number=999001)
    assert release.title == "Een titel"
    assert release.quotes.get().speaker_name == "Mathias De Clercq"
    assert release.press_contacts.count() == 4
    assert [c.name for c in release.cities.all()] == ["Kanazawa"]
    assert release.related_news.count() > 0


def test_unparseable_text_gives_an_error_and_saves_nothing(seeded, editor_client):
    before = PressRelease.objects.count()
    response = editor_client.post(
        reverse(PASTE_URL),
        {"text": "Zomaar wat tekst zonder adres.", "title": "X", "language": "nl", "save": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert PressRelease.objects.count() == before


def test_manager_cannot_paste(db, manager_client, manager):
    manager.is_staff = True
    manager.save()
    assert manager_client.get(reverse(PASTE_URL)).status_code == 403


def original_text():
    return (DATA_DIR / "004_01032d92058fc276.txt").read_text(encoding="utf-8-sig")


def cut_in_slug():
    text = original_text()
    cut = "https://persruimte.stad.gent/204182-gent-hernieuwt-samen"
    return text[: text.index(cut) + len(cut)]


def test_an_address_cut_off_mid_slug_is_refused_and_overwrites_nothing(seeded, editor_client):
    release = PressRelease.objects.get(number=204182)
    slug, url = release.slug, release.url
    data = {"text": cut_in_slug(), "title": release.title, "language": "nl"}
    preview = editor_client.post(reverse(PASTE_URL), {**data, "preview": "1"})
    assert preview.context["problems"]
    assert 'name="save"' not in preview.content.decode()
    response = editor_client.post(reverse(PASTE_URL), {**data, "save": "1"})
    assert response.status_code == 200
    assert "afgebroken" in " ".join(response.context["form"].non_field_errors())
    release.refresh_from_db()
    assert (release.slug, release.url) == (slug, url)


def test_a_contact_block_without_its_team_line_is_refused(seeded, editor_client):
    team = Contact.objects.get(email="pers@stad.gent")
    text = original_text().replace("- Persteam - Dienst Communicatie\n", "")
    response = editor_client.post(
        reverse(PASTE_URL), {"text": text, "title": "X", "language": "nl", "save": "1"}
    )
    assert response.status_code == 200
    assert "Contacteer ons" in " ".join(response.context["form"].errors["text"])
    assert Contact.objects.get(pk=team.pk).name == team.name


def test_updating_a_release_shows_what_changes_field_by_field(seeded, editor_client):
    release = PressRelease.objects.get(number=204182)
    text = original_text().replace(release.lead, "Een nieuwe inleiding.")
    response = editor_client.post(
        reverse(PASTE_URL),
        {"text": text, "language": "nl", "preview": "1"},
    )
    changes = [(str(label), before, after) for label, before, after in response.context["changes"]]
    assert changes == [("inleiding", release.lead, "Een nieuwe inleiding.")]
    assert "Een nieuwe inleiding." in response.content.decode()
    assert PressRelease.objects.get(number=204182).lead == release.lead
