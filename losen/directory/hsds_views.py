"""HSDS 3.0 views: the public read API and the platform admin's import and export."""

import json
import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from losen.accounts import roles
from losen.audit.models import record
from losen.core.access import public, staff
from losen.core.api import ApiError, api, ok
from losen.directory import catalogue, hsds, loader


def _document(entry: catalogue.Entry) -> dict:
    return {**entry.doc, "organisation": {"slug": entry.organisation_slug, "name": entry.organisation_name}}


def _page_param(request, name, default, maximum):
    raw = request.GET.get(name, str(default))
    # ASCII digits only: '²'.isdigit() is true but int('²') fails, and int('٣') is 3.
    if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= maximum:
        raise ApiError(400, f"{name}: must be a whole number from 1 to {maximum}", errors=[{"field": name, "message": f"1..{maximum}"}])
    return int(raw)


@public
@api("GET")
def service_list(request):
    page = _page_param(request, "page", 1, 10_000)
    per_page = _page_param(request, "per_page", 100, 500)
    docs = [_document(e) for e in catalogue.entries()]
    return ok(hsds.to_hsds_service_list(docs, page=page, per_page=per_page))


@public
@api("GET")
def service_detail(request, service_id):
    for entry in catalogue.entries():
        if service_id in (entry.slug, hsds.service_id(entry.slug)):
            return ok(hsds.to_hsds_service(_document(entry)))
    raise Http404


@staff(roles.PLATFORM_ADMIN)
def export(request):
    docs = [_document(e) for e in catalogue.entries()]
    body = json.dumps([hsds.to_hsds_service(d) for d in docs], ensure_ascii=False, indent=1)
    record(request.user, "directory_exported", count=len(docs))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="losen-hsds-services.json"'
    return response


@staff(roles.PLATFORM_ADMIN)
def import_(request):
    """Upload a JSON array of HSDS services. All or nothing: one bad record rejects the file,
    and nothing already saved is lost."""
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValueError(_("Velg en fil."))
            if upload.size > 5 * 1024 * 1024:
                raise ValueError(_("Filen er større enn 5 MB."))
            items = json.loads(upload.read().decode("utf-8"))
            if not isinstance(items, list):
                raise ValueError(_("Filen må inneholde en JSON-liste med HSDS-tjenester."))
            docs = []
            for i, item in enumerate(items):
                try:
                    docs.append(hsds.from_hsds_service(item))
                except ValueError as exc:
                    errors.append(f"[{i}] {exc}")
            if errors:
                raise ValueError(_("Ingenting ble importert."))
            counts = loader.import_documents(docs, request.user)
        except (ValueError, UnicodeDecodeError) as exc:
            errors.insert(0, str(exc))
        else:
            record(request.user, "directory_imported", **counts)
            messages.success(request, _("Importert: %(created)s nye, %(updated)s endret.") % counts)
            return redirect("directory:stewardship")
    return render(request, "directory/import.html", {"errors": errors}, status=400 if errors else 200)
