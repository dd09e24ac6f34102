import pytest

from partnerships.models import City, Partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLANTED = '<img src=x onerror="document.title=1"><b>Vet</b> Kanazawa'


def test_a_city_name_with_markup_shows_as_text_in_the_map_tooltip(manager, live_server, page):
    city = City.objects.create(name=PLANTED, country="JP", latitude=36.56, longitude=136.65)
    Partnership.objects.create(city=city, kind="sister_city", status="active")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("manager")
    page.get_by_label("Wachtwoord").fill("pw-manager")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")

    marker = page.locator(".map path.leaflet-interactive")
    marker.wait_for()
    marker.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == PLANTED
    assert tooltip.locator("img, b").count() == 0
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    assert PLANTED in popup.inner_text() and popup.locator("img, b").count() == 0
