"""OpenAPI schema and the documentation pages, all served by Passend itself."""

import re

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

PATHS = [
    "/api/v1/samenwerkingsverbanden/", "/api/v1/gemeenten/", "/api/v1/schoolbesturen/", "/api/v1/scholen/",
    "/api/v1/scholen/{vestigingscode}/", "/api/v1/leerlingen/", "/api/v1/leerlingen/{id}/",
    "/api/v1/inschrijvingen/", "/api/v1/ouders/", "/api/v1/audit/", "/api/v1/mij/",
]


@pytest.fixture
def schema(db):
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_with_the_paths(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for path in PATHS:
        assert path in schema["paths"], path
    assert "delete" not in schema["paths"]["/api/v1/leerlingen/{id}/"]
    assert set(schema["paths"]["/api/v1/scholen/"]) == {"get"}


def test_schema_documents_token_auth_and_filters(schema):
    token = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "Authorization")
    assert "Token <sleutel>" in token["description"]
    lijst = schema["paths"]["/api/v1/leerlingen/"]["get"]
    assert {"tokenAuth": []} in lijst["security"]
    names = {p["name"] for p in lijst["parameters"]}
    assert {"q", "geboortedatum", "X-Passend-Rol", "page"} <= names
    scholen = {p["name"] for p in schema["paths"]["/api/v1/scholen/"]["get"]["parameters"]}
    assert {"q", "soort", "gemeente", "swv", "ordering"} <= scholen


@pytest.mark.parametrize("pad", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_nothing_from_elsewhere(db, pad):
    client = Client()
    response = client.get(pad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/schema/" in html
    assert not re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, flags=re.I)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/drf_spectacular_sidecar/") for a in assets), assets
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        if hasattr(served, "close"):
            served.close()
