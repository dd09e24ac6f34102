"""Options every model of the app shares: its permissions, the personal-data permission
and the help text of a source."""

from django.utils.translation import gettext_lazy as _

# Import and export each need their own permission: not every staff user may do either.
DEFAULT_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")

SOURCE_HELP = _("The press release this fact comes from.")

# Contacts' phones, e-mail and address: editors have it, managers do not.
PERSONAL_DATA_PERMISSION = "partnerships.view_personal_data"
