"""The API's common contract: an OpenAPI document, and every error as problem+json."""

import pytest


def is_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"]
    return body


@pytest.mark.django_db
def test_openapi_document_lists_the_api(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/services" in doc["paths"]
    assert "Problem" in doc["components"]["schemas"]


@pytest.mark.django_db
def test_unknown_api_path_is_404_problem(client):
    is_problem(client.get("/api/v1/nothing-here"), 404)


@pytest.mark.django_db
def test_wrong_method_is_405_problem_with_allow(client):
    body = is_problem(client.post("/api/v1/services"), 405)
    assert "GET" in body["detail"]


@pytest.mark.django_db
def test_bad_parameter_is_400_naming_the_field(client):
    body = is_problem(client.get("/api/v1/services", {"age": "-3"}), 400)
    assert body["errors"][0]["field"] == "age"
