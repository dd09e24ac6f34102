"""Free-text search for the list pages.

On PostgreSQL, search is full text with a Dutch configuration that also drops accents
("Liege" finds "Liège", "Gdansk" finds "Gdańsk"), plus an accent-insensitive substring
match on short name fields so that a partial name ("Kana") still finds its row. The
configuration is created by the partnerships migration that enables `unaccent`.
On SQLite (development and the quick test run) it degrades to a case-insensitive
substring match on the same fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

# Text search configuration: Dutch stemming after `unaccent` (see the migration).
SEARCH_CONFIG = "gentintl_dutch"

# The SQL that builds SEARCH_CONFIG; used by the migration, kept here beside its name.
CREATE_SEARCH_CONFIG = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{SEARCH_CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
    END IF;
END
$$;
"""
DROP_SEARCH_CONFIG = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG};"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_query(text: str) -> SearchQuery:
    """What a person types, read like a web search box: words, "phrases", -excluded."""
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def search(
    queryset: QuerySet,
    text: str,
    *,
    name_fields: tuple[str, ...] = (),
    text_fields: tuple[str, ...] = (),
    vector_field: str | None = None,
) -> QuerySet:
    """Rows that match `text`.

    `name_fields` are short names matched as accent-insensitive substrings;
    `text_fields` are searched as full text (on the fly: the tables are small), or
    `vector_field` names a stored, indexed search vector to use instead.
    """
    text = text.strip()
    if not text:
        return queryset
    if not is_postgresql():
        condition = Q()
        for field in (*name_fields, *text_fields):
            condition |= Q(**{f"{field}__icontains": text})
        return queryset.filter(condition)

    condition = Q()
    for field in name_fields:
        condition |= Q(**{f"{field}__unaccent__icontains": text})
    if vector_field:
        condition |= Q(**{vector_field: search_query(text)})
    elif text_fields:
        queryset = queryset.annotate(
            search_document=SearchVector(*text_fields, config=SEARCH_CONFIG)
        )
        condition |= Q(search_document=search_query(text))
    return queryset.filter(condition)
