"""Plan and write a spreadsheet import in bulk, all or nothing.

`plan_import` reads every row through the model's `<Model>Resource` (its columns and
widgets), fetches the existing rows once, matches them by natural key, and works out in
memory what each row would do: new, update (with the changed columns), unchanged or
error. Validation happens per row without touching the database: field validation, the
model's `clean()`, the check constraints and the unique constraints are all evaluated
in memory. `apply_plan` then writes everything with bulk_create/bulk_update (and their
history records) inside one transaction; `gentintl.undo` reverts a written import.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from operator import eq, ge, gt, le, lt

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gentintl.bulk import insert_rows
from gentintl.copying import insert_records
from gentintl.history import record_history
from gentintl.matching import ExistingRecords
from gentintl.reading import Sheet
from gentintl.validating import clean_fields
from partnerships.resources import PartialDateField

BATCH_SIZE = 500
# Inserts are cheaper per row in bigger statements; the backend lowers it where it must.
INSERT_BATCH_SIZE = 2000
NEW, UPDATE, SKIP, ERROR = "new", "update", "skip", "error"


@dataclass
class CellError:
    """Why one cell (or one row, when `column` is empty) cannot be imported."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class RowPlan:
    """What importing one row would do."""

    number: int
    key: str
    status: str = SKIP
    instance: models.Model | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # column, old, new
    errors: list[CellError] = field(default_factory=list)
    old_values: dict[str, object] = field(default_factory=dict)  # attname: value before
    changed_attnames: set[str] = field(default_factory=set)
    m2m: dict[str, set[int]] = field(default_factory=dict)  # field: pks after import
    old_m2m: dict[str, set[int]] = field(default_factory=dict)
    file_refs: dict[str, int] = field(default_factory=dict)  # attname: row number it names


@dataclass
class ImportPlan:
    """The outcome of every row of a file, before anything is written."""

    model: type[models.Model]
    columns: list[str]
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not self.errors

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (NEW, UPDATE, SKIP, ERROR)}

    def digest(self) -> str:
        """A fingerprint of what the plan would write, to notice changes before confirm."""
        content = [(r.number, r.status, r.key, r.changes) for r in self.rows]
        return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()


def normalise_header(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def concrete_fields(model) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.get_fields() if f.concrete or f.many_to_many}


class Column:
    """One resource field and the model attributes it fills."""

    def __init__(self, resource_field, model_field):
        self.resource_field = resource_field
        self.model_field = model_field
        self.name = resource_field.column_name
        self.widget = resource_field.widget
        self.is_partial_date = isinstance(resource_field, PartialDateField)
        self.is_m2m = model_field.many_to_many
        self.is_fk = model_field.many_to_one
        if self.is_partial_date:
            self.attnames = [model_field.attname, f"{model_field.attname}_precision"]
        elif self.is_m2m:
            self.attnames = []
        else:
            self.attnames = [model_field.attname]

    def clean(self, text: str) -> dict[str, object]:
        """The attribute values for `text`; for a many-to-many field, {name: set of pks}."""
        if self.is_partial_date:
            parsed = self.resource_field.clean({self.name: text})
            date, precision = parsed if parsed else (None, "")
            return dict(zip(self.attnames, (date, precision), strict=True))
        value = self.widget.clean(text, row=None)
        if self.is_m2m:
            return {self.model_field.name: {obj.pk for obj in value}}
        if self.is_fk:
            return {self.attnames[0]: value.pk if value is not None else None}
        is_text = isinstance(self.model_field, models.CharField | models.TextField)
        if value is None and not self.model_field.null and is_text:
            value = ""
        return {self.attnames[0]: value}

    def names_by_pk(self) -> dict[int, str]:
        widget = self.widget.lookup_widget if self.is_m2m else self.widget
        if not hasattr(self, "_names"):
            self._names = {obj.pk: widget.key(obj) for obj in widget.lookup().values()}
        return self._names

    def render(self, values: dict[str, object]) -> str:
        """The spreadsheet text of attribute values, as the export would write them."""
        if self.is_partial_date:
            from gentintl.dates import partial_date_text

            return partial_date_text(*(values[a] for a in self.attnames))
        if self.is_m2m:
            names = self.names_by_pk()
            return "; ".join(sorted(names.get(pk, str(pk)) for pk in values[self.model_field.name]))
        value = values[self.attnames[0]]
        if value is None or value == "":
            return ""
        if self.is_fk:
            return self.names_by_pk().get(value, str(value))
        if self.model_field.choices:
            return self.widget.render(value)
        if isinstance(value, bool):
            return _("ja") if value else _("nee")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value)


def columns_for(resource) -> dict[str, Column]:
    """The resource's columns by normalised header (Dutch label or attribute name)."""
    model_fields = concrete_fields(resource._meta.model)
    columns = {}
    for name, resource_field in resource.fields.items():
        model_field = model_fields.get(resource_field.attribute or name)
        if model_field is None:
            continue
        column = Column(resource_field, model_field)
        columns[normalise_header(column.name)] = column
    return columns


def key_columns(resource, columns: dict[str, Column]) -> list[Column]:
    by_field = {c.resource_field.attribute: c for c in columns.values()}
    return [by_field[resource.fields[name].attribute] for name in resource._meta.import_id_fields]


def map_headers(sheet: Sheet, resource, columns, plan: ImportPlan) -> list[Column | None]:
    aliases = {normalise_header(c.resource_field.attribute): c for c in columns.values()}
    mapped, seen = [], {}
    for header in sheet.headers:
        column = columns.get(normalise_header(header)) or aliases.get(normalise_header(header))
        if column is None:
            plan.file_errors.append(
                _("Unknown column '%(column)s'. Known columns: %(known)s.")
                % {"column": header, "known": ", ".join(c.name for c in columns.values())}
            )
        elif column.name in seen:
            plan.file_errors.append(
                _("The column '%(column)s' appears twice.") % {"column": column.name}
            )
        seen[getattr(column, "name", header)] = True
        mapped.append(column)
    for column in key_columns(resource, columns):
        if column.name not in seen:
            plan.file_errors.append(
                _("The column '%(column)s' is missing: it identifies each row.")
                % {"column": column.name}
            )
    missing = [c.name for c in columns.values() if c.name not in seen]
    if missing and not plan.file_errors:
        plan.warnings.append(
            _("These columns are not in the file and stay unchanged: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return mapped


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Invalid value.")


# --------------------------------------------------------------------------- #
# Constraints, evaluated in memory
# --------------------------------------------------------------------------- #


class Unsupported(Exception):
    pass


def _operand(instance, value):
    if isinstance(value, models.F):
        return _attribute(instance, value.name)
    return value


def _attribute(instance, name):
    if name == "pk":
        return instance.pk
    model_field = instance._meta.get_field(name)
    if model_field.primary_key:
        return instance.pk
    return getattr(instance, model_field.attname)


COMPARISONS = {"exact": eq, "gte": ge, "lte": le, "gt": gt, "lt": lt}


def _lookup(instance, lookup: str, expected):
    """True, False or None (SQL's unknown) for one `field__lookup=value` condition."""
    name, _sep, operator = lookup.partition("__")
    value = _attribute(instance, name)
    expected = _operand(instance, expected)
    operator = operator or "exact"
    if operator == "isnull":
        return (value is None) == bool(expected)
    if value is None or expected is None:
        return None
    if operator not in COMPARISONS:
        raise Unsupported(lookup)
    return COMPARISONS[operator](value, expected)


def evaluate(q: Q, instance):
    """Three-valued evaluation of a Q of simple lookups, as the database would do it."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(evaluate(child, instance))
        else:
            results.append(_lookup(instance, *child))
    if q.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if q.negated:
        result = None if result is None else not result
    return result


CONSTRAINT_MESSAGES = {
    "after": gettext_noop("The end date lies before the start date."),
    "precision": gettext_noop("A date needs its precision and a precision needs its date."),
    "within_total": gettext_noop("Ghent's budget is larger than the total budget."),
    "positive": gettext_noop("The amount cannot be negative."),
}


def check_constraints(instance, columns_by_attname) -> list[tuple[str, str]]:
    """(column, message) for every check constraint the instance would break."""
    problems = []
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        try:
            passed = evaluate(constraint.condition, instance) is not False
        except Unsupported:
            try:
                constraint.validate(type(instance), instance)
                passed = True
            except ValidationError:
                passed = False
        if passed:
            continue
        column = ""
        for name in constraint.condition.flatten():
            if isinstance(name, tuple):
                attname = name[0].split("__")[0]
                column = columns_by_attname.get(attname, column)
        message = next(
            (_(text) for suffix, text in CONSTRAINT_MESSAGES.items() if suffix in constraint.name),
            str(constraint.get_violation_error_message()),
        )
        problems.append((column, message))
    return problems


def unique_sets(model, key_attnames: tuple[str, ...]) -> list[tuple[tuple[str, ...], Q | None]]:
    """Unique field sets other than the natural key, with their condition if any."""
    sets = []
    for model_field in model._meta.concrete_fields:
        if model_field.unique and not model_field.primary_key:
            sets.append(((model_field.attname,), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            attnames = tuple(model._meta.get_field(f).attname for f in constraint.fields)
            sets.append((attnames, constraint.condition))
    return [(attnames, condition) for attnames, condition in sets if attnames != key_attnames]


# --------------------------------------------------------------------------- #
# Planning
# --------------------------------------------------------------------------- #


def plan_import(resource, sheet: Sheet) -> ImportPlan:
    """What importing `sheet` through `resource` would do, row by row; writes nothing."""
    model = resource._meta.model
    plan = ImportPlan(model=model, columns=[])
    columns = columns_for(resource)
    mapped = map_headers(sheet, resource, columns, plan)
    plan.columns = [c.name for c in mapped if c is not None]
    if plan.file_errors:
        return plan
    keys = key_columns(resource, columns)
    key_positions = [mapped.index(c) for c in keys]
    key_names = [c.name for c in keys]
    key_attnames = tuple(a for c in keys for a in c.attnames)
    present = [c for c in mapped if c is not None]
    columns_by_attname = {a: c.name for c in present for a in c.attnames}
    for column in present:
        if column.is_partial_date:
            columns_by_attname[column.model_field.name] = column.name
    m2m_columns = [c for c in present if c.is_m2m]

    existing = ExistingRecords(model, key_attnames)
    existing_m2m = {}
    for column in m2m_columns:
        links = existing_m2m[column.model_field.name] = {}
        through = column.model_field.remote_field.through
        source = column.model_field.m2m_field_name()
        target = column.model_field.m2m_reverse_field_name()
        for source_id, target_id in through.objects.values_list(f"{source}_id", f"{target}_id"):
            links.setdefault(source_id, set()).add(target_id)
    uniques = unique_sets(model, key_attnames)
    taken = {
        attnames: {
            tuple(getattr(obj, a) for a in attnames): obj.pk
            for obj in existing.values()
            if condition is None or evaluate(condition, obj) is not False
        }
        for attnames, condition in uniques
    }
    seen_keys: dict[tuple, int] = {}
    names_in_file = own_names(sheet, mapped, model)
    exclude = [
        f.name
        for f in model._meta.get_fields()
        if f.many_to_one or f.many_to_many or f.one_to_many or f.one_to_one
    ]

    for number, cells in zip(sheet.numbers, sheet.rows, strict=True):
        row = RowPlan(number=number, key=" / ".join(cells[i] for i in key_positions))
        plan.rows.append(row)
        values, m2m = {}, {}
        for column, text in zip(mapped, cells, strict=True):
            try:
                cleaned = column.clean(text)
            except Exception as error:  # widgets raise ValueError, Decimal and others
                names = names_in_file.get(column.name)
                cleaned = refer_within_file(row, column, text, names, error)
                if cleaned is None:
                    continue
            if column.is_m2m:
                m2m.update(cleaned)
            else:
                values.update(cleaned)
        if row.errors:
            continue
        key = tuple(values[a] for a in key_attnames)
        if any(v in (None, "") for v in key):
            row.errors.append(
                CellError(number, ", ".join(key_names), row.key, _("The key column is empty."))
            )
            continue
        if key in seen_keys:
            row.errors.append(
                CellError(
                    number,
                    ", ".join(key_names),
                    row.key,
                    _("This key already appears in row %(row)s of the file.")
                    % {"row": seen_keys[key]},
                )
            )
            continue
        seen_keys[key] = number
        instance = existing.get(key)
        if instance is None:
            instance = model()
            row.status = NEW
        before = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        for attname, value in values.items():
            setattr(instance, attname, value)
        for name, pks in m2m.items():
            old = existing_m2m[name].get(instance.pk, set()) if instance.pk else set()
            if pks != old:
                row.m2m[name], row.old_m2m[name] = pks, old
        row.instance = instance
        validate_row(row, instance, exclude, columns_by_attname)
        for attname, old in before.items():
            if attname != "updated_at" and getattr(instance, attname) != old:
                row.changed_attnames.add(attname)
                if row.status != NEW:
                    row.old_values[attname] = old
        for attnames, condition in uniques:
            if row.errors or any(a not in values for a in attnames):
                continue
            if condition is not None and evaluate(condition, instance) is False:
                continue
            value = tuple(getattr(instance, a) for a in attnames)
            owner = taken[attnames].get(value)
            if owner is not None and owner != (instance.pk or number * -1):
                names = ", ".join(columns_by_attname.get(a, a) for a in attnames)
                row.errors.append(
                    CellError(
                        number,
                        names,
                        " / ".join(str(v) for v in value),
                        _("This value is already used by another record."),
                    )
                )
            else:
                taken[attnames][value] = instance.pk or number * -1
        if row.errors:
            continue
        if row.status != NEW:
            row.status = UPDATE if (row.changed_attnames or row.m2m) else SKIP
        after = {a: getattr(instance, a) for a in before}
        after.update(m2m)
        before = {**after, **row.old_values, **row.old_m2m}
        for column in present:
            touched = set(column.attnames) & row.changed_attnames or (
                column.is_m2m and column.model_field.name in row.m2m
            )
            if touched:
                old_text = column.render(before) if row.status == UPDATE else ""
                row.changes.append((column.name, old_text, column.render(after)))
    check_file_references(plan)
    for row in plan.rows:
        if row.errors:
            row.status = ERROR
    return plan


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
        row.errors.append(CellError(row.number, column.name, text, message))
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
                row.errors.append(
                    CellError(
                        row.number,
                        "",
                        "",
                        _("Row %(row)s of the file, which this row refers to, has errors.")
                        % {"row": number},
                    )
                )


def validate_row(row: RowPlan, instance, exclude, columns_by_attname) -> None:
    """Field validation, the model's clean() and check constraints, without queries."""
    try:
        clean_fields(instance, exclude)
        instance.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = columns_by_attname.get(name, "")
            value = getattr(instance, name, "") if name != "__all__" else ""
            row.errors.append(CellError(row.number, column, str(value or ""), " ".join(messages)))
    for model_field in instance._meta.concrete_fields:
        if model_field.many_to_one and not model_field.null:
            if getattr(instance, model_field.attname) is None:
                row.errors.append(
                    CellError(
                        row.number,
                        columns_by_attname.get(model_field.attname, str(model_field.verbose_name)),
                        "",
                        _("This field is required."),
                    )
                )
    if not row.errors:
        for column, message in check_constraints(instance, columns_by_attname):
            row.errors.append(CellError(row.number, column, "", message))


# --------------------------------------------------------------------------- #
# Writing and undoing
# --------------------------------------------------------------------------- #


def has_updated_at(model) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


def serialise(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def write_m2m(model, rows: list[RowPlan], attribute: str) -> None:
    for name in {n for row in rows for n in getattr(row, attribute)}:
        model_field = model._meta.get_field(name)
        through = model_field.remote_field.through
        source = f"{model_field.m2m_field_name()}_id"
        target = f"{model_field.m2m_reverse_field_name()}_id"
        changed = [row for row in rows if name in getattr(row, attribute)]
        # A record this import created has no links yet: nothing to delete.
        pks = [row.instance.pk for row in changed if row.status != NEW]
        for start in range(0, len(pks), BATCH_SIZE):
            through.objects.filter(**{f"{source}__in": pks[start : start + BATCH_SIZE]}).delete()
        pairs = [(row.instance.pk, pk) for row in changed for pk in getattr(row, attribute)[name]]
        if pairs:
            insert_rows(through, [source, target], pairs)


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


def apply_plan(plan: ImportPlan, *, user=None, reason: str = "") -> dict:
    """Write a valid plan in one transaction; return what undo needs to revert it."""
    assert plan.is_valid, "only a plan without errors can be written"
    model = plan.model
    now = timezone.now()
    new_rows = [row for row in plan.rows if row.status == NEW]
    update_rows = [row for row in plan.rows if row.status == UPDATE]
    history = {"user": user, "reason": reason, "date": now}
    with transaction.atomic():
        if new_rows:
            for row in new_rows:
                for attname in row.file_refs:
                    setattr(row.instance, attname, None)  # set once the target exists
            created = insert_records(
                model, [row.instance for row in new_rows], batch_size=INSERT_BATCH_SIZE
            )
            for row, instance in zip(new_rows, created, strict=True):
                row.instance = instance
            referring = [row.instance for row in new_rows if row.file_refs]
            linked = link_file_references(plan, new_rows)
            if referring:
                model._default_manager.bulk_update(referring, linked, batch_size=BATCH_SIZE)
        fields = {a for row in update_rows for a in row.changed_attnames}
        if has_updated_at(model):
            for row in update_rows:
                row.instance.updated_at = now
            fields.add("updated_at")
        field_names = [model._meta.get_field(a.removesuffix("_id")).name for a in fields]
        changed_rows = [
            row.instance for row in update_rows if row.changed_attnames or has_updated_at(model)
        ]
        if changed_rows and field_names:
            model._default_manager.bulk_update(
                changed_rows, sorted(field_names), batch_size=BATCH_SIZE
            )
        write_m2m(model, new_rows + update_rows, "m2m")
        # The history comes last, so that its many-to-many snapshot shows the new links.
        marks = [
            record_history(
                model,
                [row.instance for row in new_rows],
                update=False,
                batch_size=INSERT_BATCH_SIZE,
                **history,
            ),
            record_history(model, [row.instance for row in update_rows], update=True, **history),
        ]
    return {
        "created": [row.instance.pk for row in new_rows],
        "updated": [
            {
                "pk": row.instance.pk,
                "fields": serialise(row.old_values),
                "m2m": {name: sorted(pks) for name, pks in row.old_m2m.items()},
            }
            for row in update_rows
        ],
        # What undo compares with to notice later changes.
        "history_id": max((m for m in marks if m is not None), default=None),
        "at": timezone.now().isoformat(),
    }
