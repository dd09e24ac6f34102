"""Agreements that bind Ghent and a partner city for a period, and what replaces what."""

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gentintl.dates import (
    date_order_check,
    format_partial_date,
    period_ends_before,
    period_ends_on_or_after,
    precision_field,
    precision_matches_date,
)
from partnerships.models.options import DEFAULT_PERMISSIONS, SOURCE_HELP

# Import and export each need their own permission: not every staff user may do either.


class AgreementKind(models.TextChoices):
    FRIENDSHIP_TREATY = "friendship_treaty", _("friendship treaty")
    DECLARATION = "declaration", _("declaration")
    MEMORANDUM = "memorandum", _("memorandum of understanding")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("cooperation agreement")


class AgreementQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        """Agreements valid on `on` (default: today); an open start counts as signed."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | period_ends_on_or_after("valid_until", on),
            Q(valid_from__lte=on) | Q(valid_from__isnull=True, signed_on__lte=on),
        )

    def ending_within(self, days: int, on: datetime.date | None = None):
        """Agreements in force whose validity ends within `days` days: renewal alerts. A
        validity "until 2026" ends on 31 December 2026."""
        on = on or timezone.localdate()
        after = on + datetime.timedelta(days=days + 1)
        return self.in_force(on).filter(period_ends_before("valid_until", after))

    def expired(self, on: datetime.date | None = None):
        """Agreements whose validity was over before `on` (default: today)."""
        return self.filter(period_ends_before("valid_until", on or timezone.localdate()))

    def for_report(self, year: int):
        """What the yearly report lists: agreements signed or ending in `year`, in force at
        its end (`is_in_force_at_end`) or signed on an unknown date. One query."""
        in_force = self.model.objects.in_force(datetime.date(year, 12, 31))
        return (
            self.annotate(is_in_force_at_end=Exists(in_force.filter(pk=OuterRef("pk"))))
            .filter(
                Q(signed_on__year=year)
                | Q(valid_until__year=year)
                | Q(signed_on__isnull=True)
                | Q(is_in_force_at_end=True)
            )
            .select_related("partnership__city")
        )


def replacement_chains(agreements) -> list[list["Agreement"]]:
    """The agreements of one partnership as chains of renewals, each first to last along
    `replaces`, the chains by their earliest known date (undated chains last). Works on
    the given rows only, so a prefetched list costs no query; an agreement renewed twice
    continues its chain with the earlier signed renewal, the other one starts its own."""
    agreements = list(agreements)  # in the model's order: the earliest signed first
    known = {agreement.pk for agreement in agreements}
    successors: dict[int, list[Agreement]] = {}
    for agreement in agreements:
        if agreement.replaces_id in known:
            successors.setdefault(agreement.replaces_id, []).append(agreement)
    chains, seen = [], set()
    starts = [a for a in agreements if a.replaces_id not in known]
    for start in starts + agreements:  # the rest: renewals that branch off or go round
        if start.pk in seen:
            continue
        chain, current = [], start
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            chain.append(current)
            current = next((a for a in successors.get(current.pk, []) if a.pk not in seen), None)
        chains.append(chain)

    def first_known_date(chain):
        dates = [d for a in chain for d in (a.signed_on, a.valid_from) if d]
        return (not dates, min(dates) if dates else datetime.date.min)

    return sorted(chains, key=first_known_date)


class Agreement(models.Model):
    """A signed text that binds Ghent and one partner city, one link in a chain."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_on_precision = precision_field(_("precision of the signing date"))
    signing_planned = models.BooleanField(
        _("signing announced"),
        default=False,
        help_text=_("The source announces the signing for this date; it does not report it."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_from_precision = precision_field(_("precision of valid from"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Stored as the last day of the year or month when only those are known."),
    )
    valid_until_precision = precision_field(_("precision of valid until"))
    themes = models.ManyToManyField(
        "partnerships.Theme", blank=True, related_name="agreements", verbose_name=_("themes")
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    notes = models.TextField(_("notes"), blank=True)
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_agreements",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", F("signed_on").asc(nulls_first=True), "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="partnerships_agreement_unique_title"
            ),
            date_order_check("valid_from", "valid_until", "valid_until_after_from"),
            precision_matches_date("signed_on"),
            precision_matches_date("valid_from"),
            precision_matches_date("valid_until"),
            models.CheckConstraint(
                condition=~Q(replaces=F("pk")), name="partnerships_agreement_not_self_replacing"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.partnership.city.name})"

    def get_absolute_url(self):
        return reverse("partnerships:agreement_detail", args=[self.pk])

    def chain(self) -> list["Agreement"]:
        """The agreements this one renews and those renewing it, first to last, this one
        included: one query over its partnership's agreements, where a chain stays."""
        siblings = {a.pk: a for a in Agreement.objects.filter(partnership_id=self.partnership_id)}
        siblings[self.pk] = self
        earlier, seen = [], {self.pk}
        current = self
        while current.replaces_id in siblings and current.replaces_id not in seen:
            current = siblings[current.replaces_id]
            seen.add(current.pk)
            earlier.append(current)
        successors = {}
        for agreement in siblings.values():  # in the model's order: the earliest signed first
            successors.setdefault(agreement.replaces_id, []).append(agreement)
        later, current = [], self
        while True:
            following = [a for a in successors.get(current.pk, []) if a.pk not in seen]
            if not following:
                break
            current = following[0]
            seen.add(current.pk)
            later.append(current)
        return [*reversed(earlier), self, *later]

    @property
    def signed_display(self):
        return format_partial_date(self.signed_on, self.signed_on_precision)

    @property
    def valid_from_display(self):
        return format_partial_date(self.valid_from, self.valid_from_precision)

    @property
    def valid_until_display(self):
        return format_partial_date(self.valid_until, self.valid_until_precision)
