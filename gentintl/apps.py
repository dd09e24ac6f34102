from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GentintlConfig(AppConfig):
    """The project package as an app: the import log, shared admin pieces, audit receivers,
    the change counters of every table (counters.py)."""

    name = "gentintl"
    verbose_name = _("Spreadsheets")

    def ready(self):
        from gentintl import audit  # noqa: F401  (connects the receivers)
        from gentintl.counters import install_after_migrate

        post_migrate.connect(install_after_migrate, dispatch_uid="gentintl_counters")
