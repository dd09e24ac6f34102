"""The bulk import engine: natural keys, diffs, validation without queries, undo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.undo import undo_changes
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import Activity, Agreement, Contact, Organisation, Theme
from partnerships.resources import (
    ActivityResource,
    AgreementResource,
    ContactResource,
    PartnershipResource,
)
from partnerships.widgets import city_key


def plan(resource, text: str):
    return plan_import(resource, read_sheet(text.encode("utf-8"), "file.csv"))


CONTACTS = (
    "E-mail;Naam;Soort;Organisatie;Telefoon\n"
    "an@stad.gent;An;person;Org;09 266 54 00\n"
    "bo@stad.gent;Bo;person;;\n"
)


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Org", kind="other")


def test_reimporting_the_same_file_updates_nothing_and_duplicates_nothing(organisation):
    apply_plan(plan(ContactResource(), CONTACTS))
    again = plan(ContactResource(), CONTACTS)
    assert again.counts == {"new": 0, "update": 0, "skip": 2, "error": 0}
    assert Contact.objects.count() == 2


def test_planning_queries_do_not_grow_with_the_number_of_rows(organisation):
    rows = "".join(f"p{i}@stad.gent;P {i};person;Org;09 266 54 00\n" for i in range(200))
    text = "E-mail;Naam;Soort;Organisatie;Telefoon\n"
    with CaptureQueriesContext(connection) as few:
        plan(ContactResource(), text + rows[:100])
    with CaptureQueriesContext(connection) as many:
        plan(ContactResource(), text + rows)
    assert len(many) == len(few) <= 5


def test_phone_change_updates_the_international_form_too(organisation):
    apply_plan(plan(ContactResource(), CONTACTS))
    changed = plan(ContactResource(), CONTACTS.replace("09 266 54 00", "0477 38 29 37"))
    assert changed.counts["update"] == 1
    assert changed.rows[0].changes == [("Telefoon", "09 266 54 00", "0477 38 29 37")]
    apply_plan(changed)
    assert Contact.objects.get(email="an@stad.gent").phone_e164 == "+32477382937"


def test_unknown_related_name_is_a_row_error_and_creates_nothing(organisation):
    result = plan(ContactResource(), CONTACTS.replace(";Org;", ";Onbekende org;"))
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (2, "Organisatie", "Onbekende org")
    ]
    assert Organisation.objects.count() == 1


def test_duplicate_key_in_one_file_is_an_error(organisation):
    result = plan(ContactResource(), CONTACTS + "an@stad.gent;An 2;person;;\n")
    assert [(e.row, e.message) for e in result.errors] == [
        (4, "Deze sleutel staat al in rij 2 van het bestand.")
    ]


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("geen-mail", "E-mail"),
        ("an@stad.gent;An;person;;12", "Telefoon"),
        ("an@stad.gent;" + "x" * 201 + ";person;;", "Naam"),
        ("an@stad.gent;An;robot;;", "Soort"),
    ],
)
def test_invalid_cells_name_their_column(organisation, cell, column):
    text = "E-mail;Naam;Soort;Organisatie;Telefoon\n" + (
        cell if ";" in cell else f"{cell};An;person;;"
    )
    result = plan(ContactResource(), text + "\n")
    assert [e.column for e in result.errors] == [column]


def test_check_constraints_are_checked_in_memory(seeded):
    result = plan(
        PartnershipResource(), "Stad;Soort;Begonnen;Beëindigd\nLuik (BE);partner_city;2020;2019\n"
    )
    assert [e.message for e in result.errors] == ["De einddatum ligt vóór de begindatum."]


def test_a_constraint_comparing_with_the_pk_is_checked_in_memory(seeded):
    # An agreement cannot replace itself: ~Q(replaces=F("pk")).
    first, second = Agreement.objects.all()[:2]
    key = f"{city_key(first.partnership.city)};{first.title}"
    result = plan(AgreementResource(), f"Partnerschap;Titel;Vervangt\n{key};{second.title}\n")
    assert result.counts["update"] == 1
    apply_plan(result)
    assert Agreement.objects.get(pk=first.pk).replaces == second


def test_html_is_kept_as_text(organisation):
    result = plan(ContactResource(), "E-mail;Naam\nx@stad.gent;<script>alert(1)</script>\n")
    apply_plan(result)
    assert Contact.objects.get().name == "<script>alert(1)</script>"


def test_many_to_many_lists_are_compared_and_written(seeded):
    title = Activity.objects.first().title
    themes = "; ".join(sorted(Theme.objects.values_list("name", flat=True)[:2]))
    result = plan(ActivityResource(), f'Titel;Thema\'s\n{title};"{themes}"\n')
    assert result.counts["update"] == 1
    apply_plan(result)
    assert (
        "; ".join(sorted(t.name for t in Activity.objects.get(title=title).themes.all())) == themes
    )


def test_the_digest_of_a_plan_follows_the_old_values_it_shows(organisation):
    apply_plan(plan(ContactResource(), CONTACTS))
    changed = CONTACTS.replace("09 266 54 00", "0477 38 29 37")
    first = plan(ContactResource(), changed).digest()
    assert plan(ContactResource(), changed).digest() == first
    Contact.objects.filter(email="an@stad.gent").update(phone="09 266 54 01")
    again = plan(ContactResource(), changed)
    assert again.digest() != first  # the old number the preview shows is another
    assert again.rows[0].changes == [("Telefoon", "09 266 54 01", "0477 38 29 37")]


def test_new_records_share_one_empty_set_of_old_links(seeded):
    themes = "; ".join(sorted(Theme.objects.values_list("name", flat=True)[:2]))
    text = f'Titel;Thema\'s\nNieuw 1;"{themes}"\nNieuw 2;"{themes}"\n'
    first, second = plan(ActivityResource(), text).rows
    assert first.old_m2m == second.old_m2m == {"themes": set()}
    # planning.NO_LINKS: read only, one for every row.
    assert first.old_m2m["themes"] is second.old_m2m["themes"]


def test_rows_share_their_empty_errors_and_their_sets_of_changed_attributes(organisation):
    text = (
        "E-mail;Naam;Soort;Organisatie;Telefoon\n"
        "an@stad.gent;An;person;Org;09 266 54 00\n"
        "bo@stad.gent;Bo;person;Org;09 266 54 01\n"
        "cy@stad.gent;Cy;person;Org;\n"
        "di@stad.gent;Di;person;Org;09 266 54 02\n"
    )
    result = plan(ContactResource(), text)
    assert result.is_valid, result.errors
    rows = result.rows
    assert rows[0].errors is rows[1].errors == ()
    # Rows 1, 2 and 4 give a phone, row 3 none: two sets, each shared by its rows.
    assert {"phone", "phone_e164"} <= rows[0].changed_attnames
    assert "phone" not in rows[2].changed_attnames
    assert rows[0].changed_attnames is rows[1].changed_attnames is rows[3].changed_attnames
    assert rows[0].changed_attnames > rows[2].changed_attnames
    # An error goes to its own row only.
    text = text.replace("09 266 54 01", "123").replace("09 266 54 02", "456")
    first, second, third, fourth = plan(ContactResource(), text).rows
    assert first.errors == third.errors == ()
    assert [e.row for e in second.errors] == [3]
    assert [e.row for e in fourth.errors] == [5]


AGREEMENTS = "Partnerschap;Titel;Soort;Vervangt\n"


def test_planning_writes_the_texts_of_changes_only_when_they_are_read(organisation):
    result = plan(ContactResource(), CONTACTS)
    # A file that is only written renders none (planning.ChangeTexts: a fifth of planning).
    assert [row._changes for row in result.rows] == [None, None]
    assert result.rows[0].changes == [
        ("E-mail", "", "an@stad.gent"),
        ("Naam", "", "An"),
        ("Organisatie", "", "Org"),
        ("Telefoon", "", "09 266 54 00"),
    ]


def test_the_texts_of_changes_read_after_the_write_are_those_planned(seeded, organisation):
    apply_plan(plan(ContactResource(), CONTACTS))
    text = (
        AGREEMENTS
        + "Luik (BE);Verdrag 2030;declaration;Verdrag 2020\n"
        + "Luik (BE);Verdrag 2020;declaration;\n"
    )
    changed = CONTACTS.replace("09 266 54 00", "0477 38 29 37").replace(";Org;", ";;")
    read_first = [plan(AgreementResource(), text), plan(ContactResource(), changed)]
    read_after = [plan(AgreementResource(), text), plan(ContactResource(), changed)]
    planned = [[row.changes for row in p.rows] for p in read_first]
    for written in read_after:
        apply_plan(written)
    assert [[row.changes for row in p.rows] for p in read_after] == planned
    assert ("Vervangt", "", "Verdrag 2020") in planned[0][0]
    assert ("Organisatie", "Org", "") in planned[1][0]


def test_a_row_can_name_an_agreement_another_row_of_the_file_creates(seeded):
    text = (
        AGREEMENTS
        + "Luik (BE);Verdrag 2030;declaration;Verdrag 2020\n"
        + "Luik (BE);Verdrag 2020;declaration;\n"
        + "Luik (BE);Verdrag 2040;declaration;Verdrag 2030\n"
    )
    result = plan(AgreementResource(), text)
    assert result.is_valid, result.errors
    assert result.counts["new"] == 3
    assert ("Vervangt", "", "Verdrag 2020") in result.rows[0].changes

    changes = apply_plan(result)

    chain = {a.title: a for a in Agreement.objects.filter(title__startswith="Verdrag 20")}
    assert chain["Verdrag 2030"].replaces == chain["Verdrag 2020"]
    assert chain["Verdrag 2040"].replaces == chain["Verdrag 2030"]
    assert chain["Verdrag 2020"].replaces is None
    created = chain["Verdrag 2040"].history.get()
    assert (created.history_type, created.replaces_id) == ("+", chain["Verdrag 2030"].pk)
    undo_changes(Agreement, changes)
    assert not Agreement.objects.filter(title__startswith="Verdrag 20").exists()


def test_an_existing_agreement_can_be_made_to_replace_one_the_file_creates(seeded):
    existing = Agreement.objects.filter(replaces__isnull=True).first()
    key = f"{city_key(existing.partnership.city)};{existing.title};{existing.kind}"
    text = AGREEMENTS + f"{key};Nieuw verdrag\nLuik (BE);Nieuw verdrag;declaration;\n"
    result = plan(AgreementResource(), text)
    assert result.counts == {"new": 1, "update": 1, "skip": 0, "error": 0}
    apply_plan(result)
    existing.refresh_from_db()
    assert existing.replaces.title == "Nieuw verdrag"


def test_a_name_neither_stored_nor_in_the_file_stays_a_row_error(seeded):
    text = AGREEMENTS + "Luik (BE);Verdrag 2030;declaration;Verdrag 1999\n"
    result = plan(AgreementResource(), text)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "Vervangt", "Verdrag 1999")]
    assert "bestaat niet" in result.errors[0].message


def test_a_row_cannot_name_itself_nor_a_row_with_errors(seeded):
    text = (
        AGREEMENTS
        + "Luik (BE);Verdrag 2030;declaration;Verdrag 2030\n"
        + "Luik (BE);Verdrag 2040;declaration;Verdrag 2050\n"
        + "Luik (BE);Verdrag 2050;robot;\n"
    )
    result = plan(AgreementResource(), text)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Vervangt"),
        (3, ""),
        (4, "Soort"),
    ]
    assert "Rij 4" in result.errors[1].message


def test_the_digest_follows_every_value_the_plan_writes_and_where_it_stands(organisation):
    shown = plan(ContactResource(), CONTACTS).digest()
    assert plan(ContactResource(), CONTACTS).digest() == shown
    others = [
        CONTACTS.replace(";An;", ";Ann;"),  # another value
        CONTACTS.replace(";Org;", ";;"),  # a value left out
        CONTACTS.replace("09 266 54 00", "09 266 54 01"),
        CONTACTS.replace("\nan@", "\n\nan@"),  # the same rows, one line further
        CONTACTS.replace("bo@stad.gent;Bo", "bo@stad.gent;An"),
    ]
    digests = {plan(ContactResource(), text).digest() for text in others}
    assert len(digests | {shown}) == 1 + len(others)
    # The fingerprint reads values: it writes no row's texts.
    planned = plan(ContactResource(), CONTACTS)
    planned.digest()
    assert [row._changes for row in planned.rows] == [None, None]


def test_the_digest_follows_the_links_a_row_sets_and_those_it_replaces(seeded):
    activity = Activity.objects.first()
    first, second = sorted(Theme.objects.values_list("name", flat=True))[:2]
    activity.themes.set(Theme.objects.filter(name=first))
    text = f'Titel;Thema\'s\n{activity.title};"{first}; {second}"\n'
    planned = plan(ActivityResource(), text)
    assert planned.counts["update"] == 1
    assert plan(ActivityResource(), text).digest() == planned.digest()
    other = plan(ActivityResource(), text.replace(f"{first}; ", ""))
    assert other.digest() != planned.digest()
    # The same new links, replacing others than the preview showed.
    activity.themes.clear()
    assert plan(ActivityResource(), text).digest() != planned.digest()
