"""Rows that name a record another row of the same file creates (an agreement that
replaces one the file also adds): found while planning, linked once the records exist."""

from django.utils.translation import gettext as _

from gentintl.spreadsheets.columns import Column
from gentintl.spreadsheets.plans import NEW, CellError, ImportPlan, RowPlan, error_text
from gentintl.spreadsheets.reading import Sheet


def own_names(sheet: Sheet, mapped: list[Column | None], model) -> dict[str, dict[str, list]]:
    """For each column naming a record of the same model (an agreement that replaces
    another): the names the file gives its own rows, each with the rows that give it."""
    positions = {c.model_field.name: i for i, c in enumerate(mapped) if c is not None}
    names = {}
    for column in mapped:
        if column is None or not column.is_fk or not column.model_field.null:
            continue  # a required reference could not be written before its target
        position = positions.get(getattr(column.widget, "field", None))
        if column.model_field.related_model is not model or position is None:
            continue
        if not hasattr(column.widget, "normalise"):
            continue
        found = names[column.name] = {}
        for number, cells in zip(sheet.numbers, sheet.rows, strict=True):
            found.setdefault(column.widget.normalise(str(cells[position])), []).append(number)
    return names


def refer_within_file(row: RowPlan, column: Column, text, names, error) -> dict | None:
    """A cell that failed to clean, read as a reference to a record another row of the
    file creates; None, with the row error recorded, when no single row creates it.

    Until that record exists, the foreign key holds the other row's number, negated.
    """
    numbers = []
    if names:
        numbers = [n for n in names.get(column.widget.normalise(str(text)), []) if n != row.number]
    if len(numbers) != 1:
        message = error_text(error)
        if len(numbers) > 1:
            message = _("'%(value)s' names more than one row of the file (rows %(rows)s).") % {
                "value": text,
                "rows": ", ".join(map(str, numbers)),
            }
        row.add_error(CellError(row.number, column.name, text, message))
        return None
    row.file_refs[column.attnames[0]] = numbers[0]
    column.names_by_pk()[-numbers[0]] = str(text).strip()
    return {column.attnames[0]: -numbers[0]}


def check_file_references(plan: ImportPlan) -> None:
    """A row naming another row of the file needs that row to create its record."""
    rows = {row.number: row for row in plan.rows}
    for row in plan.rows:
        for number in row.file_refs.values():
            if rows[number].status != NEW or rows[number].errors:
                row.add_error(
                    CellError(
                        row.number,
                        "",
                        "",
                        _("Row %(row)s of the file, which this row refers to, has errors.")
                        % {"row": number},
                    )
                )


def link_file_references(plan: ImportPlan, new_rows: list[RowPlan]) -> list[str]:
    """Point references to records created by other rows of the file at their new pks.

    Planning left the row number of the target, negated, in the foreign key; returns
    the names of the fields it set.
    """
    created = {row.number: row.instance.pk for row in new_rows}
    names = set()
    for row in plan.rows:
        for attname, number in row.file_refs.items():
            setattr(row.instance, attname, created[number])
            names.add(plan.model._meta.get_field(attname.removesuffix("_id")).name)
    return sorted(names)
