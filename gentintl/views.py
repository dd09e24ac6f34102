"""The home page: where Ghent's international relations stand and what needs action."""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_countries.fields import Country

from gentintl import charts, dates, pdf, reports, saved_views, search_results
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
LATEST_CHANGES = 10


def list_url(name: str, **params) -> str:
    """The list page `name` filtered by `params` (a list value repeats the parameter)."""
    url = reverse(name)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def year_range(year: int) -> dict[str, str]:
    return {"from": f"{year}-01-01", "to": f"{year}-12-31"}


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
            charts.status_chart(context["status_counts"]),
            charts.turn(),
            charts.activity_theme_chart(),
            charts.press_chart(today),
        ]
        context["saved_views"] = saved_views.visible_to(self.request.user)
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


# The report shows agreements, activities, press releases, networks and EU projects, and
# no personal data: whoever may view those on the dashboard may read it.
REPORT_PERMISSIONS = (
    "partnerships.view_partnership",
    "partnerships.view_agreement",
    "partnerships.view_activity",
    "partnerships.view_network",
    "partnerships.view_euproject",
    "pressroom.view_pressrelease",
)


class ReportIndexView(PermissionRequiredMixin, TemplateView):
    """The years that have a report: those some record is dated in."""

    template_name = "report_index.html"
    permission_required = REPORT_PERMISSIONS
    raise_exception = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = reports.report_years()
        context["this_year"] = dates.today().year
        return context


class ReportView(PermissionRequiredMixin, TemplateView):
    """The yearly report for the city council, to read, print on A4 or download as PDF."""

    template_name = "report.html"
    permission_required = REPORT_PERMISSIONS
    raise_exception = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        if not reports.FIRST_YEAR <= year <= reports.LAST_YEAR:
            raise Http404
        context["report"] = reports.year_report(year)
        context["today"] = dates.today()
        years = reports.report_years()
        context["previous_year"] = max((y for y in years if y < year), default=None)
        context["next_year"] = min((y for y in years if y > year), default=None)
        return context


class ReportPDFView(ReportView):
    """The same report as a PDF download, made by WeasyPrint from the same page."""

    def render_to_response(self, context, **response_kwargs):
        context["is_pdf"] = True
        html = render_to_string(self.template_name, context, request=self.request)
        document = pdf.render_pdf(html, base_url=self.request.build_absolute_uri("/"))
        year = context["report"]["year"]
        filename = _("gentintl-report-%(year)s.pdf") % {"year": year}
        return HttpResponse(
            document,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


class SearchView(TemplateView):
    """The search box in the header: every kind of record the user may view, at once
    (gentintl.search_results). Any logged-in user; what each finds follows their rights."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[: search_results.MAX_LENGTH]
        groups = search_results.results(query, self.request.user) if query else []
        context.update(query=query, groups=groups)
        return context
