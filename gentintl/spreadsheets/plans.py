"""What an import plan is: each row of a file as new, updated, unchanged or in error,
with the changes it would make, before anything is written."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

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
    """What importing one row would do.

    A row without errors shares one empty tuple as its `errors` (`add_error` gives it a
    list of its own), and rows that change the same attributes share one frozenset as
    `changed_attnames` (`planning.describe_changes`): a plan of 10,000 new contacts
    holds 47,000 objects for the cycle collector to walk instead of 67,000.
    """

    number: int
    key: str
    status: str = SKIP
    instance: models.Model | None = None
    errors: list[CellError] | tuple = ()
    old_values: dict[str, object] = field(default_factory=dict)  # attname: value before
    changed_attnames: frozenset[str] | set[str] = frozenset()
    m2m: dict[str, set[int]] = field(default_factory=dict)  # field: pks after import
    old_m2m: dict[str, set[int] | frozenset[int]] = field(default_factory=dict)
    file_refs: dict[str, int] = field(default_factory=dict)  # attname: row number it names
    # What writes the texts of `changes` from the fields above when first read (all, or
    # those of the columns named in `only`); neither counts when rows are compared.
    describe: Callable[..., list] | None = field(default=None, repr=False, compare=False)
    _changes: list[tuple[str, str, str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def add_error(self, error: CellError) -> None:
        if not self.errors:
            self.errors = []
        self.errors.append(error)

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(column, old text, new text) of each column the row changes, as the preview
        shows them; written when first read (planning.ChangeTexts says why)."""
        if self._changes is None:
            self._changes = self.describe(self) if self.describe is not None else []
        return self._changes

    @changes.setter
    def changes(self, value: list[tuple[str, str, str]]) -> None:
        self._changes = value

    def changes_in(self, columns: set[str]) -> list[tuple[str, str, str]]:
        """The `changes` of the columns named only, without writing the others' texts."""
        if self._changes is None and self.describe is not None:
            return self.describe(self, only=columns)
        return [change for change in self.changes if change[0] in columns]


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
        """A fingerprint of what the plan would write, to notice changes before confirm:
        each row's number, status and key, the values it writes and, for an update, the
        values and links it replaces (what the preview shows as old).

        It reads values, not the texts of `changes`, so that a preview renders texts for
        the rows its page shows only: texts of every row were a quarter of the preview
        of 10,000 new contacts. Where the same text now means another value (a name that
        names another record), confirm shows a fresh preview rather than write it.
        """
        parts = []
        for row in self.rows:
            parts.append(f"\x1e{row.number}\x1f{row.status}\x1f{row.key}")
            if row.status not in (NEW, UPDATE):
                continue
            changed = sorted(row.changed_attnames)
            parts.append(repr(changed))
            parts.append(repr([getattr(row.instance, a) for a in changed]))
            parts.append(repr(sorted((name, sorted(pks)) for name, pks in row.m2m.items())))
            if row.status == UPDATE:
                parts.append(repr([row.old_values.get(a) for a in changed]))
                parts.append(repr(sorted((n, sorted(pks)) for n, pks in row.old_m2m.items())))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Invalid value.")
