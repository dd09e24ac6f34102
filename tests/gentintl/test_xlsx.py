"""The directly written XLSX sheet reads back as openpyxl and our own import read it."""

import io
import zipfile
from xml.etree import ElementTree

import openpyxl
from django.utils.translation import gettext

from gentintl import exporting
from gentintl.reading import read_sheet

HEADERS = ["Naam", "Opmerkingen", "Leeg"]
ROWS = [
    ["Gent & Luik <zusters>", 'zei "ja"', ""],
    ["  spaties rond  ", "regel 1\nregel 2", ""],
    ["'=HYPERLINK(1)", "Windows\r\nregels", "x"],
    ["Ærø, Łódź, 東京, 🚲", "_x0041_ blijft zo", "]]> <![CDATA["],
    ["tab\tin", "bel\x07en nul\x00", "9000"],
]


def book(data: bytes, read_only=False):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)


def test_openpyxl_reads_back_every_value():
    data = exporting.write_xlsx(HEADERS, iter(ROWS))
    for read_only in (False, True):
        sheet = book(data, read_only).active
        values = [
            [c if c is not None else "" for c in row] + [""] * (len(HEADERS) - len(row))
            for row in sheet.values
        ]
        expected = [[v.replace("\x07", "").replace("\x00", "") for v in row] for row in ROWS]
        # "_x0041_" is how the format codes "A": the text is written with its underscore
        # coded, which Excel and LibreOffice decode and openpyxl shows as it is.
        expected[3][1] = "_x005F_x0041_ blijft zo"
        assert values == [HEADERS, *expected]


def test_header_is_bold_and_frozen_and_multiline_cells_wrap():
    sheet = book(exporting.write_xlsx(HEADERS, ROWS)).active
    assert sheet.title == gettext("Data")
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["B3"].alignment.wrap_text and not sheet["A3"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width == max(len(row[0]) for row in [HEADERS, *ROWS])


def test_our_import_reads_the_export_as_it_reads_the_csv():
    rows = ROWS[:-1]  # a CSV file with a NUL in it is refused
    as_xlsx = read_sheet(exporting.write_xlsx(HEADERS, rows), "export.xlsx")
    as_csv = read_sheet(exporting.write_csv(HEADERS, rows), "export.csv")
    assert as_xlsx.headers == as_csv.headers == HEADERS
    assert as_xlsx.rows == as_csv.rows


def test_every_part_is_well_formed_xml():
    with zipfile.ZipFile(io.BytesIO(exporting.write_xlsx(HEADERS, ROWS))) as package:
        assert package.testzip() is None
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))


def test_a_large_export_streams_and_reads_back():
    rows = ([f"naam {i}", f"{i}", ""] for i in range(30_000))
    sheet = book(exporting.write_xlsx(HEADERS, rows), read_only=True).active
    values = list(sheet.values)
    assert len(values) == 30_001
    assert values[-1][:2] == ("naam 29999", "29999")
