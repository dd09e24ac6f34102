"""API authentication by personal token (`Authorization: Bearer <token>`).

A user makes a token on the profile page for a program that cannot log in (Power BI,
Excel, a script). The token stands for its user: the same permissions, personal data only
with the personal-data permission. Every use is an audit line; so is a refused one.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from gentintl.audit import audit
from gentintl.backends import PermissionBackend
from gentintl.models import ApiToken

USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF's token scheme with the keys of `ApiToken`: hashed at rest, found by prefix,
    compared in constant time; the user and their permissions read in one query."""

    keyword = "Bearer"

    def authenticate(self, request):
        self.request = request  # for the audit line
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        token = ApiToken.objects.find(key)
        user = PermissionBackend().get_user(token.user_id) if token else None
        if user is None:  # unknown, revoked, or its user made inactive
            # An anonymous user for the line: `request.user` is what is being worked out.
            audit("api_token_refused", request=self.request, user=AnonymousUser(), prefix=key[:8])
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        now = timezone.now()
        # The profile page says when a token was last used; to the minute is enough, and a
        # report reading many pages then writes the row once, not once per page.
        if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit(
            "api_token_used",
            request=self.request,
            user=user,
            token=token.prefix,
            path=self.request.path,
        )
        return user, token
