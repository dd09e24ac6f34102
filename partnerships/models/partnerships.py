"""Ghent's ties with partner cities, their status and its history, and their timeline."""

import dataclasses
import datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gentintl.dates import (
    date_order_check,
    format_partial_date,
    precision_field,
    precision_matches_date,
)
from partnerships.models.agreements import Agreement, replacement_chains
from partnerships.models.options import DEFAULT_PERMISSIONS, SOURCE_HELP


@dataclasses.dataclass
class TimelineEvent:
    """One dated step in a partnership's life, as the detail page shows it."""

    on: datetime.date | None
    on_display: str
    kind: str
    title: str
    url: str = ""
    status: str = ""
    # Where an undated event goes: a status step without a date still precedes the
    # dated steps after it in the status history.
    before: datetime.date | None = None


def _timeline_order(event: TimelineEvent):
    """Dated events by date; an undated status step just before the next dated step of
    its history; other undated events last."""
    if event.on:
        return (False, event.on, 1)
    if event.before:
        return (False, event.before, 0)
    return (True, datetime.date.min, 0)


class PartnershipKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("sister city")
    PARTNER_CITY = "partner_city", _("partner city")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    PHASING_OUT = "phasing_out", _("phasing out")
    ENDED = "ended", _("ended")


class Initiative(models.TextChoices):
    GHENT = "ghent", _("Ghent")
    PARTNER = "partner", _("the partner city")
    MUTUAL = "mutual", _("both cities")


class PartnershipQuerySet(models.QuerySet):
    def current(self):
        """Partnerships that have not ended."""
        return self.exclude(status=PartnershipStatus.ENDED)

    def for_list(self):
        return self.select_related("city")

    def for_detail(self):
        """Everything the detail page and its timeline show, in a fixed number of queries."""
        return self.select_related("city", "source").prefetch_related(
            models.Prefetch(
                "status_changes", queryset=PartnershipStatusChange.objects.select_related("source")
            ),
            models.Prefetch("agreements", queryset=Agreement.objects.prefetch_related("themes")),
            "activities",
            "press_releases",
        )


class Partnership(models.Model):
    """Ghent's bilateral tie with one city: a formal twinning or a lighter partnership."""

    city = models.ForeignKey(
        "partnerships.City",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("city"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind)
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus, default=PartnershipStatus.ACTIVE
    )
    began_on = models.DateField(_("began on"), null=True, blank=True)
    began_on_precision = precision_field(_("precision of the beginning"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of the end"))
    ended_by = models.CharField(
        _("ended at the request of"), max_length=10, choices=Initiative, blank=True
    )
    end_reason = models.TextField(_("reason for the end"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_partnerships",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible staff"),
        help_text=_("Who receives the renewal reminders of its agreements by e-mail."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["city__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(fields=["city"], name="partnerships_partnership_unique_city"),
            date_order_check("began_on", "ended_on", "ended_after_began"),
            precision_matches_date("began_on"),
            precision_matches_date("ended_on"),
        ]

    def __str__(self):
        return f"{self.city} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.pk])

    @property
    def began_display(self):
        return format_partial_date(self.began_on, self.began_on_precision)

    @property
    def ended_display(self):
        return format_partial_date(self.ended_on, self.ended_on_precision)

    def agreement_chains(self) -> list[list[Agreement]]:
        """Its agreements as chains of renewals, oldest first; uses the prefetched rows."""
        return replacement_chains(self.agreements.all())

    def timeline(self) -> list[TimelineEvent]:
        """Beginning, agreements, status changes, activities, press releases and end, by
        date; events without a known date come last. Uses the prefetched relations."""
        events = []
        if self.began_on:
            events.append(
                TimelineEvent(self.began_on, self.began_display, _("beginning"), str(self))
            )
        for agreement in self.agreements.all():
            events.append(
                TimelineEvent(
                    agreement.signed_on,
                    agreement.signed_display,
                    _("%(kind)s (signing announced)") % {"kind": agreement.get_kind_display()}
                    if agreement.signing_planned
                    else agreement.get_kind_display(),
                    agreement.title,
                    url=agreement.get_absolute_url(),
                )
            )
        changes = list(self.status_changes.all())  # in the history's order
        for index, change in enumerate(changes):
            later = (c.changed_on for c in changes[index + 1 :] if c.changed_on)
            events.append(
                TimelineEvent(
                    change.changed_on,
                    change.changed_display,
                    _("status: %(status)s") % {"status": change.get_status_display()},
                    change.reason,
                    status=change.status,
                    before=None if change.changed_on else next(later, None),
                )
            )
        for activity in self.activities.all():
            events.append(
                TimelineEvent(
                    activity.occurred_on,
                    activity.occurred_display,
                    activity.get_kind_display(),
                    activity.title,
                    url=activity.get_absolute_url(),
                )
            )
        for release in self.press_releases.all():
            events.append(
                TimelineEvent(
                    release.published_on,
                    format_partial_date(release.published_on, "day"),
                    _("press release"),
                    release.title,
                    url=release.get_absolute_url(),
                )
            )
        if self.ended_on:
            events.append(TimelineEvent(self.ended_on, self.ended_display, _("end"), str(self)))
        return sorted(events, key=_timeline_order)


class PartnershipStatusChange(models.Model):
    """One dated step in a partnership's status history, with its reason and source."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("partnership"),
    )
    status = models.CharField(_("status"), max_length=20, choices=PartnershipStatus)
    changed_on = models.DateField(_("changed on"), null=True, blank=True)
    changed_on_precision = precision_field(_("precision of the date"))
    reason = models.TextField(_("reason"), blank=True)
    initiated_by = models.CharField(
        _("at the request of"), max_length=10, choices=Initiative, blank=True
    )
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_status_changes",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", F("changed_on").asc(nulls_first=True), "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            precision_matches_date("changed_on"),
            models.UniqueConstraint(
                fields=["partnership", "status"], name="partnerships_statuschange_unique_step"
            ),
        ]

    def __str__(self):
        when = format_partial_date(self.changed_on, self.changed_on_precision) or _("date unknown")
        return f"{self.partnership.city}: {self.get_status_display()} ({when})"

    @property
    def changed_display(self):
        return format_partial_date(self.changed_on, self.changed_on_precision)
