import pytest

from partnerships.models import Partnership
from seeds.loaders import load_seeds
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kanazawa_page_shows_its_agreements_as_a_chain(manager, live_server, page, screenshot):
    load_seeds()
    partnership = Partnership.objects.get(city__name="Kanazawa")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("manager")
    page.get_by_label("Wachtwoord").fill("pw-manager")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + partnership.get_absolute_url())

    chain = page.locator("ol.agreement-chain")
    titles = chain.locator(".agreement-chain__title").all_inner_texts()
    assert titles == [
        "Vriendschapsverdrag Gent–Kanazawa",
        "Samenwerkingsakkoord Gent–Kanazawa (voorganger)",
        "Vernieuwd samenwerkingsakkoord Gent–Kanazawa 2021–2026",
    ]
    boxes = [item.bounding_box() for item in chain.locator("> li").all()]
    assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)
    chain.scroll_into_view_if_needed()
    chain.screenshot(path=ARTIFACTS / "agreement-chain-kanazawa.png")
    screenshot("partnership-kanazawa")
    chain.get_by_role("link", name="Vriendschapsverdrag Gent–Kanazawa").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vriendschapsverdrag Gent–Kanazawa"
