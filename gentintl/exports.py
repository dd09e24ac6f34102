"""Spreadsheet files of a list: XLSX, and CSV that Belgian Excel opens as it should.

Belgian Excel expects `;` between columns and only reads UTF-8 when the file starts
with a byte order mark. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return would be run as a formula (CSV injection), so it gets a leading `'`.
"""

import csv
import io
from collections.abc import Iterable

import tablib
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """The cell as text that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_lines(dataset: tablib.Dataset) -> Iterable[str]:
    """The dataset as `;`-separated lines, starting with a byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for row in [dataset.headers, *dataset]:
        writer.writerow([neutralise(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_bytes(dataset: tablib.Dataset) -> bytes:
    """The dataset as a workbook, written row by row (write-only mode keeps memory low)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.freeze_panes = "A2"
    header_font = Font(bold=True)
    header = []
    for title in dataset.headers:
        cell = WriteOnlyCell(sheet, value=neutralise(title))
        cell.font = header_font
        header.append(cell)
    sheet.append(header)
    for row in dataset:
        # Data cells are strings: no formula, no automatic date or number guessing.
        sheet.append([plain(neutralise(value)) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def plain(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def response(dataset: tablib.Dataset, fmt: str, filename: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"{filename}-{stamp}.{fmt}"
    if fmt == "csv":
        result = StreamingHttpResponse(csv_lines(dataset), content_type=FORMATS[fmt])
    else:
        result = HttpResponse(xlsx_bytes(dataset), content_type=FORMATS[fmt])
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result
