"""History of bulk imports: the many-to-many snapshot a one-by-one save would write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gentintl.spreadsheets.planning import plan_import
from gentintl.spreadsheets.reading import read_sheet
from gentintl.spreadsheets.undo import undo_changes
from gentintl.spreadsheets.writing import apply_plan
from partnerships.models import Activity, Theme
from partnerships.resources import ActivityResource

HEADER = "Titel;Soort;Status;Thema's\n"


def import_activities(text: str, **kwargs) -> dict:
    plan = plan_import(ActivityResource(), read_sheet(text.encode("utf-8"), "a.csv"))
    assert plan.is_valid, plan.errors
    return apply_plan(plan, **kwargs)


def theme_names(record, field="themes") -> list[str]:
    """The themes a historical record shows, by name."""
    return sorted(
        Theme.objects.filter(pk__in=getattr(record, field).values("theme")).values_list(
            "name", flat=True
        )
    )


def m2m_delta(newer, older) -> dict:
    """What the admin history shows for the themes between two historical records."""
    delta = newer.diff_against(older, included_fields=["themes"])
    return {
        change.field: (
            sorted(row["theme"] for row in change.old),
            sorted(row["theme"] for row in change.new),
        )
        for change in delta.changes
    }


def test_bulk_import_writes_the_themes_history_a_one_by_one_save_writes(db):
    culture, sport, youth = (Theme.objects.create(name=n) for n in ("Cultuur", "Sport", "Jeugd"))
    import_activities(HEADER + 'Bulk;sport;held;"Cultuur; Sport"\n')
    import_activities(HEADER + 'Bulk;sport;held;"Sport; Jeugd"\n')
    twin = Activity.objects.create(title="Twin", kind="sport", status="held")
    twin.themes.set([culture, sport])
    twin.themes.set([sport, youth])

    bulk = Activity.objects.get(title="Bulk")
    after, before = bulk.history.order_by("-history_id")[:2]
    assert (before.history_type, after.history_type) == ("+", "~")
    assert theme_names(before) == ["Cultuur", "Sport"]
    assert theme_names(after) == ["Jeugd", "Sport"]
    twin_after = twin.history.latest("history_id")
    twin_before = next(r for r in twin.history.all() if theme_names(r) == ["Cultuur", "Sport"])
    assert theme_names(twin_after) == theme_names(after)
    assert m2m_delta(after, before) == {"themes": ([culture.pk, sport.pk], [sport.pk, youth.pk])}
    assert m2m_delta(twin_after, twin_before) == m2m_delta(after, before)
    # Like simple_history, each history row copies the link row it snapshots.
    links = bulk.themes.through.objects.filter(activity=bulk)
    assert sorted(after.themes.values_list("id", "activity", "theme")) == sorted(
        links.values_list("id", "activity", "theme")
    )


def test_a_themes_only_change_is_recorded_as_a_change(db):
    Theme.objects.create(name="Cultuur")
    import_activities(HEADER + "Bulk;sport;held;\n")
    import_activities(HEADER + "Bulk;sport;held;Cultuur\n")
    latest = Activity.objects.get().history.latest("history_id")
    assert (latest.history_type, theme_names(latest)) == ("~", ["Cultuur"])


def test_themes_history_queries_do_not_grow_with_the_number_of_rows(db):
    Theme.objects.create(name="Cultuur")

    def queries(count: int, start: int) -> int:
        rows = "".join(f"A{i};sport;held;Cultuur\n" for i in range(start, start + count))
        with CaptureQueriesContext(connection) as captured:
            import_activities(HEADER + rows)
        return len(captured)

    assert queries(5, 0) == queries(50, 100)


def test_admin_history_shows_the_themes_before_and_after(db, editor_client, editor):
    Theme.objects.create(name="Cultuur")
    Theme.objects.create(name="Sport")
    import_activities(HEADER + "Bulk;sport;held;Cultuur\n", user=editor)
    import_activities(HEADER + "Bulk;sport;held;Sport\n", user=editor)
    bulk = Activity.objects.get()
    response = editor_client.get(reverse("admin:partnerships_activity_history", args=[bulk.pk]))
    assert response.status_code == 200
    shown = [
        (change["field"], str(change["old"]), str(change["new"]))
        for record in response.context["page_obj"]
        for change in getattr(record, "history_delta_changes", [])
    ]
    assert len(shown) == 1
    field, old, new = shown[0]
    assert "Cultuur" in old and "Sport" not in old
    assert "Sport" in new and "Cultuur" not in new


def test_undo_records_the_themes_it_restores(db):
    Theme.objects.create(name="Cultuur")
    Theme.objects.create(name="Sport")
    import_activities(HEADER + "Bulk;sport;held;Cultuur\n")
    changes = import_activities(HEADER + "Bulk;sport;held;Sport\n")

    undo_changes(Activity, changes)

    latest = Activity.objects.get().history.latest("history_id")
    assert (latest.history_type, theme_names(latest)) == ("~", ["Cultuur"])
