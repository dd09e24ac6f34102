"""Writes that span several press-room models."""

from django.db import transaction

from pressroom.models import PressRelease
from pressroom.parsed import ParsedRelease
from pressroom.releases import (
    LoadError,
    LoadReport,
    dataset,
    import_release_details,
    release_rows,
    run_import,
)
from pressroom.resources import PressReleaseResource, TopicResource

RELEASE_HEADERS = [
    "Nummer",
    "Slug",
    "Titel",
    "Inleiding",
    "Tekst",
    "Gepubliceerd op",
    "URL",
    "Taal",
    "Onderwerpen",
]


def press_release_save_parsed(*, parsed: ParsedRelease, title: str, language: str) -> PressRelease:
    """Save a parsed press-room page with its contacts, quotes, related news, topics and
    mentions, through the same resources as the seeds; all or nothing (LoadError)."""
    # A person's paste: their own writes, not the seeds', so the plain report.
    report = LoadReport()
    with transaction.atomic():
        run_import(
            TopicResource, dataset(["Naam"], [[t] for t in parsed.topics]), "onderwerpen", report
        )
        row = release_rows(parsed, {"Titel": title, "Taal": language})
        run_import(
            PressReleaseResource,
            dataset(RELEASE_HEADERS, [[*row, "; ".join(parsed.topics)]]),
            "persbericht",
            report,
        )
        import_release_details([parsed], report)
    return PressRelease.objects.get(number=parsed.number)


__all__ = ["LoadError", "press_release_save_parsed"]
