"""Realistic synthetic data at scale for the benchmarks.

Deterministic (seeded) so that two runs measure the same rows. Names are Dutch-looking,
texts are Dutch sentences built from the vocabulary of the city's own press releases.
"""

import datetime
import random

from django.db import connection, transaction

WORDS = (
    "stad gent samenwerking partnerschap zusterstad partnerstad uitwisseling studenten "
    "cultuur sport onderwijs netwerk europese project burgemeester akkoord vriendschap "
    "kennis ervaring duurzame ontwikkeling jeugd orkest marathon chef-koks patissiers "
    "delegatie bezoek kunstwerk verjaardag subsidie programma stedennetwerk multilaterale "
    "aanpak bilaterale relatie ondertekening hernieuwing wonen mobiliteit klimaat haven "
    "universiteit hogeschool school museum bibliotheek park wijk inwoners stadsbestuur "
    "beleid toekomst innovatie economie toerisme erfgoed muziek festival"
).split()
# Rarer words, as real texts have them: each shows up in about 2% of the press releases,
# where the common words above are in nearly all of them.
RARE_WORDS = (
    "tentoonstelling fietsbrug havenbedrijf stadsvernieuwing kunstenaar beiaard carillon "
    "kathedraal belfort gravensteen lichtfestival gentse feesten floraliën stadshal "
    "kinderopvang armoedebestrijding vluchtelingen integratie inburgering werkgelegenheid "
    "circulaire afvalbeleid deelfietsen tramlijn binnenhaven waterstof zonnepanelen "
    "warmtenet renovatie sociale huisvesting buurtwerking speelpleinen skatepark zwembad "
    "atletiek wielrennen zesdaagse voetbal hockey roeien regatta schaaktornooi kunstacademie "
    "conservatorium filmfestival jazzfestival operahuis toneelhuis dansvoorstelling "
    "poëzie stadsdichter bibliothecaris archief tentoonstellingsruimte restauratie "
    "monumentenzorg archeologie opgraving middeleeuwen lakenhandel textielindustrie "
    "vlasnijverheid bloementeelt azalea begijnhof abdij kloostertuin stadslandbouw "
    "voedselstrategie korte keten markthal korenmarkt vrijdagmarkt stadsbrouwerij "
    "chocolatier gastronomie sterrenchef kookwedstrijd handelsmissie investeerders "
    "startups incubator biotechnologie halfgeleiders datacenter glasvezel smartcity "
    "sensoren luchtkwaliteit fijnstof geluidshinder hittegolf overstroming dijkversterking "
    "waterbeheer regenwater ontharding stadsbos boomplanting biodiversiteit bijenhotel "
    "natuurgebied burgerparticipatie wijkraad adviesraad jongerenraad seniorenraad "
    "toegankelijkheid mantelzorg thuiszorg ziekenhuis vaccinatie gezondheidszorg"
).split()
SYLLABLES = "ber gen ro sa mi lan dor ka zu ta wa li ne mar ho ve stein burg ville polis".split()
COUNTRIES = "DE FR NL PL JP CN EE MA GB BG BE IT ES PT SE NO DK FI AT CZ HU RO GR US CA".split()
THEMES = [
    "Onderwijs",
    "Studentenuitwisseling",
    "Academische samenwerking",
    "Cultuur",
    "Kunst",
    "Sport",
    "Culinair",
    "Kennisuitwisseling",
    "Duurzame ontwikkeling (SDG's)",
    "Klimaat",
    "Mobiliteit",
    "Wonen",
    "Economie",
    "Erfgoed",
    "Jeugd",
]


def city_name(rng: random.Random, i: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + (f" {i}")


def word(rng: random.Random) -> str:
    return rng.choice(RARE_WORDS) if rng.random() < 0.015 else rng.choice(WORDS)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def cities(n: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(city_name(rng, i), rng.choice(COUNTRIES)) for i in range(n)]


def organisation_names(n: int) -> list[str]:
    kinds = ["Universiteit", "Hogeschool", "Jeugdorkest", "Sportclub", "Dienst", "Museum"]
    return [f"{kinds[i % len(kinds)]} {i:05d}" for i in range(n)]


def contact_rows(n: int, organisations: list[str], seed: int = 2) -> list[list[str]]:
    """ContactResource rows: e-mail, name, kind, function, organisation, phone, gsm, address."""
    rng = random.Random(seed)
    first = "An Bart Els Jan Inge Luc Mieke Pieter Sofie Tom Lies Koen".split()
    last = "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De Smet".split()
    rows = []
    for i in range(n):
        name = f"{rng.choice(first)} {rng.choice(last)}"
        rows.append(
            [
                f"contact{i:06d}@example.be",
                name,
                "person",
                rng.choice(["Diensthoofd", "Medewerker", "Coördinator"]),
                rng.choice(organisations),
                f"09 {rng.randint(200, 299)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                f"0477 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                f"Botermarkt {rng.randint(1, 99)}, 9000 Gent",
            ]
        )
    return rows


def activity_rows(n: int, partnerships: list[str], organisations: list[str], seed: int = 3):
    """ActivityResource rows for `n` activities named by partnership and themes by name."""
    rng = random.Random(seed)
    kinds = ["student_exchange", "academic", "cultural_exchange", "sport", "delegation_visit"]
    rows = []
    for i in range(n):
        year = rng.randint(1990, 2026)
        rows.append(
            [
                f"Activiteit {i:06d}",
                rng.choice(kinds),
                rng.choice(["planned", "ongoing", "held"]),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                "Gent",
                sentence(rng, 12),
                rng.choice(partnerships),
                "",
                "",
                "; ".join(rng.sample(THEMES, rng.randint(1, 3))),
                "; ".join(rng.sample(organisations, 2)),
                rng.choice(organisations),
                "",
            ]
        )
    return rows


CONTACT_HEADERS = ["E-mail", "Naam", "Soort", "Functie", "Organisatie", "Telefoon", "Gsm", "Adres"]
ACTIVITY_HEADERS = [
    "Titel",
    "Soort",
    "Status",
    "Datum",
    "Plaats",
    "Beschrijving",
    "Partnerschap",
    "Netwerk",
    "Akkoord",
    "Thema's",
    "Organisaties in Gent",
    "Organisaties bij de partner",
    "Bron (persbericht)",
]


@transaction.atomic
def populate(
    *,
    partner_cities=1000,
    organisations=2000,
    activities=10_000,
    contacts=50_000,
    press_releases=100_000,
    seed=7,
) -> dict[str, int]:
    """Fill an empty database with the benchmark data set, fast: no history, and one COPY
    per table on PostgreSQL (`insert_records`, as the imports write; bulk inserts
    elsewhere)."""
    from gentintl.spreadsheets.copying import insert_records
    from partnerships.models import Activity, City, Contact, Organisation, Partnership, Theme
    from pressroom.models import PressRelease

    rng = random.Random(seed)
    themes = insert_records(Theme, [Theme(name=name) for name in THEMES], batch_size=100)
    city_objs = insert_records(
        City,
        [
            City(name=name, country=country, local_name=name)
            for name, country in cities(partner_cities)
        ],
        batch_size=2000,
    )
    statuses = ["active", "dormant", "phasing_out", "ended"]
    partnership_objs = insert_records(
        Partnership,
        [
            Partnership(
                city=c,
                kind=rng.choice(["sister_city", "partner_city"]),
                status=rng.choice(statuses),
            )
            for c in city_objs
        ],
        batch_size=2000,
    )
    org_objs = insert_records(
        Organisation,
        [
            Organisation(name=name, kind="other", city=rng.choice(city_objs))
            for name in organisation_names(organisations)
        ],
        batch_size=2000,
    )
    insert_records(
        Contact,
        [
            Contact(
                name=row[1],
                email=row[0],
                function=row[3],
                organisation=rng.choice(org_objs),
                phone=row[5],
                phone_e164="+329" + row[5][3:].replace(" ", ""),
            )
            for row in contact_rows(contacts, [o.name for o in org_objs])
        ],
        batch_size=5000,
    )
    activity_objs = insert_records(
        Activity,
        [
            Activity(
                title=f"Activiteit {i:06d}",
                kind="cultural_exchange",
                status="held",
                occurred_on=datetime.date(rng.randint(1990, 2026), rng.randint(1, 12), 1),
                occurred_on_precision="month",
                description=sentence(rng, 15),
                partnership=rng.choice(partnership_objs),
            )
            for i in range(activities)
        ],
        batch_size=5000,
    )
    through = Activity.themes.through
    insert_records(
        through,
        [through(activity=a, theme=t) for a in activity_objs for t in rng.sample(themes, 2)],
        batch_size=10_000,
    )
    start = datetime.date(2000, 1, 1)
    insert_records(
        PressRelease,
        [
            PressRelease(
                number=100_000 + i,
                slug=f"persbericht-{i}",
                title=sentence(rng, 8)[:-1],
                lead=sentence(rng, 25),
                body="\n\n".join(sentence(rng, 40) for _ in range(4)),
                published_on=start + datetime.timedelta(days=i % 9000),
                url=f"https://persruimte.stad.gent/{100_000 + i}-persbericht-{i}",
            )
            for i in range(press_releases)
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "partner_cities": partner_cities,
        "organisations": organisations,
        "activities": activities,
        "contacts": contacts,
        "press_releases": press_releases,
    }
