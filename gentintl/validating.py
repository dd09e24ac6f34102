"""Field validation of many rows, each distinct value of a column checked once.

An import validates every row with `Model.clean_fields`: for 10,000 contacts that is
70,000 calls of `Field.clean`, most of them on values repeated from row to row (a kind,
a function, an address). For Django's own field classes with Django's own validators,
`Field.clean` depends on the value only, so its outcome is kept in a small cache keyed
by field and value. Anything else (a model with its own `clean_fields`, a field class or
validator from elsewhere, a value of another type) is validated as Django does.
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


# Small on purpose: it holds imported values (personal data) only briefly.
@functools.lru_cache(maxsize=4096, typed=True)
def cleaned(model_field, value):
    """(the cleaned value, None) or (None, the errors)."""
    try:
        return model_field.clean(value, None), None
    except ValidationError as error:
        return None, error.error_list


def clean_fields(instance, exclude) -> None:
    """`instance.clean_fields(exclude=exclude)`, with the outcome per value cached."""
    if type(instance).clean_fields is not models.Model.clean_fields:
        instance.clean_fields(exclude=exclude)
        return
    errors = {}
    for model_field in instance._meta.fields:
        if model_field.name in exclude or model_field.generated:
            continue
        raw_value = getattr(instance, model_field.attname)
        if model_field.blank and raw_value in model_field.empty_values:
            continue
        if isinstance(raw_value, DatabaseDefault):
            continue
        if type(raw_value) in KEPT_TYPES and is_pure(model_field):
            value, error_list = cleaned(model_field, raw_value)
        else:
            try:
                value, error_list = model_field.clean(raw_value, instance), None
            except ValidationError as error:
                error_list = error.error_list
        if error_list:
            errors[model_field.name] = error_list
        else:
            setattr(instance, model_field.attname, value)
    if errors:
        raise ValidationError(errors)
