"""HSDS 3.0 over HTTP, and the platform admin's whole-directory export and import."""

import io
import json

import pytest

from losen.accounts import roles
from losen.audit.models import AuditEvent
from losen.directory import hsds
from losen.directory.models import Service

pytestmark = pytest.mark.django_db


def test_hsds_service_list_validates(client, directory):
    body = client.get("/api/v1/hsds/services", {"per_page": "20", "page": "2"}).json()
    hsds.validate(body, "service_list")
    assert body["total_items"] == 48 and body["page_number"] == 2 and len(body["contents"]) == 20


def test_hsds_service_validates_and_carries_losen_attributes(client, directory):
    body = client.get(f"/api/v1/hsds/services/{hsds.service_id('kirkens-sos')}").json()
    hsds.validate(body, "service")
    assert body["name"] == "Kirkens SOS"
    assert body["schedules"]
    assert hsds.from_hsds_service(body)["slug"] == "kirkens-sos"


def test_hsds_unknown_id_and_bad_paging(client, directory):
    assert client.get("/api/v1/hsds/services/nope").status_code == 404
    response = client.get("/api/v1/hsds/services", {"page": "0"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "page"


def test_platform_admin_exports_and_imports_the_whole_directory(client_as, directory):
    client = client_as(roles.PLATFORM_ADMIN)
    exported = client.get("/tjenester/forvaltning/hsds/eksport/")
    items = json.loads(exported.content)
    assert len(items) == 48
    kirkens = next(i for i in items if i["id"] == hsds.service_id("kirkens-sos"))
    kirkens["description"] = "Endret via HSDS-import."
    upload = io.BytesIO(json.dumps(items).encode())
    upload.name = "services.json"
    response = client.post("/tjenester/forvaltning/hsds/import/", {"file": upload})
    assert response.status_code == 302
    service = Service.objects.get(slug="kirkens-sos")
    assert service.document["description"]["nb"] == "Endret via HSDS-import."
    assert service.versions.first().note == "HSDS import"
    assert AuditEvent.objects.filter(action="directory_imported").exists()


def test_a_bad_import_changes_nothing(client_as, directory):
    client = client_as(roles.PLATFORM_ADMIN)
    before = {s.slug: s.version for s in Service.objects.all()}
    upload = io.BytesIO(json.dumps([{"id": "x", "name": ""}]).encode())
    upload.name = "bad.json"
    response = client.post("/tjenester/forvaltning/hsds/import/", {"file": upload})
    assert response.status_code == 400
    assert "Ingenting ble importert" in response.content.decode()
    assert {s.slug: s.version for s in Service.objects.all()} == before


def test_service_admins_cannot_export_or_import(client_as, directory):
    client = client_as(roles.SERVICE_ADMIN)
    assert client.get("/tjenester/forvaltning/hsds/eksport/").status_code == 403
    assert client.post("/tjenester/forvaltning/hsds/import/").status_code == 403
