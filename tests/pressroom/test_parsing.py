"""Tests for the press-release parser (plain pytest; its messages go through Django's
gettext, in the app's language, Dutch, unless a test switches)."""

import hashlib
from pathlib import Path

import pytest
from django.utils import translation

from pressroom.parsing import (
    ContactBlock,
    ParsedRelease,
    ParseError,
    Phone,
    Quote,
    RelatedNews,
    parse_file,
    parse_release,
    slug_to_words,
    split_quote,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "seeds" / "data"
DOC_000 = "000_54c1940183bc9bf9.txt"
DOC_004 = "004_01032d92058fc276.txt"

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


def read(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def release_000() -> ParsedRelease:
    return parse_file(DATA_DIR / DOC_000)


@pytest.fixture(scope="module")
def release_004() -> ParsedRelease:
    return parse_file(DATA_DIR / DOC_004)


@pytest.fixture(params=[DOC_000, DOC_004])
def any_release(request: pytest.FixtureRequest) -> ParsedRelease:
    return parse_file(DATA_DIR / request.param)


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


# --------------------------------------------------------------------------- #
# Input variants
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", [DOC_000, DOC_004])
def test_crlf_and_trailing_whitespace_parse_the_same(name: str) -> None:
    text = read(name)
    expected = parse_release(text)
    messy = "\r\n".join(line + " \t" for line in text.split("\n")) + "\r\n"
    assert parse_release(messy) == expected


@pytest.mark.parametrize("name", [DOC_000, DOC_004])
def test_byte_order_mark_is_tolerated(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + (DATA_DIR / name).read_bytes())
    assert parse_file(path) == parse_file(DATA_DIR / name)


def test_default_source_name() -> None:
    release = parse_release(read(DOC_000))
    assert release.source_name == "geplakte tekst"
    assert parse_release(read(DOC_000), source_name="plak.txt").source_name == "plak.txt"


def test_pasted_text_without_optional_blocks() -> None:
    text = (
        "Gent en Kanazawa hernieuwen hun samenwerkingsakkoord.\n"
        "\n"
        "Het vriendschapsverdrag werd in 1971 getekend.\n"
        "- Thomas Dierckens, kabinet burgemeester, gsm 0477 38 29 37\n"
        "https://persruimte.stad.gent/204182-gent-hernieuwt-samenwerkingsakkoord"
    )
    release = parse_release(text)
    assert release.number == 204182
    assert release.slug == "gent-hernieuwt-samenwerkingsakkoord"
    assert release.lead == "Gent en Kanazawa hernieuwen hun samenwerkingsakkoord."
    assert release.body == ("Het vriendschapsverdrag werd in 1971 getekend.",)
    assert release.quotes == ()
    assert release.contacts == (
        ContactBlock(
            name="Thomas Dierckens",
            affiliation="kabinet burgemeester",
            address="",
            phones=(Phone("mobile", "0477 38 29 37", "+32477382937"),),
            email="",
            line=4,
        ),
    )
    assert release.press_office is None
    assert release.topics == ()
    assert release.related_news == ()


def test_topics_between_the_headings() -> None:
    text = (
        "Een inleiding.\n"
        "Kopieer link\n"
        "https://persruimte.stad.gent/1-testGerelateerde onderwerpen\n"
        "Internationale relaties\n"
        "Stadsbestuur\n"
        "Gerelateerd nieuws\n"
        "Titel\n"
        "Samenvatting."
    )
    release = parse_release(text)
    assert release.topics == ("Internationale relaties", "Stadsbestuur")
    assert release.related_news == (RelatedNews("Titel", "Samenvatting."),)


def test_url_and_topics_heading_on_separate_lines() -> None:
    text = (
        "Een inleiding.\n"
        "https://persruimte.stad.gent/12-een-test\n"
        "Gerelateerde onderwerpen\n"
        "Wonen\n"
        "Gerelateerd nieuws"
    )
    release = parse_release(text)
    assert (release.number, release.slug) == (12, "een-test")
    assert release.topics == ("Wonen",)
    assert release.related_news == ()


NEWS_HEAD = "Een inleiding.\nhttps://persruimte.stad.gent/1-testGerelateerde onderwerpen\n"


@pytest.mark.parametrize(
    ("news_lines", "expected"),
    [
        pytest.param(
            ["A", "a.", "B", "b.", "A", "a.", "B"],
            [RelatedNews("A", "a."), RelatedNews("B", "b.")],
            id="cut-off-title-already-seen",
        ),
        pytest.param(
            ["A", "a.", "B", "b.", "A", "a.", "Bijna"],
            [RelatedNews("A", "a."), RelatedNews("B", "b."), RelatedNews("Bijna", "")],
            id="cut-off-title-new",
        ),
        pytest.param(
            ["Alfa titel", "a.", "Alfa"],
            [RelatedNews("Alfa titel", "a.")],
            id="cut-off-in-the-middle-of-a-seen-title",
        ),
        pytest.param(
            ["A", "a.", "", "B", "b.", "", "A", "a."],
            [RelatedNews("A", "a."), RelatedNews("B", "b.")],
            id="blank-lines-between-items",
        ),
    ],
)
def test_related_news_deduplication(news_lines: list[str], expected: list[RelatedNews]) -> None:
    text = NEWS_HEAD + "Gerelateerd nieuws\n" + "\n".join(news_lines)
    assert parse_release(text).related_news == tuple(expected)


def test_body_bullet_list_without_contact_details_stays_in_body() -> None:
    text = (
        "Een inleiding.\n"
        "Drie steden:\n"
        "- Tallinn, in Estland\n"
        "- Wiesbaden, in Duitsland\n"
        "Daarna volgt nog een alinea.\n"
        "- Thomas Dierckens, kabinet burgemeester, e-mail thomas.dierckens@stad.gent\n"
        "https://persruimte.stad.gent/1-test"
    )
    release = parse_release(text)
    assert release.body == (
        "Drie steden:",
        "- Tallinn, in Estland",
        "- Wiesbaden, in Duitsland",
        "Daarna volgt nog een alinea.",
    )
    assert [contact.name for contact in release.contacts] == ["Thomas Dierckens"]
    assert release.contacts[0].phones == ()
    assert release.contacts[0].line == 6


def test_contact_with_address_but_no_affiliation() -> None:
    text = (
        "Een inleiding.\n"
        "- Jan Peeters, Botermarkt 1, 9000 Gent, tel. 09 266 54 00\n"
        "https://persruimte.stad.gent/1-test"
    )
    (contact,) = parse_release(text).contacts
    assert contact.affiliation == ""
    assert contact.address == "Botermarkt 1, 9000 Gent"
    assert contact.phones == (Phone("landline", "09 266 54 00", "+3292665400"),)


# --------------------------------------------------------------------------- #
# Quote detection
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Gent inspireert.Mathias De Clercq, burgemeester",
            ("Gent inspireert.", "Mathias De Clercq", "burgemeester"),
        ),
        (
            "Dat is een mooi bewijs!Anne-Marie Van den Bossche, schepen van Onderwijs",
            ("Dat is een mooi bewijs!", "Anne-Marie Van den Bossche", "schepen van Onderwijs"),
        ),
        (
            "\u201cWe zijn trots.\u201dSofie D'Hondt, directeur Internationale Relaties",
            ("\u201cWe zijn trots.\u201d", "Sofie D'Hondt", "directeur Internationale Relaties"),
        ),
    ],
)
def test_split_quote_detects_glued_attributions(
    paragraph: str, expected: tuple[str, str, str]
) -> None:
    assert split_quote(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Criminaliteit in Gent met meer dan 10 procent gedaald",
        (
            "De Gentse politie heeft vorig jaar 31.995 criminele feiten geregistreerd, dat is 12 "
            "procent minder dan in 2023."
        ),
        # A glued related-news title is not an attribution: no "Name, function".
        (
            "De Gentse politie registreerde 12 procent minder feiten dan in 2023."
            "Criminaliteit in Gent met meer dan 10 procent gedaald"
        ),
        "Eind vorig jaar telde de stad precies 272.389 inwoners.",
        # A space after the full stop: an ordinary sentence, not a glued attribution.
        "Gent inspireert. Mathias De Clercq, burgemeester",
        # No function after the name.
        "Gent inspireert.Mathias De Clercq",
        # The function ends a sentence: ordinary text, not an attribution.
        "Het liep goed.Jan Peeters, de voorzitter, was tevreden.",
        "Het liep goed.De Stad Gent, afdeling Communicatie",
    ],
)
def test_split_quote_ignores_ordinary_sentences(paragraph: str) -> None:
    assert split_quote(paragraph) is None


def test_ordinary_body_paragraphs_are_not_quotes(any_release: ParsedRelease) -> None:
    quote_paragraphs = {quote.paragraph for quote in any_release.quotes}
    for index, paragraph in enumerate(any_release.body):
        if index not in quote_paragraphs:
            assert split_quote(paragraph) is None


# --------------------------------------------------------------------------- #
# Slugs
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("stad-gent-herorienteert-banden", "stad gent herorienteert banden"),
        (
            "gent-hernieuwt-samenwerkingsakkoord-met-zusterstad-kanazawa",
            "gent hernieuwt samenwerkingsakkoord met zusterstad kanazawa",
        ),
        ("enkel", "enkel"),
        ("", ""),
    ],
)
def test_slug_to_words(slug: str, words: str) -> None:
    assert slug_to_words(slug) == words


# --------------------------------------------------------------------------- #
# Errors
# --------------------------------------------------------------------------- #


def test_parse_error_formatting() -> None:
    error = ParseError("Iets klopt niet.", source_name="a.txt", line=3)
    assert isinstance(error, ValueError)
    assert (error.source_name, error.line, error.message) == ("a.txt", 3, "Iets klopt niet.")
    assert str(error) == "a.txt, regel 3: Iets klopt niet."
    assert str(ParseError("Leeg.", source_name="a.txt")) == "a.txt: Leeg."


@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n  \t\n", "\ufeff"])
def test_empty_text(text: str) -> None:
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.message == "De tekst is leeg."
    assert excinfo.value.line is None
    assert str(excinfo.value) == "geplakte tekst: De tekst is leeg."


def test_missing_url() -> None:
    text = "\n".join(line for line in read(DOC_000).split("\n") if "persruimte" not in line)
    with pytest.raises(ParseError) as excinfo:
        parse_release(text, source_name="plak.txt")
    assert excinfo.value.message == (
        "Geen link naar de persruimte gevonden "
        "(verwacht: https://persruimte.stad.gent/<nummer>-<slug>)."
    )
    assert excinfo.value.line is None
    assert str(excinfo.value).startswith("plak.txt: Geen link naar de persruimte gevonden")


def test_url_without_number() -> None:
    text = read(DOC_000).replace("/196095-stad-gent", "/stad-gent")
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.line == 19
    assert excinfo.value.message == (
        "De link 'https://persruimte.stad.gent/stad-gent-herorienteert-banden-met-zuster-en-"
        "partnersteden' bevat geen nummer van het persbericht "
        "(verwacht: https://persruimte.stad.gent/<nummer>-<slug>)."
    )


def test_url_with_number_but_no_slug() -> None:
    with pytest.raises(ParseError) as excinfo:
        parse_release("Een inleiding.\nhttps://persruimte.stad.gent/196095")
    assert excinfo.value.line == 2
    assert "heeft niet de verwachte vorm" in excinfo.value.message


def test_two_different_urls() -> None:
    text = "Een inleiding.\nhttps://persruimte.stad.gent/1-een\nhttps://persruimte.stad.gent/2-twee"
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.line == 3
    assert excinfo.value.message.startswith("Meer dan één link naar de persruimte gevonden")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            (
                "- Thomas Dierckens, kabinet burgemeester, gsm 0477 38 29 37\n"
                "https://persruimte.stad.gent/1-test"
            ),
            1,
        ),
        ("\n\nKopieer link\nhttps://persruimte.stad.gent/1-test", 3),
        ("- Een opsomming\nhttps://persruimte.stad.gent/1-test", 1),
    ],
)
def test_missing_lead(text: str, line: int) -> None:
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.message.startswith("Geen inleiding gevonden")
    assert excinfo.value.line == line


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "message"),
    [
        pytest.param(
            DOC_000,
            "gsm 0477 38 29 37",
            "gsm 0477 38 29",
            7,
            "Ongeldig telefoonnummer '0477 38 29' bij perscontact Thomas Dierckens.",
            id="bad-mobile",
        ),
        pytest.param(
            DOC_004,
            "gsm 047747 12 94",
            "gsm 047747 12 94 9",
            8,
            "Ongeldig telefoonnummer '047747 12 94 9' bij perscontact Inge Willemsen.",
            id="bad-mobile-second-contact",
        ),
        pytest.param(
            DOC_000,
            "tel. 09 266 54 00",
            "tel. 09 266 5x 00",
            9,
            "Ongeldig telefoonnummer '09 266 5x 00' bij perscontact Mathias De Clercq.",
            id="bad-landline-on-detail-bullet",
        ),
        pytest.param(
            DOC_000,
            "e-mail thomas.dierckens@stad.gent",
            "e-mail thomas.dierckens(at)stad.gent",
            7,
            "Ongeldig e-mailadres 'thomas.dierckens(at)stad.gent' bij perscontact "
            "Thomas Dierckens.",
            id="bad-email",
        ),
        pytest.param(
            DOC_004,
            "e-mail burgemeester.declercq@stad.gent",
            "e-mail burgemeester.declercq@stad",
            10,
            "Ongeldig e-mailadres 'burgemeester.declercq@stad' bij perscontact Mathias De Clercq.",
            id="bad-email-on-detail-bullet",
        ),
        pytest.param(
            DOC_000,
            "t: 09 266 52 37",
            "t: 09 266",
            17,
            "Ongeldig telefoonnummer '09 266' bij de persdienst (Contacteer ons).",
            id="bad-press-office-phone",
        ),
        pytest.param(
            DOC_004,
            "e: pers@stad.gent",
            "e: pers@",
            17,
            "Ongeldig e-mailadres 'pers@' bij de persdienst (Contacteer ons).",
            id="bad-press-office-email",
        ),
    ],
)
def test_invalid_contact_details(
    name: str, old: str, new: str, line: int, message: str, tmp_path: Path
) -> None:
    text = read(name)
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ParseError) as excinfo:
        parse_file(path)
    assert excinfo.value.source_name == name
    assert excinfo.value.line == line
    assert excinfo.value.message == message
    assert str(excinfo.value) == f"{name}, regel {line}: {message}"


def test_errors_come_out_in_the_active_language() -> None:
    text = read(DOC_000)
    with translation.override("en"):
        with pytest.raises(ParseError) as empty:
            parse_release("")
        with pytest.raises(ParseError) as bad_phone:
            parse_release(text.replace("gsm 0477 38 29 37", "gsm 0477 38 29"), source_name="a.txt")
        with pytest.raises(ParseError) as bad_office_email:
            parse_release(text.replace("e: pers@stad.gent", "e: pers@"), source_name="a.txt")
    assert str(empty.value) == "pasted text: The text is empty."
    assert str(bad_phone.value) == (
        "a.txt, line 7: Invalid phone number '0477 38 29' for press contact Thomas Dierckens."
    )
    assert bad_office_email.value.message == (
        "Invalid e-mail address 'pers@' for the press office (Contacteer ons)."
    )


def test_invalid_phone_error_uses_crlf_line_numbers_too() -> None:
    text = read(DOC_004).replace("gsm 047747 12 94", "gsm 047747").replace("\n", "\r\n")
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.line == 8
    assert "'047747'" in excinfo.value.message


def test_contact_name_without_details() -> None:
    text = "Een inleiding.\n- Mathias De Clercq\nKopieer link\nhttps://persruimte.stad.gent/1-test"
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.line == 2
    assert excinfo.value.message == (
        "Perscontact 'Mathias De Clercq' zonder telefoonnummer of e-mailadres."
    )


def test_contact_without_name() -> None:
    text = "Een inleiding.\n- gsm 0477 38 29 37\nhttps://persruimte.stad.gent/1-test"
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.line == 2
    assert excinfo.value.message == "Perscontact zonder naam: 'gsm 0477 38 29 37'."


def test_unexpected_text_after_url() -> None:
    text = "Een inleiding.\nhttps://persruimte.stad.gent/1-test\nLosse tekst"
    with pytest.raises(ParseError) as excinfo:
        parse_release(text)
    assert excinfo.value.line == 3
    assert excinfo.value.message.startswith("Onverwachte tekst na de link: 'Losse tekst'")


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Een inleiding.\nOfficiële zustersteden.\n".encode("latin-1"))
    with pytest.raises(ParseError) as excinfo:
        parse_file(path)
    assert excinfo.value.line == 2
    assert str(excinfo.value) == "latin1.txt, regel 2: Het bestand is geen geldige UTF-8-tekst."


def _kanazawa() -> str:
    return (DATA_DIR / "004_01032d92058fc276.txt").read_text(encoding="utf-8-sig")


def test_text_ending_in_the_address_is_flagged() -> None:
    text = _kanazawa()
    cut = "https://persruimte.stad.gent/204182-gent-hernieuwt-samen"
    release = parse_release(text[: text.index(cut) + len(cut)])
    assert release.slug == "gent-hernieuwt-samen"
    assert release.warnings and "afgebroken" in release.warnings[0]
    assert parse_release(text).warnings == ()


def test_contact_block_without_team_line_is_refused() -> None:
    text = _kanazawa().replace("- Persteam - Dienst Communicatie\n", "")
    with pytest.raises(ParseError, match="Contacteer ons.*Franklin Rooseveltlaan 1"):
        parse_release(text)
