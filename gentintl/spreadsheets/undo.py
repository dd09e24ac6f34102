"""Undo a written import: restore what it changed and delete what it created.

An undo is refused as a whole when any record the import touched was changed after it
(edited, imported again or deleted): writing the old values back would silently throw
that later work away. Later changes are found in the history (records written after
the import's own) and, for writes that leave no history, in `updated_at`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gentintl.spreadsheets.bulk import BATCH_SIZE
from gentintl.spreadsheets.copying import update_records
from gentintl.spreadsheets.history import history_manager, record_history
from gentintl.spreadsheets.writing import has_updated_at, write_links

NAMED_RECORDS = 5


class UndoError(Exception):
    """An import that can no longer be undone; the message says why."""


@dataclass
class LaterChange:
    """The last change to a record after the import: by whom, when, and whether it is gone."""

    pk: int
    at: datetime.datetime | None
    user: object = None
    deleted: bool = False
    record: object = None  # the latest historical record, to name a deleted record


def chunks(pks: list[int]):
    for start in range(0, len(pks), BATCH_SIZE):
        yield pks[start : start + BATCH_SIZE]


def later_changes(model, changes: dict, imported_at=None) -> list[LaterChange]:
    """The records an import touched that changed after it, in a few queries per batch."""
    pks = list(changes.get("created", [])) + [item["pk"] for item in changes.get("updated", [])]
    mark = changes.get("history_id")
    at = datetime.datetime.fromisoformat(changes["at"]) if changes.get("at") else imported_at
    found: dict[int, LaterChange] = {}
    manager = history_manager(model)
    if manager is not None and (mark is not None or at is not None):
        after = {"history_id__gt": mark} if mark is not None else {"history_date__gt": at}
        for chunk in chunks(pks):
            records = manager.filter(id__in=chunk, **after).select_related("history_user")
            for record in records.order_by("history_id"):
                found[record.id] = LaterChange(
                    record.id,
                    record.history_date,
                    record.history_user,
                    deleted=record.history_type == "-",
                    record=record,
                )
    stamped = has_updated_at(model)
    for chunk in chunks(pks):
        rows = model._base_manager.filter(pk__in=chunk)
        current = dict(rows.values_list("pk", "updated_at" if stamped else "pk"))
        for pk in chunk:
            if pk not in current and pk not in found:
                found[pk] = LaterChange(pk, None, deleted=True)
            elif pk in current and pk in found:
                found[pk].deleted = False  # deleted, then restored from the history
            elif stamped and at is not None and pk in current and current[pk] > at:
                # Written without a history record, e.g. a contact's erasure.
                found[pk] = LaterChange(pk, current[pk])
    return [found[pk] for pk in pks if pk in found]


def describe(model, change: LaterChange) -> str:
    if change.deleted:
        instance = change.record.instance if change.record is not None else None
    else:
        instance = model._base_manager.filter(pk=change.pk).first()
    name = str(instance) if instance is not None else f"#{change.pk}"
    values = {
        "record": name,
        "user": getattr(change.user, "username", None) or _("unknown"),
        "date": timezone.localtime(change.at).strftime("%d/%m/%Y %H:%M") if change.at else "?",
    }
    if change.deleted:
        return _("%(record)s (deleted by %(user)s on %(date)s)") % values
    return _("%(record)s (changed by %(user)s on %(date)s)") % values


def refusal(model, later: list[LaterChange]) -> str:
    names = [describe(model, change) for change in later[:NAMED_RECORDS]]
    if len(later) > NAMED_RECORDS:
        names.append(_("and %(count)s more") % {"count": len(later) - NAMED_RECORDS})
    return _(
        "these records were changed after the import: %(records)s. Change them by hand "
        "or import a corrected file."
    ) % {"records": "; ".join(names)}


def undo_changes(model, changes: dict, *, user=None, reason: str = "", imported_at=None) -> None:
    """Restore what an import changed and delete what it created, all or nothing.

    `imported_at` dates imports recorded before undo kept its own marks.
    """
    now = timezone.now()
    followed = {
        apps.get_model(label): pks for label, pks in (changes.get("followed") or {}).items()
    }
    with transaction.atomic():
        later = later_changes(model, changes, imported_at)
        if later:
            raise UndoError(refusal(model, later))
        for other, pks in followed.items():
            created = {"created": pks, "at": changes.get("followed_at")}
            later = later_changes(other, created, imported_at)
            if later:
                raise UndoError(refusal(other, later))
            delete_created(other, pks, user=user, reason=reason)
        updated = changes.get("updated", [])
        instances = model._base_manager.in_bulk([item["pk"] for item in updated])
        restored, fields, links = [], set(), {}
        for item in updated:
            instance = instances[item["pk"]]
            for attname, value in item["fields"].items():
                model_field = next(f for f in model._meta.concrete_fields if f.attname == attname)
                value = model_field.to_python(value)
                if isinstance(model_field, models.DecimalField) and value is not None:
                    value = Decimal(value)
                setattr(instance, attname, value)
                fields.add(model_field.name)
            for name, pks in item["m2m"].items():
                links.setdefault(name, {})[instance.pk] = set(pks)
            restored.append(instance)
        if has_updated_at(model):
            for instance in restored:
                instance.updated_at = now
            fields.add("updated_at")
        if restored and fields:
            update_records(model, restored, sorted(fields), batch_size=BATCH_SIZE)
        write_links(model, links)
        record_history(model, restored, update=True, user=user, reason=reason, date=now)
        delete_created(model, changes.get("created", []), user=user, reason=reason)


def delete_created(model, pks: list[int], *, user=None, reason: str = "") -> None:
    created = list(model._base_manager.filter(pk__in=pks))
    # Records of one file may refer to each other (an agreement replacing another):
    # drop those references first, or the deletes would protect each other.
    for model_field in model._meta.concrete_fields:
        if model_field.many_to_one and model_field.remote_field.model is model and model_field.null:
            model._base_manager.filter(pk__in=pks, **{f"{model_field.name}__in": pks}).update(
                **{model_field.name: None}
            )
    try:
        for instance in created:
            if history_manager(model) is not None:
                instance._history_user = user
                instance._change_reason = reason
            instance.delete()
    except models.ProtectedError as error:
        used_by = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
        raise UndoError(
            _("A record this import created is now used elsewhere (%(used_by)s).")
            % {"used_by": used_by}
        ) from None
