"""Pagination whose cost does not grow with the table.

An exact `COUNT(*)` reads every matching row, and `OFFSET n` skips n rows one by one; at
100,000 press releases both cost more than the page itself. `BoundedPaginator` therefore

- counts at most `COUNT_LIMIT` rows exactly (`SELECT COUNT(*) FROM (... LIMIT n+1)`), so a
  filtered list says "more than 10,000" instead of counting them all;
- counts a search's matches only up to `SEARCH_COUNT_LIMIT`, so a search for a common
  word says "more than 1,000": no index yields a search's count, each match costs a read
  of its row (the full-text index of the press releases finds them, but PostgreSQL still
  reads every matching row's page to see whether the row is visible, about one page of a
  table of long texts per match);
- for an unfiltered list on PostgreSQL above that size, shows the planner's estimate of
  the table's size (`pg_class.reltuples`, kept up to date by autovacuum) as "about",
  read in the same query as the capped count;
- lets a person page through the rows it counted (the first `COUNT_LIMIT`, or
  `SEARCH_COUNT_LIMIT`); beyond that the list asks to narrow the filters (or to export,
  which has no limit);
- reads a later page's keys first and joins only those rows (a "deferred join").

Every page runs the same single counting query, whatever the size.
"""

import math

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination

COUNT_LIMIT = 10_000
SEARCH_COUNT_LIMIT = 1_000


def capped_count_and_estimate(queryset, limit: int) -> tuple[int, int | None]:
    """The rows of `queryset`, counted up to `limit + 1`, and PostgreSQL's estimate of the
    rows in its table (None elsewhere, or when the table was never analysed): one query."""
    capped = queryset.order_by().values("pk")[: limit + 1]
    if connection.vendor != "postgresql" or queryset.query.is_empty():
        return capped.count(), None
    try:
        sql, params = capped.query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet, such as `pk__in=[]`
        return 0, None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM ({sql}) AS capped), "
            "(SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass)",
            [*params, connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        counted, estimate = cursor.fetchone()
    return counted, (estimate if estimate is not None and estimate >= 0 else None)


def is_whole_table(queryset) -> bool:
    """True when `queryset` has one row per row of its table (no filter, no grouping)."""
    query = queryset.query
    return not (
        query.where or query.distinct or query.combinator or query.group_by or query.is_sliced
    )


class BoundedPage(Page):
    def end_index(self) -> int:
        if self.paginator.is_truncated:
            return min(self.number * self.paginator.per_page, self.paginator.count_limit)
        return super().end_index()


class BoundedPaginator(Paginator):
    """A Paginator with a bounded count and a bounded deepest page (see the module)."""

    count_limit = COUNT_LIMIT
    search_count_limit = SEARCH_COUNT_LIMIT

    def __init__(self, object_list, per_page, *, is_search=False, **kwargs):
        """`is_search`: the rows are a full-text search's matches (see the module)."""
        super().__init__(object_list, per_page, **kwargs)
        if is_search:
            self.count_limit = min(self.count_limit, self.search_count_limit)
        self.count_is_estimate = False
        self.count_is_lower_bound = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        counted, estimate = capped_count_and_estimate(queryset, self.count_limit)
        if counted <= self.count_limit:
            return counted
        if estimate is not None and estimate > self.count_limit and is_whole_table(queryset):
            self.count_is_estimate = True
            return estimate
        self.count_is_lower_bound = True
        return self.count_limit

    @property
    def is_exact(self) -> bool:
        return not (self.count_is_estimate or self.count_is_lower_bound)

    @cached_property
    def num_pages(self) -> int:
        """Pages a person can open: at most those that hold the first `count_limit` rows."""
        rows = min(self.count, self.count_limit)
        if rows == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(max(rows - self.orphans, 0) / self.per_page))

    @property
    def is_truncated(self) -> bool:
        """True when there are more rows than the pages reach."""
        return self.count > self.count_limit or self.count_is_lower_bound

    def page(self, number):
        """The rows of page `number`. Past the first page they are read in two steps in
        one query: the page's primary keys (skipping earlier rows on the table alone),
        then those rows with their joins. A plain OFFSET would join every skipped row."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if bottom and hasattr(queryset, "query") and not queryset.query.distinct:
            rows = queryset.filter(pk__in=queryset.values("pk")[bottom:top])
        else:
            rows = queryset[bottom:top]
        return self._get_page(rows, number, self)

    def _get_page(self, *args, **kwargs):
        return BoundedPage(*args, **kwargs)

    @property
    def count_display(self) -> str:
        """The count as a person reads it: "1.234", "about 110.000", "more than 10.000"."""
        if self.count_is_estimate:
            rounded = round(self.count, -3)
            return _("about %(count)s") % {"count": number_format(rounded, force_grouping=True)}
        if self.count_is_lower_bound:
            limit = number_format(self.count_limit, force_grouping=True)
            return _("more than %(count)s") % {"count": limit}
        return number_format(self.count, force_grouping=True)


class ApiPagination(PageNumberPagination):
    """The read API's pages: 100 rows by default, up to 1,000 with `page_size`, so that a
    report loading a whole table asks few pages. Each answer has `count`, `next`,
    `previous` and `results`. Unlike the lists for people, every page can be reached and
    the count is exact: a program reads a table to its end."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
