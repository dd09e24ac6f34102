"""A query's SQL built once per shape and run again with other values.

Django builds a query's SQL anew each time it runs. For the site search (ten parts, each
with a window, a CASE and a subquery) that took about 17 ms of a 55 ms search page at the
benchmark sizes (BENCHMARKS.md, B9): more than PostgreSQL took to answer. The SQL itself
depends only on the search's shape (which kinds take part, with or without personal
fields and a phone number), never on the text searched, which reaches the database as
parameters. So `rows` builds the queryset once per shape with stand-in values, keeps its
SQL and parameters, and runs later searches of that shape with their own values put where
the stand-ins were.

A value is a parameter of its own (`= %s`, a similarity, a full-text query) or part of a
LIKE pattern that the lookup made of it (`'%' || value || '%'` as one parameter, the
value escaped for LIKE). `tests/test_prepared_sql.py` compares what this unit sends with
what the ORM builds for the same values, over searches with quotes, wildcards and accents.
"""

from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

# (database vendor, shape) -> (SQL, parameters with the stand-ins in place)
_built: dict[tuple, tuple[str, tuple]] = {}


def stand_in(name: str) -> str:
    """The value that stands for `name` while the SQL is built: plain lower-case ASCII
    without wildcards, so that no lookup changes it but by wrapping it in a pattern."""
    return f"gentintlstandin{name}x"


def fill(param, values: dict[str, str]):
    """One parameter of the built SQL with the values in place of their stand-ins."""
    if not isinstance(param, str):
        return param
    for name, value in values.items():
        placeholder = stand_in(name)
        if param == placeholder:
            return value
        if placeholder in param:  # a LIKE pattern: '%text%', 'text%'
            return param.replace(placeholder, connection.ops.prep_for_like_query(value))
    return param


def sql_for(shape: tuple, values: dict[str, str], build: Callable[[dict], QuerySet]):
    """The SQL and parameters of `build(values)`, built once per `shape`: `build` must
    make the same SQL for every value of `values` (only the parameters differ)."""
    key = (connection.vendor, shape)
    if key not in _built:
        queryset = build({name: stand_in(name) for name in values})
        sql, params = queryset.query.sql_with_params()
        _built[key] = (sql, tuple(params))
    sql, params = _built[key]
    return sql, [fill(param, values) for param in params]


def rows(shape: tuple, values: dict[str, str], build: Callable[[dict], QuerySet]) -> list[dict]:
    """The rows of `build(values)` as dicts by column name, its SQL built once per shape."""
    sql, params = sql_for(shape, values, build)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
