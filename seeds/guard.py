"""Keep the seed loader off records that a person has changed or deleted since.

Every write of the loader carries its own change reason (`SEED_REASON`) and no user in
the record's history. A record whose latest history row is anything else was last written
by a person (in the admin, by an import, in a shell): the loader leaves it alone and says
so. The same holds for a record that once had the key of a row to load and that a person
has since renamed or deleted: loading the row again would re-create what they removed.

Models without history cannot tell who changed them: their existing records are never
updated by the loader, only missing ones are created.
"""

from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from gentintl.spreadsheets.history import history_manager

SEED_REASON = "load_seeds"


@dataclass(frozen=True)
class LeftAlone:
    """A row of the seeds that the loader did not write, and why."""

    dataset: str
    record: str
    why: str

    def __str__(self):
        return f"{self.dataset}: {self.record} ({self.why})"


def is_seeded(history_row) -> bool:
    """True when `history_row` was written by the loader itself."""
    return history_row.history_change_reason == SEED_REASON and history_row.history_user_id is None


def describe(history_row) -> str:
    """Who did what when, in the words of the command's output."""
    user = history_row.history_user
    when = timezone.localtime(history_row.history_date).strftime("%d/%m/%Y %H:%M")
    deleted = history_row.history_type == "-"
    if user is None:
        if deleted:
            message = gettext(
                "deleted by a person, outside the seeds, on %(date)s; not created again"
            )
        else:
            message = gettext(
                "changed by a person, outside the seeds, on %(date)s; not overwritten"
            )
        return message % {"date": when}
    if deleted:
        message = gettext("deleted by %(user)s on %(date)s; not created again")
    else:
        message = gettext("changed by %(user)s on %(date)s; not overwritten")
    return message % {"user": user.get_username(), "date": when}


class SeedGuardMixin:
    """Resource behaviour for the loader: skip people's work before the engine writes.

    The engine calls `left_alone_in(plan, sheet)` once the rows are planned; a row left
    alone is skipped, and listed. Set `dataset_label` and `left_alone` (a list to append
    to) on the instance.
    """

    dataset_label = ""
    left_alone: list

    def left_alone_in(self, plan, sheet) -> None:
        history = history_manager(self._meta.model)
        cells_of = dict(zip(sheet.numbers, sheet.rows, strict=True))
        loader = None
        for row in plan.rows:
            if row.errors:
                # A row that names something a person renamed or deleted since: keep the
                # loaded record as it is rather than fail every later run. A new record
                # with an error fails the loader rather than hide it.
                if loader is None:
                    loader = self._meta.instance_loader_class(
                        self, tablib.Dataset(*sheet.rows, headers=sheet.headers)
                    )
                cells = dict(zip(sheet.headers, cells_of[row.number], strict=False))
                existing = self.existing(loader, cells)
                if existing is None:
                    continue
                problem = "; ".join(error.message for error in row.errors)
                self.leave(
                    row, str(existing), gettext("not updated: %(problem)s") % {"problem": problem}
                )
            elif row.status == "new":
                self.leave(row, str(row.instance), self.person_removed_key(history, row.instance))
            elif row.status == "update":
                if history is None:
                    reason = gettext("already exists and has no history; not overwritten")
                else:
                    reason = self.person_changed(history, row.instance.pk)
                # Named as the database holds it.
                self.leave(
                    row, str(self._meta.model._default_manager.get(pk=row.instance.pk)), reason
                )

    def existing(self, loader, cells: dict):
        try:
            return self.get_instance(loader, cells)
        except (ValueError, ValidationError, LookupError):
            return None

    def leave(self, row, record: str, reason: str) -> None:
        if not reason:
            return
        row.status, row.errors, row.changes = "skip", [], []
        row.changed_attnames, row.m2m, row.file_refs = set(), {}, {}
        self.left_alone.append(LeftAlone(self.dataset_label, record, reason))

    @staticmethod
    def person_changed(history, pk) -> str:
        latest = history.filter(id=pk).order_by("-history_date", "-history_id").first()
        if latest is None or is_seeded(latest):
            return ""
        return describe(latest)

    def person_removed_key(self, history, instance) -> str:
        """Why not to create `instance`: a record with its key was renamed or deleted."""
        if history is None:
            return ""
        key = {}
        for field in self.get_import_id_fields():
            attribute = self.fields[field].attribute if field in self.fields else field
            key[attribute] = getattr(instance, attribute)
        for pk in history.filter(**key).values_list("id", flat=True).distinct():
            reason = self.person_changed(history, pk)
            if reason:
                return reason
        return ""


def guarded(resource_class, label: str, left_alone: list):
    """An instance of `resource_class` that stamps its writes and skips people's work."""
    cls = type(f"Seed{resource_class.__name__}", (SeedGuardMixin, resource_class), {})
    resource = cls()
    resource.dataset_label = label
    resource.left_alone = left_alone
    return resource
