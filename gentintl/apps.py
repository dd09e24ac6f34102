from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class GentintlConfig(AppConfig):
    """The project package as an app: the import log, shared admin pieces, audit
    receivers."""

    name = "gentintl"
    verbose_name = _("Spreadsheets")

    def ready(self):
        from gentintl import audit  # noqa: F401  (connects the receivers)
        from gentintl.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="gentintl_search")
