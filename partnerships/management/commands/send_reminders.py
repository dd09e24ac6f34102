from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import formats, translation

from partnerships.models import ReminderMoment
from partnerships.reminders import due_reminders, send_reminders


def line(reminder) -> str:
    agreement = reminder.agreement
    to = ", ".join(reminder.recipients) or "niemand (geen verantwoordelijke, geen reserveadres)"
    return (
        f"{agreement.title} ({agreement.partnership.city}), einde "
        f"{formats.date_format(reminder.ends_on, 'd/m/Y')}, moment "
        f"{ReminderMoment(reminder.moment).label}: "
        f"aan {to}"
    )


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
                self.stdout.write(f"Zou verstuurd worden: {line(reminder)}")
            self.stdout.write(f"{len(due)} herinnering(en) te versturen; niets verstuurd.")
            return
        outcome = send_reminders()
        for reminder in outcome.sent:
            self.stdout.write(f"Verstuurd: {line(reminder)}")
        for reminder in outcome.nobody:
            self.stderr.write(f"Niet verstuurd, niemand om het aan te sturen: {line(reminder)}")
        for reminder, error in outcome.failed:
            self.stderr.write(f"Niet verstuurd ({error}): {line(reminder)}")
        self.stdout.write(
            f"{len(outcome.sent)} verstuurd, {len(outcome.failed) + len(outcome.nobody)} niet."
        )
        if outcome.failed:
            raise SystemExit(1)  # cron mails the owner: the next run tries again
