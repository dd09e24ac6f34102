"""The life of one import, from upload to undo: the one place a run's status changes.

    start()    the upload: read and plan the file, store the preview (PENDING) or refuse it
    confirm()  claim the preview (RUNNING) and write it (DONE), or plan it again (PENDING)
    cancel()   drop the preview (ABANDONED)
    undo()     restore what a finished import changed (UNDONE)

One preview is imported once, however often its confirm arrives (a double click, a form
sent again): the first request claims the run (`ImportRun.objects.claim`), and every other
one waits for that import to end and says what it did (`outcome_message`), rather than
importing again or claiming that nothing was imported.

The admin (`gentintl.spreadsheets.admin`) turns what these return into pages and messages.
"""

import logging
import time
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from gentintl.spreadsheets.columns import columns_for
from gentintl.spreadsheets.models import ImportRun, ImportStatus
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.plans import UPDATE, ImportPlan
from gentintl.spreadsheets.preview import data_marker, restored_plan, stored_plan, unchanged_since
from gentintl.spreadsheets.reading import ReadError, Sheet, read_sheet
from gentintl.spreadsheets.suspicions import find_warnings
from gentintl.spreadsheets.undo import undo_changes
from gentintl.spreadsheets.writing import apply_plan

logger = logging.getLogger(__name__)

COUNT_FIELDS = ["new_count", "updated_count", "unchanged_count", "error_count"]

# Outcomes of a confirm.
DONE = "done"  # written
REPLANNED = "replanned"  # the records changed since the preview: a new preview to confirm
UNACCEPTED = "unaccepted"  # the preview has warnings the editor did not accept
REFUSED = "refused"  # the file has errors now, or the database refused the write
DECIDED = "decided"  # another request had claimed the preview already
LOST = "lost"  # the database connection broke: nothing was written


@dataclass
class Preview:
    """A planned upload: its run, its plan and the sheet it was read from, or the reason
    the file could not be read (`problem`, with `plan` None)."""

    run: ImportRun
    plan: ImportPlan | None = None
    sheet: Sheet | None = None
    problem: str = ""
    notice: str = ""


@dataclass
class Outcome:
    """What a confirm did (one of the outcomes above), with the preview to show again for
    REPLANNED and UNACCEPTED and the editor's message for the others."""

    kind: str
    run: ImportRun | None = None
    preview: Preview | None = None
    message: str = ""


def plan(resource, run: ImportRun) -> Preview:
    """Read the run's file and plan it; warnings of what a spreadsheet program did to it."""
    try:
        sheet = read_sheet(bytes(run.file_data), run.file_name, run.encoding)
    except ReadError as error:
        return Preview(run, problem=str(error))
    planned = plan_import(resource, sheet)
    columns = {c.name: c for c in columns_for(resource).values()}
    planned.cell_warnings = find_warnings(planned, columns, sheet.encoding)
    return Preview(run, planned, sheet)


def record_counts(run: ImportRun, planned: ImportPlan) -> None:
    """Set the run's COUNT_FIELDS from the plan: every error the preview lists, those of
    the file as a whole and of its rows."""
    counts = planned.counts
    run.new_count, run.updated_count = counts["new"], counts["update"]
    run.unchanged_count = counts["skip"]
    run.error_count = len(planned.file_errors) + len(planned.errors)


def keep_for_confirm(run: ImportRun, planned: ImportPlan, marker) -> None:
    run.digest = planned.digest()
    run.plan = stored_plan(planned, marker)
    if run.plan:
        run.plan["warnings"] = len(planned.cell_warnings)  # confirm asks to accept them


def start(resource, *, model, user, file_name: str, data: bytes, encoding: str = "") -> Preview:
    """Plan an uploaded file: a valid plan awaits its confirm, anything else is refused."""
    ImportRun.objects.purge_expired()
    run = ImportRun.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        user=user,
        file_name=file_name[:255],
        file_data=data,
        encoding=encoding,
    )
    marker = data_marker(resource)  # before planning: see preview.py
    try:
        preview = plan(resource, run)
    except Exception:
        # Whatever went wrong, the file (personal data, often) is not kept a moment
        # longer, and the editor gets a page that says so instead of a server error.
        logger.exception("Import preview failed for run %s", run.pk)
        preview = Preview(
            run,
            problem=_(
                "The file could not be read because of an unexpected error; nothing was "
                "imported and the file was not kept. Save it as XLSX or CSV UTF-8 and try again."
            ),
        )
    if preview.problem:
        run.finish(ImportStatus.REFUSED, preview.problem)
        return preview
    record_counts(run, preview.plan)
    if not preview.plan.is_valid:
        run.finish(ImportStatus.REFUSED, _("The file has errors; nothing was imported."))
    else:
        keep_for_confirm(run, preview.plan, marker)
        # The file was stored when the run was created: not written a second time.
        run.save(update_fields=[*COUNT_FIELDS, "digest", "plan"])
    return preview


def lock_imports_of(content_type) -> None:
    """Serialise imports of one model until the transaction ends (PostgreSQL).

    Two editors confirming overlapping files one after the other: the second sees the
    first one's rows in its fresh plan. SQLite serialises all writes by itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [4801, content_type.pk])


def confirm(resource, run_id: int, *, user, accept_warnings: bool = False) -> Outcome:
    """Write the preview `run_id` once, whoever asks how often."""
    ImportRun.objects.purge_expired()
    try:
        claimed = ImportRun.objects.claim(run_id, ImportStatus.RUNNING, confirmed_at=timezone.now())
    except OperationalError:
        claimed = False  # SQLite still busy after its timeout: say what the run is doing
    if not claimed:
        return decided_elsewhere(run_id, user)
    try:
        return write(resource, run_id, user=user, accept_warnings=accept_warnings)
    except (OperationalError, InterfaceError):
        # The connection broke mid-import: the transaction never committed, so nothing
        # of the file was written. Start afresh and tell the editor so, without a trace.
        connection.close()
        ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
            status=ImportStatus.REFUSED, message=_("The database connection was lost.")
        )
        return Outcome(
            LOST,
            message=_(
                "The connection to the database was lost during the import; nothing was "
                "imported. Try again in a moment."
            ),
        )
    except BaseException:
        # Nothing was written: the preview can be confirmed again.
        ImportRun.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
            status=ImportStatus.PENDING
        )
        raise


def write(resource, run_id: int, *, user, accept_warnings: bool) -> Outcome:
    """Import a preview this request claimed; one import per model at once."""
    with transaction.atomic():
        # The file is read only if the plan must be made again.
        run = ImportRun.objects.defer("file_data").get(pk=run_id)
        lock_imports_of(run.content_type)
        preview = None
        if run.plan and unchanged_since(resource, run.plan["marker"]):
            # Nothing the preview's plan read has changed: write it as it was shown.
            restored = restored_plan(run.model, run.plan)
            preview = Preview(run, restored) if restored is not None else None
        if preview is None:
            marker = data_marker(resource)  # before planning: see preview.py
            preview = plan(resource, run)
        planned = preview.plan
        if preview.problem or not planned.is_valid:
            run.finish(ImportStatus.REFUSED, preview.problem or _("The file has errors."))
            return Outcome(REFUSED, run, message=_("The file has errors; nothing was imported."))
        if preview.sheet is not None and planned.digest() != run.digest:
            record_counts(run, planned)
            run.status = ImportStatus.PENDING  # the new preview awaits its own confirm
            run.confirmed_at = None
            keep_for_confirm(run, planned, marker)
            run.save()
            preview.notice = _(
                "The records changed since the preview. Check the new preview and confirm again."
            )
            return Outcome(REPLANNED, run, preview)
        warned = planned.cell_warnings if preview.sheet is not None else run.plan.get("warnings")
        if warned and not accept_warnings:
            if preview.sheet is None:
                preview = plan(resource, run)
            # Give the claim back: the same preview awaits a confirm with the box ticked.
            run.status, run.confirmed_at = ImportStatus.PENDING, None
            run.save(update_fields=["status", "confirmed_at"])
            preview.notice = _(
                "Nothing was imported: read the warnings and tick the box to import anyway, "
                "or correct the file and upload it again."
            )
            return Outcome(UNACCEPTED, run, preview)
        try:
            with transaction.atomic():
                changes = apply(resource, planned, user=user, reason=run.reason)
        except (OperationalError, InterfaceError):
            raise
        except DatabaseError as error:
            run.finish(ImportStatus.REFUSED, str(error))
            return Outcome(
                REFUSED,
                run,
                message=_("The database refused the import (%(error)s); nothing was imported.")
                % {"error": error},
            )
        record_counts(run, planned)
        run.changes = changes
        run.confirmed_at = timezone.now()
        run.finish(ImportStatus.DONE)
    return Outcome(
        DONE,
        run,
        message=_("Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "file": run.file_name,
            "new": formats.number_format(run.new_count, force_grouping=True),
            "updated": formats.number_format(run.updated_count, force_grouping=True),
            "unchanged": formats.number_format(run.unchanged_count, force_grouping=True),
        },
    )


def apply(resource, planned: ImportPlan, *, user=None, reason: str = "") -> dict:
    """Write a valid plan, and what follows from it (a partnership's status step, by the
    resource's `after_write`); returns what changed, for undo."""
    changes = apply_plan(planned, user=user, reason=reason)
    changes["followed"] = resource.after_write(
        {r.instance.pk: set(r.changed_attnames) for r in planned.rows if r.status == UPDATE},
        user=user,
        reason=reason,
    )
    changes["followed_at"] = timezone.now().isoformat()
    return changes


def cancel(run_id: int) -> bool:
    """Drop a pending preview and its file; False if it was no longer pending."""
    return ImportRun.objects.claim(
        run_id,
        ImportStatus.ABANDONED,
        message=_("Cancelled after the preview."),
        file_data=b"",
        plan={},
    )


def undo(run: ImportRun, *, user) -> None:
    """Restore what the finished import `run` changed; raises UndoError, changing nothing,
    when a record it touched was changed since."""
    undo_changes(
        run.model,
        run.changes,
        user=user,
        reason=f"Ongedaan: {run.reason}"[:100],
        imported_at=run.confirmed_at,
    )
    run.status = ImportStatus.UNDONE
    run.undone_at = timezone.now()
    run.undone_by = user
    run.save()


def decided_elsewhere(run_id: int, user) -> Outcome:
    """A confirm or cancel for a preview another request had already taken: what that
    request did, once it is done."""
    run = awaited_run(run_id)
    return Outcome(DECIDED, run, message=outcome_message(run, user))


# How long a confirm that found the import already running waits for its outcome: about
# what 20,000 rows take, well below a proxy's timeout.
WAIT_SECONDS = 20
POLL_SECONDS = 0.25


def awaited_run(run_id: int, seconds: float | None = None) -> ImportRun:
    """The run `run_id` once no confirm is writing it any more, or after `seconds`.

    Each look is a read of its own (no lock is held, so the import being waited for is
    never slowed down), and sees what the import's transaction committed."""
    deadline = time.monotonic() + (WAIT_SECONDS if seconds is None else seconds)
    runs = ImportRun.objects.defer("file_data", "plan", "changes")
    while True:
        run = runs.get(pk=run_id)
        if run.status != ImportStatus.RUNNING or time.monotonic() >= deadline:
            return run
        time.sleep(POLL_SECONDS)


def local_time(moment) -> str:
    """`moment` as Ghent reads it: "20:47" today, "1 december 2026 20:47" another day."""
    moment = timezone.localtime(moment)
    if moment.date() == timezone.localdate():
        return formats.time_format(moment, "H:i")
    return formats.date_format(moment, "j F Y H:i")


def outcome_message(run: ImportRun, user) -> str:
    """What became of `run`, for a confirm that arrived when it was no longer pending."""
    when = local_time(run.confirmed_at) if run.confirmed_at else ""
    counts = {
        name: formats.number_format(getattr(run, f"{name}_count"), force_grouping=True)
        for name in ("new", "updated", "unchanged")
    }
    texts = {
        ImportStatus.DONE: _(
            "The file %(file)s was already imported at %(time)s: %(new)s new, %(updated)s updated, "
            "%(unchanged)s unchanged. Nothing was imported twice."
        ),
        ImportStatus.RUNNING: _(
            "The file %(file)s is being imported since %(time)s. Nothing is imported twice; the "
            "outcome appears in the import log."
        ),
        ImportStatus.UNDONE: _(
            "The file %(file)s was imported at %(time)s and that import was undone since. Nothing "
            "was imported again."
        ),
        ImportStatus.REFUSED: _("This preview was refused, so nothing was imported: %(reason)s"),
        ImportStatus.ABANDONED: _(
            "This preview was cancelled or has expired; nothing was imported."
        ),
        ImportStatus.PENDING: _(
            "The records changed since this preview, so it was made again and nothing was "
            "imported. Upload the file again to see the new preview."
        ),
    }
    text = texts[run.status] % {
        "file": run.file_name,
        "time": when,
        "reason": run.message,
        **counts,
    }
    if run.status in (ImportStatus.PENDING, ImportStatus.ABANDONED):
        return text
    if not user.has_perm("gentintl.view_importrun"):
        return text
    url = reverse("admin:gentintl_importrun_change", args=[run.pk])
    return format_html('{} <a href="{}">{}</a>', text, url, _("See the import log."))
