"""Who may use the read API, and how often: the pages' permissions, a rate per user.

Named in the `REST_FRAMEWORK` setting; DRF imports them while it loads its views, so this
module imports none (gentintl.api does).
"""

from rest_framework import permissions
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class ViewPermission(permissions.DjangoModelPermissions):
    """Reading needs the model's `view_<model>` permission, as its dashboard page does.
    No other method is mapped, so POST, PUT, PATCH and DELETE answer 405."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class UserThrottle(UserRateThrottle):
    """Requests per user (token and session alike) at `DEFAULT_THROTTLE_RATES["user"]`,
    read at each request so that a changed setting applies at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
