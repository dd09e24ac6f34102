from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import ngettext

from pressroom.parsing import ParseError
from seeds.loaders import SeedError, as_text, load_seeds


class Command(BaseCommand):
    help = "Load the press releases in seeds/data/ and the registry they describe."

    def handle(self, *args, **options):
        # The loader names its datasets and writes its runs in the project's language.
        with translation.override(settings.LANGUAGE_CODE):
            self.run()

    def run(self):
        try:
            report = load_seeds()
        except (SeedError, ParseError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(as_text(report))
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Seeds loaded: %(count)s change.",
                    "Seeds loaded: %(count)s changes.",
                    report.changed,
                )
                % {"count": report.changed}
            )
        )
