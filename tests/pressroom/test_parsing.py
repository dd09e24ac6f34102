"""The parser on the two shipped press releases: every part of each, as written (plain
pytest; its messages go through Django's gettext, in the app's language, Dutch, unless a
test switches)."""

import hashlib

import pytest

from pressroom.parsing import (
    ContactBlock,
    ParsedRelease,
    Phone,
    Quote,
    RelatedNews,
    parse_file,
)
from tests.pressroom.documents import DATA_DIR, DOC_000, DOC_004, read

THOMAS_DIERCKENS = ContactBlock(
    name="Thomas Dierckens",
    affiliation="kabinet burgemeester",
    address="",
    phones=(Phone(kind="mobile", as_written="0477 38 29 37", e164="+32477382937"),),
    email="thomas.dierckens@stad.gent",
    line=7,
)
INGE_WILLEMSEN = ContactBlock(
    name="Inge Willemsen",
    affiliation="Dienst Internationale Relaties en Netwerken",
    address="",
    phones=(Phone(kind="mobile", as_written="047747 12 94", e164="+32477471294"),),
    email="inge.willemsen@stad.gent",
    line=8,
)


def mathias_de_clercq(line: int) -> ContactBlock:
    return ContactBlock(
        name="Mathias De Clercq",
        affiliation="Burgemeester",
        address="stadhuis, Botermarkt 1, 9000 Gent",
        phones=(Phone(kind="landline", as_written="09 266 54 00", e164="+3292665400"),),
        email="burgemeester.declercq@stad.gent",
        line=line,
    )


def press_office(line: int) -> ContactBlock:
    return ContactBlock(
        name="Persteam - Dienst Communicatie",
        affiliation="",
        address="Franklin Rooseveltlaan 1, 9000 Gent",
        phones=(Phone(kind="landline", as_written="09 266 52 37", e164="+3292665237"),),
        email="pers@stad.gent",
        line=line,
    )


@pytest.fixture(scope="module")
def release_000() -> ParsedRelease:
    return parse_file(DATA_DIR / DOC_000)


@pytest.fixture(scope="module")
def release_004() -> ParsedRelease:
    return parse_file(DATA_DIR / DOC_004)


# --------------------------------------------------------------------------- #
# Shipped documents
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("name", "sha256"),
    [
        (DOC_000, "5494707e65b5d8901c1ee1320ee290583c64a35305e2de9e55c08a7517bc0d84"),
        (DOC_004, "2d177e58eef5d43e74c687ac5bc7441ef7d73a12b3b72b493b842a7dfe1764b5"),
    ],
)
def test_shipped_documents_are_unchanged(name: str, sha256: str) -> None:
    assert hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() == sha256


# --------------------------------------------------------------------------- #
# Document 000: Stad Gent heroriënteert banden met zuster- en partnersteden
# --------------------------------------------------------------------------- #


def test_000_identity(release_000: ParsedRelease) -> None:
    assert release_000.source_name == DOC_000
    assert release_000.number == 196095
    assert release_000.slug == "stad-gent-herorienteert-banden-met-zuster-en-partnersteden"
    assert release_000.url == (
        "https://persruimte.stad.gent/196095-stad-gent-herorienteert-banden-met-zuster-en-partnersteden"
    )


def test_000_lead(release_000: ParsedRelease) -> None:
    assert release_000.lead == (
        "De Stad Gent schakelt over van een bilaterale samenwerking met zuster- en partnersteden "
        "naar een multilaterale samenwerking via internationale netwerken en Europese "
        "subsidieprojecten. Enkel met de Japanse zusterstad Kanazawa blijft het partnerschap "
        "behouden."
    )


def test_000_body(release_000: ParsedRelease) -> None:
    body = release_000.body
    assert len(body) == 5
    assert body[0] == (
        "De Stad Gent heeft 7 officiële zustersteden: Saint-Raphaël in Frankrijk, Wiesbaden en "
        "Melle in Duitsland, Kanazawa in Japan, Tallinn in Estland, Mohammedia in Marokko en "
        "Nottingham in het VK. Gent heeft ook 5 officiële partnersteden: Burgas in Bulgarije, "
        "Gdansk in Polen, Weihai en Taizhou in China en Luik in België."
    )
    assert body[1] == (
        "Met Kanazawa, Tallinn en Wiesbaden is doorheen de jaren actief samengewerkt, de relatie "
        "met Melle, Nottingham, Mohammedia en Saint-Raphaël kende het laatste decennium eerder "
        "een slapend bestaan. De zusterband met Saint-Raphaël werd al in 2018 beëindigd op vraag "
        "van Saint-Raphaël zelf."
    )
    assert body[2].startswith("Het stadsbestuur heeft nu beslist om de bilaterale relaties")
    assert body[2].endswith("Die multilaterale aanpak is ook in opmars in heel Europa.")
    assert "Eurocities" in body[2]
    assert body[3] == release_000.quotes[0].text
    assert body[4] == (
        "Enkel met de Japanse stad Kanazawa blijft het partnerschap behouden. De samenwerkingen "
        "tussen verschillende partners in de Japanse stad en partners in Gent zijn heel actief "
        "gebleven en zorgen nog altijd voor een bruisende dynamiek van uitwisselingen en "
        "gedeelde projecten."
    )


def test_000_quote(release_000: ParsedRelease) -> None:
    assert release_000.quotes == (
        Quote(
            text=(
                "We gaan niet minder samenwerken, we gaan net meer en dieper samenwerken met "
                "andere Europese steden. Dit via sterke bestaande netwerken zoals Eurocities waar "
                "we elkaar treffen en via Europese projectoproepen. Gent inspireert en laat zich "
                "ook graag inspireren door andere steden."
            ),
            speaker="Mathias De Clercq",
            speaker_function="burgemeester",
            paragraph=3,
        ),
    )


def test_000_contacts(release_000: ParsedRelease) -> None:
    assert release_000.contacts == (THOMAS_DIERCKENS, mathias_de_clercq(line=8))


def test_000_press_office(release_000: ParsedRelease) -> None:
    assert release_000.press_office == press_office(line=12)


def test_000_related_news(release_000: ParsedRelease) -> None:
    assert read(DOC_000).count("Identiteitskaart aanvragen kan voortaan bij je thuis") == 3
    assert release_000.related_news == (
        RelatedNews(
            title="Identiteitskaart aanvragen kan voortaan bij je thuis",
            summary=(
                "Gentenaars die minder mobiel of ziek zijn en een nieuwe identiteitskaart nodig "
                "hebben, kunnen een beroep doen op het 'draagbaar loket'."
            ),
        ),
        RelatedNews(
            title="Stadsbouwmeester focust op betaalbaar wonen en experiment",
            summary=(
                "Stadsbouwmeester Peter Vanden Abeele lanceert een nieuwe aanpak in de "
                "mandaatsnota voor 2024-2029."
            ),
        ),
        RelatedNews(
            title="Criminaliteit in Gent met meer dan 10 procent gedaald",
            summary=(
                "De Gentse politie heeft vorig jaar 31.995 criminele feiten geregistreerd, dat is "
                "12 procent minder dan in 2023."
            ),
        ),
        RelatedNews(
            title="Tijdelijke invulling gezocht voor terrein en loods op oude Fluviussite",
            summary=(
                "Op de voormalige Fluviussite komen een nieuwe school en een park. In afwachting "
                "daarvan zoekt de Stad nu een tijdelijke invuller."
            ),
        ),
        RelatedNews(
            title="Gent blijft groeien: voor het eerst meer dan 270.000 inwoners",
            summary=(
                "Eind vorig jaar telde de stad precies 272.389 inwoners. Sinds 2000 is het aantal "
                "Gentenaars met 20 procent gestegen."
            ),
        ),
    )


# --------------------------------------------------------------------------- #
# Document 004: Gent hernieuwt samenwerkingsakkoord met zusterstad Kanazawa
# --------------------------------------------------------------------------- #


def test_004_identity(release_004: ParsedRelease) -> None:
    assert release_004.source_name == DOC_004
    assert release_004.number == 204182
    assert release_004.slug == "gent-hernieuwt-samenwerkingsakkoord-met-zusterstad-kanazawa"
    assert release_004.url == (
        "https://persruimte.stad.gent/204182-gent-hernieuwt-samenwerkingsakkoord-met-zusterstad-kanazawa"
    )


def test_004_lead(release_004: ParsedRelease) -> None:
    assert release_004.lead == (
        "Gent en de Japanse stad Kanazawa hernieuwen hun samenwerkingsakkoord. Ook de komende "
        "vijf jaar wisselen de twee steden studenten uit en bouwen ze verder aan academische en "
        "culturele kruisbestuivingen. De band met de zusterstad bestaat intussen al 50 jaar."
    )


def test_004_body(release_004: ParsedRelease) -> None:
    body = release_004.body
    assert len(body) == 5
    assert body[0] == (
        "Het vriendschapsverdrag tussen Gent en Kanazawa werd in 1971 getekend. Om dat te vieren, "
        "werd in juli in het Citadelpark het kunstwerk \u2018Happy 50th Anniversary\u2019 van "
        "Clara Spilliaert onthuld. Op woensdag 10 november 2021 ondertekenen beide steden "
        "bovendien een vernieuwd samenwerkingsakkoord voor de periode 2021-2026. De "
        "ondertekening, die wegens de coronapandemie digitaal plaatsvindt, is vanaf 10 uur live "
        "te volgen via deze link."
    )
    assert body[1].startswith("Het vernieuwde samenwerkingsakkoord focust nog meer op")
    assert "'Gent-Kanazawa Supporters Club'" in body[1]
    assert body[1].endswith(
        "Op academisch vlak blijven zowel de UGent, de Hogent als de School of Arts intensief "
        "samenwerken met hun evenknie in Kanazawa."
    )
    assert body[2] == release_004.quotes[0].text
    assert body[3].startswith("Ook op cultureel vlak blijven Gent en Kanazawa elkaar")
    assert "Ghent Youth Jazz Orchestra en de JAZZ-21 jeugdbigband van Kanazawa" in body[3]
    assert body[4] == (
        "Ten slotte wordt kennisuitwisseling nog belangrijker: Gent en Kanazawa zullen nog "
        "actiever praktijkervaringen delen. Zo streven beide steden bijvoorbeeld naar een "
        "samenwerking waarbij ze zich inzetten om de Sustainable Development Goals "
        "(SDG\u2019s) te realiseren."
    )


def test_004_quote(release_004: ParsedRelease) -> None:
    assert release_004.quotes == (
        Quote(
            text=(
                "De vriendschapsband tussen Gent en Kanazawa is sterker dan ooit. De vele "
                "structurele uitwisselingen op cultureel, artistiek, sportief, culinair en "
                "onderwijsvlak zijn daar een mooi bewijs van."
            ),
            speaker="Mathias De Clercq",
            speaker_function="burgemeester",
            paragraph=2,
        ),
    )


def test_004_contacts(release_004: ParsedRelease) -> None:
    assert release_004.contacts == (THOMAS_DIERCKENS, INGE_WILLEMSEN, mathias_de_clercq(line=9))


def test_004_press_office(release_004: ParsedRelease) -> None:
    assert release_004.press_office == press_office(line=13)


def test_004_related_news(release_004: ParsedRelease) -> None:
    assert [item.title for item in release_004.related_news] == [
        "Oud gemeentehuis Sint-Amandsberg wordt buurthuis met eetcafé",
        "Hoe verschilt jouw wijk van andere? hoeveelin.stad.gent in nieuw jasje",
        "Installatievergadering nieuwe gemeenteraad uitgesteld tot januari",
        "Nieuwe Gentse coalitie stelt bestuursakkoord 2025-2030 voor",
        "Historisch document verhuist van Archief Gent naar Amsab-ISG",
    ]
    assert [item.summary for item in release_004.related_news] == [
        (
            "Het winnende voorstel voor een nieuwe invulling van het oud gemeentehuis in "
            "Sint-Amandsberg heet 'Modeste'."
        ),
        (
            "De website is sinds deze week een pak interactiever en gebruiksvriendelijker. Je "
            "ontdekt er bovendien ook het verhaal achter de cijfers."
        ),
        (
            "De Raad voor Verkiezingsbetwistingen moet eerst een uitspraak doen over een formele "
            "klacht."
        ),
        (
            "Onder het motto 'Naar een welvarende, sociale en duurzame stad die iedereen meeneemt' "
            "gaat het akkoord voor een beleid dicht bij de mensen."
        ),
        (
            "Zo'n herbestemming is eerder uitzonderlijk en gebeurt enkel wanneer een stuk beter "
            "aansluit bij een andere collectie, wat hier het geval is."
        ),
    ]


# --------------------------------------------------------------------------- #
# Facts common to both documents
# --------------------------------------------------------------------------- #


def test_topics_are_empty(any_release: ParsedRelease) -> None:
    assert any_release.topics == ()


def test_quote_attribution_is_removed_from_body(any_release: ParsedRelease) -> None:
    assert len(any_release.quotes) == 1
    quote = any_release.quotes[0]
    assert any_release.body[quote.paragraph] == quote.text
    assert all("Mathias De Clercq" not in paragraph for paragraph in any_release.body)


def test_related_news_has_five_unique_items(any_release: ParsedRelease) -> None:
    titles = [item.title for item in any_release.related_news]
    assert len(titles) == 5
    assert len(set(titles)) == 5
    assert all(item.summary for item in any_release.related_news)


def test_text_joins_lead_body_and_quotes(any_release: ParsedRelease) -> None:
    text = any_release.text()
    assert text.startswith(any_release.lead + "\n")
    for paragraph in any_release.body:
        assert paragraph in text
    assert text.endswith("\nMathias De Clercq, burgemeester")
    assert "Gerelateerd nieuws" not in text
    assert "pers@stad.gent" not in text


def test_000_text_mentions_all_cities(release_000: ParsedRelease) -> None:
    text = release_000.text()
    for city in [
        "Saint-Raphaël",
        "Wiesbaden",
        "Melle",
        "Kanazawa",
        "Tallinn",
        "Mohammedia",
        "Nottingham",
        "Burgas",
        "Gdansk",
        "Weihai",
        "Taizhou",
        "Luik",
    ]:
        assert city in text
