"""New records written with COPY are the records and history rows bulk_create would write."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gentintl.spreadsheets.copying import can_copy, insert_records, update_records, without_jit
from gentintl.spreadsheets.history import record_history
from partnerships.models import Contact, EUProject, Organisation, Theme


def contacts(prefix, organisation):
    return [
        Contact(
            email=f"{prefix}{i}@stad.gent",
            name=f"Naam {i} <b>\"'\\\t;",
            organisation_id=organisation.pk if i % 2 else None,
            phone="09 266 54 00" if i % 3 else "",
            phone_e164="+3292665400" if i % 3 else "",
            address="Botermarkt 1\nGent",
        )
        for i in range(5)
    ]


def stored(queryset, prefix, skip):
    rows = queryset.filter(email__startswith=prefix).order_by("email").values()
    return [{k: v for k, v in row.items() if k not in skip} for row in rows]


@pytest.mark.django_db
def test_copied_contacts_and_history_equal_what_bulk_create_writes(django_user_model):
    user = django_user_model.objects.create(username="u")
    organisation = Organisation.objects.create(name="Org", kind="other")
    now = timezone.now()
    copied = insert_records(Contact, contacts("a", organisation), batch_size=2)
    mark = record_history(Contact, copied, update=False, user=user, reason="r", date=now)
    saved = Contact.objects.bulk_create(contacts("b", organisation))
    Contact.history.bulk_history_create(
        saved, default_user=user, default_change_reason="r", default_date=now
    )

    assert all(c.pk and not c._state.adding for c in copied)
    assert [c.pk for c in copied] == [
        c.pk for c in Contact.objects.filter(email__startswith="a").order_by("email")
    ]
    skip = {"id", "email", "updated_at", "history_id"}
    assert stored(Contact.objects, "a", skip) == stored(Contact.objects, "b", skip)
    history = Contact.history.filter(email__startswith="a").order_by("email")
    assert stored(Contact.history, "a", skip) == stored(Contact.history, "b", skip)
    assert [h.updated_at for h in history] == [
        c.updated_at for c in Contact.objects.filter(email__startswith="a").order_by("email")
    ]
    assert {(h.history_type, h.history_user, h.history_date) for h in history} == {("+", user, now)}
    assert mark == max(h.history_id for h in history)
    for contact in copied:
        contact.name += " (gewijzigd)"
    Contact.objects.bulk_update(copied, ["name"])  # history follows the write
    record_history(Contact, copied, update=True, reason="u", date=now)
    changed = Contact.history.filter(email__startswith="a", history_type="~")
    assert sorted(h.name for h in changed) == sorted(c.name for c in copied)
    assert {h.history_change_reason for h in changed} == {"u"}


@pytest.mark.django_db
def test_a_record_with_its_own_reason_and_user_keeps_them(django_user_model):
    user, other = (django_user_model.objects.create(username=n) for n in ("u", "v"))
    organisation = Organisation.objects.create(name="Org", kind="other")
    copied = insert_records(Contact, contacts("a", organisation), batch_size=10)
    copied[0]._change_reason = "eigen reden"
    copied[0]._history_user = other
    record_history(Contact, copied, update=False, user=user, reason="r")
    history = {h.id: h for h in Contact.history.all()}
    assert (history[copied[0].pk].history_change_reason, history[copied[0].pk].history_user) == (
        "eigen reden",
        other,
    )
    assert {
        (history[c.pk].history_change_reason, history[c.pk].history_user) for c in copied[1:]
    } == {("r", user)}


@pytest.mark.django_db
def test_a_record_given_its_related_object_takes_its_key():
    organisation = Organisation.objects.create(name="Org", kind="other")
    (contact,) = insert_records(
        Contact, [Contact(email="r@stad.gent", name="R", organisation=organisation)], batch_size=10
    )
    assert Contact.objects.get(pk=contact.pk).organisation_id == organisation.pk
    unsaved = Organisation(name="Nog niet bewaard", kind="other")
    with pytest.raises(ValueError, match="unsaved related object"):
        insert_records(
            Contact, [Contact(email="s@stad.gent", name="S", organisation=unsaved)], batch_size=10
        )
    assert not Contact.objects.filter(email="s@stad.gent").exists()


@pytest.mark.django_db
def test_dates_and_decimals_are_copied_as_they_are():
    fields = {
        "acronym": "KOPIE",
        "name": "Kopie",
        "programme": "URBACT",
        "ghent_role": "lead",
        "started_on": datetime.date(2021, 7, 1),
        "started_on_precision": "month",
        "budget": Decimal("1234.50"),
        "ghent_budget": Decimal("100.00"),
    }
    project = EUProject(**fields)
    insert_records(EUProject, [project], batch_size=10)
    record_history(EUProject, [project], update=False, reason="r")
    again = EUProject.objects.get(pk=project.pk)
    assert {name: getattr(again, name) for name in fields} == fields
    assert EUProject.history.get(id=project.pk).budget == Decimal("1234.50")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_still_refuses_what_breaks_a_constraint():
    assert can_copy(Contact)
    bad = Contact(email="x@stad.gent", name="X", phone="09 266 54 00", phone_e164="")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_records(Contact, [bad], batch_size=10)
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_updated_records_equal_what_bulk_update_writes():
    organisation = Organisation.objects.create(name="Org", kind="other")
    other = Organisation.objects.create(name="Andere", kind="other")
    mine = insert_records(Contact, contacts("a", organisation), batch_size=10)
    theirs = Contact.objects.bulk_create(contacts("b", organisation))
    now = timezone.now()
    for group in (mine, theirs):
        for i, contact in enumerate(group):
            contact.name = f"Nieuwe naam {i} <'\\\t\">"
            contact.organisation_id = other.pk if i % 2 else None
            contact.address = "" if i % 3 else "Sint-Baafsplein 1\n9000 Gent"
            contact.updated_at = now
    fields = ["address", "name", "organisation", "updated_at"]
    update_records(Contact, mine, fields, batch_size=2)
    Contact.objects.bulk_update(theirs, fields, batch_size=2)
    skip = {"id", "email"}
    assert stored(Contact.objects, "a", skip) == stored(Contact.objects, "b", skip)
    assert {c.updated_at for c in Contact.objects.filter(email__startswith="a")} == {now}


@pytest.mark.django_db
def test_updated_dates_and_decimals_keep_their_values():
    project = EUProject.objects.create(
        acronym="BIJ", name="Bij", programme="URBACT", ghent_role="lead", budget=Decimal("1")
    )
    project.started_on, project.started_on_precision = datetime.date(2022, 1, 1), "year"
    project.budget = Decimal("98765.43")
    update_records(
        EUProject, [project], ["started_on", "started_on_precision", "budget"], batch_size=10
    )
    again = EUProject.objects.get(pk=project.pk)
    assert (again.started_on, again.started_on_precision, again.budget) == (
        datetime.date(2022, 1, 1),
        "year",
        Decimal("98765.43"),
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_update_the_database_refuses_changes_nothing():
    (contact,) = insert_records(
        Contact,
        [Contact(email="x@stad.gent", name="X", phone="09 266 54 00", phone_e164="+3292665400")],
        batch_size=10,
    )
    contact.phone_e164 = ""  # the database's check: a phone has its international form
    with pytest.raises(IntegrityError), transaction.atomic():
        update_records(Contact, [contact], ["phone_e164"], batch_size=10)
    assert Contact.objects.get(pk=contact.pk).phone_e164 == "+3292665400"
    update_records(Contact, [contact], ["name"], batch_size=10)  # the scratch table is gone


def test_only_postgresql_copies(db):
    assert can_copy(Theme) == (connection.vendor == "postgresql")


def jit_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_jit_compiler_is_off_inside_the_block_and_as_it_was_after():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on")
    with without_jit():
        assert jit_setting() == "off"
    assert jit_setting() == "on"
    # A block that fails inside a savepoint leaves it as it was too.
    with pytest.raises(IntegrityError), transaction.atomic(), without_jit():
        bad = Contact(email="x@stad.gent", name="X", phone="09 266 54 00", phone_e164="")
        insert_records(Contact, [bad], batch_size=10)
    assert jit_setting() == "on"


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_import_writes_its_records_history_with_the_jit_compiler_off():
    from gentintl.spreadsheets.planning import plan_import
    from gentintl.spreadsheets.reading import read_sheet
    from gentintl.spreadsheets.writing import apply_plan
    from partnerships.resources import ContactResource

    text = "E-mail;Naam;Soort\nan@stad.gent;An;person\n"
    planned = plan_import(ContactResource(), read_sheet(text.encode(), "file.csv"))
    seen = []

    def watch(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "partnerships_historicalcontact"'):
            seen.append(connection.connection.execute("SELECT current_setting('jit')").fetchone())
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on")
    with connection.execute_wrapper(watch):
        apply_plan(planned)
    assert seen == [("off",)]
    assert jit_setting() == "on"
