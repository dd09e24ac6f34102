"""City networks Ghent belongs to and the EU-funded projects it takes part in."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gentintl.dates import (
    date_order_check,
    format_partial_date,
    precision_field,
    precision_matches_date,
)
from partnerships.models.options import DEFAULT_PERMISSIONS, SOURCE_HELP

# Import and export each need their own permission: not every staff user may do either.


class Network(models.Model):
    """A multilateral city network (Eurocities...) and Ghent's membership of it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_ghent_member = models.BooleanField(_("Ghent is a member"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    member_since_precision = precision_field(_("precision of member since"))
    ghent_role = models.CharField(_("Ghent's role"), max_length=200, blank=True)
    themes = models.ManyToManyField(
        "partnerships.Theme", blank=True, related_name="networks", verbose_name=_("themes")
    )
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_networks",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [precision_matches_date("member_since")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:network_detail", args=[self.pk])

    @property
    def member_since_display(self):
        return format_partial_date(self.member_since, self.member_since_precision)


class ProjectRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    ASSOCIATED = "associated", _("associated partner")


class EUProject(models.Model):
    """A multi-city project funded by an EU programme, with Ghent's role in it."""

    acronym = models.CharField(_("acronym"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300)
    programme = models.CharField(
        _("programme"), max_length=100, help_text=_("e.g. Interreg, URBACT, Horizon Europe")
    )
    ghent_role = models.CharField(_("Ghent's role"), max_length=20, choices=ProjectRole)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    started_on_precision = precision_field(_("precision of the start"))
    ended_on = models.DateField(_("ends on"), null=True, blank=True)
    ended_on_precision = precision_field(_("precision of the end"))
    budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    ghent_budget = models.DecimalField(
        _("Ghent's budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    partner_cities = models.ManyToManyField(
        "partnerships.City",
        blank=True,
        related_name="eu_projects",
        verbose_name=_("partner cities"),
    )
    network = models.ForeignKey(
        "partnerships.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eu_projects",
        verbose_name=_("network"),
    )
    themes = models.ManyToManyField(
        "partnerships.Theme", blank=True, related_name="eu_projects", verbose_name=_("themes")
    )
    website = models.URLField(_("website"), blank=True)
    source = models.ForeignKey(
        "pressroom.PressRelease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sourced_eu_projects",
        verbose_name=_("source"),
        help_text=SOURCE_HELP,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[partner_cities, themes])

    class Meta:
        ordering = ["-started_on", "acronym"]
        verbose_name = _("EU project")
        verbose_name_plural = _("EU projects")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            date_order_check("started_on", "ended_on", "ended_after_started"),
            precision_matches_date("started_on"),
            precision_matches_date("ended_on"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="partnerships_euproject_budget_positive",
                violation_error_message=_("The amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(ghent_budget__isnull=True)
                | Q(budget__isnull=True)
                | Q(ghent_budget__lte=F("budget")),
                name="partnerships_euproject_ghent_budget_within_total",
                violation_error_message=_("Ghent's budget is larger than the total budget."),
            ),
        ]

    def __str__(self):
        return f"{self.acronym} ({self.programme})"

    def get_absolute_url(self):
        return reverse("partnerships:euproject_detail", args=[self.pk])

    @property
    def started_display(self):
        return format_partial_date(self.started_on, self.started_on_precision)

    @property
    def ended_display(self):
        return format_partial_date(self.ended_on, self.ended_on_precision)
