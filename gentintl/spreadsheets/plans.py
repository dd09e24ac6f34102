"""What an import plan is: each row of a file as new, updated, unchanged or in error,
with the changes it would make, before anything is written."""

import hashlib
from dataclasses import dataclass, field
from itertools import chain

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

NEW, UPDATE, SKIP, ERROR = "new", "update", "skip", "error"


@dataclass
class CellError:
    """Why one cell (or one row, when `column` is empty) cannot be imported."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class RowPlan:
    """What importing one row would do."""

    number: int
    key: str
    status: str = SKIP
    instance: models.Model | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    errors: list[CellError] = field(default_factory=list)
    old_values: dict[str, object] = field(default_factory=dict)  # attname: value before
    changed_attnames: set[str] = field(default_factory=set)
    m2m: dict[str, set[int]] = field(default_factory=dict)  # field: pks after import
    old_m2m: dict[str, set[int] | frozenset[int]] = field(default_factory=dict)
    file_refs: dict[str, int] = field(default_factory=dict)  # attname: row number it names


@dataclass
class ImportPlan:
    """The outcome of every row of a file, before anything is written."""

    model: type[models.Model]
    columns: list[str]
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Cells a spreadsheet program may have changed (gentintl.spreadsheets.suspicions).
    cell_warnings: list = field(default_factory=list)

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (NEW, UPDATE, SKIP, ERROR)}

    def digest(self) -> str:
        """A fingerprint of what the plan would write, to notice changes before confirm."""
        # Texts joined by control characters, which no cell keeps (see reading.py): a
        # quarter of the time of hashing the rows' repr().
        parts = []
        for row in self.rows:
            parts.append(f"\x1e{row.number}\x1f{row.status}\x1f{row.key}")
            parts.extend(chain.from_iterable(row.changes))
        try:
            text = "\x1f".join(parts)  # texts, as describe_changes writes them
        except TypeError:
            text = "\x1f".join(map(str, parts))
        return hashlib.sha256(text.encode()).hexdigest()


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Invalid value.")
