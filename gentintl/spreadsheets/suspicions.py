"""What a spreadsheet program may have done to the data, found in a plan's changes.

Three things programs do silently, each caught by comparing a row's new text with the
stored one (or, for a new record, by its shape):

- characters the file's character set cannot hold became "?" ("Gdańsk" → "Gda?sk" in a
  Windows-1252 CSV);
- a phone number written without spaces was read as a number and lost its leading zero
  ("092665000" → "92665000");
- a date was read in another locale, with day and month swapped ("10/11/2021" →
  "11/10/2021").

The checks read the plan's changes only, in memory: no query, a few string operations
per changed cell. Of a new record in a UTF-8 file only the phone numbers can warn, so
only their texts are written (`RowPlan.changes_in`).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gentintl.spreadsheets.plans import NEW, UPDATE

FULL_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
# "?" between letters: where a character set put what it could not hold.
REPLACED_LETTER = re.compile(r"\w\?|\?\w")
DIGITS = re.compile(r"\d{8,9}")


@dataclass
class CellWarning:
    """A value that a program may have changed; the preview names row and column."""

    row: int
    column: str
    value: str
    message: str


def lost_characters(old: str, new: str) -> bool:
    """Whether `new` is `old` with some characters turned into "?"."""
    if "?" not in new or len(old) != len(new) or old == new:
        return False
    return all(a == b or (b == "?" and a != "?") for a, b in zip(old, new, strict=True))


def swapped_date(old: str, new: str) -> bool:
    a, b = FULL_DATE.fullmatch(old), FULL_DATE.fullmatch(new)
    if not (a and b) or a.group(1) == a.group(2):
        return False
    return (a.group(1), a.group(2), a.group(3)) == (b.group(2), b.group(1), b.group(3))


def lost_leading_zero(new: str) -> bool:
    """A Belgian number without its 0: eight or nine digits, none of them a 0 first."""
    return bool(DIGITS.fullmatch(new)) and new[0] != "0"


def find_warnings(plan, columns, encoding: str = "") -> list[CellWarning]:
    """The warnings of every row of `plan`, column by column; `columns` are the
    plan's Column objects by name."""
    phone_columns = {
        n for n, c in columns.items() if getattr(c.widget, "may_lose_leading_zero", False)
    }
    date_columns = {n for n, c in columns.items() if c.is_partial_date}
    narrow = encoding not in ("", "utf-8")
    found = []
    for row in plan.rows:
        if row.status not in (NEW, UPDATE):
            continue
        if row.status == NEW and not narrow:
            changes = row.changes_in(phone_columns) if phone_columns else []
        else:
            changes = row.changes
        for column, old, new in changes:
            old, new = str(old or ""), str(new or "")
            if row.status == UPDATE and lost_characters(old, new):
                message = _(
                    "The stored value is '%(old)s': characters became '?', probably because "
                    "the file was saved in a character set that cannot hold them. Save the "
                    "file as XLSX or CSV UTF-8."
                ) % {"old": old}
            elif row.status == NEW and narrow and REPLACED_LETTER.search(new):
                message = _(
                    "A '?' stands between letters: a character may have been lost because "
                    "the file was not saved as UTF-8."
                )
            elif column in phone_columns and lost_leading_zero(new):
                message = _(
                    "This looks like a Belgian number that lost its leading zero (0%(new)s): "
                    "a spreadsheet program read it as a number."
                ) % {"new": new}
            elif column in date_columns and row.status == UPDATE and swapped_date(old, new):
                message = _(
                    "The stored date is %(old)s: day and month look swapped, as a program "
                    "in another language setting reads dates."
                ) % {"old": old}
            else:
                continue
            found.append(CellWarning(row.number, column, new, message))
    return found
