"""The search box in the header: every kind of record at once, grouped by kind.

One query answers a search, whatever the data: a UNION ALL with one part per kind of
record the user may view, each part holding that kind's best matches and the number of
its matches (COUNT over a window), counted up to MOST + 1 ("more than 1.000", as the
lists count a search): each part first takes the first MOST + 1 records found, then
ranks those, so that a search that matches a whole table costs no more than one that
matches a thousand rows.

A record matches when the search text, in lower case and without accents, is part of
its "document" (its names and texts, see `Kind`): "Liege" finds Luik (Liège), "gdansk"
finds Gdańsk, on both databases. On PostgreSQL a trigram index on each large table's
document answers that, and the same index also finds names typed with a slip (word
similarity: "Kanzawa" finds Kanazawa); press releases also match in Dutch full text.
Best first (`score`): the name itself, then a name that starts with the text, then one
that holds it, then a match elsewhere.

Contacts' e-mail, phones and address take part only for users who may see them: others
can neither see them nor find a contact by them.
"""

import dataclasses
import functools
import operator

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchVectorExact
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, Concat, Greatest, RowNumber
from django.db.models.lookups import Contains, Exact

from gentintl import personal, prepared_sql
from gentintl.search import Document, Normalised, is_postgresql, normalise, search_query
from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
)
from partnerships.phones import normalise_phone
from pressroom.models import PressRelease, Quote

# Matches shown per kind; the count says how many there are in all, up to MOST
# ("more than 1,000", as the lists count a search).
SHOWN = 5
MOST = 1000
# Longer searches are cut: nobody types more, and each character costs trigrams.
MAX_LENGTH = 200
# The columns every part of the UNION has, in this order.
COLUMNS = ("title", "text", "more", "note", "ref", "ref2")


@dataclasses.dataclass(frozen=True)
class Kind:
    """What the search looks in for one kind of record, and what a result shows.

    `names` are what the record is called (ranked, and matched with typos on
    PostgreSQL), `texts` what else it says; `personal` are personal fields, searched only
    for users who may see them. `show` maps the result's columns (COLUMNS) to fields.
    """

    key: str
    model: type
    names: tuple[str, ...]
    texts: tuple[str, ...] = ()
    personal: tuple[str, ...] = ()
    show: dict = dataclasses.field(default_factory=dict)
    # The relation to a city whose names find the record too (a partnership's city).
    via: str = ""
    # On PostgreSQL, the texts are searched in the model's stored Dutch full-text
    # `search_vector` instead (press releases: a trigram index of every body would be
    # large and slow every import).
    full_text: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        """What the record's document holds: its names and texts; not a press release's
        texts on PostgreSQL, nor the names a record has through its city."""
        if self.via:
            return self.texts
        if self.full_text and is_postgresql():
            return self.names
        return self.names + self.texts

    def may_view(self, user) -> bool:
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


CITY = Kind(
    "city",
    City,
    names=("name", "local_name"),
    show={"title": "name", "ref2": "local_name", "note": "country", "ref": "partnerships__id"},
)
KINDS = (
    CITY,
    Kind(
        "partnership",
        Partnership,
        names=("city__name", "city__local_name"),
        texts=("notes", "end_reason"),
        via="city",
        show={
            "title": "city__name",
            "ref2": "city__local_name",
            "text": "notes",
            "more": "end_reason",
            "note": "kind",
        },
    ),
    Kind(
        "agreement",
        Agreement,
        names=("title",),
        texts=("notes",),
        show={"title": "title", "text": "notes", "note": "kind", "ref2": "partnership__city__name"},
    ),
    Kind(
        "activity",
        Activity,
        names=("title",),
        texts=("location", "description"),
        show={"title": "title", "text": "description", "more": "location", "note": "kind"},
    ),
    Kind(
        "organisation",
        Organisation,
        names=("name",),
        texts=("notes",),
        show={"title": "name", "text": "notes", "note": "kind", "ref2": "city__name"},
    ),
    Kind(
        "contact",
        Contact,
        names=("name",),
        texts=("function",),
        personal=("email", "phone", "mobile", "address"),
        show={"title": "name", "text": "function", "ref2": "organisation__name"},
    ),
    Kind(
        "network",
        Network,
        names=("name",),
        texts=("description", "ghent_role"),
        show={"title": "name", "text": "description", "more": "ghent_role"},
    ),
    Kind(
        "euproject",
        EUProject,
        names=("acronym", "name"),
        texts=("programme",),
        show={"title": "acronym", "text": "name", "note": "programme"},
    ),
    Kind(
        "pressrelease",
        PressRelease,
        names=("title",),
        texts=("lead", "body"),
        full_text=True,
        show={"title": "title", "text": "lead", "more": "body", "ref": "number", "ref2": "slug"},
    ),
    Kind(
        "quote",
        Quote,
        names=("speaker_name",),
        texts=("text", "speaker_function"),
        show={
            "title": "speaker_name",
            "text": "text",
            "note": "speaker_function",
            "ref": "press_release__number",
            "ref2": "press_release__slug",
        },
    ),
)


def kinds_for(user) -> list[Kind]:
    """The kinds `user` may view; quotes only with the press releases that show them."""
    kinds = [kind for kind in KINDS if kind.may_view(user)]
    if not PressRelease in {kind.model for kind in kinds}:  # noqa: E713
        kinds = [kind for kind in kinds if kind.model is not Quote]
    return kinds


def any_of(conditions):
    return functools.reduce(operator.or_, conditions)


class NameScore(Func):
    """How well one name matches the (normalised) text: 3 the name itself, 2 a name that
    starts with it, 1 a name that holds it, else 0. A simple CASE over where the text
    stands in the normalised name, so that the name is normalised once per row rather
    than once per WHEN (the searched CASE of three lookups took 3 to 4 ms more of the
    press releases' 15 ms part, at the benchmark sizes)."""

    output_field = FloatField()

    def __init__(self, name: str, text):
        super().__init__(Normalised(F(name)), Value(text))

    def as_sql(self, compiler, connection, **extra_context):
        (name, name_params), (text, text_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        position = "INSTR" if connection.vendor == "sqlite" else "STRPOS"
        sql = (
            f"(CASE {position}({name}, {text}) WHEN 0 THEN 0.0 WHEN 1 THEN"
            f" (CASE WHEN {name} = {text} THEN 3.0 ELSE 2.0 END) ELSE 1.0 END)"
        )
        return sql, (*name_params, *text_params, *name_params, *text_params)


def score(kind: Kind, text):
    """How well a record matches: the best of its names' scores (`NameScore`), 0 for a
    match elsewhere (its texts, a typo, a word form). Cheap on purpose: it is computed
    for every match, and PostgreSQL's trigram similarity cost more per row than the
    whole rest of the search."""
    scores = [NameScore(name, text) for name in kind.names]
    return scores[0] if len(scores) == 1 else Greatest(*scores)


def matching(fields: tuple[str, ...], text, *, typos: bool):
    """The condition that the fields' document holds the text (or, with `typos` on
    PostgreSQL, a word like it)."""
    found = Contains(Document(*fields), text)
    if typos and is_postgresql():
        found = found | TrigramWordSimilar(Document(*fields), text)
    return found


def search_terms(query: str) -> dict[str, str]:
    """What a search looks for, each a parameter of its SQL: the text normalised (here
    rather than in SQL: plain parameters keep the query short for PostgreSQL to plan),
    the text as typed (the Dutch full text reads it) and, when it reads as one, a phone
    number in its international form."""
    terms = {"text": normalise(query), "query": query}
    phone = phone_number(query)
    if phone:
        terms["phone"] = phone
    return terms


def part(kind: Kind, terms: dict[str, str], user):
    """The best SHOWN matches of one kind, with the count of all its matches (up to
    MOST + 1: beyond, the best are chosen among the first MOST + 1 found)."""
    text = terms["text"]
    # A record reached through its city (a partnership): the city's own trigram index
    # finds it, rather than a scan of every record joined with its city.
    found = matching(kind.fields, text, typos=not kind.via)
    if kind.via:
        cities = City.objects.filter(matching(CITY.fields, text, typos=True))
        found = found | Q(**{f"{kind.via}__in": cities.values("pk")})
    personal_fields = ()
    if kind.personal and personal.may_see(user, kind.model):
        personal_fields = kind.personal
        found = found | Contains(Document(*personal_fields), text)
        phone = terms.get("phone")
        if phone:
            found = found | Exact(F("phone_e164"), phone) | Exact(F("mobile_e164"), phone)
    relevance = score(kind, text)
    if kind.full_text and is_postgresql():
        words = search_query(terms["query"])
        # Matched, not ranked: ts_rank reads and unpacks each match's vector, which
        # cost more than the rest of the search together; the title's similarity ranks.
        found = found | SearchVectorExact(F("search_vector"), words)
    show = dict(kind.show)
    if personal_fields:  # what matched may be a personal field: show them with the rest
        shown = [F(personal_fields[0])]
        for field in personal_fields[1:]:
            shown += [Value(" · "), F(field)]
        show["more"] = Concat(*shown, output_field=TextField())
    columns = {f"hit_{name}": column(show.get(name), integer=name == "ref") for name in COLUMNS}
    manager = kind.model._default_manager
    first_found = manager.order_by().filter(found).values("pk")[: MOST + 1]
    rows = (
        manager.order_by()
        .filter(among(first_found))
        .annotate(
            hit_kind=Value(kind.key),
            hit_id=F("pk"),
            **columns,
            hit_score=Cast(relevance, FloatField()),
            hit_total=Window(Count("pk")),
        )
    )
    names = ("hit_kind", "hit_id", *columns, "hit_score", "hit_total")
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL
        return rows.order_by("-hit_score", "hit_id").values(*names)[:SHOWN]
    rank = Window(RowNumber(), order_by=[F("hit_score").desc(), F("pk").asc()])
    return rows.annotate(hit_rank=rank).filter(hit_rank__lte=SHOWN).values(*names, "hit_rank")


class AnyOf(Func):
    """`column = ANY(ARRAY(subquery))` (PostgreSQL): the subquery runs once, and its
    rows are fetched by the column's index."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, subquery = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{column[0]} = ANY(ARRAY{subquery[0]})", (*column[1], *subquery[1])


def among(first_found):
    """The condition that the record is one of `first_found`. On PostgreSQL the first
    found are fetched by primary key: for `pk IN (...)` the planner hash-joins them with
    a scan of the whole table (110,000 contacts: most of the search's time)."""
    if not is_postgresql():
        return Q(pk__in=first_found)
    return AnyOf(F("pk"), Subquery(first_found))


def column(source, *, integer=False):
    """A result column: a field by name, an expression, or nothing (of the right type,
    which a UNION needs)."""
    if source is None:
        return Cast(Value(None), IntegerField()) if integer else Value("", TextField())
    if integer:
        return Cast(F(source), IntegerField())
    return F(source) if isinstance(source, str) else source


def phone_number(query: str) -> str:
    """The search text as an international phone number, when it reads as one."""
    digits = sum(c.isdigit() for c in query)
    if digits < 6:
        return ""
    try:
        return normalise_phone(query)
    except ValueError:
        return ""


def union(kinds: list[Kind], terms: dict[str, str], user):
    """The query of a search: a part per kind, in one UNION ALL."""
    parts = [part(kind, terms, user) for kind in kinds]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def find(query: str, user) -> dict[str, list[dict]]:
    """The matches of `query` that `user` may see, by kind key, best first; each row
    carries its kind's `hit_total`. One query."""
    query = query.strip()[:MAX_LENGTH]
    kinds = kinds_for(user)
    if not query or not kinds:
        return {}
    terms = search_terms(query)
    personal_kinds = [k.key for k in kinds if k.personal and personal.may_see(user, k.model)]
    # What the SQL depends on (the text searched only reaches it as parameters).
    kinds_key = tuple(kind.key for kind in kinds)
    shape = ("site search", SHOWN, MOST, kinds_key, tuple(personal_kinds), tuple(terms))
    rows = prepared_sql.rows(shape, terms, lambda values: union(kinds, values, user))
    found = {kind.key: [] for kind in kinds}
    for row in sorted(rows, key=lambda r: (-r["hit_score"], r["hit_id"])):
        found[row["hit_kind"]].append(row)
    return {key: rows for key, rows in found.items() if rows}
