"""Renewal reminders: which agreements someone must hear about today, and sending them.

An agreement with a known end and no successor yet gets one e-mail when it is 12, 6, 3
and 1 months from its end, and one when it has ended (within the last year) without a
successor while its partnership goes on. Only the nearest moment reached is due: a
reminder a missed run would have sent months ago is not sent late. An end known to the
month or the year counts to the last day of that month or year.

Each reminder is recorded in the same transaction that sends it: a message the mail
server refused or never took leaves no record, and the next run tries again; a recorded
one is never sent again, however often the command runs.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from gentintl import dates
from gentintl.dates import period_end
from partnerships.models import (
    Agreement,
    PartnershipStatus,
    Reminder,
    ReminderMoment,
)

MONTHS_BEFORE = (1, 3, 6, 12)  # nearest first
ENDED_WITHIN_DAYS = 365


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, or the month's last day if it is shorter."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return datetime.date(year, month, min(day.day, (following - datetime.timedelta(days=1)).day))


def due_moment(ends_on: datetime.date, on: datetime.date) -> str | None:
    """The reminder due on `on` for an agreement without successor that ends on `ends_on`."""
    if ends_on < on:
        return ReminderMoment.ENDED if (on - ends_on).days <= ENDED_WITHIN_DAYS else None
    for months in MONTHS_BEFORE:
        if on >= months_before(ends_on, months):
            return str(months)
    return None


@dataclass
class DueReminder:
    agreement: Agreement
    moment: str
    ends_on: datetime.date
    recipients: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.agreement.get_absolute_url()


def due_reminders(on: datetime.date | None = None) -> list[DueReminder]:
    """The reminders due on `on` (default: today) and not sent yet, in four queries."""
    on = on or dates.today()
    agreements = (
        Agreement.objects.filter(valid_until__isnull=False, replaced_by__isnull=True)
        .exclude(partnership__status=PartnershipStatus.ENDED)
        .select_related("partnership__city")
        .prefetch_related("partnership__responsible", "reminders")
        .order_by("valid_until", "pk")
    )
    due = []
    for agreement in agreements:
        ends_on = period_end(agreement.valid_until, agreement.valid_until_precision)
        moment = due_moment(ends_on, on)
        if moment is None or any(r.moment == moment for r in agreement.reminders.all()):
            continue
        people = agreement.partnership.responsible.all()
        recipients = [user.email for user in people if user.is_active and user.email]
        due.append(
            DueReminder(agreement, moment, ends_on, recipients or settings.REMINDERS_FALLBACK_TO)
        )
    return due


def message(reminder: DueReminder, connection=None) -> EmailMultiAlternatives:
    """The e-mail of one reminder, in the app's language (Dutch)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agreement": reminder.agreement,
            "city": reminder.agreement.partnership.city,
            "ended": reminder.moment == ReminderMoment.ENDED,
            "months": 0 if reminder.moment == ReminderMoment.ENDED else int(reminder.moment),
            "url": reminder.url,
        }
        subject = render_to_string("partnerships/email/reminder_subject.txt", context)
        text = render_to_string("partnerships/email/reminder.txt", context)
        html = render_to_string("partnerships/email/reminder.html", context)
    mail = EmailMultiAlternatives(
        " ".join(subject.split()), text, to=reminder.recipients, connection=connection
    )
    mail.attach_alternative(html, "text/html")
    return mail


@dataclass
class Outcome:
    sent: list[DueReminder] = field(default_factory=list)
    failed: list[tuple[DueReminder, str]] = field(default_factory=list)
    nobody: list[DueReminder] = field(default_factory=list)


def send_reminders(on: datetime.date | None = None) -> Outcome:
    """Send every due reminder once; what the mail server did not take stays unsent."""
    outcome = Outcome()
    connection = get_connection(fail_silently=False)
    for reminder in due_reminders(on):
        if not reminder.recipients:
            outcome.nobody.append(reminder)
            continue
        try:
            with transaction.atomic():
                # Recorded first, so that a second run at the same moment waits for this
                # one and then finds it taken; rolled back if the server does not take it.
                Reminder.objects.create(
                    agreement=reminder.agreement,
                    moment=reminder.moment,
                    recipients=", ".join(reminder.recipients),
                )
                message(reminder, connection).send()
        except IntegrityError:
            continue  # sent by a run at the same moment
        except (smtplib.SMTPException, OSError) as error:
            connection.close()  # a broken connection is opened afresh for the next one
            outcome.failed.append((reminder, str(error) or error.__class__.__name__))
            continue
        outcome.sent.append(reminder)
    connection.close()
    return outcome
