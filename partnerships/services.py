"""Writes that touch several models at once."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from gentintl.audit import audit
from gentintl.dates import today
from gentintl.models import ImportRun
from partnerships.models import Contact, Partnership, PartnershipStatusChange

ERASED_NAME = "Gewist contact {pk}"
PERSONAL_FIELDS = (
    "function",
    "email",
    "phone",
    "phone_e164",
    "mobile",
    "mobile_e164",
    "address",
)


@transaction.atomic
def contact_erase(*, contact: Contact, by, request=None) -> None:
    """Anonymise a person everywhere: the contact, its history and the quotes it spoke.

    The record stays (press releases keep their list of contacts) but nothing identifies
    the person any more. The erasure itself is logged, without the erased data.
    """
    label = ERASED_NAME.format(pk=contact.pk)
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    # The erasure writes no history record: updated_at is what tells the undo of an
    # earlier import that the contact changed since.
    Contact.objects.filter(pk=contact.pk).update(name=label, updated_at=timezone.now(), **blank)
    Contact.history.filter(id=contact.pk).update(name=label, **blank)
    quotes = contact.quotes.all()
    quote_ids = list(quotes.values_list("pk", flat=True))
    quotes.update(speaker_name=label, speaker_function="")
    quote_history = quotes.model.history.filter(id__in=quote_ids)
    quote_history.update(speaker_name=label, speaker_function="")
    erase_from_import_log(contact.pk, {"name": label, **blank})
    audit("contact_erased", request=request, user=by, contact_id=contact.pk, quotes=len(quote_ids))
    contact.refresh_from_db()


def erase_from_import_log(pk: int, erased: dict) -> None:
    """Overwrite a contact's personal data in the before-values that the import log keeps
    for undo. Contact imports are few, so their logs are read and rewritten in Python
    (SQLite cannot search inside JSON lists)."""
    content_type = ContentType.objects.get_for_model(Contact)
    for run in ImportRun.objects.filter(content_type=content_type).exclude(changes={}):
        touched = False
        for item in run.changes.get("updated", []):
            if item.get("pk") == pk:
                fields = item.setdefault("fields", {})
                fields.update({name: value for name, value in erased.items() if name in fields})
                touched = True
        if touched:
            run.save(update_fields=["changes"])


def partnership_status_follow(*, partnership_ids, user=None, reason: str = "") -> list:
    """Give every partnership whose status is not the last step of its status history a
    step for its status, dated today at day precision; return the steps written.

    Every path that changes a status calls this after writing (the admin's change form
    and revert, spreadsheet imports, the seeds), so the current status is always the last
    entry of the timeline. A step the editor wrote in the same save (with its own date or
    source) already is the last entry, and nothing is added. Two queries, whatever the
    number of partnerships; a status the history already holds as an earlier step is
    left as it is (the model keeps one step per status).
    """
    partnerships = list(
        Partnership.objects.filter(pk__in=partnership_ids).only("pk", "status", "city_id")
    )
    if not partnerships:
        return []
    steps: dict[int, list] = {}
    for step in PartnershipStatusChange.objects.filter(partnership__in=partnerships).only(
        "pk", "partnership_id", "status", "changed_on"
    ):
        steps.setdefault(step.partnership_id, []).append(step)  # in the model's order
    missing = []
    for partnership in partnerships:
        history = steps.get(partnership.pk, [])
        if history and history[-1].status == partnership.status:
            continue
        if any(step.status == partnership.status for step in history):
            continue
        missing.append(
            PartnershipStatusChange(
                partnership=partnership,
                status=partnership.status,
                changed_on=today(),
                changed_on_precision="day",
                reason=reason,
            )
        )
    if not missing:
        return []
    written = PartnershipStatusChange.objects.bulk_create(missing)
    # bulk_create skips save() and so simple-history's signal: write the history rows too.
    PartnershipStatusChange.history.bulk_history_create(
        written, default_user=user, default_change_reason=reason
    )
    return written
