"""A model's check and unique constraints, evaluated in memory for an import's rows.

An import checks every row against the constraints the database would enforce, without a
query per row. A constraint's condition (a `Q` of simple lookups) is turned into a Python
function once per import and called for each row, with SQL's three-valued logic: a
comparison with NULL is unknown, and a check constraint passes unless its condition is
false. A condition with a lookup this module does not know falls back on Django's own
`constraint.validate`, which queries the database.
"""

from operator import eq, ge, gt, le, lt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

COMPARISONS = {"exact": eq, "gte": ge, "lte": le, "gt": gt, "lt": lt}
# The transforms a condition may apply to a date (`ended_on__year`).
DATE_PARTS = ("year", "month", "day")


class Unsupported(Exception):
    pass


def _attname(model, name: str) -> str:
    if name == "pk":
        return model._meta.pk.attname
    return model._meta.get_field(name).attname


def _value(model, path: str):
    """A function of an instance giving a field's value, or a part of a date field's
    value ("began_on__year"); None stays None."""
    name, _sep, part = path.partition("__")
    attname = _attname(model, name)
    if not part:
        return lambda instance: getattr(instance, attname)
    if part not in DATE_PARTS:
        raise Unsupported(path)

    def value(instance):
        date = getattr(instance, attname)
        return None if date is None else getattr(date, part)

    return value


def _operand(model, value):
    """A function of an instance giving the right-hand side of a lookup."""
    if isinstance(value, models.F):
        return _value(model, value.name)
    if hasattr(value, "resolve_expression"):
        raise Unsupported(value)
    return lambda instance: value


def _lookup(model, lookup: str, expected):
    """A function of an instance: True, False or None (SQL's unknown) for one condition."""
    name, _sep, operator = lookup.partition("__")
    if operator in DATE_PARTS or operator.partition("__")[0] in DATE_PARTS:
        part, _sep, operator = operator.partition("__")
        name = f"{name}__{part}"
    if "__" in operator:
        raise Unsupported(lookup)
    value_of = _value(model, name)
    operator = operator or "exact"
    if operator == "exact" and expected is None:  # as Django does: `field=None` is IS NULL
        operator, expected = "isnull", True
    right = _operand(model, expected)
    if operator == "isnull":
        if not isinstance(expected, bool):
            raise Unsupported(lookup)
        return lambda instance: (value_of(instance) is None) == expected
    if operator not in COMPARISONS:
        raise Unsupported(lookup)
    compare = COMPARISONS[operator]

    def check(instance):
        value, other = value_of(instance), right(instance)
        if value is None or other is None:
            return None
        return compare(value, other)

    return check


def compile_condition(model, q: Q):
    """`q` as a function of an instance of `model` (three-valued); raises Unsupported."""
    parts = [
        compile_condition(model, child) if isinstance(child, Q) else _lookup(model, *child)
        for child in q.children
    ]
    # AND is false as soon as one part is false, OR true as soon as one is true; else
    # unknown if one part is unknown.
    decisive = q.connector != Q.AND
    negated = q.negated

    def check(instance):
        result = not decisive
        for part in parts:
            value = part(instance)
            if value is decisive:
                result = decisive
                break
            if value is None:
                result = None
        if negated and result is not None:
            return not result
        return result

    return check


def lookups(q: Q) -> list[str]:
    """The `field__lookup` names of a condition, in order."""
    found = []
    for child in q.children:
        found += lookups(child) if isinstance(child, Q) else [child[0]]
    return found


class CheckConstraints:
    """The model's check constraints, compiled once; `problems(instance)` per row."""

    def __init__(self, model, columns_by_attname: dict[str, str]):
        self.checks = []
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            try:
                check = compile_condition(model, constraint.condition)
            except (Unsupported, LookupError):
                check = None
            self.checks.append((constraint, check, self.describe(constraint, columns_by_attname)))

    @staticmethod
    def describe(constraint, columns_by_attname) -> tuple[str, str]:
        """The column and the message of a row that breaks `constraint`."""
        column = ""
        for lookup in lookups(constraint.condition):
            column = columns_by_attname.get(lookup.split("__")[0], column)
        return column, constraint.get_violation_error_message()

    def problems(self, instance) -> list[tuple[str, str]]:
        """(column, message) for every check constraint the instance would break."""
        found = []
        for constraint, check, (column, message) in self.checks:
            if check is not None:
                passed = check(instance) is not False
            else:
                try:
                    constraint.validate(type(instance), instance)
                    passed = True
                except ValidationError:
                    passed = False
            if not passed:
                found.append((column, str(message)))
        return found


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
