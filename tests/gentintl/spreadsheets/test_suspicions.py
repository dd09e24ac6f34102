"""What a spreadsheet program may have done to a file, found in the plan's changes."""

from gentintl.spreadsheets.columns import columns_for
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.suspicions import find_warnings
from partnerships.models import Contact
from partnerships.resources import ContactResource

NEW_CONTACTS = (
    "E-mail;Naam;Soort;Organisatie;Telefoon\n"
    "an@stad.gent;An;person;;92665400\n"
    "bo@stad.gent;Bo?d;person;;09 266 54 00\n"
)


def warnings_of(text: str, encoding: str):
    resource = ContactResource()
    plan = plan_import(resource, read_sheet(text.encode("utf-8"), "file.csv"))
    columns = {c.name: c for c in columns_for(resource).values()}
    return plan, find_warnings(plan, columns, encoding)


def test_new_records_in_utf8_warn_of_a_phone_number_and_render_no_other_text(db):
    plan, found = warnings_of(NEW_CONTACTS, "utf-8")
    assert [(w.row, w.column, w.value) for w in found] == [(2, "Telefoon", "92665400")]
    # Only a phone number can warn here: the other columns' texts are left unwritten.
    assert [row._changes for row in plan.rows] == [None, None]
    assert ("Naam", "", "An") in plan.rows[0].changes


def test_new_records_in_a_narrow_character_set_are_read_whole(db):
    _plan, found = warnings_of(NEW_CONTACTS, "cp1252")
    assert [(w.row, w.column) for w in found] == [(2, "Telefoon"), (3, "Naam")]


def test_an_update_warns_of_the_characters_it_would_lose(db):
    Contact.objects.create(email="an@stad.gent", name="Gdańsk", kind="person")
    text = "E-mail;Naam;Soort\nan@stad.gent;Gda?sk;person\n"
    _plan, found = warnings_of(text, "utf-8")
    assert [(w.column, w.value) for w in found] == [("Naam", "Gda?sk")]
    assert "Gdańsk" in found[0].message
