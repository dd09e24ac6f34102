"""The cities Ghent works with, by their Dutch and local names."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partnerships.models.options import DEFAULT_PERMISSIONS

# Import and export each need their own permission: not every staff user may do either.


class City(models.Model):
    """A place, named in Dutch as the documents do (Luik) and locally (Liège)."""

    name = models.CharField(_("Dutch name"), max_length=100)
    local_name = models.CharField(_("local name"), max_length=100, blank=True)
    country = CountryField(_("country"))
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    provenance = models.CharField(
        _("source of the reference data"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the coordinates and the local name come from when no press release gives them."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        default_permissions = DEFAULT_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="partnerships_city_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="partnerships_city_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="partnerships_city_longitude_range",
            ),
        ]

    def __str__(self):
        if self.local_name and self.local_name != self.name:
            return f"{self.name} ({self.local_name})"
        return self.name
