"""Renewal reminders sent to the people responsible for a partnership."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Import and export each need their own permission: not every staff user may do either.


class ReminderMoment(models.TextChoices):
    MONTHS_12 = "12", _("12 months before the end")
    MONTHS_6 = "6", _("6 months before the end")
    MONTHS_3 = "3", _("3 months before the end")
    MONTHS_1 = "1", _("1 month before the end")
    ENDED = "ended", _("ended without a successor")


class Reminder(models.Model):
    """A renewal reminder about one agreement at one moment, recorded once it was sent."""

    agreement = models.ForeignKey(
        "partnerships.Agreement",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("agreement"),
    )
    moment = models.CharField(_("moment"), max_length=5, choices=ReminderMoment)
    recipients = models.TextField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "moment"], name="partnerships_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.agreement}: {self.get_moment_display()}"
