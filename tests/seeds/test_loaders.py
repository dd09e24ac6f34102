import datetime
import hashlib
import shutil

import pytest
from django.core.management import CommandError, call_command

from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    Network,
    Organisation,
    Partnership,
    PartnershipStatusChange,
)
from pressroom.models import NewsItem, PressContact, PressRelease, Quote, RelatedNews
from seeds.loaders import DATA_DIR, load_seeds

SISTER_CITIES = {
    "Saint-Raphaël": "FR",
    "Wiesbaden": "DE",
    "Melle": "DE",
    "Kanazawa": "JP",
    "Tallinn": "EE",
    "Mohammedia": "MA",
    "Nottingham": "GB",
}
PARTNER_CITIES = {"Burgas": "BG", "Gdansk": "PL", "Weihai": "CN", "Taizhou": "CN", "Luik": "BE"}


def counts():
    models = [
        City,
        Partnership,
        PartnershipStatusChange,
        Agreement,
        Activity,
        Organisation,
        Contact,
        Network,
        PressRelease,
        PressContact,
        Quote,
        RelatedNews,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_load_seeds_twice_changes_nothing(db):
    load_seeds()
    first = counts()
    history = Partnership.history.count()
    report = load_seeds()
    assert report.changed == 0
    assert counts() == first
    assert Partnership.history.count() == history


def test_command_reports_counts(db, capsys):
    call_command("load_seeds")
    assert "Seeds geladen" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "country"), SISTER_CITIES.items())
def test_sister_cities_with_their_countries(seeded, name, country):
    partnership = Partnership.objects.get(city__name=name)
    assert partnership.city.country.code == country
    assert partnership.kind == "sister_city"


@pytest.mark.parametrize(("name", "country"), PARTNER_CITIES.items())
def test_partner_cities_with_their_countries(seeded, name, country):
    partnership = Partnership.objects.get(city__name=name)
    assert partnership.city.country.code == country
    assert partnership.kind == "partner_city"
    assert partnership.status == "phasing_out"


def test_twelve_partnerships_and_melle_is_the_german_one(seeded):
    assert Partnership.objects.count() == 12
    assert not City.objects.filter(name="Melle", country="BE").exists()


def test_local_names(seeded):
    assert City.objects.get(name="Luik").local_name == "Liège"
    assert City.objects.get(name="Gdansk").local_name == "Gdańsk"


def test_only_kanazawa_stays_active(seeded):
    assert list(
        Partnership.objects.filter(status="active").values_list("city__name", flat=True)
    ) == ["Kanazawa"]
    kanazawa = Partnership.objects.get(city__name="Kanazawa")
    assert (kanazawa.began_on, kanazawa.began_on_precision) == (datetime.date(1971, 1, 1), "year")
    assert kanazawa.source.number == 204182


def test_saint_raphael_ended_in_2018_at_its_own_request(seeded):
    partnership = Partnership.objects.get(city__name="Saint-Raphaël")
    assert partnership.status == "ended"
    assert partnership.ended_display == "2018"
    assert partnership.ended_by == "partner"
    assert partnership.source.number == 196095


def test_dormant_relations_keep_their_history(seeded):
    for name in ["Melle", "Nottingham", "Mohammedia", "Saint-Raphaël"]:
        steps = PartnershipStatusChange.objects.filter(partnership__city__name=name)
        assert "dormant" in steps.values_list("status", flat=True)
        assert steps.get(status="dormant").changed_on is None  # the text gives no date
    for name in ["Wiesbaden", "Tallinn", "Kanazawa"]:
        assert not PartnershipStatusChange.objects.filter(
            partnership__city__name=name, status="dormant"
        ).exists()


def test_phasing_out_is_sourced_to_the_multilateral_turn(seeded):
    steps = PartnershipStatusChange.objects.filter(status="phasing_out")
    assert steps.count() == 10
    assert {s.source.number for s in steps} == {196095}
    assert all("Eurocities" in s.reason for s in steps)


def test_kanazawa_agreement_chain(seeded):
    treaty, previous, renewed = Agreement.objects.filter(
        partnership__city__name="Kanazawa"
    ).order_by("pk")
    assert treaty.kind == "friendship_treaty" and treaty.signed_display == "1971"
    assert previous.signed_on is None and previous.valid_from is None
    assert renewed.replaces == previous
    assert renewed.signed_on == datetime.date(2021, 11, 10)
    assert renewed.signed_on_precision == "day"
    assert renewed.valid_from_display == "2021"
    assert renewed.valid_until == datetime.date(2026, 1, 1)
    assert renewed.valid_until_display == "2026"
    assert {t.name for t in renewed.themes.all()} >= {"Studentenuitwisseling", "Sport", "Culinair"}
    assert list(Agreement.objects.ending_within(365, on=datetime.date(2026, 11, 23))) == [renewed]


def test_anniversary_artwork(seeded):
    artwork = Activity.objects.get(kind="anniversary")
    assert "Happy 50th Anniversary" in artwork.title
    assert "Clara Spilliaert" in artwork.description
    assert artwork.occurred_display == "juli 2021"
    assert artwork.location == "Citadelpark, Gent"
    assert artwork.source.number == 204182


def test_exchanges_and_their_organisations(seeded):
    jazz = Activity.objects.get(kind="cultural_exchange")
    assert [o.name for o in jazz.ghent_organisations.all()] == ["Ghent Youth Jazz Orchestra"]
    assert [o.name for o in jazz.partner_organisations.all()] == ["JAZZ-21 jeugdbigband"]
    academic = Activity.objects.get(kind="academic")
    assert {o.name for o in academic.ghent_organisations.all()} == {
        "UGent",
        "Hogent",
        "School of Arts",
    }
    assert set(Activity.objects.values_list("kind", flat=True)) == {
        "anniversary",
        "signing",
        "student_exchange",
        "academic",
        "cultural_exchange",
        "sport",
        "culinary_exchange",
        "knowledge_sharing",
    }
    assert Activity.objects.filter(occurred_on__isnull=False).count() == 2


def test_eurocities_membership(seeded):
    eurocities = Network.objects.get(name="Eurocities")
    assert eurocities.is_ghent_member
    assert eurocities.member_since is None
    assert eurocities.source.number == 196095


def test_press_releases(seeded):
    first = PressRelease.objects.get(number=196095)
    assert first.slug == "stad-gent-herorienteert-banden-met-zuster-en-partnersteden"
    assert first.title == "Stad Gent heroriënteert banden met zuster- en partnersteden"
    assert first.published_on is None
    assert first.lead.startswith("De Stad Gent schakelt over")
    assert first.partnerships.count() == 12
    assert list(first.networks.values_list("name", flat=True)) == ["Eurocities"]
    second = PressRelease.objects.get(number=204182)
    assert list(second.partnerships.values_list("city__name", flat=True)) == ["Kanazawa"]
    assert (
        second.url
        == "https://persruimte.stad.gent/204182-gent-hernieuwt-samenwerkingsakkoord-met-zusterstad-kanazawa"
    )


def test_quotes_with_speaker_and_function(seeded):
    quote = Quote.objects.get(press_release__number=196095)
    assert quote.text.startswith("We gaan niet minder samenwerken")
    assert quote.text.endswith("door andere steden.")
    assert (quote.speaker_name, quote.speaker_function) == ("Mathias De Clercq", "burgemeester")
    assert quote.speaker.email == "burgemeester.declercq@stad.gent"


def test_press_contacts_in_order_with_phones(seeded):
    contacts = [
        pc.contact.name
        for pc in PressContact.objects.filter(press_release__number=204182, role="press_contact")
    ]
    assert contacts == ["Thomas Dierckens", "Inge Willemsen", "Mathias De Clercq"]
    inge = Contact.objects.get(email="inge.willemsen@stad.gent")
    assert (inge.mobile, inge.mobile_e164) == ("047747 12 94", "+32477471294")
    assert inge.organisation.name == "Dienst Internationale Relaties en Netwerken"
    mayor = Contact.objects.get(email="burgemeester.declercq@stad.gent")
    assert (mayor.function, mayor.phone_e164) == ("Burgemeester", "+3292665400")
    assert mayor.address == "stadhuis, Botermarkt 1, 9000 Gent"
    press_office = Contact.objects.get(email="pers@stad.gent")
    assert press_office.kind == "team"
    assert press_office.phone_e164 == "+3292665237"


def test_related_news_is_kept_once(seeded):
    assert RelatedNews.objects.filter(press_release__number=196095).count() == 5
    assert RelatedNews.objects.filter(press_release__number=204182).count() == 5
    assert NewsItem.objects.count() == 10
    item = NewsItem.objects.get(title="Identiteitskaart aanvragen kan voortaan bij je thuis")
    assert item.summary


def test_malformed_document_names_file_and_line(db, tmp_path, settings):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    document = data / "004_01032d92058fc276.txt"
    document.write_text(
        document.read_text(encoding="utf-8").replace("gsm 047747 12 94", "gsm 12"), encoding="utf-8"
    )
    from pressroom.parsing import ParseError

    with pytest.raises(ParseError) as error:
        load_seeds(data)
    assert "004_01032d92058fc276.txt" in str(error.value)
    assert "regel" in str(error.value)
    assert PressRelease.objects.count() == 0


def test_bad_registry_row_loads_nothing(db, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with (data / "partnerships.csv").open("a", encoding="utf-8") as handle:
        handle.write("Atlantis (XX);sister_city;active;;;;;;196095\n")
    from seeds.loaders import SeedError

    with pytest.raises(SeedError) as error:
        load_seeds(data)
    assert "partnerships.csv" in str(error.value)
    assert "Atlantis" in str(error.value)
    assert City.objects.count() == 0


def test_command_turns_errors_into_a_clear_message(db, monkeypatch, tmp_path):
    monkeypatch.setattr("seeds.loaders.DATA_DIR", tmp_path)
    (tmp_path / "releases.csv").write_text(
        "Bestand;Titel;Taal\nontbreekt.txt;X;nl\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="ontbreekt.txt"):
        call_command("load_seeds")


# The SHA-256 of the two press releases as the department handed them over.
ORIGINALS = {
    "000_54c1940183bc9bf9.txt": "5494707e65b5d8901c1ee1320ee290583c64a35305e2de9e55c08a7517bc0d84",
    "004_01032d92058fc276.txt": "2d177e58eef5d43e74c687ac5bc7441ef7d73a12b3b72b493b842a7dfe1764b5",
}


def test_shipped_documents_are_the_originals():
    shipped = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in DATA_DIR.glob("*.txt")
    }
    assert shipped == ORIGINALS
