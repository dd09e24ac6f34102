"""Single sign-on with the city's identity provider (OpenID Connect).

mozilla-django-oidc runs the redirect flow; this backend decides who the provider's user is
here. A user is found by the username claim among the accounts single sign-on made (those
without a password of their own), so the provider can never log anyone in as a local
account such as the emergency administrator. At every login the groups we map (Editors,
Managers) become exactly what the groups claim says; other groups stay as they are. Editors
work in the admin, so their staff status follows that group. A refusal is an audit line and
a message on the login page, never an error page.
"""

import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from gentintl.audit import audit
from gentintl.backends import PermissionBackend

REFUSALS = {
    "invalid_token": _(
        "Logging in with your city account was refused: the answer of the city's login "
        "service could not be trusted. Try again; if it happens again, tell the administrator."
    ),
    "expired_token": _(
        "Logging in with your city account was refused: the login had expired. Try again."
    ),
    "provider_unreachable": _(
        "The city's login service cannot be reached right now. Try again in a few minutes."
    ),
    "no_group": _(
        "Your city account gives no access to gentintl: it is in none of the groups for "
        "editors or managers. Ask the administrator for access."
    ),
    "local_account": _(
        "Your city account has the name of a local gentintl account, so it cannot be used "
        "to log in. Ask the administrator to turn that account into a city account."
    ),
    "inactive": _("Your gentintl account is switched off. Ask the administrator."),
}


class CityAccountBackend(OIDCAuthenticationBackend, PermissionBackend):
    """Logs in the provider's users; permissions are PermissionBackend's (one query)."""

    get_user = PermissionBackend.get_user

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            self.refuse("provider_unreachable", detail=type(error).__name__)

    def verify_token(self, token, **kwargs):
        # PyJWT checks the signature and an `exp` in the past, but mozilla-django-oidc
        # turns only some of its errors into a refusal (an expired token is a server error
        # there), accepts a token without `exp`, and checks neither `aud` nor `iss`.
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError:
            self.refuse("expired_token")
        except (jwt.InvalidTokenError, SuspiciousOperation) as error:
            self.refuse("invalid_token", detail=str(error))
        if "nonce" in kwargs:  # the ID token, not a signed userinfo answer
            self.check_id_token(payload)
        return payload

    def check_id_token(self, payload: dict) -> None:
        """Refuse an ID token without a future `exp`, for another client or issuer."""
        expires = payload.get("exp")
        if not isinstance(expires, int | float):
            self.refuse("invalid_token", detail="no exp")
        if expires <= time.time():
            self.refuse("expired_token")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            self.refuse("invalid_token", detail="aud")
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            self.refuse("invalid_token", detail="iss")

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims under the userinfo answer's: some providers put the
        groups in only one of the two."""
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        username = username_of(claims)
        if not username:
            self.refuse("invalid_token", detail=f"no {settings.OIDC_USERNAME_CLAIM} claim")
        accounts = self.UserModel.objects.filter(username__iexact=username)
        if accounts.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).exists():
            self.refuse("local_account", username=username)
        if not mapped_groups(claims):
            for user in self.filter_users_by_claims(claims):
                set_groups(user, set())  # a group taken away is gone at this login too
            self.refuse("no_group", username=username)
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            username__iexact=username_of(claims),
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(username_of(claims))  # no password
        return self.update_user(user, claims, created=True)

    def update_user(self, user, claims, created=False):
        if not user.is_active:
            self.refuse("inactive", username=user.username)
        user.email = str(claims.get("email") or "")[:254]
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        groups = mapped_groups(claims)
        set_groups(user, groups)
        audit("sso_login", request=self.request, user=user, groups=sorted(groups), created=created)
        return user

    def refuse(self, reason: str, username: str | None = None, **details):
        audit(
            "sso_refused",
            request=self.request,
            user=None,
            username=username,
            reason=reason,
            **details,
        )
        messages.error(self.request, REFUSALS[reason])
        raise PermissionDenied(reason)


def username_of(claims: dict) -> str:
    return str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()[:150]


def mapped_groups(claims: dict) -> set[str]:
    """Our groups (Editors, Managers) that the claim's provider groups map to."""
    value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    theirs = {str(item) for item in ([value] if isinstance(value, str) else value)}
    return {ours for ours, provider in settings.OIDC_GROUPS.items() if theirs & set(provider)}


def set_groups(user, names: set[str]) -> None:
    """Make the user's mapped groups exactly `names`, leaving every other group alone."""
    mapped = list(Group.objects.filter(name__in=settings.OIDC_GROUPS))
    user.is_staff = "Editors" in names
    user.save()
    user.groups.remove(*[group for group in mapped if group.name not in names])
    user.groups.add(*[group for group in mapped if group.name in names])


def provider_logout_url(request) -> str:
    """Where logging out sends the browser (OIDC_OP_LOGOUT_URL_METHOD): the provider's
    logout page, which ends its session too and sends the browser back to our login page;
    our login page at once for a local account or a provider without that page."""
    back = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not id_token or not settings.OIDC_OP_LOGOUT_ENDPOINT:
        return back
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(back),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"


def is_single_sign_on(request, credentials) -> bool:
    """For AXES_WHITELIST_CALLABLE: a login through the provider (its credentials are
    the flow's nonce, not a user name and password)."""
    return "nonce" in (credentials or {})
