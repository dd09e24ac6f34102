"""Existing records built on demand are the instances the queryset itself would give, and
new ones the instances the model itself would make."""

import pytest
import tablib
from django.db import connection

from gentintl.spreadsheets.matching import ExistingRecords, NewRecords
from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import Activity, City, Contact, Partnership
from partnerships.resources import ContactResource


def test_instances_equal_the_querysets_and_stay_the_same_objects(seeded):
    Contact.objects.create(email="", name="Zonder adres 1")
    Contact.objects.create(email="", name="Zonder adres 2")
    for model, keys in ((Contact, ("email",)), (Partnership, ("city_id",)), (Activity, ("title",))):
        attnames = [f.attname for f in model._meta.concrete_fields]
        expected = {tuple(getattr(o, a) for a in keys): o for o in model._base_manager.all()}
        existing = ExistingRecords(model, keys)
        assert len(existing.values()) == len(expected)
        for key, obj in expected.items():
            built = existing.get(key)
            assert built is existing.get(key)
            assert [getattr(built, a) for a in attnames] == [getattr(obj, a) for a in attnames]
            assert (built._state.adding, built._state.db) == (False, obj._state.db)
        assert existing.get(("nergens",)) is None


def test_only_the_records_of_the_keys_asked_are_read(seeded):
    contacts = list(Contact.objects.exclude(email="")[:2])
    asked = [contacts[0].email, "nieuw@stad.gent"]
    existing = ExistingRecords(Contact, ("email",), keys=asked)
    assert existing.get((contacts[0].email,)).pk == contacts[0].pk
    assert existing.get(("nieuw@stad.gent",)) is None
    if connection.vendor == "postgresql":  # elsewhere every record is read
        assert existing.get((contacts[1].email,)) is None
    assert ExistingRecords(Contact, ("email",), keys=[]).values() == (
        [] if connection.vendor == "postgresql" else existing.values()
    )


def test_new_records_equal_what_the_model_makes():
    for model in (Contact, Activity, Partnership, City):
        records = NewRecords(model)
        made, expected = records.new({"name": "X"} if model is not Activity else {}), model()
        if model is not Activity:
            expected.name = "X"
        attnames = [f.attname for f in model._meta.concrete_fields]
        assert [getattr(made, a) for a in attnames] == [getattr(expected, a) for a in attnames]
        assert made._state.adding and made._state.db is None
    assert NewRecords(Contact).plain and not NewRecords(City).plain  # a country field


def test_new_records_from_values_equal_those_from_a_dict():
    for model, values in ((Contact, ["X", "x@stad.gent"]), (City, ["Luik", "BE"])):
        records = NewRecords(model)
        attnames = ["name", "email"] if model is Contact else ["name", "country"]
        made = records.new_with(attnames, values)
        expected = records.new(dict(zip(attnames, values, strict=True)))
        every = [f.attname for f in model._meta.concrete_fields]
        assert [getattr(made, a) for a in every] == [getattr(expected, a) for a in every]
        assert made._state.adding and made._state is not expected._state


@pytest.mark.postgres
def test_keys_with_quotes_backslashes_and_accents_are_found(db):
    emails = ["o'brien\"x@stad.gent", "back\\slash@stad.gent", "élodie@ville.fr", "{a,b}@x.be"]
    made = {e: Contact.objects.create(name="X", email=e).pk for e in emails}
    existing = ExistingRecords(Contact, ("email",), keys=[*emails, "other@stad.gent"])
    assert {
        key[0]: obj.pk for key, obj in zip(existing.rows, existing.values(), strict=True)
    } == made


@pytest.mark.postgres
def test_keys_that_are_not_texts_are_found(db):
    from partnerships.models import Theme

    themes = [Theme.objects.create(name=f"Thema {i}") for i in range(3)]
    existing = ExistingRecords(Theme, ("id",), keys=[themes[0].pk, themes[2].pk, 10**9])
    assert sorted(obj.pk for obj in existing.values()) == [themes[0].pk, themes[2].pk]


def test_the_links_read_are_those_of_the_records_read(seeded):
    themes = Activity._meta.get_field("themes")
    linked = [a for a in Activity.objects.prefetch_related("themes") if a.themes.all()][:2]
    expected = {a.pk: {t.pk for t in a.themes.all()} for a in linked}
    asked = [linked[0].title, "Nieuwe activiteit"]
    links = ExistingRecords(Activity, ("title",), keys=asked).links(themes)
    every = ExistingRecords(Activity, ("title",)).links(themes)
    assert links[linked[0].pk] == every[linked[0].pk] == expected[linked[0].pk]
    assert every[linked[1].pk] == expected[linked[1].pk]
    if connection.vendor == "postgresql":  # elsewhere every record is read
        assert list(links) == [linked[0].pk]
        assert ExistingRecords(Activity, ("title",), keys=["Nieuw"]).links(themes) == {}


def test_existing_records_match_an_address_in_any_case(db):
    inge = Contact.objects.create(name="Inge Willemsen", email="inge.willemsen@stad.gent")
    for keys in (None, ["Inge.Willemsen@Stad.Gent"]):
        existing = ExistingRecords(Contact, ("email",), keys=keys)
        assert existing.get(("Inge.Willemsen@Stad.Gent",)).pk == inge.pk
        assert existing.get(("INGE.WILLEMSEN@STAD.GENT",)).pk == inge.pk


INGE = "E-mail;Naam;Soort\n{email};Inge Willemsen;person\n"


def plan_contacts(text: str):
    return plan_import(ContactResource(), read_sheet(text.encode(), "contacten.csv"))


def test_an_address_in_other_case_updates_the_contact_it_names(seeded):
    inge = Contact.objects.get(email="inge.willemsen@stad.gent")
    plan = plan_contacts(INGE.format(email="Inge.Willemsen@Stad.Gent"))
    assert plan.counts["new"] == 0
    assert plan.rows[0].instance.pk == inge.pk
    assert ("E-mail", "inge.willemsen@stad.gent", "Inge.Willemsen@Stad.Gent") in plan.rows[
        0
    ].changes
    before = Contact.objects.count()
    apply_plan(plan)
    assert Contact.objects.count() == before
    assert Contact.objects.get(pk=inge.pk).email == "Inge.Willemsen@Stad.Gent"


def test_two_rows_differing_only_in_case_are_one_contact_and_an_error(db):
    text = INGE.format(email="an@stad.gent") + "AN@Stad.Gent;An;person\n"
    plan = plan_contacts(text)
    assert not plan.is_valid
    assert plan.counts == {"new": 1, "update": 0, "skip": 0, "error": 1}
    (error,) = plan.errors
    assert (error.row, error.column, error.value) == (3, "E-mail", "AN@Stad.Gent")
    assert "rij 2" in error.message and "hoofdletters" in error.message


def test_the_resources_own_import_matches_an_address_in_any_case(seeded):
    """The path of the seeds and the paste page: django-import-export's import_data."""
    inge = Contact.objects.get(email="inge.willemsen@stad.gent")
    before = Contact.objects.count()
    data = tablib.Dataset(headers=["E-mail", "Naam", "Soort"])
    data.append(["Inge.Willemsen@Stad.Gent", "Inge Willemsen", "person"])
    result = ContactResource().import_data(data, dry_run=False, raise_errors=True)
    assert result.totals["new"] == 0
    assert Contact.objects.count() == before
    assert Contact.objects.get(pk=inge.pk).email == "Inge.Willemsen@Stad.Gent"
