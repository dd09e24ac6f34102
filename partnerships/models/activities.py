"""Activities and exchanges: visits, projects and events, with the organisations in them."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gentintl.dates import (
    format_partial_date,
    precision_field,
    precision_matches_date,
)
from partnerships.models.options import DEFAULT_PERMISSIONS, SOURCE_HELP

# Import and export each need their own permission: not every staff user may do either.


class ActivityKind(models.TextChoices):
    STUDENT_EXCHANGE = "student_exchange", _("student exchange")
    ACADEMIC = "academic", _("academic cooperation")
    CULTURAL_EXCHANGE = "cultural_exchange", _("cultural exchange")
    SPORT = "sport", _("sport")
    CULINARY_EXCHANGE = "culinary_exchange", _("culinary exchange")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("knowledge sharing")
    DELEGATION_VISIT = "delegation_visit", _("delegation visit")
    SIGNING = "signing", _("signing")
    GIFT = "gift", _("gift or artwork")
    ANNIVERSARY = "anniversary", _("anniversary")
    OTHER = "other", _("other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    HELD = "held", _("held")


class ActivityQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(occurred_on__year=year)

    def for_report(self, year: int):
        """The activities of `year` and those of an unknown date, one row per theme
        (`theme_name`, None for none) with their partner: the yearly report groups them by
        both in one query, where prefetching the themes would take a second."""
        return (
            self.filter(Q(occurred_on__year=year) | Q(occurred_on__isnull=True))
            .select_related("partnership__city", "network")
            .annotate(theme_name=F("themes__name"))
            .order_by(F("occurred_on").asc(nulls_last=True), "title", "theme_name")
        )


class Activity(models.Model):
    """An exchange, visit, event, gift or anniversary within a partnership or network."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind)
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    occurred_on_precision = precision_field(_("precision of the date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("partnership"),
    )
    network = models.ForeignKey(
        "partnerships.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("network"),
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("under agreement"),
    )
    themes = models.ManyToManyField(
        "partnerships.Theme", blank=True, related_name="activities", verbose_name=_("themes")
    )
    ghent_organisations = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="ghent_side_activities",
        verbose_name=_("organisations in Ghent"),
    )
    partner_organisations = models.ManyToManyField(
        "partnerships.Organisation",
        blank=True,
        related_name="partner_side_activities",
        verbose_name=_("organisations on the partner side"),
    )
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_activities",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes, ghent_organisations, partner_organisations])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = [F("occurred_on").desc(nulls_last=True), "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        default_permissions = DEFAULT_PERMISSIONS
        # The list's order has its index on PostgreSQL only (SQLite cannot index
        # NULLS LAST): see migration 0006.
        constraints = [precision_matches_date("occurred_on")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:activity_detail", args=[self.pk])

    @property
    def occurred_display(self):
        return format_partial_date(self.occurred_on, self.occurred_on_precision)
