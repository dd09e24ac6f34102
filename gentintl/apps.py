from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GentintlConfig(AppConfig):
    """The project package as an app: the import log, shared admin pieces, audit
    receivers."""

    name = "gentintl"
    verbose_name = _("Spreadsheets")

    def ready(self):
        from gentintl import audit  # noqa: F401  (connects the receivers)
