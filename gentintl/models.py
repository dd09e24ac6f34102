"""The record of every spreadsheet import, the file of an import awaiting confirmation, and
the users' personal calendar addresses."""

import datetime
import hashlib
import hmac
import json
import secrets
import zlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    # Claimed by one confirm and being written; the import's own transaction ends it.
    RUNNING = "running", _("being imported")
    DONE = "done", _("imported")
    REFUSED = "refused", _("refused")
    ABANDONED = "abandoned", _("abandoned")
    UNDONE = "undone", _("undone")


# An import still marked as running after this long was stopped with its process: no
# request lives that long (the largest files import in well under a minute).
INTERRUPTED_AFTER = datetime.timedelta(minutes=30)


def pending_lifetime() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "SPREADSHEET_PENDING_MINUTES", 60))


class PackedBinaryField(models.BinaryField):
    """Bytes kept compressed (zlib at its fastest level): an uploaded CSV file takes about
    a quarter of the room, and writing it less than half the time it took PostgreSQL to
    compress it itself. Empty bytes are stored empty."""

    def from_db_value(self, value, expression, connection):
        return zlib.decompress(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return zlib.compress(value, 1) if value else value


class PackedJSONField(PackedBinaryField):
    """JSON kept as compressed bytes, for a large value nothing queries into.

    A preview's plan of 10,000 rows is about 2 MB of JSON. As `jsonb`, PostgreSQL parsed
    and compressed it again on every write (70 ms); compressed here, it is a quarter of
    the size and written in 5 ms, after 30 ms to encode. An empty value is stored empty.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return json.loads(value) if value else ({} if value is not None else None)

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value  # see value_to_string

    def get_prep_value(self, value):
        if isinstance(value, dict | list):
            value = json.dumps(value, separators=(",", ":")).encode() if value else b""
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))


class ImportRunQuerySet(models.QuerySet):
    def expired(self):
        """Previews nobody confirmed or cancelled in time."""
        return self.filter(
            status=ImportStatus.PENDING, created_at__lt=timezone.now() - pending_lifetime()
        )

    def interrupted(self):
        """Imports claimed so long ago that no request can still be writing them: the
        process that ran them was stopped (a server restart, a worker timeout), and their
        transaction was rolled back with it."""
        return self.filter(
            status=ImportStatus.RUNNING, confirmed_at__lt=timezone.now() - INTERRUPTED_AFTER
        )

    def claim(self, pk: int, status: str, **values) -> bool:
        """Move the preview `pk` from pending to `status` in one conditional UPDATE.

        Exactly one of the requests that arrive for a preview (a double click, a browser
        sending a form again) gets True; the others find it taken and say by whom.
        """
        pending = self.filter(pk=pk, status=ImportStatus.PENDING)
        # Read first, for the same reason as in `purge_expired`: a confirm that comes second
        # then answers at once instead of queueing for SQLite's write lock.
        return pending.exists() and bool(pending.update(status=status, **values))

    def purge_expired(self) -> int:
        """Mark expired previews abandoned and interrupted imports refused, and drop their
        files; returns how many."""
        purged = 0
        # Looked for before writing: on SQLite even an UPDATE of no rows waits for the
        # write lock, which an import of another request can hold for seconds.
        if self.expired().exists():
            purged += self.expired().update(status=ImportStatus.ABANDONED, file_data=b"", plan={})
        if self.interrupted().exists():
            purged += self.interrupted().update(
                status=ImportStatus.REFUSED,
                message=_("the import was stopped before it finished; upload the file again."),
                file_data=b"",
                plan={},
            )
        return purged


class ImportRun(models.Model):
    """One spreadsheet import: who, when, which file, what it did, and how to undo it.

    While the editor looks at the preview, the uploaded file and its planned rows are kept
    here (not on one server's disk), so any app server can confirm it; they are dropped
    once the import is confirmed, refused, cancelled or expired.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_runs",
        verbose_name=_("user"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_data = PackedBinaryField(_("file"), blank=True, default=b"")
    encoding = models.CharField(_("encoding"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus, default=ImportStatus.PENDING
    )
    digest = models.CharField(_("fingerprint of the preview"), max_length=64, blank=True)
    plan = PackedJSONField(_("planned rows of the preview"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_import_runs",
        verbose_name=_("undone by"),
    )
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    message = models.TextField(_("message"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        default_permissions = ("view",)

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def reason(self) -> str:
        """The change reason written into the history of every record this import touched."""
        return f"Import #{self.pk} ({self.file_name})"[:100]

    def finish(self, status: str, message: str = "") -> None:
        """Record the outcome and drop the uploaded file and its plan."""
        self.status = status
        self.message = message
        self.file_data = b""
        self.plan = {}
        self.save()


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
