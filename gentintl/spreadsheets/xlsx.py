"""A streamed XLSX writer for one sheet of text and number cells: the XML written directly.

A well-kept library would be the first choice, but both streaming writers are several
times slower on an export of 100,000 contacts (800,000 cells), measured in one process
against this writer: openpyxl's write-only mode 8.7x, XlsxWriter's constant-memory mode
4.6x (BENCHMARKS.md, "Fast paths removed"), which would take the XLSX export below its
target of 20,000 rows/s.

The sheet is simple enough to write as XML strings: inline strings, numbers in the
columns of numbers, a bold frozen header row that is printed on every page, wrapped long
cells, column widths, landscape fit to the page width. A text that starts like a formula
("=woordvoerder", "+32 9 ...") gets the spreadsheet's own quote-prefix style, so no
program runs it and none shows an apostrophe. The package parts are the minimum Excel,
LibreOffice and openpyxl read without complaint.
"""

import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER_STYLE, WRAP_STYLE, QUOTED_STYLE, QUOTED_WRAP_STYLE = 1, 2, 3, 4
# Wider columns make a printed page unreadably small: longer texts wrap instead.
MAX_WIDTH, MIN_WIDTH = 50, 6
# A number as a spreadsheet stores it exactly: no exponent, at most 15 digits.
NUMBER = re.compile(r"-?(?=[\d.]{1,16}$)\d+(\.\d+)?")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "_x" and four hex digits and "_": how spreadsheet XML codes a character.
CODED_CHARACTER = re.compile("_(x[0-9A-Fa-f]{4}_)")
# Characters XML 1.0 cannot hold (openpyxl refuses them): dropped.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" \
ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>
</Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}">
<sheets><sheet name="{{title}}" sheetId="1" r:id="rId1"/></sheets>
<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">\
{{print_title}}!$1:$1</definedName></definedNames>
</workbook>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment wrapText="1"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" \
quotePrefix="1"><alignment wrapText="1"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHEET_START = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">
<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>
<sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
"""
SHEET_END = """</sheetData>
<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>
<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>
</worksheet>"""


def text(value: str) -> str:
    """Cell text as XML character data."""
    if ILLEGAL.search(value):
        value = ILLEGAL.sub("", value)
    if "_x" in value:
        # Spreadsheet text reads "_x0041_" as the character it codes ("A"); the
        # underscore written as "_x005F_" keeps such text as it is.
        value = CODED_CHARACTER.sub(r"_x005F_\1", value)
    # A carriage return would come back as a line feed unless written as a reference.
    return escape(value, {"\r": "&#13;"}) if "\r" in value else escape(value)


def style_of(value: str, width: int) -> str:
    """The style attribute of a text cell: quote-prefixed where it starts like a formula,
    wrapped where it has several lines or is longer than its column."""
    wrap = "\n" in value or len(value) > width
    if value.startswith(FORMULA_STARTS):
        return f' s="{QUOTED_WRAP_STYLE if wrap else QUOTED_STYLE}"'
    return f' s="{WRAP_STYLE}"' if wrap else ""


def write(
    title: str,
    headers: list[str],
    rows: Iterable[list[str]],
    widths: list[int],
    numeric: list[bool] | None = None,
) -> bytes:
    """The XLSX file of one sheet `title`: a bold header row, then `rows` of text; in
    the columns that `numeric` flags, a text that is a number is a number cell."""
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    widths = [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]
    numeric = numeric or [False] * len(headers)
    columns = list(zip(letters, widths, numeric, strict=True))
    is_number = NUMBER.fullmatch
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        quoted_title = "'" + title.replace("'", "''") + "'"
        package.writestr(
            "xl/workbook.xml",
            WORKBOOK.format(title=escape(title, {'"': "&quot;"}), print_title=escape(quoted_title)),
        )
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = [SHEET_START, "<cols>"]
            for i, width in enumerate(widths, 1):
                head.append(f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>')
            head.append('</cols>\n<sheetData>\n<row r="1">')
            for letter, value in zip(letters, headers, strict=True):
                head.append(
                    f'<c r="{letter}1" s="{HEADER_STYLE}" t="inlineStr"><is>'
                    f'<t xml:space="preserve">{text(value)}</t></is></c>'
                )
            head.append("</row>\n")
            sheet.write("".join(head).encode())
            parts = []
            for number, row in enumerate(rows, 2):
                parts.append(f'<row r="{number}">')
                for (letter, width, numbers), value in zip(columns, row, strict=True):
                    if not value:
                        continue
                    if numbers and is_number(value):
                        parts.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
                        continue
                    style = ""
                    if len(value) > width or "\n" in value or value.startswith(FORMULA_STARTS):
                        style = style_of(value, width)
                    parts.append(
                        f'<c r="{letter}{number}"{style} t="inlineStr"><is>'
                        f'<t xml:space="preserve">{text(value)}</t></is></c>'
                    )
                parts.append("</row>\n")
                if len(parts) > 10_000:
                    sheet.write("".join(parts).encode())
                    parts = []
            parts.append(SHEET_END)
            sheet.write("".join(parts).encode())
    return out.getvalue()
