"""Small builders for rows the tests need in numbers (no extra dependency)."""

import datetime

from partnerships.models import (
    Activity,
    Agreement,
    City,
    Contact,
    EUProject,
    Network,
    Organisation,
    Partnership,
    PartnershipStatusChange,
    Theme,
)
from pressroom.models import PressContact, PressRelease, Quote, Topic


def rows(count: int, start: int = 0) -> dict:
    """`count` rows of every record type, each linked to themes, cities and the like."""
    theme, _ = Theme.objects.get_or_create(name="Testthema")
    topic, _ = Topic.objects.get_or_create(name="Testonderwerp")
    network, _ = Network.objects.get_or_create(name="Testnetwerk", is_ghent_member=True)
    made = {"theme": theme, "topic": topic, "network": network}
    for i in range(start, start + count):
        city = City.objects.create(name=f"Teststad {i}", country="DE", latitude=50, longitude=8)
        partnership = Partnership.objects.create(city=city, kind="sister_city", status="active")
        PartnershipStatusChange.objects.create(partnership=partnership, status="dormant")
        agreement = Agreement.objects.create(
            partnership=partnership,
            kind="cooperation_agreement",
            title=f"Akkoord {i}",
            signed_on=datetime.date(2021, 1, 1),
            signed_on_precision="day",
        )
        agreement.themes.add(theme)
        organisation = Organisation.objects.create(
            name=f"Organisatie {i}", kind="school", city=city
        )
        contact = Contact.objects.create(
            name=f"Contact {i}",
            organisation=organisation,
            email=f"contact{i}@example.org",
            phone="09 266 52 37",
            phone_e164="+3292665237",
        )
        activity = Activity.objects.create(
            title=f"Activiteit {i}", kind="sport", status="held", partnership=partnership
        )
        activity.themes.add(theme)
        activity.ghent_organisations.add(organisation)
        project = EUProject.objects.create(
            acronym=f"PRJ{i}",
            name=f"Project {i}",
            programme="Interreg",
            ghent_role="partner",
            network=network,
        )
        project.partner_cities.add(city)
        project.themes.add(theme)
        release = PressRelease.objects.create(
            number=900000 + i,
            slug=f"bericht-{i}",
            title=f"Bericht {i} over Teststad",
            url=f"https://persruimte.stad.gent/{900000 + i}-bericht-{i}",
        )
        release.topics.add(topic)
        release.cities.add(city)
        release.partnerships.add(partnership)
        PressContact.objects.create(press_release=release, contact=contact)
        Quote.objects.create(press_release=release, text="Citaat", speaker_name="Iemand")
    return made
