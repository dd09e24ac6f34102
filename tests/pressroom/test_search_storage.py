import random

import pytest
from django.db import connection

from pressroom.models import PressRelease

pytestmark = pytest.mark.postgres


def release_with_long_text(number: int) -> PressRelease:
    """A release whose lead, body and search vector are each too long to stay in a row
    beside the others: a lead of distinct words (a long vector) and a body of symbols,
    which the search ignores and which do not compress away."""
    rng = random.Random(number)
    words = [
        "".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(6, 12)))
        for _ in range(220)
    ]
    return PressRelease.objects.create(
        number=number,
        slug=f"lange-tekst-{number}",
        title="Tentoonstelling",
        lead=" ".join(words),
        body="".join(rng.choice("#$%&*+<>|~^") for _ in range(6000)),
        url=f"https://stad.gent/nieuws/{number}",
    )


def toast_values() -> int:
    """How many values PostgreSQL holds out of the press release rows, in their TOAST
    table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass",
            [PressRelease._meta.db_table],
        )
        (toast,) = cursor.fetchone()
        cursor.execute(f"SELECT count(DISTINCT chunk_id) FROM {toast}")
        return cursor.fetchone()[0]


def values_moved_out(number: int) -> int:
    before = toast_values()
    release = release_with_long_text(number)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(search_vector) FROM pressroom_pressrelease WHERE id = %s",
            [release.pk],
        )
        # Long enough that PostgreSQL's default storage moves it out of the row.
        assert cursor.fetchone()[0] > 2100
    return toast_values() - before


def test_the_search_vector_stays_in_the_row_and_only_the_body_moves_out(db):
    assert values_moved_out(1) == 1


def test_with_default_storage_the_vector_would_move_out_too(db):
    """The check above can tell: with PostgreSQL's default storage, the vector and every
    text but the shortest move out of the row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE pressroom_pressrelease ALTER COLUMN search_vector SET STORAGE EXTENDED;"
            "ALTER TABLE pressroom_pressrelease RESET (toast_tuple_target)"
        )
    assert values_moved_out(2) >= 3
