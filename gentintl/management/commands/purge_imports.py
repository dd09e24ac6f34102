from django.core.management.base import BaseCommand

from gentintl.spreadsheets.models import ImportRun


class Command(BaseCommand):
    help = "Drop the files of import previews nobody confirmed in time (run it from cron)."

    def handle(self, *args, **options):
        count = ImportRun.objects.purge_expired()
        self.stdout.write(f"{count} verlopen voorbeelden opgeruimd.")
