"""An ODS writer for sheets of text and number cells (odfpy), printable as the XLSX
exports are: a bold header row, frozen and repeated on every printed page, columns as
wide as their text up to a limit with longer texts wrapped, landscape A4 fit to the
page width.

A text cell in ODS is text: one that starts like a formula ("=woordvoerder") is never
run, so it needs no marker. A number is a number cell.
"""

import io
from collections.abc import Iterable
from decimal import Decimal

from odf import config, opendocument, style, table, text

from gentintl.spreadsheets.xlsx import MAX_WIDTH, MIN_WIDTH

# A column `n` characters wide, in centimetres, at the default 10 pt font.
CM_PER_CHARACTER, CM_PADDING = 0.21, 0.3


def page_styles(document) -> style.Style:
    """Landscape A4, scaled to one page wide and as many pages high as the rows need;
    returns the table style that prints with it."""
    layout = style.PageLayout(name="landscape")
    layout.addElement(
        style.PageLayoutProperties(
            printorientation="landscape",
            pagewidth="29.7cm",
            pageheight="21cm",
            margin="1cm",
            # LibreOffice's "fit width to 1 page, height unlimited".
            scaletox="1",
            scaletoy="0",
        )
    )
    document.automaticstyles.addElement(layout)
    document.masterstyles.addElement(style.MasterPage(name="Landscape", pagelayoutname=layout))
    sheet = style.Style(name="sheet", family="table", masterpagename="Landscape")
    sheet.addElement(style.TableProperties(display="true"))
    document.automaticstyles.addElement(sheet)
    return sheet


def cell_styles(document) -> tuple[style.Style, style.Style]:
    header = style.Style(name="header", family="table-cell")
    header.addElement(style.TextProperties(fontweight="bold", fontweightcomplex="bold"))
    header.addElement(style.TableCellProperties(wrapoption="wrap"))
    wrapped = style.Style(name="wrapped", family="table-cell")
    wrapped.addElement(style.TableCellProperties(wrapoption="wrap", verticalalign="top"))
    for cell_style in (header, wrapped):
        document.automaticstyles.addElement(cell_style)
    return header, wrapped


def column_style(document, known: dict, width: int) -> style.Style:
    if width not in known:
        known[width] = style.Style(name=f"width{width}", family="table-column")
        centimetres = width * CM_PER_CHARACTER + CM_PADDING
        known[width].addElement(style.TableColumnProperties(columnwidth=f"{centimetres:.2f}cm"))
        document.automaticstyles.addElement(known[width])
    return known[width]


def frozen_header(document, titles: list[str]) -> None:
    """The view settings LibreOffice reads: each sheet's first row frozen."""
    views = config.ConfigItemSet(name="ooo:view-settings")
    document.settings.addElement(views)
    indexed = config.ConfigItemMapIndexed(name="Views")
    views.addElement(indexed)
    view = config.ConfigItemMapEntry()
    indexed.addElement(view)
    view_id = config.ConfigItem(name="ViewId", type="string")
    view_id.addText("view1")
    view.addElement(view_id)
    tables = config.ConfigItemMapNamed(name="Tables")
    view.addElement(tables)
    for title in titles:
        entry = config.ConfigItemMapEntry(name=title)
        tables.addElement(entry)
        for name, kind, value in (
            ("HorizontalSplitMode", "short", "0"),
            ("VerticalSplitMode", "short", "2"),  # 2: frozen
            ("VerticalSplitPosition", "int", "1"),  # below the first row
            ("ActiveSplitRange", "short", "2"),
            ("PositionTop", "int", "0"),
            ("PositionBottom", "int", "1"),
        ):
            item = config.ConfigItem(name=name, type=kind)
            item.addText(value)
            entry.addElement(item)


def text_cell(value: str, cell_style=None) -> table.TableCell:
    cell = table.TableCell(valuetype="string")
    if cell_style is not None:
        cell.setAttribute("stylename", cell_style)
    cell.addElement(text.P(text=value))
    return cell


def write(sheets: Iterable[tuple[str, list[str], Iterable[list], list[int]]]) -> bytes:
    """The ODS file of `sheets`, each (title, headers, rows, widths in characters); a
    value that is a number (Decimal, int, float) becomes a number cell."""
    document = opendocument.OpenDocumentSpreadsheet()
    sheet_style = page_styles(document)
    header_style, wrapped_style = cell_styles(document)
    known_widths: dict[int, style.Style] = {}
    titles = []
    for title, headers, rows, widths in sheets:
        titles.append(title)
        widths = [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]
        sheet = table.Table(name=title, stylename=sheet_style)
        for width in widths:
            sheet.addElement(
                table.TableColumn(stylename=column_style(document, known_widths, width))
            )
        header_rows = table.TableHeaderRows()  # printed at the top of every page
        header_row = table.TableRow()
        for value in headers:
            header_row.addElement(text_cell(value, header_style))
        header_rows.addElement(header_row)
        sheet.addElement(header_rows)
        for row in rows:
            odf_row = table.TableRow()
            for value, width in zip(row, widths, strict=True):
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    odf_row.addElement(table.TableCell(valuetype="float", value=value))
                elif value is None or value == "":
                    odf_row.addElement(table.TableCell())
                else:
                    value = str(value)
                    long = len(value) > width or "\n" in value
                    odf_row.addElement(text_cell(value, wrapped_style if long else None))
            sheet.addElement(odf_row)
        document.spreadsheet.addElement(sheet)
    frozen_header(document, titles)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
