"""Field validation a column at a time finds exactly what Model.clean_fields finds."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gentintl.spreadsheets.validating import (
    all_texts_valid,
    checks_texts_only,
    clean_fields_of,
    is_pure,
)
from partnerships.models import Contact, EUProject

CONTACTS = [
    {"email": "an@stad.gent", "name": "An", "kind": "person"},
    {"email": "geen-adres", "name": "An", "kind": "person"},
    {"email": "an@stad.gent", "name": "", "kind": "person"},
    {"email": "an@stad.gent", "name": "x" * 201, "kind": "robot"},
    {"email": "", "name": "Bo", "kind": "team", "function": "f" * 300},
    {"email": "b@[1.2.3.4]", "name": "Bo", "kind": "team", "phone": "0" * 41},
]
PROJECT = {"acronym": "A", "name": "N", "programme": "P", "ghent_role": "lead"}
PROJECTS = [
    PROJECT,
    {**PROJECT, "acronym": "", "ghent_role": "baas"},
    {**PROJECT, "budget": "12,5"},
    {**PROJECT, "ghent_role": "partner", "budget": Decimal("1e20")},
    {**PROJECT, "started_on": "2021-13-01"},
    {**PROJECT, "started_on": datetime.date(2021, 7, 1), "started_on_precision": "eeuw"},
]


def django_outcome(instance, exclude):
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        return error.message_dict
    return attributes(instance)


def attributes(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.parametrize(("model", "rows"), [(Contact, CONTACTS), (EUProject, PROJECTS)])
def test_same_errors_and_values_as_django(model, rows):
    exclude = ["organisation", "network"]
    expected = [django_outcome(model(**values), exclude) for values in rows]
    known = {}
    for _ in range(2):  # the second time with what the first found of each value
        instances = [model(**values) for values in rows * 2]  # each value seen twice
        errors = clean_fields_of(instances, exclude, known)
        ours = [
            ValidationError(errors[i]).message_dict if i in errors else attributes(instance)
            for i, instance in enumerate(instances)
        ]
        assert ours == expected * 2


def test_only_djangos_own_fields_are_cached():
    assert is_pure(Contact._meta.get_field("email"))
    assert not is_pure(Contact._meta.get_field("organisation"))
    from partnerships.models import City

    assert not is_pure(City._meta.get_field("country"))  # django-countries' field


def test_texts_are_checked_all_at_once_only_for_plain_text_fields():
    from partnerships.models import City

    assert checks_texts_only(Contact._meta.get_field("name"))
    assert checks_texts_only(Contact._meta.get_field("email"))
    assert not checks_texts_only(Contact._meta.get_field("kind"))  # choices
    assert not checks_texts_only(City._meta.get_field("country"))
    assert not checks_texts_only(EUProject._meta.get_field("website"))  # URLValidator


@pytest.mark.parametrize(
    ("field", "texts", "valid"),
    [
        ("name", {"An", "Bo"}, True),
        ("name", {"An", "x" * 200}, True),
        ("name", {"An", "x" * 201}, False),
        ("name", {"An", ""}, False),  # name may not be blank
        ("function", {"", "f" * 200}, True),
        ("function", set(), True),
        ("email", {"", "an@stad.gent", "b.c+d@sub.stad.gent"}, True),
        ("email", {"an@stad.gent", "an@localhost", "x@[192.168.0.1]", "x@[::1]"}, True),
        ("email", {'"quoted name"@stad.gent', "ÉLO@stad.gent"}, False),
        ("email", {"an@stad.gent", "geen-adres"}, False),
        ("email", {"an@stad.gent", "an@@stad.gent"}, False),
        ("email", {"an@stad.gent", "an@stad"}, False),
        ("email", {"an@stad.gent", "x@[999.1.1.1]"}, False),
        ("email", {"an@stad.gent", "an@-stad.gent"}, False),
        ("email", {"an@stad.gent", "an.@stad.gent"}, False),
        ("email", {"a" * 190 + "@stad.gent"}, True),
        ("email", {"a" * 250 + "@stad.gent"}, False),  # longer than the field (254)
    ],
)
def test_all_texts_valid_agrees_with_django(field, texts, valid):
    model_field = Contact._meta.get_field(field)
    each = []
    for text in texts:
        try:
            model_field.clean(text, None)
            each.append(True)
        except ValidationError:
            each.append(False)
    assert all(each) is valid
    assert all_texts_valid(model_field, texts) is valid
    # The check for all at once agrees with Django text by text too.
    for text, valid_alone in zip(texts, each, strict=True):
        assert all_texts_valid(model_field, {text}) is valid_alone
