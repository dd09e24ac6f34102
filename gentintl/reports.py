"""The yearly report for the city council: a year's key figures, agreements, activities,
press releases and the balance between bilateral ties and multilateral cooperation.

A fact without a known date belongs to no year, so every year's report lists it, marked
"date unknown", rather than none: nothing recorded is silently left out. Seven queries,
whatever the number of rows (the balance is the home page's `charts.turn`, four of them).
"""

import datetime

from django.db.models import IntegerField
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from gentintl import charts, svg_charts
from partnerships.models import (
    Activity,
    Agreement,
    EUProject,
    Network,
    PartnershipStatusChange,
)
from pressroom.models import PressRelease

FIRST_YEAR, LAST_YEAR = 1900, 2999


def report_years() -> list[int]:
    """The years some record is dated in, newest first. One query."""
    dated = [
        (Agreement, "signed_on"),
        (Agreement, "valid_until"),
        (Activity, "occurred_on"),
        (PressRelease, "published_on"),
        (PartnershipStatusChange, "changed_on"),
        (Network, "member_since"),
        (EUProject, "started_on"),
    ]
    queries = [
        model.objects.filter(**{f"{field}__isnull": False})
        .annotate(year=ExtractYear(field, output_field=IntegerField()))
        .values_list("year", flat=True)
        .order_by()
        for model, field in dated
    ]
    years = queries[0].union(*queries[1:])
    return sorted({year for year in years if FIRST_YEAR <= year <= LAST_YEAR}, reverse=True)


def year_report(year: int) -> dict:
    """Everything the report of `year` shows, its charts as SVG geometry."""
    agreements = agreement_sections(year)
    activities = activity_sections(year)
    releases = list(PressRelease.objects.for_report(year))
    balance = balance_section(year)
    dated_releases = [r for r in releases if r.published_on]
    year_end = formats.date_format(datetime.date(year, 12, 31), "j F Y")
    signed, ending = len(agreements["signed"]), len(agreements["ending"])
    in_force = agreements["in_force_at_end"]
    changes, memberships, projects = (
        balance["status_changes"],
        balance["memberships"],
        balance["projects"],
    )
    figures = [
        figure(npgettext("key figure", "agreement signed", "agreements signed", signed), signed),
        figure(npgettext("key figure", "agreement ending", "agreements ending", ending), ending),
        figure(
            npgettext(
                "key figure",
                "agreement in force on %(day)s",
                "agreements in force on %(day)s",
                in_force,
            )
            % {"day": year_end},
            in_force,
        ),
        figure(
            npgettext("key figure", "activity", "activities", len(activities["dated"])),
            len(activities["dated"]),
            len(activities["undated"]),
        ),
        figure(
            npgettext("key figure", "press release", "press releases", len(dated_releases)),
            len(dated_releases),
            len(releases) - len(dated_releases),
        ),
        figure(
            npgettext(
                "key figure",
                "change of status of a bilateral tie",
                "changes of status of bilateral ties",
                changes[0],
            ),
            *changes,
        ),
        figure(
            npgettext(
                "key figure",
                "network membership begun",
                "network memberships begun",
                memberships[0],
            ),
            *memberships,
        ),
        figure(
            npgettext("key figure", "EU project started", "EU projects started", projects[0]),
            *projects,
        ),
    ]
    return {
        "year": year,
        "figures": figures,
        "agreements": agreements,
        "activities": activities,
        "press_releases": releases,
        "balance": balance,
    }


def figure(label: str, value: int, undated: int = 0) -> dict:
    """A key figure of the year, with how many more have no known date."""
    hint = (_("and %(count)s of an unknown date") % {"count": undated}) if undated else ""
    return {"label": label, "value": value, "hint": hint}


def agreement_sections(year: int) -> dict:
    agreements = list(Agreement.objects.for_report(year))
    return {
        "signed": sorted(
            (a for a in agreements if a.signed_on and a.signed_on.year == year),
            key=lambda a: (a.signed_on, a.title),
        ),
        "ending": sorted(
            (a for a in agreements if a.valid_until and a.valid_until.year == year),
            key=lambda a: (a.valid_until, a.title),
        ),
        "undated": [a for a in agreements if not a.signed_on],
        "in_force_at_end": sum(a.is_in_force_at_end for a in agreements),
    }


def activity_sections(year: int) -> dict:
    """The year's activities and the undated ones, each with its themes and partner, and
    the two charts that count them by theme and by partner."""
    activities: dict[int, Activity] = {}
    for row in Activity.objects.for_report(year):  # one row per theme
        activity = activities.setdefault(row.pk, row)
        if activity is row:
            activity.theme_names = []
            activity.partner_name = partner_name(activity)
        if row.theme_name:
            activity.theme_names.append(row.theme_name)
    listed = list(activities.values())
    by_theme = {activity.pk: activity.theme_names or [_("no theme")] for activity in listed}
    by_partner = {activity.pk: [activity.partner_name] for activity in listed}
    return {
        "all": listed,
        "dated": [a for a in listed if a.occurred_on],
        "undated": [a for a in listed if not a.occurred_on],
        "charts": [
            count_chart("report-themes", _("Activities by theme"), listed, by_theme, year),
            count_chart("report-partners", _("Activities by partner"), listed, by_partner, year),
        ],
    }


def partner_name(activity: Activity) -> str:
    if activity.partnership_id:
        return activity.partnership.city.name
    if activity.network_id:
        return activity.network.name
    return _("no partner")


def count_chart(chart_id: str, title: str, activities, groups: dict, year: int) -> dict:
    """Activities counted per group (a theme, a partner), those of `year` beside those of
    an unknown date, the largest group first."""
    counts: dict[str, list[int]] = {}
    for activity in activities:
        for group in groups[activity.pk]:
            counts.setdefault(group, [0, 0])[0 if activity.occurred_on else 1] += 1
    order = sorted(counts, key=lambda group: (-sum(counts[group]), group))
    chart = charts.chart(
        chart_id,
        title,
        "bar",
        order,
        [
            {"label": str(year), "data": [counts[group][0] for group in order]},
            {"label": _("date unknown"), "data": [counts[group][1] for group in order]},
        ],
    )
    chart["svg"] = svg_charts.bars(chart)
    return chart


def balance_section(year: int) -> dict:
    """The home page's turn chart (`charts.turn`) read for one year: its bilateral and
    multilateral stacks in `year` and among the facts of an unknown date."""
    turn = charts.turn()
    labels, datasets = turn["spec"]["labels"], turn["spec"]["datasets"]
    # The turn's own last column is "date unknown"; it has no labels when all are zero.
    indexes = [labels.index(str(year)) if str(year) in labels[:-1] else None]
    indexes.append(len(labels) - 1 if labels else None)
    columns = [str(year), _("date unknown")]

    def pair(dataset) -> list[int]:
        """The dataset's count in the year and among the undated facts."""
        return [dataset["data"][i] if i is not None else 0 for i in indexes]

    stacks = {"bilateral": _("bilateral"), "multilateral": _("multilateral")}
    chart = charts.chart(
        "report-balance",
        _("Bilateral ties and multilateral cooperation"),
        "bar",
        [f"{stacks[stack]} · {column}" for column in columns for stack in stacks],
        [
            {
                "label": dataset["label"],
                "data": [
                    count if dataset["stack"] == stack else 0
                    for count in pair(dataset)
                    for stack in stacks
                ],
            }
            for dataset in datasets
        ],
    )
    chart["svg"] = svg_charts.bars(chart)
    # Each series belongs to one stack: its numbers read best as one row per series.
    chart["svg"]["table"] = {
        "columns": columns,
        "rows": [{"label": dataset["label"], "values": pair(dataset)} for dataset in datasets],
    }

    def total(selected) -> tuple[int, int]:
        pairs = [pair(dataset) for dataset in selected]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    *bilateral, memberships, projects = datasets  # the turn's order: statuses, then these two
    return {
        "chart": chart,
        "summary": turn["summary"],
        "status_changes": total(bilateral),
        "memberships": total([memberships]),
        "projects": total([projects]),
    }
