"""Load the source documents and the registry they describe, through the import resources.

Every record goes through the same `<Model>Resource` the admin uses, so a fact loaded
here obeys the same validation as a fact imported by staff. Loading twice changes nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.db import transaction
from django.utils.translation import gettext, ngettext
from import_export import fields, widgets

from gentintl.spreadsheets.widgets import text
from partnerships.resources import (
    ActivityResource,
    AgreementResource,
    CityResource,
    NetworkResource,
    OrganisationResource,
    PartnershipResource,
    StatusChangeResource,
    ThemeResource,
)
from pressroom.parsing import parse_file
from pressroom.releases import (
    LoadError,
    LoadReport,
    dataset,
    import_release_details,
    label,
    release_rows,
    run_import,
)
from pressroom.resources import PressReleaseResource, TopicResource
from seeds.guard import SEED_REASON, LeftAlone, guarded

DATA_DIR = Path(__file__).resolve().parent / "data"

# A seed file or document that cannot be loaded: the error the imports raise, so that one
# `except` catches both.
SeedError = LoadError


@dataclass
class SeedReport(LoadReport):
    """What the seeds loaded, and what they left alone.

    Their writes carry the loader's change reason and skip people's work: a record a
    person has changed or deleted since is left alone, and listed here.
    """

    left_alone: list[LeftAlone] = field(default_factory=list)
    reason: str = SEED_REASON

    def resource(self, resource_class, name: str):
        return guarded(resource_class, name, self.left_alone)


def read_csv(path: Path) -> tablib.Dataset:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    if not rows:
        raise SeedError(gettext("%(file)s: the file is empty.") % {"file": path.name})
    return dataset(rows[0], rows[1:])


def release_titles(data_dir: Path) -> dict[str, dict[str, str]]:
    data = read_csv(data_dir / "releases.csv")
    return {row["Bestand"]: row for row in data.dict}


class SeedCityResource(CityResource):
    """Cities with where their reference data comes from (column "Herkomst")."""

    provenance = text("provenance", "Herkomst")

    class Meta(CityResource.Meta):
        fields = (*CityResource.Meta.fields, "provenance")


class YesWidget(widgets.Widget):
    """A yes/no column: "ja" is yes, an empty cell is no."""

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip().casefold()
        if value not in {"", "ja"}:
            raise ValueError(
                gettext("'%(value)s': fill in 'ja' or leave it empty.") % {"value": value}
            )
        return value == "ja"

    def render(self, value, obj=None, **kwargs):
        return "ja" if value else ""


class SeedAgreementResource(AgreementResource):
    """Agreements, with "ja" in "Ondertekening aangekondigd" for a signing announced only."""

    signing_planned = fields.Field(
        attribute="signing_planned",
        column_name="Ondertekening aangekondigd",
        widget=YesWidget(),
    )

    class Meta(AgreementResource.Meta):
        fields = (*AgreementResource.Meta.fields, "signing_planned")


REGISTRY = [
    ("themes.csv", ThemeResource),
    ("cities.csv", SeedCityResource),
]
REGISTRY_AFTER_RELEASES = [
    ("partnerships.csv", PartnershipResource),
    ("status_changes.csv", StatusChangeResource),
    ("organisations.csv", OrganisationResource),
    ("networks.csv", NetworkResource),
    ("agreements.csv", SeedAgreementResource),
    ("activities.csv", ActivityResource),
]


def run_file(data_dir: Path, file_name: str, resource_class, report: SeedReport) -> None:
    name = f"{file_name} ({label(resource_class)})"
    run_import(resource_class, read_csv(data_dir / file_name), name, report)


def load_seeds(data_dir: Path | None = None) -> SeedReport:
    """Load everything in `data_dir` in one transaction; raise SeedError on any problem."""
    data_dir = data_dir or DATA_DIR
    report = SeedReport()
    titles = release_titles(data_dir)
    parsed = []
    for name in sorted(titles):
        path = data_dir / name
        if not path.exists():
            raise SeedError(
                gettext("releases.csv names %(file)s, but that file is missing.") % {"file": name}
            )
        release = parse_file(path)
        if release.warnings:
            raise SeedError(f"{name}: " + " ".join(release.warnings))
        parsed.append((release, titles[name]))
    with transaction.atomic():
        for file_name, resource in REGISTRY:
            run_file(data_dir, file_name, resource, report)
        run_import(
            PressReleaseResource,
            dataset(
                ["Nummer", "Slug", "Titel", "Inleiding", "Tekst", "Gepubliceerd op", "URL", "Taal"],
                [release_rows(release, meta) for release, meta in parsed],
            ),
            label(PressReleaseResource),
            report,
        )
        run_import(
            TopicResource,
            dataset(["Naam"], [[topic] for release, _ in parsed for topic in release.topics]),
            label(TopicResource),
            report,
        )
        for file_name, resource in REGISTRY_AFTER_RELEASES:
            run_file(data_dir, file_name, resource, report)
        import_release_details([release for release, _ in parsed], report)
    return report


def as_text(report: SeedReport) -> str:
    out = io.StringIO()
    for name, counts in report.counts.items():
        counted = gettext("%(name)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged")
        out.write(
            counted
            % {
                "name": name,
                "new": counts["new"],
                "updated": counts["update"],
                "unchanged": counts["skip"],
            }
            + "\n"
        )
    if report.left_alone:
        count = len(report.left_alone)
        out.write(
            ngettext(
                "Left alone, as a person changed or deleted it since the seeds (%(count)s):",
                "Left alone, as a person changed or deleted them since the seeds (%(count)s):",
                count,
            )
            % {"count": count}
            + "\n"
        )
        for item in report.left_alone:
            out.write(f"  - {item}\n")
    return out.getvalue()
