"""Rows that come from the program rather than from an uploaded file (the seed documents,
a pasted press release), planned and written by the same engine as an upload, in one step.

The rows pass through the same columns, checks and bulk writes as a file in the admin, so
the same text gives the same records and the same errors whichever way it came in.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.plans import ImportPlan
from gentintl.spreadsheets.reading import Sheet, cell_text
from gentintl.spreadsheets.writing import apply_plan


class LoadError(Exception):
    """Rows that cannot be loaded; the message names the dataset, the row and the column."""


def problems(plan: ImportPlan) -> list[str]:
    """Every error of the plan with its row and column, file errors first."""
    found = list(plan.file_errors)
    for error in plan.errors:
        where = {"row": error.row, "column": error.column, "message": error.message}
        if error.column:
            found.append(_("row %(row)s, %(column)s: %(message)s") % where)
        else:
            found.append(_("row %(row)s: %(message)s") % where)
    return found


def load(resource, headers: list[str], rows: list[list], *, name: str = "", user=None, reason=""):
    """Plan `rows` under `headers` through `resource` and write them if every row is valid;
    returns the written plan. Raises LoadError, writing nothing, when any row has an error.

    `resource.left_alone_in(plan, sheet)` (optional) may mark rows to skip before the
    write: the seed loader leaves records alone that a person has changed since.
    """
    sheet = Sheet(
        headers=[cell_text(h) for h in headers],
        rows=[[cell_text(cell) for cell in row] for row in rows],
        format="rows",
        numbers=list(range(2, len(rows) + 2)),
    )
    plan = plan_import(resource, sheet)
    keep_off = getattr(resource, "left_alone_in", None)
    if keep_off is not None:
        keep_off(plan, sheet)
    found = problems(plan)
    if found:
        raise LoadError(f"{name}: " + " | ".join(found) if name else " | ".join(found))
    with transaction.atomic():
        plan.changes = apply_plan(plan, user=user, reason=reason)
        if hasattr(resource, "after_write"):
            plan.changes["followed"] = resource.after_write(
                {r.instance.pk: set(r.changed_attnames) for r in plan.rows if r.status == "update"},
                user=user,
                reason=reason,
            )
    return plan
