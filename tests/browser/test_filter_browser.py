import pytest

from tests.browser.test_manager_journey import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_enter_in_the_search_field_loads_the_results_once_on_a_slow_server(
    manager, live_server, page
):
    """Typing starts a delayed submit; Enter submits at once. Before, the delayed submit
    still fired while a slow answer to Enter was on its way and aborted that page load
    (net::ERR_ABORTED) for a second, identical one."""
    log_in(page, live_server, "manager", "pw-manager")
    page.goto(f"{live_server.url}/pressroom/press-releases/")
    searches = []
    page.on("request", lambda r: searches.append(r.url) if "q=Kanazawa" in r.url else None)
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.failure))
    # The answer takes longer than the typing pause after which the form submits itself.
    page.route(
        "**/press-releases/?*", lambda route: (page.wait_for_timeout(1200), route.continue_())
    )
    search = page.get_by_label("Zoeken", exact=True)
    search.fill("Kanazawa")
    with page.expect_navigation():
        search.press("Enter")
    page.wait_for_timeout(800)  # past the typing pause: nothing else may be sent
    assert "q=Kanazawa" in page.url
    assert page.get_by_label("Zoeken", exact=True).input_value() == "Kanazawa"
    assert failed == []
    assert len(searches) == 1
