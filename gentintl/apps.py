from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GentintlConfig(AppConfig):
    """The project package as an app: the import log, shared admin pieces, audit receivers,
    the change counters of every table (counters.py) and the collector's return after a
    request that paused it (bulk.py)."""

    name = "gentintl"
    verbose_name = _("Spreadsheets")

    def ready(self):
        from gentintl import audit  # noqa: F401  (connects the receivers)
        from gentintl.bulk import collection_resumes
        from gentintl.counters import install_after_migrate
        from gentintl.search import register_sqlite_functions

        post_migrate.connect(install_after_migrate, dispatch_uid="gentintl_counters")
        request_finished.connect(collection_resumes, dispatch_uid="gentintl_collection")
        connection_created.connect(register_sqlite_functions, dispatch_uid="gentintl_search")
