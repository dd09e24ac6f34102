"""Field validation of many rows, each distinct value of a column checked once.

An import validates every row as `Model.clean_fields` does: for 10,000 contacts that is
70,000 calls of `Field.clean`, most of them on values repeated from row to row (a kind,
a function, an address). For Django's own field classes with Django's own validators,
`Field.clean` depends on the value only, so its outcome is worked out once per field and
value, for the rows of one file. Anything else (a model with its own `clean_fields`, a
field class or validator from elsewhere, a value of another type) is validated per row,
as Django does.

A column of plain texts (Django's text and e-mail fields with their own validators
only) is first checked all at once: its longest text against `max_length` and each
distinct address with the field's own EmailValidator, without the rest of `Field.clean`.
When every text passes, nothing more is needed; when one may not, each is validated as
above, so errors read as Django writes them.
"""

import datetime
import functools

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault

# Values equal only when they are the same: not Decimal("1.0") and Decimal("1.00"), not
# one instant in two time zones.
KEPT_TYPES = {str, int, bool, datetime.date}


@functools.cache
def is_pure(model_field) -> bool:
    """Whether `model_field.clean(value, instance)` depends on the value only."""
    field_class = type(model_field)
    return (
        field_class.__module__.startswith("django.db.models.fields")
        and not model_field.is_relation
        and field_class.validate is models.Field.validate
        and field_class.clean is models.Field.clean
        and all(type(v).__module__ == validators.__name__ for v in model_field.validators)
    )


@functools.cache
def checks_texts_only(model_field) -> bool:
    """Whether `model_field.clean` of a text only checks that it is not blank (where
    blank is not allowed), not longer than `max_length` and, for an e-mail field, an
    address: Django's own text and e-mail fields without choices or other validators."""
    return (
        type(model_field) in (models.CharField, models.TextField, models.EmailField)
        and is_pure(model_field)
        and not model_field.choices
        and all(type(v) in CHECKED_AT_ONCE for v in model_field.validators)
    )


CHECKED_AT_ONCE = (validators.MaxLengthValidator, validators.EmailValidator)


def all_texts_valid(model_field, texts: set[str]) -> bool:
    """True when every text is valid for a field that `checks_texts_only`, checked for
    all at once; False when one may not be (each is then checked on its own)."""
    if "" in texts:
        if not model_field.blank:
            return False
        texts = texts - {""}  # valid where blank is allowed; validators skip it
    if not texts:
        return True
    limit = model_field.max_length
    if limit is not None and max(map(len, texts)) > limit:
        return False
    emails = [v for v in model_field.validators if type(v) is validators.EmailValidator]
    return all(all_addresses_valid(validator, texts) for validator in emails)


def all_addresses_valid(validator, texts) -> bool:
    """Whether the EmailValidator `validator` accepts every text."""
    try:
        for text in texts:
            validator(text)
    except ValidationError:
        return False
    return True


def clean_fields_of(instances: list, exclude, known=None) -> dict[int, dict[str, list]]:
    """`clean_fields(instance, exclude)` for every instance of one model, a field at a
    time: the errors by position in `instances`, as {field name: error list}. A value
    repeated across instances is validated once; `known`, a dict the caller keeps,
    carries the outcomes over to the next call (for the chunks of one file)."""
    if not instances:
        return {}
    model = type(instances[0])
    errors: dict[int, dict[str, list]] = {}
    if model.clean_fields is not models.Model.clean_fields:
        for position, instance in enumerate(instances):
            try:
                instance.clean_fields(exclude=exclude)
            except ValidationError as error:
                errors[position] = error.error_dict
        return errors
    for model_field in model._meta.fields:
        if model_field.name in exclude or model_field.generated:
            continue
        attname, name = model_field.attname, model_field.name
        pure = is_pure(model_field)
        outcomes = {} if known is None else known.setdefault(model_field, {})
        values = [getattr(instance, attname) for instance in instances]
        kinds = set(map(type, values))
        if pure and len(kinds) == 1 and kinds <= KEPT_TYPES:
            # One type: each distinct value checked once; often every one stays as it is.
            kind, distinct = kinds.pop(), set(values)
            if kind is str and checks_texts_only(model_field):
                if all_texts_valid(model_field, distinct):
                    continue  # every value valid, and kept as it is
            for raw_value in distinct:
                if (kind, raw_value) not in outcomes:
                    outcomes[kind, raw_value] = clean_value(model_field, raw_value, None)
            if all(outcomes[kind, v] is UNCHANGED for v in distinct):
                continue
        for position, raw_value in enumerate(values):
            kind = type(raw_value)
            if pure and kind in KEPT_TYPES:
                key = (kind, raw_value)
                outcome = outcomes.get(key)
                if outcome is None:
                    outcome = outcomes[key] = clean_value(model_field, raw_value, None)
            else:
                outcome = clean_value(model_field, raw_value, instances[position])
            if outcome is UNCHANGED:
                continue
            value, error_list = outcome
            if error_list:
                errors.setdefault(position, {})[name] = error_list
            else:
                setattr(instances[position], attname, value)
    return errors


# What clean_value gives a value that is valid and stays as it is.
UNCHANGED = (None, None)


def clean_value(model_field, value, instance):
    """(the cleaned value, None), (None, the errors), or UNCHANGED for a valid value that
    cleaning leaves as it is (a blank value where blank is allowed, a database default)."""
    if model_field.blank and value in model_field.empty_values:
        return UNCHANGED
    if isinstance(value, DatabaseDefault):
        return UNCHANGED
    try:
        cleaned = model_field.clean(value, instance)
    except ValidationError as error:
        return None, error.error_list
    return UNCHANGED if cleaned is value else (cleaned, None)
