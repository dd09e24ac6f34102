"""Working on many rows at once: inserting them with one COPY on PostgreSQL, the
fastest way in, and keeping Python's cycle collector out of the way meanwhile."""

import functools
import gc
import threading

from django.db import connection

BATCH_SIZE = 500


def insert_rows(model, attnames: list[str], rows) -> None:
    """Insert `rows` (tuples of values for `attnames`) without building model instances
    on PostgreSQL; elsewhere with bulk_create."""
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows],
            batch_size=BATCH_SIZE,
        )
        return
    opts = model._meta
    columns = ", ".join(connection.ops.quote_name(opts.get_field(n).column) for n in attnames)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)


_pause_lock = threading.Lock()
_pauses = {"count": 0, "was_enabled": True, "frozen": False}


def pauses_collection(function):
    """Run `function` with Python's cyclic garbage collector paused.

    An import keeps a model instance and a plan per row until it ends. The collector
    runs whenever enough objects were made, and its full passes walk every one of them
    again: at 100,000 rows that was a quarter of the planning time. Reference counting
    still frees what the function drops; the collector resumes (when the last paused
    call in the process ends) and finds any cycles later.

    Everything alive when the pause ends (among it what the function returns: a
    preview's page holds its plan until it is sent) is set aside first (`gc.freeze`):
    resumed with it in view, the collector's first pass would walk all of it while the
    person waits (6% of the upload-to-confirm time at 10,000 rows, in a profile). It is
    handed back (`gc.unfreeze`, no pass) when the request ends or the next pause
    begins, by then mostly freed.
    """

    @functools.wraps(function)
    def paused(*args, **kwargs):
        with _pause_lock:
            if _pauses["count"] == 0:
                _pauses["was_enabled"] = gc.isenabled()
                gc.disable()
                unfreeze()
            _pauses["count"] += 1
        try:
            return function(*args, **kwargs)
        finally:
            with _pause_lock:
                _pauses["count"] -= 1
                if _pauses["count"] == 0 and _pauses["was_enabled"]:
                    gc.freeze()
                    _pauses["frozen"] = True
                    gc.enable()

    return paused


def unfreeze() -> None:
    """Hand what the last pause set aside back to the collector (call under the lock)."""
    if _pauses["frozen"]:
        gc.unfreeze()
        _pauses["frozen"] = False


def collection_resumes(**kwargs) -> None:
    """At the end of a request (`request_finished`): no longer set anything aside."""
    with _pause_lock:
        if _pauses["count"] == 0:
            unfreeze()
