"""Constraints evaluated in memory agree with what the database decides."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F, Q

from gentintl.spreadsheets.constraints import CheckConstraints, Unsupported, compile_condition
from partnerships.models import Contact, EUProject, Partnership


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        (Q(phone="") | ~Q(phone_e164=""), {"phone": "", "phone_e164": ""}, True),
        (Q(phone="") | ~Q(phone_e164=""), {"phone": "09", "phone_e164": ""}, False),
        (Q(phone="") | ~Q(phone_e164=""), {"phone": "09", "phone_e164": "+329"}, True),
        (Q(phone=None) | Q(phone="x"), {"phone": "y"}, False),
        # Comparisons with NULL are unknown, and NOT unknown stays unknown.
        (Q(phone_e164="x"), {"phone_e164": None}, None),
        (Q(phone_e164=None), {"phone_e164": None}, True),  # `=None` is IS NULL
        (~Q(phone_e164="x"), {"phone_e164": None}, None),
        (Q(phone_e164__isnull=True), {"phone_e164": None}, True),
        (Q(phone="a") & Q(phone_e164="x"), {"phone": "b", "phone_e164": None}, False),
        (Q(phone="a") & Q(phone_e164="x"), {"phone": "a", "phone_e164": None}, None),
        (Q(phone="a") | Q(phone_e164="x"), {"phone": "b", "phone_e164": None}, None),
        (Q(phone="a") | Q(phone_e164="x"), {"phone": "a", "phone_e164": None}, True),
    ],
)
def test_three_valued_logic(condition, values, expected):
    assert compile_condition(Contact, condition)(Contact(**values)) is expected


def test_a_field_compared_with_another():
    condition = Q(ended_on__isnull=True) | Q(ended_on__gte=F("began_on"))
    check = compile_condition(Partnership, condition)
    day = datetime.date(2020, 1, 1)
    assert check(Partnership(began_on=day, ended_on=day)) is True
    assert check(Partnership(began_on=day, ended_on=datetime.date(2019, 1, 1))) is False
    assert check(Partnership(began_on=None, ended_on=day)) is None


def test_an_unknown_lookup_is_refused_when_compiled():
    with pytest.raises(Unsupported):
        compile_condition(Contact, Q(name__startswith="A"))


def test_broken_check_constraints_name_their_column_and_message():
    checks = CheckConstraints(Contact, {"phone": "Telefoon", "phone_e164": "Telefoon"})
    assert checks.problems(Contact(phone="", mobile="")) == []
    problems = checks.problems(Contact(phone="09", phone_e164="", mobile=""))
    assert [column for column, _message in problems] == ["Telefoon"]


def test_a_broken_check_speaks_with_the_constraints_own_message():
    checks = CheckConstraints(EUProject, {"budget": "Budget", "ghent_budget": "Budget Gent"})
    project = EUProject(
        name="X", budget=Decimal("100"), ghent_budget=Decimal("150"), started_on=None
    )

    problems = checks.problems(project)

    assert ("Budget Gent", "Het budget van Gent is groter dan het totale budget.") in problems
