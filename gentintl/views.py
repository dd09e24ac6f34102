"""The home page: where Ghent's international relations stand and what needs action."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries.fields import Country

from gentintl import dates
from partnerships.models import (
    Activity,
    Agreement,
    EUProject,
    Network,
    Organisation,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
)
from pressroom.models import PressRelease

RENEWAL_DAYS = 365
PRESS_MONTHS = 24
LATEST_CHANGES = 10


def list_url(name: str, **params) -> str:
    """The list page `name` filtered by `params` (a list value repeats the parameter)."""
    url = reverse(name)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def year_range(year: int) -> dict[str, str]:
    return {"from": f"{year}-01-01", "to": f"{year}-12-31"}


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


class HomeView(PermissionRequiredMixin, TemplateView):
    template_name = "home.html"
    permission_required = "partnerships.view_partnership"
    raise_exception = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = dates.today()
        context["today"] = today
        context.update(self.partnership_figures())
        context.update(self.key_figures(today))
        context["charts"] = [
            self.status_chart(context["status_counts"]),
            self.cooperation_chart(),
            self.activity_theme_chart(),
            self.press_chart(today),
        ]
        context["map_data"] = self.map_data()
        context["latest_changes"] = self.latest_changes()
        context["latest_press_releases"] = PressRelease.objects.latest_first().only(
            "number", "slug", "title", "published_on"
        )[:5]
        return context

    # ------------------------------------------------------------- figures
    def partnership_figures(self) -> dict:
        counts = {
            (row["kind"], row["status"]): row["n"]
            for row in Partnership.objects.values("kind", "status").annotate(n=Count("pk"))
        }
        url = "partnerships:partnership_list"
        table = [
            {
                "kind": kind,
                "label": kind.label,
                "url": list_url(url, kind=kind.value),
                "cells": [
                    {
                        "count": counts.get((kind.value, status.value), 0),
                        "url": list_url(url, kind=kind.value, status=status.value),
                    }
                    for status in PartnershipStatus
                ],
                "total": sum(counts.get((kind.value, s.value), 0) for s in PartnershipStatus),
            }
            for kind in PartnershipKind
        ]
        status_counts = {
            status: sum(counts.get((kind.value, status.value), 0) for kind in PartnershipKind)
            for status in PartnershipStatus
        }
        return {
            "statuses": [
                {"label": s.label, "url": list_url(url, status=s.value)} for s in PartnershipStatus
            ],
            "partnership_table": table,
            "status_counts": status_counts,
            "current_partnerships": sum(
                n for status, n in status_counts.items() if status != PartnershipStatus.ENDED
            ),
        }

    def key_figures(self, today: datetime.date) -> dict:
        year = today.year
        this_year = year_range(year)
        renewals = list(
            Agreement.objects.ending_within(RENEWAL_DAYS, on=today)
            .select_related("partnership__city")
            .order_by("valid_until")
        )
        return {
            "year": year,
            "renewal_alerts": renewals,
            "figures": [
                {
                    "label": _("agreements in force"),
                    "value": Agreement.objects.in_force(today).count(),
                    "url": list_url("partnerships:agreement_list", validity="in_force"),
                },
                {
                    "label": _("agreements to renew within 12 months"),
                    "value": len(renewals),
                    "url": list_url("partnerships:agreement_list", validity="ending"),
                    "variant": "warning" if renewals else "",
                },
                {
                    "label": _("activities in %(year)s") % {"year": year},
                    "value": Activity.objects.in_year(year).count(),
                    "url": list_url(
                        "partnerships:activity_list",
                        occurred_from=this_year["from"],
                        occurred_to=this_year["to"],
                    ),
                },
                {
                    "label": _("press releases in %(year)s") % {"year": year},
                    "value": PressRelease.objects.filter(
                        published_on__gte=datetime.date(year, 1, 1),
                        published_on__lte=datetime.date(year, 12, 31),
                    ).count(),
                    "url": list_url(
                        "pressroom:pressrelease_list",
                        published_from=this_year["from"],
                        published_to=this_year["to"],
                    ),
                },
                {
                    "label": _("network memberships"),
                    "value": Network.objects.filter(is_ghent_member=True).count(),
                    "url": list_url("partnerships:network_list", is_ghent_member="true"),
                },
                {
                    "label": _("EU projects"),
                    "value": EUProject.objects.count(),
                    "url": list_url("partnerships:euproject_list"),
                },
            ],
        }

    # -------------------------------------------------------------- charts
    def status_chart(self, status_counts) -> dict:
        return chart(
            "chart-status",
            _("Partnerships by status"),
            "bar",
            [status.label for status in status_counts],
            [{"label": _("partnerships"), "data": list(status_counts.values())}],
            horizontal=True,
        )

    def cooperation_chart(self) -> dict:
        """Bilateral (activities and agreements within a partnership) against multilateral
        (activities within a network, EU projects started) per year."""
        per_year: dict[int, list[int]] = {}
        activities = (
            Activity.objects.filter(occurred_on__isnull=False)
            .annotate(year=ExtractYear("occurred_on"))
            .values("year")
            .annotate(
                bilateral=Count("pk", filter=Q(partnership__isnull=False)),
                multilateral=Count("pk", filter=Q(network__isnull=False)),
            )
        )
        for row in activities:
            per_year.setdefault(row["year"], [0, 0])
            per_year[row["year"]][0] += row["bilateral"]
            per_year[row["year"]][1] += row["multilateral"]
        agreements = (
            Agreement.objects.filter(signed_on__isnull=False)
            .annotate(year=ExtractYear("signed_on"))
            .values("year")
            .annotate(n=Count("pk"))
        )
        for row in agreements:
            per_year.setdefault(row["year"], [0, 0])[0] += row["n"]
        projects = (
            EUProject.objects.filter(started_on__isnull=False)
            .annotate(year=ExtractYear("started_on"))
            .values("year")
            .annotate(n=Count("pk"))
        )
        for row in projects:
            per_year.setdefault(row["year"], [0, 0])[1] += row["n"]
        years = sorted(per_year)
        return chart(
            "chart-cooperation",
            _("Bilateral and multilateral cooperation per year"),
            "bar",
            years,
            [
                {"label": _("bilateral"), "data": [per_year[y][0] for y in years]},
                {"label": _("multilateral"), "data": [per_year[y][1] for y in years]},
            ],
            stacked=True,
        )

    def activity_theme_chart(self) -> dict:
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

    def press_chart(self, today: datetime.date) -> dict:
        first = (today.replace(day=1) - datetime.timedelta(days=31 * (PRESS_MONTHS - 1))).replace(
            day=1
        )
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

    # ----------------------------------------------------------------- map
    def map_data(self) -> dict:
        """Every partner city with its coordinates, and the countries to shade. Read as
        plain values: at a thousand partnerships, model instances cost most of the page."""
        rows = Partnership.objects.values_list(
            "pk",
            "kind",
            "status",
            "city__name",
            "city__local_name",
            "city__country",
            "city__latitude",
            "city__longitude",
        )
        kinds = dict(PartnershipKind.choices)
        statuses = dict(PartnershipStatus.choices)
        url = reverse("partnerships:partnership_detail", args=[0])[: -len("0/")]
        points, countries = [], set()
        for pk, kind, status, name, local_name, country, latitude, longitude in rows:
            countries.add(country)
            if latitude is None or longitude is None:
                continue
            label = f"{name} ({local_name})" if local_name and local_name != name else name
            points.append(
                {
                    "name": label,
                    "lat": float(latitude),
                    "lng": float(longitude),
                    "url": f"{url}{pk}/",
                    "detail": f"{kinds.get(kind, kind)} · {statuses.get(status, status)}",
                    "category": status,
                }
            )
        numeric = (Country(code).numeric_padded for code in countries if code)
        return {
            "points": points,
            "highlight": sorted(code for code in numeric if code),
            "categories": {status.value: str(status.label) for status in PartnershipStatus},
        }

    # ------------------------------------------------------------- history
    def latest_changes(self) -> list:
        """The latest edits across the main records, newest first (contacts are left out:
        personal data). Names and links come from the history rows themselves, so this
        runs one query per record type whatever the number of changes."""

        def partnership_url(pk):
            return reverse("partnerships:partnership_detail", args=[pk]) if pk else ""

        sources = [
            (Partnership, ("city",), lambda r: str(r.city), lambda r: partnership_url(r.id)),
            (Agreement, (), lambda r: r.title, lambda r: partnership_url(r.partnership_id)),
            (Activity, (), lambda r: r.title, lambda r: partnership_url(r.partnership_id)),
            (
                Organisation,
                (),
                lambda r: r.name,
                lambda r: reverse("partnerships:organisation_detail", args=[r.id]),
            ),
            (
                Network,
                (),
                lambda r: r.name,
                lambda r: reverse("partnerships:network_detail", args=[r.id]),
            ),
            (
                EUProject,
                (),
                lambda r: r.acronym,
                lambda r: reverse("partnerships:euproject_detail", args=[r.id]),
            ),
            (
                PressRelease,
                (),
                lambda r: r.title,
                lambda r: reverse("pressroom:pressrelease_detail", args=[r.number, r.slug]),
            ),
        ]
        history_types = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
        changes, seen = [], set()
        for model, related, name, url in sources:
            records = model.history.select_related("history_user", *related).order_by(
                "-history_date"
            )
            if model is PressRelease:
                records = records.defer("body", "lead")
            for record in records[:LATEST_CHANGES]:
                # One line per record: its latest change.
                if (model, record.id) in seen:
                    continue
                seen.add((model, record.id))
                deleted = record.history_type == "-"
                changes.append(
                    {
                        "at": record.history_date,
                        "kind": model._meta.verbose_name,
                        "type": history_types.get(record.history_type, ""),
                        "name": name(record),
                        "url": "" if deleted else url(record),
                        "user": record.history_user,
                    }
                )
        changes.sort(key=lambda change: change["at"], reverse=True)
        return changes[:LATEST_CHANGES]
