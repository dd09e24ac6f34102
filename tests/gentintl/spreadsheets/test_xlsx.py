"""The directly written XLSX sheet reads back as openpyxl and our own import read it."""

import io
import zipfile
from xml.etree import ElementTree

import openpyxl
from django.utils.translation import gettext

from gentintl.spreadsheets import exporting
from gentintl.spreadsheets.reading import read_sheet

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


def test_formula_like_text_is_a_quote_prefixed_text_cell_without_apostrophe():
    rows = [["=woordvoerder", "+32 9 266 50 00"], ["gewoon", "-5 graden\nkoud"]]
    sheet = book(exporting.write_xlsx(["A", "B"], rows)).active
    assert [sheet["A2"].value, sheet["B2"].value] == ["=woordvoerder", "+32 9 266 50 00"]
    assert sheet["A2"].data_type == sheet["B2"].data_type == "s"
    assert sheet["A2"].quotePrefix and sheet["B2"].quotePrefix and sheet["B3"].quotePrefix
    assert sheet["B3"].alignment.wrap_text and not sheet["A3"].quotePrefix


def test_columns_of_numbers_are_number_cells():
    rows = [["51.05434", "1971", "204182", "Gent"], ["-3.5", "", "12a", "7"]]
    data = exporting.write_xlsx(["Lat", "Jaar", "Nummer", "Naam"], rows, [True, True, True, False])
    sheet = book(data).active
    assert [c.value for c in sheet[2]] == [51.05434, 1971, 204182, "Gent"]
    assert [c.value for c in sheet[3]] == [-3.5, None, "12a", "7"]
    assert read_sheet(data, "x.xlsx").rows == rows


def test_export_prints_readably():
    rows = [["kort", "lang " * 40]]
    sheet = book(exporting.write_xlsx(["Naam", "Opmerkingen"], rows)).active
    assert sheet.print_title_rows.replace("$", "") == "1:1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width == 50 and sheet["B2"].alignment.wrap_text


def test_the_admin_export_writes_coordinates_and_press_release_numbers_as_numbers(
    seeded, editor_client
):
    from django.urls import reverse

    cities = book(
        editor_client.get(reverse("admin:partnerships_city_export", args=["xlsx"])).content
    ).active
    headers = [c.value for c in cities[1]]
    latitudes = [row[headers.index("Breedtegraad")] for row in cities.iter_rows(min_row=2)]
    assert all(type(c.value) in (int, float) for c in latitudes if c.value is not None)
    assert any(c.value is not None for c in latitudes)
    partnerships = book(
        editor_client.get(reverse("admin:partnerships_partnership_export", args=["xlsx"])).content
    ).active
    headers = [c.value for c in partnerships[1]]
    sources = [row[headers.index("Bron (persbericht)")].value for row in partnerships.iter_rows(2)]
    assert 196095 in sources and "196095" not in sources


def test_ods_columns_of_numbers_are_number_cells_and_read_back_as_written():
    from odf import opendocument, table
    from odf.namespaces import OFFICENS

    rows = [["51.05434", "1971", "204182", "Gent"], ["-3.5", "", "12a", "7"]]
    data = exporting.write(
        "ods", ["Lat", "Jaar", "Nummer", "Naam"], rows, numeric=[True] * 3 + [False]
    )
    document = opendocument.load(io.BytesIO(data))
    cells = [
        [
            (c.attributes.get((OFFICENS, "value-type")), str(c))
            for c in row.getElementsByType(table.TableCell)
        ]
        for row in document.spreadsheet.getElementsByType(table.TableRow)[1:3]
    ]
    assert [kind for kind, _ in cells[0]] == ["float", "float", "float", "string"]
    assert [kind for kind, _ in cells[1]][2:] == ["string", "string"]  # "12a", and "7" as text
    assert read_sheet(data, "x.ods").rows == rows
