"""Press releases into the database: parsed pages become rows for the import resources.

A page parsed by `pressroom.parsing` is written through the same `<Model>Resource` the
admin uses (contacts, press contacts, quotes, related news, the cities, partnerships and
networks it mentions), so it obeys the same validation as a spreadsheet import. The paste
page and the seed loader both write releases this way.
"""

import re
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from gentintl import spreadsheets
from gentintl.spreadsheets import LoadError  # noqa: F401  (the error of every load)
from partnerships.models import Network, Organisation, Partnership
from partnerships.resources import ContactResource
from partnerships.widgets import city_key
from pressroom.parsed import ContactBlock, ParsedRelease
from pressroom.resources import (
    NewsItemResource,
    PressContactResource,
    PressReleaseResource,
    QuoteResource,
    RelatedNewsResource,
)


@dataclass
class LoadReport:
    """What the loads did: counts per dataset and outcome.

    `resource` makes the resource that imports a dataset; the seed loader's report
    overrides it to keep off records that people have changed since, and sets the
    `reason` its writes carry in the records' history.
    """

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    reason: str = ""

    def resource(self, resource_class, name: str):
        return resource_class()

    def add(self, name: str, plan) -> None:
        counts = plan.counts
        self.counts[name] = {
            "new": counts["new"],
            "update": counts["update"],
            "skip": counts["skip"],
        }

    @property
    def changed(self) -> int:
        return sum(c["new"] + c["update"] for c in self.counts.values())


def dataset(headers: list[str], rows: list[list]) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def label(resource_class) -> str:
    """The records a resource loads, as the report names them: "agreements"."""
    return str(resource_class._meta.model._meta.verbose_name_plural)


def run_import(resource_class, data: tablib.Dataset, name: str, report: LoadReport) -> None:
    """Load `data` through the spreadsheet engine with the resource `report` makes, as an
    upload in the admin would be; raise LoadError, writing nothing, on any error."""
    resource = report.resource(resource_class, name)
    plan = spreadsheets.load(resource, data.headers, list(data), name=name, reason=report.reason)
    report.add(name, plan)


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
        label(ContactResource),
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
        label(PressContactResource),
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
        label(QuoteResource),
        report,
    )
    run_import(
        NewsItemResource,
        dataset(["Titel", "Samenvatting"], [list(pair) for pair in news.items()]),
        label(NewsItemResource),
        report,
    )
    run_import(
        RelatedNewsResource,
        dataset(["Persbericht", "Volgorde", "Nieuwsitem (titel)"], related),
        label(RelatedNewsResource),
        report,
    )
    run_import(
        PressReleaseResource,
        dataset(
            ["Nummer", "Vermelde steden", "Vermelde partnerschappen", "Vermelde netwerken"],
            mentions,
        ),
        _("mentions of cities, partnerships and networks"),
        report,
    )
