"""Guards for the benchmarks, fast enough for every test run: the number of queries an
import or an export runs does not grow with its rows, and the fast export writes exactly
what the resources' own export would."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gentintl.spreadsheets import exporting
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import Activity, Contact, Organisation, Partnership, Theme
from partnerships.resources import ActivityResource, ContactResource
from partnerships.widgets import city_key
from tests.benchmarks.generate import (
    ACTIVITY_HEADERS,
    CONTACT_HEADERS,
    THEMES,
    activity_rows,
    contact_rows,
)


def csv_file(headers, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([headers, *rows])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def seeded(seeded):
    """The seeds plus the themes the generated rows name."""
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    return seeded


def organisations() -> list[str]:
    return list(Organisation.objects.order_by("name").values_list("name", flat=True))


def contacts(n):
    return CONTACT_HEADERS, contact_rows(n, organisations())


def activities(n):
    partnerships = [city_key(p.city) for p in Partnership.objects.select_related("city")]
    return ACTIVITY_HEADERS, activity_rows(n, partnerships, organisations())


def import_queries(resource_class, headers, rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        plan = plan_import(resource_class(), read_sheet(csv_file(headers, rows), "f.csv"))
        assert plan.is_valid, plan.errors[:3]
        apply_plan(plan)
    return len(captured)


@pytest.mark.parametrize(
    ("resource_class", "make_rows"),
    [(ContactResource, contacts), (ActivityResource, activities)],
    ids=["contacts", "activities"],
)
def test_importing_100_rows_runs_as_many_queries_as_10(seeded, resource_class, make_rows):
    # SQLite caps a statement at 999 parameters: 100 rows take two insert batches there.
    n = 100 if connection.vendor == "postgresql" else 50
    headers, rows = make_rows(10 + n)
    model = resource_class._meta.model
    before = model.objects.count()
    few = import_queries(resource_class, headers, rows[:10])
    many = import_queries(resource_class, headers, rows[10:])
    assert model.objects.count() == before + 10 + n
    assert many == few


def export_queries(resource_class, queryset) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        headers, rows = exporting.export_rows(resource_class(), queryset)
        data = exporting.write("csv", headers, rows)
    return len(captured), data


@pytest.mark.parametrize(
    ("resource_class", "make_rows"),
    [(ContactResource, contacts), (ActivityResource, activities)],
    ids=["contacts", "activities"],
)
def test_exporting_100_rows_runs_as_many_queries_as_10(seeded, resource_class, make_rows):
    headers, rows = make_rows(100)
    apply_plan(plan_import(resource_class(), read_sheet(csv_file(headers, rows), "f.csv")))
    model = resource_class._meta.model
    pks = list(model.objects.values_list("pk", flat=True))
    few, small = export_queries(resource_class, model.objects.filter(pk__in=pks[:10]))
    many, big = export_queries(resource_class, model.objects.filter(pk__in=pks[:100]))
    assert small.count(b"\r\n") == 11 and big.count(b"\r\n") == 101
    assert many == few


def slow_export(resource, queryset) -> list[list[str]]:
    """Every cell through django-import-export's own field export, one instance a row
    (as text; each writer neutralises formula-like text in its own way)."""
    fields = resource.get_export_fields()
    return [[exporting.text(resource.export_field(f, obj)) for f in fields] for obj in queryset]


def test_fast_export_writes_what_every_resource_would(seeded):
    from gentintl.spreadsheets.admin import SpreadsheetAdminMixin
    from gentintl.urls import admin

    headers, rows = activities(20)
    apply_plan(plan_import(ActivityResource(), read_sheet(csv_file(headers, rows), "f.csv")))
    model_admins = [
        a for a in admin.site._registry.values() if isinstance(a, SpreadsheetAdminMixin)
    ]
    assert {a.model for a in model_admins} >= {Activity, Contact, Partnership}
    for model_admin in model_admins:
        resource = model_admin.resource_class()
        queryset = model_admin.model.objects.all()
        headers, rows = exporting.export_rows(resource, queryset)
        assert [list(row) for row in rows] == slow_export(resource, queryset), model_admin.model
