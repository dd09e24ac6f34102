"""The spreadsheet engine: reading files, mapping columns, planning, checks, the stored
preview, writing, history, undo and export, for every model that has a `<Model>Resource`.

The front door, which the admin, the seeds, the paste page and the tests call:

    preview(resource, model=, user=, file_name=, data=, encoding=) -> Preview
        an uploaded file read and planned; a valid plan awaits its confirm
    confirm(resource, run_id, user=, accept_warnings=) -> Outcome
        write a preview once, however often its confirm arrives
    cancel(run_id) -> bool
    undo(run, user=)
        restore what a finished import changed, or raise UndoError changing nothing
    load(resource, headers, rows, user=, reason=) -> ImportPlan
        plan and write rows in one step (the seeds, a pasted press release); raises
        LoadError, writing nothing, when any row has an error
    export(resource, queryset, file_format, names=) -> bytes

How a file travels, and the module of each step:

    reading      bytes -> Sheet (XLSX, ODS, CSV in any common encoding, JSON)
    columns      the resource's fields as columns: header, widget, model field
    planning     Sheet -> ImportPlan: each row new, updated, unchanged or in error
      matching     rows against the records already there, by the resource's key
      validating   model-field validation, fast where it counts
      constraints  the model's check and unique constraints, in Python, before the write
      suspicions   what a spreadsheet program may have done (lost "ń", lost leading zero)
    preview      the plan kept for its confirm, and whether the data changed since
      preview_table  the admin's table of changes, as HTML
    writing      ImportPlan -> rows in the database, in bulk, with their history
    runs         the life of one import (ImportRun): start, confirm, cancel, undo
    undo         restore an import's changes
    exporting    records -> CSV, XLSX, ODS or JSON

A domain app takes part by declaring: a `<Model>Resource` (django-import-export) with its
fields, widgets and `import_id_fields`, constraints on the model with their
`violation_error_message`, and optionally an `after_write` hook on the resource.
"""

from gentintl.spreadsheets.loading import LoadError, load
from gentintl.spreadsheets.runs import (
    DECIDED,
    DONE,
    LOST,
    REFUSED,
    REPLANNED,
    UNACCEPTED,
    Outcome,
    Preview,
    cancel,
    confirm,
    decided_elsewhere,
    undo,
)
from gentintl.spreadsheets.runs import start as preview
from gentintl.spreadsheets.undo import UndoError


def export(resource, queryset, file_format: str, *, names=None) -> bytes:
    """The records of `queryset` as a file: the resource's columns (or only `names`)."""
    from gentintl.spreadsheets import exporting

    headers, rows = exporting.export_rows(resource, queryset, names=names)
    numeric = exporting.numeric_columns(resource, names=names)
    return exporting.write(file_format, headers, rows, numeric=numeric)


__all__ = [
    "DECIDED",
    "DONE",
    "LOST",
    "REFUSED",
    "REPLANNED",
    "UNACCEPTED",
    "LoadError",
    "Outcome",
    "Preview",
    "UndoError",
    "cancel",
    "confirm",
    "decided_elsewhere",
    "export",
    "load",
    "preview",
    "undo",
]
