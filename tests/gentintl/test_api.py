"""What the whole read API shares: its root, its OpenAPI 3 schema (checked by a validator
of the specification), its documentation page, its throttle."""

import json
import logging
import re

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from gentintl.models import ApiToken

LISTS = [
    "/api/partnerships/",
    "/api/partnerships/agreements/",
    "/api/partnerships/activities/",
    "/api/partnerships/organisations/",
    "/api/partnerships/contacts/",
    "/api/partnerships/networks/",
    "/api/partnerships/eu-projects/",
    "/api/pressroom/press-releases/",
]


def token_client(user) -> Client:
    _row, secret = ApiToken.issue(user, "test")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_root_lists_every_list_endpoint(db, manager):
    response = token_client(manager).get("/api/")

    assert response.status_code == 200
    urls = response.json()
    assert sorted(url.removeprefix("http://testserver") for name, url in urls.items()) == sorted(
        [*LISTS, "/api/schema/", "/api/docs/"]
    )


def test_the_schema_is_valid_openapi_3_and_describes_every_list(db, manager):
    response = token_client(manager).get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)  # raises on any departure from the OpenAPI specification
    assert schema["openapi"].startswith("3.")
    for url in LISTS:
        operation = schema["paths"][url]["get"]
        assert set(schema["paths"][url]) == {"get"}  # read-only
        parameters = {parameter["name"] for parameter in operation["parameters"]}
        assert {"q", "sort", "page", "page_size"} <= parameters, url
    assert {"status", "past_status", "country", "city", "theme"} <= {
        p["name"] for p in schema["paths"]["/api/partnerships/"]["get"]["parameters"]
    }
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_the_schema_lists_personal_fields_as_not_always_present(db, manager):
    schema = yaml.safe_load(token_client(manager).get("/api/schema/").content)

    contact = schema["components"]["schemas"]["Contact"]
    assert "email" in contact["properties"]
    assert "email" not in contact["required"] and "name" in contact["required"]


@pytest.mark.parametrize("url", ["/api/", "/api/schema/"])
def test_anonymous_gets_neither_the_root_nor_the_schema(db, client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert "paths" not in response.content.decode()


def test_the_docs_page_is_for_logged_in_people_and_loads_only_local_files(db, manager_client):
    assert Client().get("/api/docs/").status_code == 302  # to the login page

    page = manager_client.get("/api/docs/")
    script = manager_client.get("/api/docs/?script=")

    assert page.status_code == 200 and script.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<script>" not in page.content.decode()  # no inline script: the CSP holds
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()
    assert '"validatorUrl": null' in script.content.decode()


def test_a_parameter_with_a_nul_character_is_a_400(db, manager_client):
    response = manager_client.get("/api/partnerships/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "q" in response.json()


@pytest.fixture
def low_rate(settings):
    """Three requests a minute (the cache starts empty: tests/conftest.py)."""
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"user": "3/minute"}
    settings.REST_FRAMEWORK = rest


def test_a_user_past_the_rate_gets_429_and_an_audit_line(db, manager, low_rate, caplog):
    caplog.set_level(logging.INFO, logger="gentintl.audit")
    client = token_client(manager)
    other = token_client(manager)  # a second token of the same user shares the count

    statuses = [client.get("/api/partnerships/").status_code for _ in range(3)]
    refused = other.get("/api/partnerships/")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429 and "results" not in refused.json()
    assert int(refused["Retry-After"]) > 0
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "gentintl.audit"]
    assert [line["user"] for line in lines if line["event"] == "api_throttled"] == ["manager"]
