import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from partnerships.models import City, EUProject
from seeds.loaders import load_seeds
from tests.conftest import ensure_roles

# Playwright's sync API runs an event loop in the test thread; the ORM calls made from
# the same thread (fixtures) are safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("needs /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@contextmanager
def new_page(browser, *, init_scripts=(), **options):
    """A page in a fresh context (no cookies), in Dutch (Belgium), waiting 10 s at most;
    `init_scripts` are keyword arguments of `add_init_script`, run before each page."""
    context = browser.new_context(locale="nl-BE", **options)
    for script in init_scripts:
        context.add_init_script(**script)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    with new_page(browser, viewport=DESKTOP, accept_downloads=True) as page:
        yield page


@pytest.fixture
def screenshot(page):
    """Saves the page at desktop and phone width into test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.wait_for_timeout(300)
            page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return take


# The accessibility checks' page and users (tests/browser/axe.py holds the rest).


@pytest.fixture
def axe_page(browser):
    from tests.browser import axe  # it reads ARTIFACTS from here

    axe.SHOTS.mkdir(parents=True, exist_ok=True)
    scripts = [{"path": str(axe.AXE)}, {"script": axe.CSP_LISTENER}]
    with new_page(browser, viewport={"width": 1280, "height": 900}, init_scripts=scripts) as page:
        yield page


@pytest.fixture
def users(django_user_model):
    """A manager, an editor and a superuser, on top of the seeded records."""
    load_seeds()
    # The seed has no EU project; one made-up project shows its list row and detail page.
    project = EUProject.objects.create(
        acronym="TESTPROJECT", name="Testproject", programme="URBACT", ghent_role="partner"
    )
    project.partner_cities.set(City.objects.order_by("pk")[:2])
    ensure_roles()
    manager = django_user_model.objects.create_user("manager", password="pw-manager")
    manager.groups.add(Group.objects.get(name="Managers"))
    editor = django_user_model.objects.create_user("editor", password="pw-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    django_user_model.objects.create_superuser("admin", password="pw-admin")
