from django.core.management.base import BaseCommand, CommandError

from pressroom.parsing import ParseError
from seeds.loaders import SeedError, as_text, load_seeds


class Command(BaseCommand):
    help = "Load the press releases in seeds/data/ and the registry they describe."

    def handle(self, *args, **options):
        try:
            report = load_seeds()
        except (SeedError, ParseError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(as_text(report))
        self.stdout.write(self.style.SUCCESS(f"Seeds geladen: {report.changed} wijzigingen."))
