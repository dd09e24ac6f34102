"""What the parser refuses, and the message an employee reads for it (in Dutch, unless a
test switches the language)."""

from pathlib import Path

import pytest
from django.utils import translation

from pressroom.parsing import (
    ParseError,
    parse_file,
    parse_release,
)
from tests.pressroom.documents import DATA_DIR, DOC_000, DOC_004, read


def refusal(text: str, **options) -> ParseError:
    """The error the parser raises for `text`; the test fails if it raises none."""
    with pytest.raises(ParseError) as refused:
        parse_release(text, **options)
    return refused.value


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
    error = refusal(text)
    assert error.message == "De tekst is leeg."
    assert error.line is None
    assert str(error) == "geplakte tekst: De tekst is leeg."


def test_missing_url() -> None:
    text = "\n".join(line for line in read(DOC_000).split("\n") if "persruimte" not in line)
    error = refusal(text, source_name="plak.txt")
    assert error.message == (
        "Geen link naar de persruimte gevonden "
        "(verwacht: https://persruimte.stad.gent/<nummer>-<slug>)."
    )
    assert error.line is None
    assert str(error).startswith("plak.txt: Geen link naar de persruimte gevonden")


def test_url_without_number() -> None:
    text = read(DOC_000).replace("/196095-stad-gent", "/stad-gent")
    error = refusal(text)
    assert error.line == 19
    assert error.message == (
        "De link 'https://persruimte.stad.gent/stad-gent-herorienteert-banden-met-zuster-en-"
        "partnersteden' bevat geen nummer van het persbericht "
        "(verwacht: https://persruimte.stad.gent/<nummer>-<slug>)."
    )


def test_url_with_number_but_no_slug() -> None:
    error = refusal("Een inleiding.\nhttps://persruimte.stad.gent/196095")
    assert error.line == 2
    assert "heeft niet de verwachte vorm" in error.message


def test_two_different_urls() -> None:
    text = "Een inleiding.\nhttps://persruimte.stad.gent/1-een\nhttps://persruimte.stad.gent/2-twee"
    error = refusal(text)
    assert error.line == 3
    assert error.message.startswith("Meer dan één link naar de persruimte gevonden")


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
    error = refusal(text)
    assert error.message.startswith("Geen inleiding gevonden")
    assert error.line == line


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
    error = refusal(text)
    assert error.line == 8
    assert "'047747'" in error.message


def test_contact_name_without_details() -> None:
    text = "Een inleiding.\n- Mathias De Clercq\nKopieer link\nhttps://persruimte.stad.gent/1-test"
    error = refusal(text)
    assert error.line == 2
    assert error.message == (
        "Perscontact 'Mathias De Clercq' zonder telefoonnummer of e-mailadres."
    )


def test_contact_without_name() -> None:
    text = "Een inleiding.\n- gsm 0477 38 29 37\nhttps://persruimte.stad.gent/1-test"
    error = refusal(text)
    assert error.line == 2
    assert error.message == "Perscontact zonder naam: 'gsm 0477 38 29 37'."


def test_unexpected_text_after_url() -> None:
    text = "Een inleiding.\nhttps://persruimte.stad.gent/1-test\nLosse tekst"
    error = refusal(text)
    assert error.line == 3
    assert error.message.startswith("Onverwachte tekst na de link: 'Losse tekst'")


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
