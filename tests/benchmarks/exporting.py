"""B5: exports of filtered lists, ours against stock django-import-export: throughput,
memory growth and query counts."""

from gentintl.spreadsheets import exporting
from partnerships.models import Activity, Contact
from partnerships.resources import ActivityResource, ContactResource
from tests.benchmarks.baselines import (
    StockContactResource,
)
from tests.benchmarks.measuring import (
    median,
    memory_growth,
    plural,
    queries,
    result,
    timed,
)


def contacts_up_to(n):
    """The contact list filtered to its first `n` rows by e-mail (the populated set)."""
    return Contact.objects.filter(email__lt=f"contact{n:06d}@example.be")


def ours_export(queryset, file_format, resource_class=ContactResource) -> int:
    headers, rows = exporting.export_rows(resource_class(), queryset)
    return len(exporting.write(file_format, headers, rows))


def stock_export(queryset, file_format) -> int:
    dataset = StockContactResource().export(queryset=queryset)
    return len(dataset.export(file_format))


def b5_export(n, stock_size, repeats) -> list[dict]:
    queryset, few = contacts_up_to(n), contacts_up_to(1000)
    assert queryset.count() == n, "populate the database with at least n contacts"
    limits = {"csv": 100_000, "xlsx": 20_000}
    out = []
    for file_format, limit in limits.items():
        ours_s, stock_s = [], []
        for _ in range(repeats(n)):
            ours_s.append(timed(lambda f=file_format: ours_export(queryset, f))[0])
            stock_s.append(
                timed(lambda f=file_format: stock_export(contacts_up_to(stock_size), f))[0]
            )
        ours_rate, stock_rate = n / median(ours_s), stock_size / median(stock_s)
        out.append(
            result(
                "B5",
                f"export {n:,} filtered contacts to {file_format.upper()} (rows/s) vs stock",
                round(ours_rate),
                round(stock_rate),
                round(ours_rate / stock_rate, 1),
                f">= {limit:,} rows/s",
                ours_rate >= limit,
                unit="rows/s",
                note=f"stock measured on {stock_size:,} rows",
                ours_s=round(median(ours_s), 3),
            )
        )
        grown = memory_growth(lambda f=file_format: ours_export(queryset, f))
        out.append(
            result(
                "B5",
                f"export {n:,} contacts to {file_format.upper()}: memory growth (tracemalloc)",
                round(grown / 2**20, 1),
                None,
                None,
                "< 100 MB",
                grown < 100 * 2**20,
                unit="MB",
            )
        )
    for model, resource, big in (
        (Contact, ContactResource, queryset),
        (Activity, ActivityResource, Activity.objects.all()),
    ):
        small = few if model is Contact else Activity.objects.filter(pk__lte=1000)
        counted = [queries(lambda q=q, r=resource: ours_export(q, "csv", r)) for q in (small, big)]
        out.append(
            result(
                "B5",
                f"export queries, {small.count():,} vs {big.count():,} {plural(model)}",
                counted[1],
                counted[0],
                None,
                "same",
                counted[0] == counted[1],
                unit="queries",
            )
        )
    return out


# --------------------------------------------------------------------------- #
# B6, B7: dashboard lists and search
# --------------------------------------------------------------------------- #

# Each list with a filter that keeps a large share of the rows at both sizes (the
# expensive case: a selective filter is cheap at any size). The small size keeps the
# oldest rows, so date filters must reach back far enough to match some of them.
