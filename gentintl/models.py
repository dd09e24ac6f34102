"""What belongs to each user: a personal calendar address, saved views and API tokens.
The import log's model lives with the spreadsheet engine (`gentintl.spreadsheets.models`)
and is part of this app."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gentintl.spreadsheets.models import (  # noqa: F401  (models of this app; migrations name them here)
    ImportRun,
    ImportStatus,
    PackedBinaryField,
    PackedJSONField,
)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(models.Model):
    """The secret in a user's personal calendar address. Only its SHA-256 is kept: the
    address is shown once, when it is made; a new one replaces it, and revoking deletes it.
    """

    PREFIX = 8  # the part that finds the row; the whole token is compared by its digest

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("user"),
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        default_permissions = ()

    def __str__(self):
        return str(self.user)

    @classmethod
    def issue(cls, user) -> str:
        """A new secret for `user`, replacing any earlier one; returned once, never stored."""
        cls.objects.filter(user=user).delete()
        token = secrets.token_urlsafe(32)
        cls.objects.create(user=user, prefix=token[: cls.PREFIX], digest=token_digest(token))
        return token

    @classmethod
    def find(cls, token: str):
        """The active token row `token` is the secret of, or None; compared in constant time."""
        row = (
            cls.objects.select_related("user")
            .filter(prefix=token[: cls.PREFIX], user__is_active=True)
            .first()
        )
        if row is None or not hmac.compare_digest(row.digest, token_digest(token)):
            return None
        return row


class SavedView(models.Model):
    """A filtered list under a name: its list (a URL name) and its query string. Its owner
    may share it with the department; then every user sees it, with who made it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("made by"),
    )
    name = models.CharField(_("name"), max_length=100)
    list_name = models.CharField(_("list"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    is_shared = models.BooleanField(_("shared with the department"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        default_permissions = ()
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="gentintl_savedview_unique_name",
                violation_error_message=_("You already have a view with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse(self.list_name)
        return f"{url}?{self.query}" if self.query else url


class ApiTokenQuerySet(models.QuerySet):
    def find(self, token: str):
        """The token row `token` is the secret of, or None; compared in constant time.

        Only the prefix is looked up; the whole secret is compared by its digest, so the
        time taken says nothing about how much of a guess was right."""
        row = self.filter(prefix=token[: ApiToken.PREFIX]).first()
        if row is None or not hmac.compare_digest(row.digest, token_digest(token)):
            return None
        return row


class ApiToken(models.Model):
    """A personal key to the read API, for a program that cannot log in (Power BI, a
    script). A user may hold several, one per program, each named. Only the SHA-256 of the
    secret is kept: it is shown once, when it is made; revoking deletes it. A request with
    it reads what its user may read, no more."""

    PREFIX = 8  # the part that finds the row and that the profile page shows

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses it, such as “Power BI report”.")
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        default_permissions = ()

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`: the row, and the secret, returned once, never stored."""
        secret = secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user, name=name, prefix=secret[: cls.PREFIX], digest=token_digest(secret)
        )
        return row, secret
