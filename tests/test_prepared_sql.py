"""The site search's SQL, built once per shape (gentintl.prepared_sql): what it sends is
what the ORM builds for the same search, and it answers the same."""

import pytest

from gentintl import prepared_sql, site_search
from tests.factories import rows

SEARCHES = (
    "Kanazawa",
    "liège",
    "100%",
    "a_b",
    "back\\slash",
    'it\'s "quoted"',
    "-Gent kunstwerk",
    "0477 38 29 37",  # a phone number: a shape of its own
    "gentintlstandintextx",  # what looks like a stand-in is only a value
)


@pytest.mark.parametrize("user", ["editor", "manager"])
@pytest.mark.parametrize("query", SEARCHES)
def test_the_sql_sent_is_what_the_orm_builds(db, request, user, query):
    user = request.getfixturevalue(user)
    kinds = site_search.kinds_for(user)
    terms = site_search.search_terms(query)
    shape = ("test", user.username, tuple(terms))
    for _ in range(2):  # built, then taken from what was built
        sent = prepared_sql.sql_for(shape, terms, lambda v: site_search.union(kinds, v, user))
        built = site_search.union(kinds, terms, user).query.sql_with_params()
        assert sent == (built[0], list(built[1]))


def test_a_shape_built_for_one_text_answers_another(db, editor):
    rows(3)
    site_search.find("Citaat", editor)  # builds the shape of a plain search
    kinds = site_search.kinds_for(editor)
    for query in ("Test", "1", "Citaat", "100%"):
        expected = list(site_search.union(kinds, site_search.search_terms(query), editor))
        found = [row for hits in site_search.find(query, editor).values() for row in hits]
        assert sorted(found, key=lambda r: (r["hit_kind"], r["hit_id"])) == sorted(
            expected, key=lambda r: (r["hit_kind"], r["hit_id"])
        ), query
    assert site_search.find("Test", editor)


def test_a_changed_value_of_a_stand_in_is_not_missed():
    assert prepared_sql.fill("%gentintlstandintextx%", {"text": "50%_"}) == "%50\\%\\_%"
    assert prepared_sql.fill("gentintlstandintextx", {"text": "50%"}) == "50%"
    assert prepared_sql.fill("city", {"text": "50%"}) == "city"
    assert prepared_sql.fill(7, {"text": "x"}) == 7
