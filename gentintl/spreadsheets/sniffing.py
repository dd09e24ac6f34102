"""What an uploaded file is, read from its first bytes, so that a refusal can say so.

A PDF is a PDF, not "CSV data"; a CSV saved as UTF-16 (Excel's "Unicode text") is text
in the wrong encoding, not "binary data". Every message is in Dutch and tells the editor
what to do instead.
"""

import codecs
import io
import zipfile

from django.utils.translation import gettext as _

# The first bytes of common files that are not spreadsheets, and what to call them.
SIGNATURES = [
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"{\\rtf", "rtf"),
]
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc of Office 97-2003


def foreign_message(kind: str) -> str:
    messages = {
        "pdf": _(
            "The file is a PDF document, not a spreadsheet: export the data from the "
            "program it came from as XLSX or CSV."
        ),
        "image": _("The file is an image, not a spreadsheet: upload an XLSX or CSV file."),
        "rtf": _("The file is a text document (RTF), not a spreadsheet."),
        "word": _("The file is a Word document, not a spreadsheet."),
        "presentation": _("The file is a presentation, not a spreadsheet."),
        "xls": _("Old Excel files (.xls) are not supported: save the file as XLSX."),
    }
    return messages[kind]


def utf16_message() -> str:
    return _(
        "The file is saved as UTF-16 (Unicode text): save it again as 'CSV UTF-8' "
        "(in Excel: Save as, CSV UTF-8) or as XLSX."
    )


def is_utf16(data: bytes) -> bool:
    """A byte order mark of UTF-16 or UTF-32, or text whose every other byte is NUL."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:4096]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    # ASCII text in UTF-16: the high byte of nearly every character is zero.
    return max(even.count(0), odd.count(0)) > 0.8 * len(odd)


def zip_kind(data: bytes) -> str:
    """ "xlsx", "ods", or what other ZIP-based document it is; raises BadZipFile."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    if any(name.startswith("word/") for name in names):
        return "word"
    if any(name.startswith("ppt/") for name in names):
        return "presentation"
    return "zip"


def foreign_kind(data: bytes) -> str:
    """What a file that is not a spreadsheet is, or "" when it may be one."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(OLE_SIGNATURE):
        return "xls"
    return ""
