"""ODS exports print as the XLSX ones do: landscape, one page wide, the header row on every
page, columns as wide as their text, the header row frozen on screen.

The printed pages are LibreOffice's own: the file goes through LibreOffice headless to
PDF, and pypdf reads the pages. LibreOffice headless has no view, so it neither reads nor
writes the frozen row: that one is checked in the file's view settings, under the names
LibreOffice writes for a frozen first row.
"""

import io

from django.urls import reverse
from odf import config, opendocument, style, table
from odf.namespaces import LOEXTNS, STYLENS, TABLENS
from pypdf import PdfReader

from gentintl.spreadsheets import exporting

HEADERS = [f"Kolom {i}" for i in range(1, 13)]
ROWS = [[f"rij {r}: een waarde in kolom {c}" for c in range(1, 13)] for r in range(1, 151)]


def test_libreoffice_prints_an_ods_export_landscape_one_page_wide_with_the_header_on_each_page(
    libreoffice, tmp_path
):
    path = tmp_path / "breed.ods"
    path.write_bytes(exporting.write("ods", HEADERS, ROWS))
    [pdf] = libreoffice.convert([path], "pdf")
    pages = PdfReader(pdf).pages
    assert len(pages) > 1  # 150 rows: the header has pages to repeat on
    for number, page in enumerate(pages, 1):
        assert page.mediabox.width > page.mediabox.height, f"page {number} is portrait"
        words = page.extract_text()
        # Every column on every page: no column printed on pages of its own.
        missing = [h for h in HEADERS if h not in words]
        assert not missing, f"page {number} lacks the headers {missing}"
        assert words.index("Kolom 1") < words.index("rij "), f"page {number}: header not on top"
    printed = "\n".join(page.extract_text() for page in pages)
    assert all(f"rij {r}: een waarde in kolom 12" in printed for r in (1, 75, 150))


def attribute(element, namespace, name):
    return element.attributes.get((namespace, name))


def test_an_ods_file_carries_its_print_and_view_settings():
    rows = [["Gent", "Een lange opmerking " * 10], ["Luik", "kort"]]
    explanation = [["Naam", "De Nederlandse naam."], ["Opmerking", "Vrije tekst."]]
    data = exporting.write("ods", ["Naam", "Opmerking"], rows, explanation)
    document = opendocument.load(io.BytesIO(data))

    [layout] = document.getElementsByType(style.PageLayoutProperties)
    assert attribute(layout, STYLENS, "print-orientation") == "landscape"
    assert (attribute(layout, LOEXTNS, "scale-to-X"), attribute(layout, LOEXTNS, "scale-to-Y")) == (
        "1",
        "0",
    )
    sheets = document.spreadsheet.getElementsByType(table.Table)
    assert [attribute(s, TABLENS, "name") for s in sheets] == ["Gegevens", "Uitleg"]
    widths = {
        attribute(s, STYLENS, "name"): attribute(
            s.getElementsByType(style.TableColumnProperties)[0], STYLENS, "column-width"
        )
        for s in document.automaticstyles.getElementsByType(style.Style)
        if attribute(s, STYLENS, "family") == "table-column"
    }
    for sheet in sheets:
        [header_rows] = sheet.getElementsByType(table.TableHeaderRows)  # repeated in print
        assert len(header_rows.getElementsByType(table.TableRow)) == 1
        master = [
            attribute(s, STYLENS, "master-page-name")
            for s in document.automaticstyles.getElementsByType(style.Style)
            if attribute(s, STYLENS, "name") == attribute(sheet, TABLENS, "style-name")
        ]
        assert master == ["Landscape"]
    name_column, remark_column = sheets[0].getElementsByType(table.TableColumn)
    narrow = float(widths[attribute(name_column, TABLENS, "style-name")].removesuffix("cm"))
    wide = float(widths[attribute(remark_column, TABLENS, "style-name")].removesuffix("cm"))
    assert 1 < narrow < wide <= 11  # a long text wraps in a column of at most 50 characters

    frozen = {}
    for entry in document.settings.getElementsByType(config.ConfigItemMapEntry):
        name = attribute(entry, entry.qname[0], "name")
        if name in ("Gegevens", "Uitleg"):
            frozen[name] = {
                attribute(item, item.qname[0], "name"): str(item)
                for item in entry.getElementsByType(config.ConfigItem)
            }
    for sheet_name in ("Gegevens", "Uitleg"):
        view = frozen[sheet_name]
        assert (view["VerticalSplitMode"], view["VerticalSplitPosition"]) == ("2", "1")


def test_the_admins_ods_exports_and_templates_import_again_without_a_change(seeded, editor_client):
    from tests.gentintl.spreadsheets.test_roundtrip import MODELS, export, preview, unchanged

    for model in MODELS:
        data = export(editor_client, model, "ods")
        assert unchanged(preview(editor_client, model, f"{model}.ods", data)), model
        template = editor_client.get(reverse(f"admin:{model}_template", args=["ods"]))
        sheets = opendocument.load(io.BytesIO(template.content)).spreadsheet
        assert len(sheets.getElementsByType(table.Table)) == 2  # the columns, then their help
