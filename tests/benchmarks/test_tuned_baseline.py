"""The tuned django-import-export baseline of the benchmarks writes what our import writes:
the same records, links and history rows, on a create and on a re-import, so that timing
one against the other compares the same work."""

import pytest
from django.db import transaction

from partnerships.models import Activity, Contact, Theme
from tests.benchmarks.generate import THEMES
from tests.benchmarks.importing import half_changed, ours, tuned, tuned_upsert
from tests.benchmarks.measuring import csv_bytes
from tests.benchmarks.test_query_counts import activities, contacts

# Each many-to-many field as the names of its rows.
LINKS = {
    Activity: {
        "themes": "themes__name",
        "ghent_organisations": "ghent_organisations__name",
        "partner_organisations": "partner_organisations__name",
    },
    Contact: {},
}
KEYS = {Activity: "title", Contact: "email"}


def records(model) -> dict:
    """Every record by its natural key: its columns (but the id and the time of the write)
    and the names of its many-to-many links."""
    columns = [f.attname for f in model._meta.concrete_fields if f.name not in ("id", "updated_at")]
    found = {row[KEYS[model]]: row for row in model.objects.values(*columns)}
    for field, name in LINKS[model].items():
        for key, linked in model.objects.values_list(KEYS[model], name):
            if linked is not None:
                found[key].setdefault(field, set()).add(linked)
    return found


def history_counts(model) -> dict:
    """Per record: its history rows, and the links each history row keeps a copy of."""
    counts = {}
    for key in model.history.values_list(KEYS[model], flat=True):
        counts[key] = counts.get(key, 0) + 1
    for field in LINKS[model]:
        copies = getattr(model.history.model, field).model.objects
        for key in copies.values_list(f"history__{KEYS[model]}", flat=True):
            counts[key, field] = counts.get((key, field), 0) + 1
    return counts


def outcome(model, importer, data: bytes):
    """What `importer` writes, then rolled back."""
    with transaction.atomic():
        importer(model, data)
        written = records(model), history_counts(model)
        transaction.set_rollback(True)
    return written


@pytest.fixture
def files(seeded):
    for name in THEMES:
        Theme.objects.get_or_create(name=name)
    return {Contact: contacts(30), Activity: activities(30)}


@pytest.mark.parametrize("model", [Contact, Activity], ids=["contacts", "activities"])
def test_tuned_creates_what_ours_creates(files, model):
    headers, rows = files[model]
    data = csv_bytes(headers, rows)
    before = model.objects.count()
    ours_records, ours_history = outcome(model, ours, data)
    tuned_records, tuned_history = outcome(model, tuned, data)
    assert len(ours_records) == before + len(rows)
    assert tuned_records == ours_records
    if model is Contact:  # the phones' international forms, filled without full_clean()
        assert all(tuned_records[row[0]]["phone_e164"].startswith("+32") for row in rows)
    if model is Activity:  # the links that bulk mode leaves out, and their history
        assert all(len(tuned_records[row[0]]["themes"]) >= 1 for row in rows)
        assert all(tuned_history[row[0], "themes"] >= 1 for row in rows)
    assert {key: tuned_history[key] for key in ours_history} == ours_history


@pytest.mark.parametrize("model", [Contact, Activity], ids=["contacts", "activities"])
def test_tuned_reimport_leaves_what_ours_leaves(files, model):
    headers, rows = files[model]
    ours(model, csv_bytes(headers, rows))
    again = csv_bytes(headers, half_changed(model, rows))
    ours_records, ours_history = outcome(model, ours, again)
    tuned_records, tuned_history = outcome(model, tuned_upsert, again)
    changed = [row[0] for row in rows[::2]]
    assert all("(gewijzigd)" in str(ours_records[key].values()) for key in changed)
    assert tuned_records == ours_records
    if model is Contact:  # the unchanged rows skipped, as ours skips them
        assert {key: tuned_history[key] for key in ours_history} == ours_history
        assert all(tuned_history[row[0]] == (2 if row[0] in changed else 1) for row in rows)
    else:  # skip_diff leaves skip_unchanged nothing to compare: every row is written
        assert all(tuned_history[row[0]] == 2 for row in rows)
