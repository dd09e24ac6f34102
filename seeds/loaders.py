"""Load the source documents and the registry they describe, through the import resources.

Every record goes through the same `<Model>Resource` the admin uses, so a fact loaded
here obeys the same validation as a fact imported by staff. Loading twice changes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.db import transaction
from import_export import fields, widgets

from partnerships.models import Network, Organisation, Partnership
from partnerships.resources import (
    ActivityResource,
    AgreementResource,
    CityResource,
    ContactResource,
    NetworkResource,
    OrganisationResource,
    PartnershipResource,
    StatusChangeResource,
    ThemeResource,
    city_key,
    text,
)
from pressroom.parsing import ContactBlock, ParsedRelease, parse_file
from pressroom.resources import (
    NewsItemResource,
    PressContactResource,
    PressReleaseResource,
    QuoteResource,
    RelatedNewsResource,
    TopicResource,
)
from seeds.guard import LeftAlone, guarded

DATA_DIR = Path(__file__).resolve().parent / "data"


class SeedError(Exception):
    """A seed file or document that cannot be loaded; the message names file and row."""


@dataclass
class LoadReport:
    """What the resource imports did: counts per outcome, and what was left alone.

    `guard` is on for the seeds: their writes carry the loader's change reason and skip
    people's work. A person's own import (the paste page) turns it off.
    """

    guard: bool = True
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    left_alone: list[LeftAlone] = field(default_factory=list)

    def add(self, name: str, result) -> None:
        self.counts[name] = {
            "new": result.totals.get("new", 0),
            "update": result.totals.get("update", 0),
            "skip": result.totals.get("skip", 0),
        }

    @property
    def changed(self) -> int:
        return sum(c["new"] + c["update"] for c in self.counts.values())


def dataset(headers: list[str], rows: list[list]) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def read_csv(path: Path) -> tablib.Dataset:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    if not rows:
        raise SeedError(f"{path.name}: het bestand is leeg.")
    return dataset(rows[0], rows[1:])


def run_import(resource_class, data: tablib.Dataset, name: str, report: LoadReport) -> None:
    """Import `data`; records a person has changed or deleted since are left alone."""
    if report.guard:
        resource = guarded(resource_class, name, report.left_alone)
    else:
        resource = resource_class()
    result = resource.import_data(data, dry_run=False, raise_errors=False, use_transactions=False)
    problems = []
    for row_number, row_errors in result.row_errors():
        problems += [f"rij {row_number}: {error.error}" for error in row_errors]
    for invalid in result.invalid_rows:
        messages = "; ".join(
            f"{column}: {' '.join(str(m) for m in errors)}"
            for column, errors in invalid.field_specific_errors.items()
        )
        messages += "; ".join(str(m) for m in invalid.non_field_specific_errors)
        problems.append(f"rij {invalid.number}: {messages}")
    if problems:
        raise SeedError(f"{name}: " + " | ".join(problems))
    report.add(name, result)


def release_titles(data_dir: Path) -> dict[str, dict[str, str]]:
    data = read_csv(data_dir / "releases.csv")
    return {row["Bestand"]: row for row in data.dict}


def mentioned(text: str, names: dict[str, object]) -> list[object]:
    """The objects whose name occurs in `text` as a whole word, in order of first mention."""
    found = []
    for name, obj in names.items():
        match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        if match and obj not in [o for _, o in found]:
            found.append((match.start(), obj))
    return [obj for _, obj in sorted(found, key=lambda pair: pair[0])]


def find_mentions(text: str) -> dict[str, list]:
    """Partner cities, their partnerships and networks that a release names."""
    partnerships = Partnership.objects.select_related("city")
    city_names = {}
    for partnership in partnerships:
        for name in {partnership.city.name, partnership.city.local_name} - {""}:
            city_names[name] = partnership
    found = mentioned(text, city_names)
    networks = mentioned(text, {n.name: n for n in Network.objects.all()})
    return {
        "cities": [p.city for p in found],
        "partnerships": found,
        "networks": networks,
    }


def contact_row(block: ContactBlock, organisations: dict[str, str]) -> list[str]:
    """A ContactResource row: the affiliation is an organisation when one has that name."""
    organisation = organisations.get(block.affiliation.casefold(), "")
    function = "" if organisation else block.affiliation
    phones = {"landline": "", "mobile": ""}
    for phone in block.phones:
        phones[phone.kind] = phones[phone.kind] or phone.as_written
    kind = "team" if re.search(r"\b(team|persteam)\b", block.name, re.IGNORECASE) else "person"
    if kind == "team" and not organisation:
        for name, original in organisations.items():
            if name in block.name.casefold():
                organisation = original
    return [
        block.email,
        block.name,
        kind,
        function,
        organisation,
        phones["landline"],
        phones["mobile"],
        block.address,
    ]


CONTACT_HEADERS = [
    "E-mail",
    "Naam",
    "Soort",
    "Functie",
    "Organisatie",
    "Telefoon",
    "Gsm",
    "Adres",
]


def release_rows(parsed: ParsedRelease, meta: dict[str, str]) -> list:
    return [
        parsed.number,
        parsed.slug,
        meta["Titel"],
        parsed.lead,
        "\n\n".join(parsed.body),
        "",
        parsed.url,
        meta.get("Taal") or "nl",
    ]


def import_release_details(parsed: list[ParsedRelease], report: LoadReport) -> None:
    """Contacts, press contacts, quotes, related news and mentions of parsed releases."""
    organisations = {o.name.casefold(): o.name for o in Organisation.objects.all()}
    blocks = {}
    for release in parsed:
        for block in (*release.contacts, release.press_office):
            if block is not None and block.email:
                blocks.setdefault(block.email.casefold(), block)
    run_import(
        ContactResource,
        dataset(CONTACT_HEADERS, [contact_row(b, organisations) for b in blocks.values()]),
        "contacten",
        report,
    )
    emails_by_name = {b.name.casefold(): b.email for b in blocks.values()}
    press_contacts, quotes, related, mentions = [], [], [], []
    # One news item per title, however many releases list it.
    news = {}
    for release in parsed:
        for position, block in enumerate(release.contacts, start=1):
            press_contacts.append([release.number, position, block.email, "press_contact"])
        if release.press_office is not None and release.press_office.email:
            press_contacts.append(
                [
                    release.number,
                    len(release.contacts) + 1,
                    release.press_office.email,
                    "press_office",
                ]
            )
        for position, quote in enumerate(release.quotes, start=1):
            speaker_email = emails_by_name.get(quote.speaker.casefold(), "")
            quotes.append(
                [
                    release.number,
                    position,
                    quote.text,
                    quote.speaker,
                    quote.speaker_function,
                    speaker_email,
                ]
            )
        for position, item in enumerate(release.related_news, start=1):
            related.append([release.number, position, item.title])
            if item.summary or item.title not in news:
                news[item.title] = item.summary
        found = find_mentions(release.text())
        mentions.append(
            [
                release.number,
                "; ".join(city_key(c) for c in found["cities"]),
                "; ".join(city_key(p.city) for p in found["partnerships"]),
                "; ".join(n.name for n in found["networks"]),
            ]
        )
    run_import(
        PressContactResource,
        dataset(["Persbericht", "Volgorde", "Contact (e-mail)", "Rol"], press_contacts),
        "perscontacten",
        report,
    )
    run_import(
        QuoteResource,
        dataset(
            [
                "Persbericht",
                "Volgorde",
                "Citaat",
                "Spreker",
                "Functie van de spreker",
                "Spreker (e-mail)",
            ],
            quotes,
        ),
        "citaten",
        report,
    )
    run_import(
        NewsItemResource,
        dataset(["Titel", "Samenvatting"], [list(pair) for pair in news.items()]),
        "nieuwsitems",
        report,
    )
    run_import(
        RelatedNewsResource,
        dataset(["Persbericht", "Volgorde", "Nieuwsitem (titel)"], related),
        "gerelateerd nieuws",
        report,
    )
    run_import(
        PressReleaseResource,
        dataset(
            ["Nummer", "Vermelde steden", "Vermelde partnerschappen", "Vermelde netwerken"],
            mentions,
        ),
        "vermeldingen",
        report,
    )


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
            raise ValueError(f"'{value}': vul 'ja' in of laat leeg.")
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
    ("themes.csv", ThemeResource, "thema's"),
    ("cities.csv", SeedCityResource, "steden"),
]
REGISTRY_AFTER_RELEASES = [
    ("partnerships.csv", PartnershipResource, "partnerschappen"),
    ("status_changes.csv", StatusChangeResource, "statuswijzigingen"),
    ("organisations.csv", OrganisationResource, "organisaties"),
    ("networks.csv", NetworkResource, "netwerken"),
    ("agreements.csv", SeedAgreementResource, "akkoorden"),
    ("activities.csv", ActivityResource, "activiteiten"),
]


def load_seeds(data_dir: Path | None = None) -> LoadReport:
    """Load everything in `data_dir` in one transaction; raise SeedError on any problem."""
    data_dir = data_dir or DATA_DIR
    report = LoadReport()
    titles = release_titles(data_dir)
    parsed = []
    for name in sorted(titles):
        path = data_dir / name
        if not path.exists():
            raise SeedError(f"releases.csv noemt {name}, maar dat bestand ontbreekt.")
        release = parse_file(path)
        if release.warnings:
            raise SeedError(f"{name}: " + " ".join(release.warnings))
        parsed.append((release, titles[name]))
    with transaction.atomic():
        for file_name, resource, label in REGISTRY:
            run_import(resource, read_csv(data_dir / file_name), f"{file_name} ({label})", report)
        run_import(
            PressReleaseResource,
            dataset(
                ["Nummer", "Slug", "Titel", "Inleiding", "Tekst", "Gepubliceerd op", "URL", "Taal"],
                [release_rows(release, meta) for release, meta in parsed],
            ),
            "persberichten",
            report,
        )
        run_import(
            TopicResource,
            dataset(["Naam"], [[topic] for release, _ in parsed for topic in release.topics]),
            "onderwerpen",
            report,
        )
        for file_name, resource, label in REGISTRY_AFTER_RELEASES:
            run_import(resource, read_csv(data_dir / file_name), f"{file_name} ({label})", report)
        import_release_details([release for release, _ in parsed], report)
    return report


def as_text(report: LoadReport) -> str:
    out = io.StringIO()
    for name, counts in report.counts.items():
        out.write(
            f"{name}: {counts['new']} nieuw, {counts['update']} bijgewerkt, "
            f"{counts['skip']} ongewijzigd\n"
        )
    if report.left_alone:
        out.write(
            f"Niet aangeraakt, want door een persoon gewijzigd of verwijderd sinds de seeds "
            f"({len(report.left_alone)}):\n"
        )
        for item in report.left_alone:
            out.write(f"  - {item}\n")
    return out.getvalue()
