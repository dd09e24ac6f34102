"""Cleaning a column's cells in one go gives what cleaning each cell gives."""

from gentintl.spreadsheets.columns import clean_cells, columns_for
from partnerships.resources import ActivityResource, ContactResource

CELLS = ["  An  ", "An", "", "0477 38 29 37", 477382937.0, 12, None, "\tlijn\n"]


def test_plain_text_columns_are_known_and_others_are_not():
    columns = {c.name: c for c in columns_for(ContactResource()).values()}
    plain = {name for name, column in columns.items() if column.is_plain_text}
    assert plain == {"E-mail", "Naam", "Functie", "Adres"}
    activity = {c.name: c for c in columns_for(ActivityResource()).values()}
    assert not any(c.is_plain_text for c in activity.values() if c.is_m2m or c.is_fk)


def test_plain_text_cells_clean_as_the_widget_cleans_them():
    for column in columns_for(ContactResource()).values():
        if not column.is_plain_text:
            continue
        expected = [column.clean(cell)[column.attnames[0]] for cell in CELLS]
        assert clean_cells(column, CELLS, {}) == expected
        assert expected[:3] == ["An", "An", ""] and expected[4:7] == ["477382937", "12", ""]
