"""Reading uploaded files: formats and encodings detected, unsafe files refused."""

import io
import json
import zipfile

import openpyxl
import pytest

from gentintl.spreadsheets.exporting import neutralise
from gentintl.spreadsheets.reading import FORMULA_STARTS, ReadError, read_sheet


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_comma_separated_utf8_with_bom():
    sheet = read_sheet("\ufeffNaam,Land\nLiège,BE\n".encode(), "x.csv")
    assert (sheet.delimiter, sheet.encoding, sheet.rows) == (",", "utf-8", [["Liège", "BE"]])


def test_semicolon_windows_1252():
    sheet = read_sheet("Naam;Land\nSaint-Raphaël;FR\n".encode("cp1252"), "x.csv")
    assert (sheet.delimiter, sheet.encoding, sheet.rows) == (
        ";",
        "cp1252",
        [["Saint-Raphaël", "FR"]],
    )


def test_chosen_encoding_that_does_not_fit_is_an_error():
    with pytest.raises(ReadError, match="UTF-8"):
        read_sheet("Naam\nLiège\n".encode("cp1252"), "x.csv", encoding="utf-8")


def test_xlsx_numbers_come_back_as_text_without_dot_zero():
    sheet = read_sheet(xlsx([["Telefoon", "Postcode"], [477382937.0, 9000]]), "x.xlsx")
    assert sheet.rows == [["477382937", "9000"]]


def test_row_numbers_skip_blank_lines_as_the_spreadsheet_shows_them():
    sheet = read_sheet(b"Naam\nA\n\nB\n", "x.csv")
    assert sheet.numbers == [2, 4]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "leeg"),
        (b"Naam;Land\n", "x.csv", "geen gegevens"),
        (b"Naam\nA;B\n", "x.csv", "meer cellen"),
        (b"Naam;Land\nA;B\n", "x.xlsx", "heet .xlsx maar bevat CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "x.csv", "geen rekenblad"),
        (b"Naam\nA\n", "x.png", "niet ondersteund"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "x.xls", ".xls"),
        (b"[1, 2]", "x.json", "lijst van objecten"),
        (b"PK\x03\x04garbage", "x.xlsx", "ZIP"),
    ],
)
def test_bad_files_are_refused_with_a_dutch_reason(data, name, message):
    with pytest.raises(ReadError, match=message):
        read_sheet(data, name)


def test_oversized_file_is_refused_before_parsing(settings):
    settings.SPREADSHEET_MAX_BYTES = 100
    with pytest.raises(ReadError, match="groter dan"):
        read_sheet(b"Naam\n" + b"x\n" * 100, "x.csv")


def test_too_many_rows_is_refused(settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    with pytest.raises(ReadError, match="meer dan 3 rijen"):
        read_sheet(b"Naam\n" + b"x\n" * 4, "x.csv")


def test_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<a/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    with pytest.raises(ReadError, match="uit tot veel meer"):
        read_sheet(out.getvalue(), "bomb.xlsx")


def test_xml_entity_expansion_is_refused():
    data = xlsx([["Naam"], ["A"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/workbook.xml":
                content = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>' + content
            archive.writestr(info, content)
    with pytest.raises(ReadError, match="XML-declaraties"):
        read_sheet(out.getvalue(), "evil.xlsx")


def test_control_characters_are_removed():
    sheet = read_sheet(b"Naam\nA\x07B\x1bC\n", "x.csv")
    assert sheet.rows == [["ABC"]]


def test_nul_bytes_mark_a_file_as_not_a_spreadsheet():
    with pytest.raises(ReadError, match="binaire"):
        read_sheet(b"Naam\nA\x00B\n", "x.csv")


def test_json_rows_are_read_by_column_name():
    data = json.dumps([{"Naam": "Luik", "Land": "BE"}]).encode()
    assert read_sheet(data, "x.json").rows == [["Luik", "BE"]]


@pytest.mark.parametrize("text", ["=1+1", "+32 9 266 54 00", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised_on_export_and_restored_on_import(text):
    exported = neutralise(text)
    assert exported.startswith("'")
    sheet = read_sheet(f'Naam\n"{exported}"\n'.encode(), "x.csv")
    assert sheet.rows[0][0] == text.strip()


@pytest.mark.parametrize(
    "column",
    [
        ["Luik", "Gent", ""],
        ["", "a=b", "x-y", "mail@stad.gent"],  # formula characters inside a text only
        ["=1+1", "Gent"],
        ["Gent", "", "+32 9 266 54 00"],
        ["Gent", "-5", "Luik", "\tx"],
        ["\rx", "@SUM(A1)"],
        [],
    ],
)
def test_a_row_is_neutralised_as_each_of_its_texts(column):
    from gentintl.spreadsheets.exporting import neutralised_rows

    # The export looks at first characters: every start of a formula is one.
    assert all(len(start) == 1 for start in FORMULA_STARTS)
    rows = [list(column), list(reversed(column))]
    assert list(neutralised_rows(rows)) == [[neutralise(text) for text in row] for row in rows]
