"""The charts of the home page, each as a Chart.js spec and the same numbers as a table.

A fact without a date is never dropped: a chart over the years ends in a "date unknown"
bucket, and the turn from bilateral ties to networks is also said in words.
"""

import datetime
from collections import Counter

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.models import (
    Activity,
    EUProject,
    Network,
    Partnership,
    PartnershipStatus,
    PartnershipStatusChange,
)
from pressroom.models import PressRelease

PRESS_MONTHS = 24
# Partnerships named in the summary of a status, when there are at most this many.
NAMED = 3


def chart(chart_id: str, title: str, kind: str, labels, datasets, **options) -> dict:
    """A Chart.js spec (for json_script) and the same numbers as table rows (the fallback
    for screen readers and for those who would rather read). No rows when all are zero."""
    labels = [str(label) for label in labels]
    if not any(any(dataset["data"]) for dataset in datasets):
        labels = []
    return {
        "id": chart_id,
        "title": title,
        "spec": {"type": kind, "labels": labels, "datasets": datasets, **options},
        "series": [dataset["label"] for dataset in datasets],
        "rows": [
            {"label": label, "values": [dataset["data"][i] for dataset in datasets]}
            for i, label in enumerate(labels)
        ],
    }


def status_chart(status_counts) -> dict:
    return chart(
        "chart-status",
        _("Partnerships by status"),
        "bar",
        [status.label for status in status_counts],
        [{"label": _("partnerships"), "data": list(status_counts.values())}],
        horizontal=True,
    )


def per_year(queryset, date_field: str, *group) -> dict:
    """{(year or None, *group values): count}: None is the year of the undated rows."""
    rows = (
        queryset.annotate(year=ExtractYear(date_field))
        .values("year", *group)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["year"], *(row[g] for g in group)): row["n"] for row in rows}


def turn() -> dict:
    """Ghent's bilateral ties by the status they moved to, per year, beside the networks it
    joined and the EU projects it started; undated facts in the last bucket, "date
    unknown". A partnership without any step in its status history counts once, under
    its status. The chart's `summary` says where Ghent stands now, in words. Four queries.
    """
    steps = per_year(PartnershipStatusChange.objects.all(), "changed_on", "status")
    partnerships = Partnership.objects.annotate(
        has_steps=Exists(PartnershipStatusChange.objects.filter(partnership=OuterRef("pk")))
    ).values_list("status", "city__name", "has_steps")
    by_status: dict[str, list[str]] = {}
    for status, name, has_steps in partnerships.order_by("city__name"):
        by_status.setdefault(status, []).append(name)
        if not has_steps:
            steps[(None, status)] = steps.get((None, status), 0) + 1
    networks = Network.objects.filter(is_ghent_member=True).values_list("name", "member_since")
    networks = list(networks.order_by("name"))
    projects = list(EUProject.objects.values_list("started_on", flat=True))
    memberships = Counter(since.year if since else None for _name, since in networks)
    started = Counter(day.year if day else None for day in projects)
    dated = sorted(({key[0] for key in steps} | set(memberships) | set(started)) - {None})
    years = [*dated, None]
    datasets = [
        {
            "label": _("bilateral: %(status)s") % {"status": status.label},
            "data": [steps.get((year, status.value), 0) for year in years],
            "stack": "bilateral",
        }
        for status in PartnershipStatus
    ]
    datasets += [
        {
            "label": _("network memberships begun"),
            "data": [memberships[year] for year in years],
            "stack": "multilateral",
        },
        {
            "label": _("EU projects started"),
            "data": [started[year] for year in years],
            "stack": "multilateral",
        },
    ]
    result = chart(
        "chart-turn",
        _("Bilateral ties and multilateral cooperation per year"),
        "bar",
        [*dated, _("date unknown")],
        datasets,
        stacked=True,
    )
    result["summary"] = summary(by_status, [name for name, _since in networks], len(projects))
    return result


def summary(by_status: dict[str, list[str]], networks: list[str], projects: int) -> list[str]:
    """Where Ghent stands, in words: its bilateral ties by status (the few by name), its
    networks and its EU projects."""
    lines = []
    for status in PartnershipStatus:
        names = by_status.get(status.value, [])
        if not names:
            continue
        text = ngettext(
            "%(status)s: %(count)s bilateral tie",
            "%(status)s: %(count)s bilateral ties",
            len(names),
        ) % {"count": len(names), "status": capfirst(status.label)}
        lines.append(text + (f" ({', '.join(names)})" if len(names) <= NAMED else ""))
    text = ngettext(
        "Member of %(count)s network", "Member of %(count)s networks", len(networks)
    ) % {"count": len(networks)}
    lines.append(text + (f" ({', '.join(networks)})" if networks else ""))
    lines.append(
        ngettext("%(count)s EU project", "%(count)s EU projects", projects) % {"count": projects}
    )
    return lines


def activity_theme_chart() -> dict:
    rows = (
        Activity.themes.through.objects.filter(activity__occurred_on__isnull=False)
        .annotate(year=ExtractYear("activity__occurred_on"))
        .values("year", "theme__name")
        .annotate(n=Count("pk"))
        .order_by("year", "theme__name")
    )
    years = sorted({row["year"] for row in rows})
    themes = sorted({row["theme__name"] for row in rows})
    counts = {(row["year"], row["theme__name"]): row["n"] for row in rows}
    return chart(
        "chart-themes",
        _("Activities per year by theme"),
        "bar",
        years,
        [{"label": t, "data": [counts.get((y, t), 0) for y in years]} for t in themes],
        stacked=True,
    )


def press_chart(today: datetime.date) -> dict:
    first = (today.replace(day=1) - datetime.timedelta(days=31 * (PRESS_MONTHS - 1))).replace(day=1)
    rows = (
        PressRelease.objects.filter(published_on__gte=first, published_on__lte=today)
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["month"]: row["n"] for row in rows}
    months = []
    month = first
    while month <= today:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return chart(
        "chart-press",
        _("Press releases per month"),
        "bar",
        [formats.date_format(m, "M Y") for m in months],
        [{"label": _("press releases"), "data": [counts.get(m, 0) for m in months]}],
    )
