"""The audit log: one structured line per security-relevant event.

Lines say who, what, when and from where, never the personal data itself (no phone
numbers, e-mail addresses or file contents). They go to the `gentintl.audit` logger,
which production ships to the city's log collection.
"""

import json
import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone
from django.views import defaults

logger = logging.getLogger("gentintl.audit")


def client_address(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def audit(event: str, *, request=None, user=None, **details) -> dict:
    """Write one audit line and return it (for tests and callers that want to show it)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    username = getattr(user, "username", None) if user is not None else None
    record = {
        "event": event,
        "at": timezone.now().isoformat(timespec="seconds"),
        "user": username or None,
        "ip": client_address(request),
        **details,
    }
    logger.info(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))
    return record


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    audit("login_failed", request=request, user=None, username=credentials.get("username"))


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit("login", request=request, user=user)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    audit("logout", request=request, user=user)


def permission_denied(request, exception=None):
    """The 403 handler: Django's page, plus an audit line for the refused access."""
    audit("access_refused", request=request, path=request.path, method=request.method)
    return defaults.permission_denied(request, exception)


class RefusedAccessFilter(logging.Filter):
    """Keeps Django's own report of a refused request (a warning with its traceback, on
    the `django.request` logger) out of the log: `permission_denied` has written the
    audit line that says who was refused what."""

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        return not (
            getattr(record, "status_code", None) == 403 and isinstance(exception, PermissionDenied)
        )
