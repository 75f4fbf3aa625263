"""Load the directory that ships with the package into the database, idempotently."""

import json
from datetime import date
from importlib import resources

from django.db import transaction

from losen.accounts.models import Organisation
from losen.directory.models import EmergencyContact, Service, ServiceVersion
from losen.directory.records import validate_service


def data_dir():
    return resources.files("losen.directory") / "data"


def read_services() -> list[dict]:
    folder = data_dir() / "services"
    docs = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            doc = json.loads(entry.read_text(encoding="utf-8"))
            if entry.name != f"{doc.get('slug')}.json":
                raise ValueError(f"{entry.name}: file name and slug {doc.get('slug')!r} differ")
            docs.append(doc)
    return docs


def read_emergency() -> list[dict]:
    return json.loads((data_dir() / "emergency.json").read_text(encoding="utf-8"))


def read_sources() -> dict:
    return json.loads((data_dir() / "sources.json").read_text(encoding="utf-8"))


@transaction.atomic
def load(docs=None, emergency=None) -> dict:
    """Create what is missing and refresh shipped records nobody has edited since.

    A record a steward has edited or confirmed (it has versions with an editor) is left alone:
    their knowledge is newer than the shipped data.
    """
    docs = read_services() if docs is None else docs
    emergency = read_emergency() if emergency is None else emergency
    counts = {"created": 0, "updated": 0, "kept": 0}
    for doc in docs:
        validate_service(doc)
        org_doc = doc["organisation"]
        org, _ = Organisation.objects.get_or_create(slug=org_doc["slug"], defaults={"name": org_doc["name"]})
        verified = date.fromisoformat(doc["last_verified"]) if doc.get("last_verified") else None
        service = Service.objects.filter(slug=doc["slug"]).first()
        if service is None:
            service = Service.objects.create(slug=doc["slug"], organisation=org, document=doc, last_verified=verified)
            ServiceVersion.objects.create(service=service, version=1, document=doc, note="loaded from shipped data")
            counts["created"] += 1
        elif service.versions.filter(edited_by__isnull=False).exists() or service.document == doc:
            counts["kept"] += 1
        else:
            service.document, service.organisation, service.last_verified = doc, org, verified
            service.version += 1
            service.save()
            ServiceVersion.objects.create(service=service, version=service.version, document=doc, note="shipped data updated")
            counts["updated"] += 1
    for position, item in enumerate(emergency):
        EmergencyContact.objects.update_or_create(
            slug=item["slug"], defaults={"number": item["number"], "position": position, "document": item}
        )
    return counts


@transaction.atomic
def import_documents(docs: list[dict], user) -> dict:
    """A platform admin's HSDS import: every document validated first, then each saved as a
    new version by that admin. Raises RecordError before anything is written."""
    for doc in docs:
        validate_service(doc)
    counts = {"created": 0, "updated": 0}
    for doc in docs:
        org_doc = doc["organisation"]
        org, _ = Organisation.objects.get_or_create(slug=org_doc["slug"], defaults={"name": org_doc["name"]})
        service = Service.objects.filter(slug=doc["slug"]).first()
        if service is None:
            service = Service.objects.create(slug=doc["slug"], organisation=org, document=doc)
            ServiceVersion.objects.create(service=service, version=1, document=doc, edited_by=user, note="HSDS import")
            counts["created"] += 1
        elif service.document != doc:
            service.edit(doc, user, note="HSDS import")
            counts["updated"] += 1
    return counts
