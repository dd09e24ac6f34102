"""B6, B7 and B9: list pages at a hundred times Ghent's size against a small database,
the list search against an `icontains` scan, and the site search against a naive one."""

import functools
import operator
import time
from contextlib import contextmanager

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Activity, Contact, Partnership
from pressroom.models import PressRelease
from tests.benchmarks.measuring import (
    editor_client,
    median,
    p95,
    result,
    timed,
)

LISTS = {
    "partnerships:partnership_list": (Partnership, {"status": "dormant"}),
    "partnerships:activity_list": (Activity, {"occurred_from": "2000-01-01"}),
    "partnerships:contact_list": (Contact, {"kind": "person"}),
    "pressroom:pressrelease_list": (PressRelease, {"published_from": "2001-01-01"}),
}
B6_TARGET = "same queries, <= 1.5x, p95 < 100 ms"


def get_timings(client, url, params=None) -> float:
    """Seconds of one request of the list page."""
    start = time.perf_counter()
    response = client.get(url, params or {})
    seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return seconds


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params or {})
    return len(captured)


def deepest_page(model) -> int:
    """The last page of the unfiltered list that a person can open (the list's paginator
    bounds it)."""
    from gentintl.lists import PAGE_SIZE
    from gentintl.pagination import BoundedPaginator

    return BoundedPaginator(model._default_manager.all(), PAGE_SIZE).num_pages


def b6_variants(model, filters) -> dict[str, dict]:
    """The views B6 measures for one list: first page, filtered, and the deepest page."""
    return {
        "first page": {},
        "filtered": filters,
        "deepest page": {"page": deepest_page(model)},
    }


@contextmanager
def small_database(small: int):
    """A second scratch database with `small` rows of each listed kind, generated the same
    way, for the baseline of B6. (Deleting rows inside a rolled-back transaction would
    leave them in the table and its indexes, where every scan still steps over them.)

    Yields `use(is_small)`, which points Django's default connection at the small or the
    big database. Both stay connected, so that the two can be measured in turns: the
    machine's speed drifts too much between one block of requests and the next."""
    import psycopg
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    from tests.benchmarks.generate import populate

    big = connections["default"]
    settings = big.settings_dict
    small_name = f"{settings['NAME']}_small"
    params = {k: settings[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if settings.get(k)}
    admin = psycopg.connect(
        dbname="postgres", autocommit=True, **{k.lower(): v for k, v in params.items()}
    )
    small_connection = type(big)({**settings, "NAME": small_name}, "default")

    def use(is_small: bool) -> None:
        connections["default"] = small_connection if is_small else big

    def content_types():
        return list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))

    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{small_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{small_name}"')
        try:
            use(True)
            call_command("migrate", verbosity=0)
            populate(
                partner_cities=small,
                organisations=small,
                activities=small,
                contacts=small,
                press_releases=small,
            )
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            # Django caches content types by primary key for the whole process.
            small_types = content_types()
            use(False)
            assert content_types() == small_types, "the two databases' content types differ"
            yield use
        finally:
            use(False)
            small_connection.close()
            admin.execute(f'DROP DATABASE IF EXISTS "{small_name}" WITH (FORCE)')


def list_plan() -> dict:
    """For the current database: each variant of each list, its URL, parameters and rows."""
    plan = {}
    for name, (model, filters) in LISTS.items():
        rows = model.objects.count()
        for variant, params in b6_variants(model, filters).items():
            plan[name, variant] = (reverse(name), params, rows)
    return plan


def measure_lists(use, repeats) -> tuple[dict, dict]:
    """Timings and query counts of every variant of every list in both databases, in
    turns: each round requests every variant from one database, then at once from the
    other (which goes first alternates), so that both see the same load."""
    plans, clients = {}, {}
    for is_small in (False, True):
        use(is_small)
        plans[is_small] = list_plan()
        clients[is_small] = editor_client()
        for url, params, _rows in plans[is_small].values():  # warm up templates and caches
            clients[is_small].get(url, params)
    seconds = {(is_small, key): [] for is_small, plan in plans.items() for key in plan}
    for round_ in range(repeats):
        for key in plans[False]:
            for is_small in (round_ % 2 == 1, round_ % 2 == 0):
                use(is_small)
                url, params, _rows = plans[is_small][key]
                seconds[is_small, key].append(get_timings(clients[is_small], url, params))
    queries = {}
    for is_small, plan in plans.items():
        use(is_small)
        for key, (url, params, _rows) in plan.items():
            queries[is_small, key] = count_queries(clients[is_small], url, params)
    use(False)
    measured = {}
    for is_small in (False, True):
        measured[is_small] = {
            key: (rows, params, seconds[is_small, key], queries[is_small, key])
            for key, (_url, params, rows) in plans[is_small].items()
        }
    return measured[False], measured[True]


def b6_lists(small, repeats) -> list[dict]:
    with small_database(small) as use:
        big, baseline = measure_lists(use, repeats)
    out = []
    for (name, variant), (rows, params, big_s, big_q) in big.items():
        small_rows, small_params, small_s, small_q = baseline[name, variant]
        ratio = median(big_s) / median(small_s)
        passed = big_q == small_q and ratio <= 1.5 and p95(big_s) < 0.1
        out.append(
            result(
                "B6",
                f"list {name.split(':')[1]}, {variant}: {small_rows:,} vs {rows:,} rows",
                round(median(big_s) * 1000, 1),
                round(median(small_s) * 1000, 1),
                round(ratio, 2),
                B6_TARGET,
                passed,
                unit="ms",
                p95_ms=round(p95(big_s) * 1000, 1),
                queries={"small": small_q, "big": big_q},
                params={"small": small_params, "big": params},
            )
        )
    return out


# A word with the selectivity of real text (in about 2% of the releases, see generate.py),
# and, for information, one that is in nearly every generated release.
WORD = "tentoonstelling"
BROAD_WORD = "zusterstad"


def icontains_scan(word):
    matches = PressRelease.objects.filter(
        Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
    )
    return matches.count(), list(matches[:25])


def list_search(word):
    """The list view's own search, as the database runs it: the count its paginator shows
    and the first page (the page's rendering is measured by B6)."""
    from gentintl.lists import PAGE_SIZE
    from gentintl.pagination import BoundedPaginator
    from pressroom.filtersets import PressReleaseFilterSet
    from pressroom.views import PressReleaseListView

    filterset = PressReleaseFilterSet({"q": word}, queryset=PressReleaseListView.queryset)
    paginator = BoundedPaginator(filterset.qs, PAGE_SIZE, is_search=filterset.is_search)
    return paginator.count, list(paginator.page(1).object_list)


def b7_search(repeats) -> list[dict]:
    out = []
    releases = PressRelease.objects.count()
    for word, target in ((WORD, "< 10 ms, >= 20x"), (BROAD_WORD, "(info)")):
        # The scan takes seconds and varies little: five runs give its median.
        baseline = [timed(lambda w=word: icontains_scan(w))[0] for _ in range(min(repeats, 5))]
        matches, _ = icontains_scan(word)
        found, _ = list_search(word)  # warm up
        seconds = [timed(lambda w=word: list_search(w))[0] for _ in range(repeats)]
        ratio = median(baseline) / median(seconds)
        out.append(
            result(
                "B7",
                f"search '{word}' ({matches:,} hits) in {releases:,} press releases vs icontains",
                round(median(seconds) * 1000, 1),
                round(median(baseline) * 1000, 1),
                round(ratio, 1),
                target,
                median(seconds) < 0.01 and ratio >= 20 if target != "(info)" else None,
                unit="ms",
                via="PressReleaseFilterSet(q=...) + BoundedPaginator: count and first page",
                count_shown=found,
            )
        )
    return out


# --------------------------------------------------------------------------- #
# B9: the search box in the header, every kind at once
# --------------------------------------------------------------------------- #

# A surname that one contact in ten has (generate.py picks from ten), a rare word of
# the press releases, a typo of a city name that matches nothing exactly, and, for
# information, a word in nearly every release.
SITE_SEARCHES = (
    ("Janssens", "< 50 ms"),
    (WORD, "< 50 ms"),
    ("Kanzawa", "< 50 ms"),
    (BROAD_WORD, "(info)"),
)


def naive_site_search(word) -> int:
    """The baseline: each kind in turn, `icontains` on the same fields, its count and
    its first five, as a search without indexes or a union would run."""
    from gentintl.site_search import KINDS

    found = 0
    for kind in KINDS:
        fields = kind.names + kind.texts + kind.personal
        matches = kind.model._default_manager.filter(
            functools.reduce(operator.or_, (Q(**{f"{f}__icontains": word}) for f in fields))
        )
        found += matches.count()
        list(matches[:5])
    return found


def b9_site_search(repeats) -> list[dict]:
    client = editor_client()  # a superuser: every kind, personal data included
    url = reverse("search")
    out, queries = [], {}
    contacts, releases = Contact.objects.count(), PressRelease.objects.count()
    for word, target in SITE_SEARCHES:
        get_timings(client, url, {"q": word})  # warm up
        seconds, baseline = [], []
        for _ in range(repeats):
            seconds.append(get_timings(client, url, {"q": word}))
            if len(baseline) < 5:  # the scans take seconds and vary little
                baseline.append(timed(lambda w=word: naive_site_search(w))[0])
        queries[word] = count_queries(client, url, {"q": word})
        ratio = median(baseline) / median(seconds)
        out.append(
            result(
                "B9",
                f"site search '{word}' in {releases:,} press releases and {contacts:,} "
                "contacts (every kind) vs icontains per kind",
                round(median(seconds) * 1000, 1),
                round(median(baseline) * 1000, 1),
                round(ratio, 1),
                target,
                median(seconds) < 0.05 if target != "(info)" else None,
                unit="ms",
                via="GET /search/?q=... as a superuser: the whole page",
                p95_ms=round(p95(seconds) * 1000, 1),
            )
        )
    counts = set(queries.values())
    out.append(
        result(
            "B9",
            "site search: queries per page, whatever the search",
            max(counts),
            None,
            None,
            "same for every search, <= 10",
            len(counts) == 1 and max(counts) <= 10,
            unit="queries",
            per_search=queries,
        )
    )
    return out
