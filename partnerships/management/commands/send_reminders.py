from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from partnerships.models import ReminderMoment
from partnerships.reminders import due_reminders, send_reminders


def line(reminder) -> str:
    agreement = reminder.agreement
    to = ", ".join(reminder.recipients) or gettext(
        "nobody (no one responsible, no fallback address)"
    )
    return gettext(
        "%(agreement)s (%(city)s), ends %(ends_on)s, moment %(moment)s: to %(recipients)s"
    ) % {
        "agreement": agreement.title,
        "city": agreement.partnership.city,
        "ends_on": formats.date_format(reminder.ends_on, "d/m/Y"),
        "moment": ReminderMoment(reminder.moment).label,
        "recipients": to,
    }


class Command(BaseCommand):
    help = (
        "Mail the people responsible for a partnership when one of its agreements nears its "
        "end (12, 6, 3 and 1 months) or ended without a successor. Meant for a daily cron; "
        "each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.run(dry_run)

    def run(self, dry_run):
        if dry_run:
            due = due_reminders()
            for reminder in due:
                self.stdout.write(
                    gettext("Would send: %(reminder)s") % {"reminder": line(reminder)}
                )
            self.stdout.write(
                ngettext(
                    "%(count)s reminder to send; nothing sent.",
                    "%(count)s reminders to send; nothing sent.",
                    len(due),
                )
                % {"count": len(due)}
            )
            return
        outcome = send_reminders()
        for reminder in outcome.sent:
            self.stdout.write(gettext("Sent: %(reminder)s") % {"reminder": line(reminder)})
        for reminder in outcome.nobody:
            self.stderr.write(
                gettext("Not sent, nobody to send it to: %(reminder)s")
                % {"reminder": line(reminder)}
            )
        for reminder, error in outcome.failed:
            self.stderr.write(
                gettext("Not sent (%(error)s): %(reminder)s")
                % {"error": error, "reminder": line(reminder)}
            )
        self.stdout.write(
            gettext("%(sent)s sent, %(unsent)s not.")
            % {"sent": len(outcome.sent), "unsent": len(outcome.failed) + len(outcome.nobody)}
        )
        if outcome.failed:
            raise SystemExit(1)  # cron mails the owner: the next run tries again
