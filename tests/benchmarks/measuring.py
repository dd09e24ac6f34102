"""What every benchmark case shares: medians, timing, the results table's rows, files to
import, query counts and memory growth."""

import csv
import io
import statistics
import time
import tracemalloc
from contextlib import contextmanager

import openpyxl
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation


def result(case, what, ours, baseline, ratio, target, passed, unit="s", note="", **details):
    return {
        "case": case,
        "what": what,
        "unit": unit,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "passed": passed,
        "note": note,
        "details": details,
    }


def plural(model) -> str:
    with translation.override("en"):
        return str(model._meta.verbose_name_plural)


def median(values):
    return statistics.median(values)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextmanager
def rolled_back():
    """Measure a write, then leave the database as it was for the next repetition."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def timed(function):
    """Seconds `function` takes, deferred foreign key checks included (as at commit)."""
    start = time.perf_counter()
    value = function()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return time.perf_counter() - start, value


def csv_bytes(headers, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(headers, rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def memory_growth(function) -> int:
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        function()
        return tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()


def editor_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client
