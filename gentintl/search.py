"""Free-text search for the list pages.

On PostgreSQL, search is full text with a Dutch configuration that also drops accents
("Liege" finds "Liège", "Gdansk" finds "Gdańsk"), plus an accent-insensitive substring
match on short name fields so that a partial name ("Kana") still finds its row. The
configuration is created by the partnerships migration that enables `unaccent`.
On SQLite (development and the quick test run) it degrades to a case-insensitive
substring match on the same fields.
"""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField

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


# --------------------------------------------------------------------------- #
# Accent-insensitive matching on both databases (the site-wide search)
# --------------------------------------------------------------------------- #

# The function name both databases know: on PostgreSQL an IMMUTABLE wrapper around
# `unaccent` (so that expression indexes can use it; see the migration that creates it),
# on SQLite `normalise` below, registered on each new connection. The body names its
# schema: a restore (pg_restore) creates functions with an empty search path.
NORMALISE_FUNCTION = "gentintl_normalise"
CREATE_NORMALISE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {NORMALISE_FUNCTION}(text) RETURNS text
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT;
"""
DROP_NORMALISE_FUNCTION = f"DROP FUNCTION IF EXISTS {NORMALISE_FUNCTION}(text);"

# Letters that Unicode does not decompose but `unaccent` still maps to plain ones.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
     "œ": "oe", "Œ": "oe", "ı": "i"}
)  # fmt: skip


def normalise(text: str | None) -> str | None:
    """`text` in lower case without accents, as PostgreSQL's `unaccent` and `lower` make
    it: "Liège" is "liege", "Gdańsk" is "gdansk"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Normalised(Func):
    """The SQL of `normalise`: the text in lower case without accents, on both databases."""

    function = NORMALISE_FUNCTION
    arity = 1
    output_field = TextField()


class Document(Func):
    """The fields as one normalised text, what the site-wide search looks in:
    `gentintl_normalise(a || ' ' || b ...)` (the fields are all NOT NULL text). The
    search migrations index this very expression, so that PostgreSQL uses the index."""

    function = NORMALISE_FUNCTION
    template = "%(function)s(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self, *fields: str):
        super().__init__(*(F(field) for field in fields))


def document(fields: tuple[str, ...]) -> Document:
    return Document(*fields)


def trigram_index(fields: tuple[str, ...], name: str):
    """A PostgreSQL trigram index of `document(fields)`: it answers both the substring
    match (LIKE '%text%') and the word similarity of the site-wide search."""
    from django.contrib.postgres.indexes import GinIndex, OpClass

    return GinIndex(OpClass(document(fields), name="gin_trgm_ops"), name=name)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: teach a new SQLite connection `normalise`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(NORMALISE_FUNCTION, 1, normalise, deterministic=True)
