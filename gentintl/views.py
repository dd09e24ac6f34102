"""The home page: where Ghent's international relations stand."""

from django.db.models import Count
from django.views.generic import TemplateView

from partnerships.models import (
    Activity,
    Agreement,
    EUProject,
    Network,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
)
from pressroom.models import PressRelease


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {
            (row["kind"], row["status"]): row["n"]
            for row in Partnership.objects.values("kind", "status").annotate(n=Count("pk"))
        }
        context["partnership_table"] = [
            {
                "kind": kind,
                "cells": [
                    counts.get((kind.value, status.value), 0) for status in PartnershipStatus
                ],
                "total": sum(counts.get((kind.value, s.value), 0) for s in PartnershipStatus),
            }
            for kind in PartnershipKind
        ]
        context["statuses"] = list(PartnershipStatus)
        context["agreements_in_force"] = Agreement.objects.in_force().count()
        context["renewal_alerts"] = Agreement.objects.ending_within(365).select_related(
            "partnership__city"
        )
        context["activity_count"] = Activity.objects.count()
        context["network_memberships"] = Network.objects.filter(is_ghent_member=True).count()
        context["eu_project_count"] = EUProject.objects.count()
        context["latest_press_releases"] = PressRelease.objects.latest_first()[:5]
        return context
