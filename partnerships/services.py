"""Writes that touch several models at once."""

import json
import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gentintl.audit import audit
from gentintl.dates import today
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from gentintl.spreadsheets.reading import ReadError, read_sheet
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
    scrub = Scrubber(identifying_texts(contact), label)
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
    erase_from_admin_log(contact, scrub)
    erase_from_import_runs(scrub)
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


def identifying_texts(contact: Contact) -> dict[str, bool]:
    """Every name, e-mail address and phone number the contact has had, history included,
    each with whether it is a name (a name is replaced by the erased label, the others by
    nothing). A text shorter than three characters would match too much to be erased."""
    columns = ("name", "email", "phone", "phone_e164", "mobile", "mobile_e164")
    rows = [
        *Contact.history.filter(id=contact.pk).values_list(*columns),
        tuple(getattr(contact, column) for column in columns),
    ]
    texts = {}
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            value = (value or "").strip()
            if len(value) >= 3:
                texts[value] = texts.get(value, False) or column == "name"
    return texts


class Scrubber:
    """Replaces a person's names by the erased label, and their e-mail addresses and phone
    numbers by nothing, in a text or in every text of a JSON value."""

    def __init__(self, texts: dict[str, bool], label: str):
        self.names = {text.casefold() for text, is_name in texts.items() if is_name}
        self.label = label
        self.texts = sorted(texts, key=len, reverse=True)  # "Jan Peeters" before "Jan"
        self.pattern = (
            re.compile("|".join(map(re.escape, self.texts)), re.IGNORECASE) if texts else None
        )

    def found_in(self, text: str) -> bool:
        return bool(self.pattern and self.pattern.search(text))

    def text(self, text: str) -> str:
        if not self.pattern:
            return text
        return self.pattern.sub(
            lambda m: self.label if m.group(0).casefold() in self.names else "", text
        )

    def value(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        return value


def erase_from_admin_log(contact: Contact, scrub: Scrubber) -> None:
    """The admin's action log names every record it saw saved (`object_repr`), and its
    change messages name the inline rows (a press contact reads "Name – 123")."""
    content_type = ContentType.objects.get_for_model(Contact)
    own = Q(content_type=content_type, object_id=str(contact.pk))
    mentions = Q()
    for text in scrub.texts:
        # Change messages are JSON with non-ASCII letters escaped ("Ga\\u00eblle").
        escaped = json.dumps(text)[1:-1]
        mentions |= Q(object_repr__icontains=text) | Q(change_message__icontains=text)
        mentions |= Q(change_message__icontains=escaped)
    for entry in LogEntry.objects.filter(own | mentions):
        is_own = entry.content_type_id == content_type.pk and entry.object_id == str(contact.pk)
        entry.object_repr = scrub.label if is_own else scrub.text(entry.object_repr)
        try:
            message = json.loads(entry.change_message or "[]")
        except ValueError:
            entry.change_message = scrub.text(entry.change_message)
        else:
            entry.change_message = json.dumps(scrub.value(message)) if message else ""
        entry.save(update_fields=["object_repr", "change_message"])


def erase_from_import_runs(scrub: Scrubber) -> None:
    """The import log: names and numbers in what an import changed, its messages and file
    names; a preview still awaiting its confirm that holds the person is dropped (the
    editor uploads the file again). Erasures are rare: every run is read."""
    for run in ImportRun.objects.iterator(chunk_size=20):
        values = {
            "file_name": scrub.text(run.file_name),
            "message": scrub.text(run.message),
            "changes": scrub.value(run.changes),
        }
        if run.status == ImportStatus.PENDING and holds(run, scrub):
            values.update(
                status=ImportStatus.ABANDONED,
                file_data=b"",
                plan={},
                message=_("Removed: the file held personal data that was erased."),
            )
        changed = {k: v for k, v in values.items() if v != getattr(run, k)}
        if changed:
            # One conditional UPDATE: a preview confirmed meanwhile is not abandoned.
            ImportRun.objects.filter(pk=run.pk, status=run.status).update(**changed)


def holds(run: ImportRun, scrub: Scrubber) -> bool:
    """Whether a stored preview (its file or its planned rows) names the person."""
    if scrub.found_in(json.dumps(run.plan, ensure_ascii=False)):
        return True
    try:
        sheet = read_sheet(bytes(run.file_data), run.file_name, run.encoding)
    except ReadError:
        return bool(run.file_data)  # unreadable now: nothing says it does not
    cells = (cell for row in [sheet.headers, *sheet.rows] for cell in row)
    return any(scrub.found_in(cell) for cell in cells)
