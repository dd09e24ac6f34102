"""Read an uploaded spreadsheet into a header row and text cells, refusing what is unsafe.

Limits are checked before parsing: the file size, the uncompressed size and compression
ratio of XLSX/ODS archives, XML with a DOCTYPE (entity expansion, external entities)
and the number of rows. The format is read from the content, not trusted from the
extension. Every problem raises `ReadError` with a message in Dutch.
"""

import csv
import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from gentintl.spreadsheets.sniffing import (
    foreign_kind,
    foreign_message,
    is_utf16,
    utf16_message,
    zip_kind,
)

FORMATS = ("csv", "xlsx", "ods", "json")
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_COMPRESSION_RATIO = 100
# More columns than any resource has, by far: a wider file is the wrong file, or a CSV
# split at the wrong delimiter.
MAX_COLUMNS = 200
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
HAS_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReadError(ValueError):
    """A file that cannot be read as a spreadsheet; the message says why, in Dutch."""


@dataclass
class Sheet:
    """The header row and the data rows of a file, every cell as text."""

    headers: list[str]
    rows: list[list[str]]
    format: str
    # The line number of each data row as the spreadsheet program shows it.
    numbers: list[int] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    warnings: list[str] = field(default_factory=list)
    # Every cell is text with no control character (a CSV file, checked as a whole).
    plain_text: bool = False


def max_bytes() -> int:
    return getattr(settings, "SPREADSHEET_MAX_BYTES", 10 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "SPREADSHEET_MAX_ROWS", 50_000)


def cell_text(value) -> str:
    """A cell as text: "0477" stays "0477", 3.0 becomes "3", a date becomes dd/mm/yyyy."""
    if type(value) is str:
        return text_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return text_cell(str(value))


def text_cell(text: str) -> str:
    # An apostrophe is how an export neutralised a formula; the import takes it off again.
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]
    if HAS_CONTROL_CHARACTER.search(text):
        text = text.translate(CONTROL_CHARACTERS)
    return text.strip()


def sniff_format(data: bytes) -> str:
    """The spreadsheet format of `data`; ReadError saying what the file is otherwise."""
    if data.startswith(b"PK\x03\x04"):
        try:
            kind = zip_kind(data)
        except zipfile.BadZipFile:
            kind = "zip"
        if kind in ("xlsx", "ods"):
            return kind
        if kind != "zip":
            raise ReadError(foreign_message(kind))
        raise ReadError(_("The file is a ZIP archive but not an XLSX or ODS spreadsheet."))
    foreign = foreign_kind(data)
    if foreign:
        raise ReadError(foreign_message(foreign))
    if is_utf16(data):
        raise ReadError(utf16_message())
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"[", b"{"):
        return "json"
    if b"\x00" in data[:4096]:
        raise ReadError(_("The file is not a spreadsheet (it contains binary data)."))
    return "csv"


def check_archive(data: bytes) -> None:
    """Refuse zip bombs and XML with a DOCTYPE before any XML parser sees the file."""
    limit = max_bytes() * MAX_COMPRESSION_RATIO // 10
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > limit or ratio > MAX_COMPRESSION_RATIO:
                raise ReadError(_("The file unpacks to far more data than it holds: refused."))
        for info in archive.infolist():
            if info.filename.endswith(".xml") or info.filename.endswith(".rels"):
                with archive.open(info) as member:
                    head = member.read(info.file_size + 1)
                if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                    raise ReadError(_("The file contains XML declarations that are refused."))


def decode(data: bytes, encoding: str = "") -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), else Windows-1252."""
    if encoding and encoding not in ENCODINGS:
        raise ReadError(_("Unknown encoding '%(value)s'.") % {"value": encoding})
    candidates = [encoding] if encoding else ["utf-8", "cp1252"]
    for candidate in candidates:
        try:
            text = data.decode("utf-8-sig" if candidate == "utf-8" else candidate)
        except UnicodeDecodeError:
            continue
        return text, candidate
    raise ReadError(
        _("The file cannot be read as %(encoding)s: choose another encoding.")
        % {"encoding": ENCODINGS.get(encoding, encoding)}
    )


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most columns: ';', ',' or tab."""
    first_line = text.split("\n", 1)[0]
    counts = {}
    for delimiter in (";", ",", "\t"):
        try:
            counts[delimiter] = len(next(csv.reader([first_line], delimiter=delimiter), []))
        except csv.Error:  # a cell too long, say: read_csv says what is wrong
            counts[delimiter] = first_line.count(delimiter) + 1
    return max(counts, key=lambda d: (counts[d], d == ";"))


def csv_error(error: csv.Error, line: int) -> ReadError:
    """The csv module's English message as a Dutch one with the line it stopped at."""
    if "field limit" in str(error):
        return ReadError(
            _(
                "A cell on line %(line)s is longer than %(limit)s characters: this is not a "
                "CSV file of records."
            )
            % {"line": line, "limit": f"{csv.field_size_limit():,}".replace(",", ".")}
        )
    return ReadError(
        _(
            "The CSV file cannot be read from line %(line)s on: a quotation mark is not "
            "closed or stands in the middle of a cell. Save the file again as CSV UTF-8 or XLSX."
        )
        % {"line": line}
    )


def read_csv(data: bytes, encoding: str = "") -> Sheet:
    text, used = decode(data, encoding)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise csv_error(error, reader.line_num) from None
    return Sheet(
        headers=rows[0] if rows else [],
        rows=rows[1:],
        format="csv",
        encoding=used,
        delimiter=delimiter,
        plain_text=not HAS_CONTROL_CHARACTER.search(text),
    )


def read_workbook(data: bytes, file_format: str) -> Sheet:
    """The first sheet of an XLSX or ODS file. calamine expands what ODS writes once for
    a run of cells or rows (`table:number-columns-repeated`, LibreOffice's way with
    empty cells), so every value stays in its column."""
    from python_calamine import CalamineWorkbook

    check_archive(data)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        # Cells keep their places (an empty first column stays a column); one row more
        # than the limit tells that the file is over it.
        rows = sheet.to_python(skip_empty_area=False, nrows=max_rows() + 2)
    except Exception:  # the reader raises several kinds on a damaged file
        raise ReadError(
            _("The %(format)s file is damaged and cannot be read.")
            % {"format": file_format.upper()}
        ) from None
    return Sheet(headers=rows[0] if rows else [], rows=rows[1:], format=file_format)


def read_xlsx(data: bytes) -> Sheet:
    return read_workbook(data, "xlsx")


def read_ods(data: bytes) -> Sheet:
    return read_workbook(data, "ods")


def read_json(data: bytes) -> Sheet:
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReadError(_("The JSON file is not valid JSON.")) from None
    except RecursionError:
        raise ReadError(
            _("The JSON file is nested too deeply: it must hold a list of objects, one per row.")
        ) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ReadError(_("The JSON file must hold a list of objects, one per row."))
    headers = []
    for record in records:
        headers += [key for key in record if key not in headers]
    return Sheet(
        headers=headers,
        rows=[[record.get(h) for h in headers] for record in records],
        format="json",
    )


READERS = {"xlsx": read_xlsx, "ods": read_ods, "json": read_json}


def read_sheet(data: bytes, file_name: str, encoding: str = "") -> Sheet:
    """Read `data` into text cells; raise ReadError on anything unsafe or unreadable."""
    if not data.strip():
        raise ReadError(_("The file is empty."))
    if len(data) > max_bytes():
        raise ReadError(
            _("The file is larger than %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)}
        )
    found = sniff_format(data)
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in FORMATS and extension != found:
        raise ReadError(
            _("The file is called .%(extension)s but holds %(found)s data.")
            % {"extension": extension, "found": found.upper()}
        )
    if extension and extension not in FORMATS and extension != "txt":
        raise ReadError(
            _("Files of type .%(extension)s are not supported: use CSV, XLSX, ODS or JSON.")
            % {"extension": extension}
        )
    sheet = read_csv(data, encoding) if found == "csv" else READERS[found](data)
    sheet.headers = [cell_text(h) for h in sheet.headers]
    while sheet.headers and not sheet.headers[-1]:
        sheet.headers.pop()
    width = len(sheet.headers)
    if width > MAX_COLUMNS:
        raise ReadError(
            _(
                "The file has %(count)s columns; an import has at most %(limit)s. Check that "
                "this is the right file (for a CSV file: that its columns are separated by ';' "
                "or ',')."
            )
            % {"count": f"{width:,}".replace(",", "."), "limit": MAX_COLUMNS}
        )
    rows, numbers = [], []
    for number, row in enumerate(sheet.rows, start=2):
        if sheet.plain_text:  # text cells without a control character: the short way
            cells = [c.strip() if c[:1] != "'" else text_cell(c) for c in row]
        else:
            cells = [cell_text(c) for c in row]
        if not any(cells):
            continue  # a blank line, often at the end of a sheet
        if any(cells[width:]):
            raise ReadError(
                _("Row %(row)s has more cells than there are column headers.") % {"row": number}
            )
        rows.append((cells + [""] * width)[:width])
        numbers.append(number)
        if len(rows) > max_rows():
            raise ReadError(_("The file has more than %(limit)s rows.") % {"limit": max_rows()})
    sheet.rows, sheet.numbers = rows, numbers
    if not sheet.headers:
        raise ReadError(_("The file has no header row."))
    if not rows:
        raise ReadError(_("The file has a header row but no data rows."))
    return sheet
