"""What a history row changed, as an editor reads it on the admin's history page."""

import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from gentintl.dates import format_partial_date
from gentintl.spreadsheets.history import history_manager


class ShortDiff(ObjDiffDisplay):
    """Long texts cut around their first difference, with an ellipsis for what is left out."""

    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        return f"{prefix}…{suffix}"


class HistoryChanges(HistoricalRecordContextHelper):
    """The changes of one history row in the words of the change form: field labels,
    choice labels, related records by name, dates at their precision, "—" for nothing.

    A date and its precision are one box in the form, so they are one change here.
    """

    def context_for_delta_changes(self, delta) -> list[dict[str, str]]:
        opts = self.model._meta
        changes = {change.field: change for change in delta.changes}
        for name in list(changes):
            date_name = name.removesuffix("_precision")
            if date_name != name and is_partial_date_field(opts, date_name):
                del changes[name]
                changes.setdefault(
                    date_name,
                    ModelChange(
                        date_name,
                        getattr(delta.old_record, date_name),
                        getattr(delta.new_record, date_name),
                    ),
                )
        rows = []
        for field in opts.get_fields():
            change = changes.get(field.name)
            if change is None:
                continue
            old = self.shown(field, change, change.old, delta.old_record)
            new = self.shown(field, change, change.new, delta.new_record)
            old, new = self.get_obj_diff_display().common_shorten_repr(old, new)
            rows.append({"field": capfirst(field.verbose_name), "old": old, "new": new})
        return rows

    def shown(self, field, change, value, record) -> str:
        """`value` of `field` in `record`, as text."""
        if is_partial_date_field(self.model._meta, field.name):
            precision = getattr(record, f"{field.name}_precision")
            return format_partial_date(value, precision) or EMPTY
        if isinstance(field, models.ManyToManyField):
            names = [related_name(obj) for obj in self.prepare_delta_change_value(change, value)]
            return ", ".join(sorted(names)) or EMPTY
        if value is None or value == "":
            return EMPTY
        if isinstance(value, DeletedObject):
            return related_name(value)
        if field.choices:
            return capfirst(str(dict(field.flatchoices).get(value, value)))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "j F Y")
        return str(formats.localize(value))

    def get_obj_diff_display(self) -> ObjDiffDisplay:
        return ShortDiff(max_length=self.max_displayed_delta_change_chars)


EMPTY = "—"


def is_partial_date_field(opts, name: str) -> bool:
    """Whether `name` is a date with a `<name>_precision` partner."""
    names = {field.name for field in opts.concrete_fields}
    return name in names and f"{name}_precision" in names


def related_name(obj) -> str:
    """A related record by name; a deleted one by its last name in its history."""
    if not isinstance(obj, DeletedObject):
        return str(obj)
    if obj.pk is None:
        return EMPTY
    manager = history_manager(obj.model)
    key = {obj.model._meta.pk.attname: obj.pk}
    last = manager.filter(**key).order_by("-history_id").first() if manager else None
    name = str(last.instance) if last else f"{obj.model._meta.verbose_name} {obj.pk}"
    return _("%(name)s (deleted)") % {"name": name}
