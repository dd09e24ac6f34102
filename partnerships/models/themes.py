"""The themes that facts are tagged with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models.options import DEFAULT_PERMISSIONS


class Theme(models.Model):
    """A subject of cooperation: education, culture, sport, sustainable development..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        default_permissions = DEFAULT_PERMISSIONS

    def __str__(self):
        return self.name
