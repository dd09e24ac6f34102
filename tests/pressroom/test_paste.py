from django.urls import reverse

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
