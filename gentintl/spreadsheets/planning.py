"""Plan a spreadsheet import: what each row of a file would do, before anything is written.

`plan_import` reads every row through the model's `<Model>Resource` (its columns and
widgets, `gentintl.spreadsheets.columns`), fetches the existing rows once, matches them by natural
key, and works out in memory what each row would do: new, update (with the changed
columns), unchanged or error. Validation touches the database only to read: field
validation (`gentintl.spreadsheets.validating`), the model's `clean()`, the check and unique
constraints (`gentintl.spreadsheets.constraints`) are all evaluated in memory.
`gentintl.spreadsheets.writing` then writes a valid plan in bulk, all or nothing.
"""

import operator
from itertools import compress

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from gentintl.spreadsheets.columns import (
    Column,
    Failed,
    clean_cells,
    columns_for,
    key_columns,
    map_headers,
)
from gentintl.spreadsheets.constraints import CheckConstraints, compile_condition, unique_sets
from gentintl.spreadsheets.matching import ExistingRecords, NewRecords
from gentintl.spreadsheets.plans import (
    ERROR,
    NEW,
    SKIP,
    UPDATE,
    CellError,
    ImportPlan,
    RowPlan,
)
from gentintl.spreadsheets.reading import Sheet
from gentintl.spreadsheets.references import check_file_references, own_names, refer_within_file
from gentintl.spreadsheets.validating import clean_fields_of

PLAN_CHUNK_SIZE = 200
# The old links of a record that has none, shared by every such row (read only): one
# empty set per row and field was a fifth of the objects a plan of 10,000 new activities
# keeps for the cycle collector to walk (143,000 objects, 113,000 with it; the collector's
# share of that import 0.39 s without, 0.32 s with, interleaved medians of five).
NO_LINKS = frozenset()


# --------------------------------------------------------------------------- #
# Planning
# --------------------------------------------------------------------------- #


def plan_import(resource, sheet: Sheet) -> ImportPlan:
    """What importing `sheet` through `resource` would do, row by row; writes nothing.

    Three passes over each chunk of rows: read each row into its record (a cell text is
    cleaned once per column, however many rows repeat it), validate the fields a column
    at a time, then check each record as a whole (its `clean()`, constraints,
    uniqueness) and describe its changes. The chunks are small so that what the first
    pass computed is still in the caches (phone numbers, say) when the last asks again.
    """
    model = resource._meta.model
    plan = ImportPlan(model=model, columns=[])
    columns = columns_for(resource)
    mapped = map_headers(sheet, resource, columns, plan)
    plan.columns = [c.name for c in mapped if c is not None]
    if plan.file_errors:
        return plan
    keys = key_columns(resource, columns)
    present = [c for c in mapped if c is not None]
    columns_by_attname = {a: c.name for c in present for a in c.attnames}
    for column in present:
        if column.is_partial_date:
            columns_by_attname[column.model_field.name] = column.name
    cleaned = [{} for _column in mapped]
    context = PlanContext(
        model, keys, present, columns_by_attname, file_keys(sheet, mapped, keys, cleaned)
    )
    context.cleaned = cleaned
    context.names_in_file = own_names(sheet, mapped, model)
    key_positions = [mapped.index(c) for c in keys]
    for start in range(0, len(sheet.rows), PLAN_CHUNK_SIZE):
        end = start + PLAN_CHUNK_SIZE
        chunk = zip(sheet.numbers[start:end], sheet.rows[start:end], strict=True)
        read = read_rows(plan, chunk, mapped, context, key_positions)
        instances = [row.instance for row, *_ in read]
        field_errors = clean_fields_of(instances, context.exclude, context.validated)
        for position, (row, before, values) in enumerate(read):
            check_row(row, context, values, field_errors.get(position))
            if not row.errors:
                describe_changes(row, context, before)
    check_file_references(plan)
    for row in plan.rows:
        if row.errors:
            row.status = ERROR
    return plan


class PlanContext:
    """What planning one file needs beside its rows: the existing records, the model's
    rules compiled once, and what the rows before the current one have claimed."""

    def __init__(self, model, keys, present, columns_by_attname, file_keys=None):
        self.model = model
        self.present = present
        self.columns_by_attname = columns_by_attname
        self.key_names = [c.name for c in keys]
        self.key_attnames = tuple(a for c in keys for a in c.attnames)
        self.uniques = [
            (attnames, compile_condition(model, condition) if condition is not None else None)
            for attnames, condition in unique_sets(model, self.key_attnames)
        ]
        # Other unique values are checked against every record; else only the records
        # the file names need reading.
        self.existing = ExistingRecords(
            model, self.key_attnames, None if self.uniques else file_keys
        )
        self.existing_m2m = {}
        for column in present:
            if column.is_m2m:
                self.existing_m2m[column.model_field.name] = self.existing.links(column.model_field)
        existing = self.existing.values() if self.uniques else []
        self.taken = {
            attnames: {
                tuple(getattr(obj, a) for a in attnames): obj.pk
                for obj in existing
                if condition is None or condition(obj) is not False
            }
            for attnames, condition in self.uniques
        }
        self.checks = CheckConstraints(model, columns_by_attname)
        self.exclude = [
            f.name
            for f in model._meta.get_fields()
            if f.many_to_one or f.many_to_many or f.one_to_many or f.one_to_one
        ]
        self.required_fks = [f for f in model._meta.concrete_fields if f.many_to_one and not f.null]
        self.has_clean = model.clean is not models.Model.clean
        self.records = NewRecords(model)
        self.attributes = Attributes(model, self.records.plain)
        # Each column, with the attributes or the many-to-many field whose change it shows.
        self.described = [
            (
                c,
                frozenset(c.attnames),
                c.model_field.name if c.is_m2m else None,
                c.attnames[0] if c.shows_text_as_is else None,  # its text is its value
            )
            for c in present
        ]
        self.texts = ChangeTexts(self.described, self.attributes)
        # Per column, {cell text: its attribute values, or the exception cleaning raised}.
        self.cleaned: list[dict] = []
        # Key: the row that gave it first, its key as written and as cleaned.
        self.seen_keys: dict[tuple, tuple[int, str, tuple]] = {}
        self.names_in_file: dict[str, dict[str, list]] = {}
        self.validated: dict = {}  # what clean_fields_of found of each value
        self.changed_sets: dict[frozenset, frozenset] = {}  # describe_changes


class Attributes:
    """{attname: value} of every concrete field of a record of `model`; read from its
    __dict__ at once where the model's attributes all live there (`NewRecords.plain`)."""

    def __init__(self, model, plain: bool):
        self.attnames = [f.attname for f in model._meta.concrete_fields]
        self.plain = plain and len(self.attnames) > 1
        self.read = operator.itemgetter(*self.attnames)

    def __call__(self, instance) -> dict:
        if self.plain:
            return dict(zip(self.attnames, self.read(instance.__dict__), strict=True))
        return {a: getattr(instance, a) for a in self.attnames}


def file_keys(sheet: Sheet, mapped, keys: list[Column], cleaned: list[dict]) -> set | None:
    """The values of a key of one attribute in the file (None for a key of several),
    cleaned with the memo `cleaned` that planning goes on to use."""
    if len(keys) != 1 or len(keys[0].attnames) != 1:
        return None
    position = mapped.index(keys[0])
    texts = [cells[position] for cells in sheet.rows]
    values = clean_cells(keys[0], texts, cleaned[position])
    return {v for v in values if type(v) is not Failed and v not in (None, "")}


def read_rows(plan: ImportPlan, numbered_rows, mapped, context: PlanContext, key_positions):
    """The first pass: each row's cells cleaned, matched by key, into its record.

    Returns (row, its record's attribute values before, the values the file gives) for
    each row that has a record to check."""
    existing, key_attnames = context.existing, context.key_attnames
    seen_keys, fold = context.seen_keys, context.existing.fold
    numbered_rows = list(numbered_rows)
    # Column by column: what each cell of the chunk cleans to.
    outcomes = [
        clean_cells(column, [cells[j] for _number, cells in numbered_rows], known)
        for j, (column, known) in enumerate(zip(mapped, context.cleaned, strict=True))
    ]
    failed = {i for column in outcomes for i, o in enumerate(column) if type(o) is Failed}
    single = [j for j, c in enumerate(mapped) if not c.is_m2m and len(c.attnames) == 1]
    single_attnames = [mapped[j].attnames[0] for j in single]
    several = [j for j, c in enumerate(mapped) if not c.is_m2m and len(c.attnames) > 1]
    many = [j for j, c in enumerate(mapped) if c.is_m2m]
    read = []
    for i, (number, cells) in enumerate(numbered_rows):
        row = RowPlan(number=number, key=" / ".join([cells[k] for k in key_positions]))
        plan.rows.append(row)
        if i in failed:
            values, m2m = read_failed_row(row, cells, mapped, [o[i] for o in outcomes], context)
            if row.errors:
                continue
        else:
            values = dict(zip(single_attnames, [outcomes[j][i] for j in single], strict=True))
            for j in several:
                values.update(outcomes[j][i])
            m2m = {}
            for j in many:
                m2m.update(outcomes[j][i])
        key = tuple([values[a] for a in key_attnames])
        if any(v in (None, "") for v in key):
            row.add_error(
                CellError(
                    number, ", ".join(context.key_names), row.key, _("The key column is empty.")
                )
            )
            continue
        as_given = key
        if fold is not None:
            key = fold(key)
        if key in seen_keys:
            row.add_error(duplicate_key_error(row, context, as_given, *seen_keys[key]))
            continue
        seen_keys[key] = (number, row.key, as_given)
        instance = existing.built(key)
        if instance is None:
            instance = context.records.new()
            row.status = NEW
        if row.status == NEW and context.records.blank is not None:
            before = context.records.blank  # what records.new() gave it, read only
        else:
            before = context.attributes(instance)
        context.records.fill(instance, values)
        for name, pks in m2m.items():
            old = context.existing_m2m[name].get(instance.pk, NO_LINKS) if instance.pk else NO_LINKS
            if pks != old:
                row.m2m[name], row.old_m2m[name] = pks, old
        row.instance = instance
        read.append((row, before, values))
    return read


def duplicate_key_error(row: RowPlan, context, as_given, first: int, written: str, first_as_given):
    """The error of a row whose key an earlier row of the file already gave (perhaps in
    another case, where case does not count)."""
    if as_given == first_as_given:
        message = _("This key already appears in row %(row)s of the file.") % {"row": first}
    else:
        message = _(
            "This is the same record as row %(row)s of the file ('%(first)s'): upper and "
            "lower case count as the same. Keep one of the two rows."
        ) % {"row": first, "first": written}
    return CellError(row.number, ", ".join(context.key_names), row.key, message)


def read_failed_row(row: RowPlan, cells, mapped, outcomes, context) -> tuple[dict, dict]:
    """The values and links of a row with a cell that did not clean: such a cell may
    name a record that another row of the file creates; otherwise it is an error."""
    values, m2m = {}, {}
    for column, text, outcome in zip(mapped, cells, outcomes, strict=True):
        if type(outcome) is Failed:
            names = context.names_in_file.get(column.name)
            outcome = refer_within_file(row, column, text, names, outcome.error)
            if outcome is None:
                continue
        elif not column.is_m2m and len(column.attnames) == 1:
            outcome = {column.attnames[0]: outcome}
        (m2m if column.is_m2m else values).update(outcome)
    return values, m2m


def add_field_errors(row: RowPlan, errors: dict[str, list], columns_by_attname) -> None:
    for name, error_list in errors.items():
        column = columns_by_attname.get(name, "")
        value = getattr(row.instance, name, "")
        message = " ".join(ValidationError(error_list).messages)
        row.add_error(CellError(row.number, column, str(value or ""), message))


def check_row(row: RowPlan, context: PlanContext, values, field_errors) -> None:
    """After the fields: the model's clean(), required references, check and unique
    constraints, as `full_clean()` and the database would check them."""
    instance, number, columns_by_attname = row.instance, row.number, context.columns_by_attname
    if field_errors:
        add_field_errors(row, field_errors, columns_by_attname)
    elif context.has_clean:
        try:
            instance.clean()
        except ValidationError as error:
            errors = getattr(error, "error_dict", None) or {"__all__": error.error_list}
            add_field_errors(row, errors, columns_by_attname)
    for model_field in context.required_fks:
        if getattr(instance, model_field.attname) is None:
            row.add_error(
                CellError(
                    number,
                    columns_by_attname.get(model_field.attname, str(model_field.verbose_name)),
                    "",
                    _("This field is required."),
                )
            )
    if row.errors:
        return
    for column, message in context.checks.problems(instance):
        row.add_error(CellError(number, column, "", message))
    for attnames, condition in context.uniques:
        if row.errors or any(a not in values for a in attnames):
            continue
        if condition is not None and condition(instance) is False:
            continue
        value = tuple(getattr(instance, a) for a in attnames)
        taken = context.taken[attnames]
        owner = taken.get(value)
        if owner is not None and owner != (instance.pk or number * -1):
            row.add_error(
                CellError(
                    number,
                    ", ".join(columns_by_attname.get(a, a) for a in attnames),
                    " / ".join(str(v) for v in value),
                    _("This value is already used by another record."),
                )
            )
        else:
            taken[value] = instance.pk or number * -1


def describe_changes(row: RowPlan, context: PlanContext, before: dict) -> None:
    """The row's status and the attributes it changes; the texts of its changes follow
    when first read (`ChangeTexts`)."""
    instance = row.instance
    after = context.attributes(instance)
    # The attributes whose value differs from before (map and compress loop in C); one
    # frozenset for every row that changes the same (RowPlan says why).
    changed = frozenset(
        compress(before, map(operator.ne, map(after.__getitem__, before), before.values()))
    )
    if "updated_at" in changed:
        changed = changed - {"updated_at"}
    changed = row.changed_attnames = context.changed_sets.setdefault(changed, changed)
    if row.status != NEW:
        row.old_values = {a: before[a] for a in changed}
        row.status = UPDATE if (changed or row.m2m) else SKIP
    row.describe = context.texts
    if row.file_refs:  # now: writing the plan sets the references these texts name
        row.changes = context.texts(row)


class ChangeTexts:
    """The texts of a row's changes, column by column, as the preview shows them: what
    `RowPlan.changes` gives, written from the row's record, its old values and its links
    when first read.

    Only the preview reads them: its page (the first 500 rows), and its warnings (those
    of a new record, only its phone numbers: `suspicions.find_warnings`); its fingerprint
    reads values (`ImportPlan.digest`). A file that is only written (the seeds, a pasted
    press release, a benchmark's import pass) needs none, and rendering every column of
    every row was a fifth of planning 10,000 new activities (0.26 of 1.13 s, in one
    process, medians of five).
    """

    def __init__(self, described, attributes):
        self.described = described  # PlanContext.described
        self.attributes = attributes  # {attname: value} of a record

    def __call__(self, row: RowPlan, only=None) -> list[tuple[str, str, str]]:
        """The texts of the row's changes; of the columns named in `only`, if given."""
        described = self.described
        if only is not None:
            described = [d for d in described if d[0].name in only]
            if not described:
                return []
        after = self.attributes(row.instance)
        after.update(row.m2m)
        changed = row.changed_attnames
        is_update = row.status == UPDATE
        before = {**after, **row.old_values, **row.old_m2m} if is_update else None
        changes = []
        for column, attnames, m2m_name, text_attname in described:
            if (m2m_name in row.m2m) if m2m_name else not changed.isdisjoint(attnames):
                old_text = column.render(before) if is_update else ""
                new = after[text_attname] if text_attname else None
                if type(new) is not str:
                    new = column.render(after)
                changes.append((column.name, old_text, new))
        return changes
