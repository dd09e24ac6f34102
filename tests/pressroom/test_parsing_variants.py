"""The parser on other shapes of a press release: line endings, a byte order mark, pasted
text without the optional blocks, headings on their own lines, bullet lists, quotes glued
to their attribution, slugs."""

from pathlib import Path

import pytest

from pressroom.parsing import (
    ContactBlock,
    ParsedRelease,
    Phone,
    RelatedNews,
    parse_file,
    parse_release,
    slug_to_words,
    split_quote,
)
from tests.pressroom.documents import DATA_DIR, DOC_000, DOC_004, read

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
