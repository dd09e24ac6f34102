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

from django.core.exceptions import ValidationError
from django.utils import timezone

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


def history_manager(model):
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def describe(history_row) -> str:
    """Who did what when, in the words of the command's output."""
    user = history_row.history_user
    who = f"door {user.get_username()}" if user else "door een persoon, buiten de seeds"
    when = timezone.localtime(history_row.history_date).strftime("%d/%m/%Y %H:%M")
    if history_row.history_type == "-":
        return f"verwijderd {who} op {when}; niet opnieuw aangemaakt"
    return f"gewijzigd {who} op {when}; niet overschreven"


class SeedGuardMixin:
    """Resource behaviour for the loader: stamp its writes, skip people's work.

    Set `dataset_label` and `left_alone` (a list to append to) on the instance.
    """

    dataset_label = ""
    left_alone: list

    def before_save_instance(self, instance, row, **kwargs):
        # The reason also marks the m2m history rows, written from the same instance.
        instance._change_reason = SEED_REASON
        super().before_save_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        new = instance.pk is None
        try:
            if super().skip_row(instance, original, row, import_validation_errors):
                return True
            problem = "; ".join(
                str(message)
                for messages in (import_validation_errors or {}).values()
                for message in messages
            )
        except (ValueError, ValidationError) as error:
            # Raised by a many-to-many column that names something missing.
            if new:
                raise
            problem = "; ".join(getattr(error, "messages", [str(error)]))
        if problem and new:
            # Let the loader fail on a bad row rather than hide it.
            return False
        history = history_manager(self._meta.model)
        if problem:
            # The row names a record a person has renamed or deleted since: keep the
            # loaded record as it is rather than fail every later run.
            reason = f"niet bijgewerkt: {problem}"
        elif new:
            reason = self.person_removed_key(history, instance)
        elif history is None:
            reason = "bestaat al en heeft geen geschiedenis; niet overschreven"
        else:
            reason = self.person_changed(history, instance.pk)
        if reason:
            # Name a record as the database holds it; a new one by what was to be loaded.
            record = str(instance if new else original)
            self.left_alone.append(LeftAlone(self.dataset_label, record, reason))
            return True
        return False

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
