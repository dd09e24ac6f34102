from django.apps import AppConfig


class GentintlConfig(AppConfig):
    """The project package as an app, so that its audit receivers are connected."""

    name = "gentintl"
    verbose_name = "gentintl"

    def ready(self):
        from gentintl import audit  # noqa: F401  (connects the receivers)
