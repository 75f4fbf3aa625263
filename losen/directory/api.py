"""Directory API: /api/v1/services, /api/v1/services/{slug}, /api/v1/emergency, HSDS export."""

from django.http import Http404
from django.utils.translation import override

from losen.core.access import public
from losen.core.api import ApiError, api, ok
from losen.core.openapi import problem_responses
from losen.directory import catalogue, hours, presenting, search, taxonomy
from losen.directory.records import CHANNEL_KINDS


def _iso(moment):
    return moment.astimezone(hours.OSLO).isoformat() if moment else None


def channel_json(channel: catalogue.Channel, at, *, detail=False) -> dict:
    status = channel.schedule.status(at)
    doc = channel.doc
    body = {
        "kind": doc["kind"],
        "address": doc.get("address"),
        "languages": doc.get("languages"),
        "answer_time_hours": doc.get("answer_time_hours"),
        "always_open": channel.schedule.always_open,
        "open": status.open,
        "opens_at": _iso(status.opens_at),
        "closes_at": _iso(status.closes_at),
    }
    if detail:
        body["address_source"] = doc.get("address_source")
        body["hours_text"] = doc.get("hours_text")
        body["hours"] = doc.get("hours")
        body["status_text"] = {}
        for language in ("nb", "en"):
            with override(language):
                body["status_text"][language] = presenting.status_line(status, at, channel.schedule.always_open)
    return body


def _static_summary(entry: catalogue.Entry) -> dict:
    """The parts of a summary that do not depend on the time, built once per catalogue load."""
    cached = entry.cache.get("summary")
    if cached is None:
        doc = entry.doc
        cached = entry.cache["summary"] = {
            "slug": entry.slug,
            "name": doc.get("name"),
            "organisation": {"slug": entry.organisation_slug, "name": entry.organisation_name},
            "description": doc.get("description"),
            "topics": doc.get("topics") or [],
            "target": doc.get("target"),
            "anonymity": doc.get("anonymity"),
            "sami": doc.get("sami"),
            "last_verified": entry.last_verified.isoformat() if entry.last_verified else None,
            "stale": entry.stale,
            "website": doc.get("website"),
            "url": f"/tjenester/{entry.slug}/",
        }
    return cached


def summary_json(entry: catalogue.Entry, at) -> dict:
    channels = [channel_json(c, at) for c in entry.channels]
    states = [c["open"] for c in channels]
    return {
        **_static_summary(entry),
        "open_now": True if any(states) else (None if None in states else False),
        "channels": channels,
    }


def detail_json(entry: catalogue.Entry, at) -> dict:
    body = dict(entry.doc)
    body["organisation"] = {"slug": entry.organisation_slug, "name": entry.organisation_name}
    body["channels"] = [channel_json(c, at, detail=True) for c in entry.channels]
    states = [c["open"] for c in body["channels"]]
    body["open_now"] = True if any(states) else (None if None in states else False)
    body["last_verified"] = entry.last_verified.isoformat() if entry.last_verified else None
    body["stale"] = entry.stale
    body["at"] = _iso(at)
    return body


def _filters(request):
    filters, errors = search.parse(request.GET)
    if errors:
        first = errors[0]
        raise ApiError(400, f"{first['field']}: {first['message']}", errors=errors)
    return filters


@public
@api("GET")
def services(request):
    filters = _filters(request)
    results = [summary_json(entry, filters.at) for entry in search.run(filters)]
    return ok({"count": len(results), "at": _iso(filters.at), "results": results})


@public
@api("GET")
def service(request, slug):
    filters = _filters(request)
    entry = catalogue.get(slug)
    if entry is None:
        raise Http404
    return ok(detail_json(entry, filters.at))


@public
@api("GET")
def emergency(request):
    return ok({"count": len(catalogue.emergency()), "results": catalogue.emergency()})


@public
@api("GET")
def topics(request):
    return ok({"results": [{"code": t.code, "group": t.group, "name": {"nb": t.nb, "en": t.en}} for t in taxonomy.TERMS]})


def openapi_paths():
    flag = {"type": "string", "enum": list(search.FLAG_VALUES), "description": "true or false (also 1/0, yes/no, on/off; empty is false)"}
    filters = [
        {"name": "open_now", "in": "query", "schema": flag},
        {"name": "at", "in": "query", "schema": search.AT_SCHEMA, "description": search.AT_SCHEMA["description"]},
        {"name": "channel", "in": "query", "schema": {"type": "string", "enum": ["", *CHANNEL_KINDS]}, "description": "empty is every channel"},
        {"name": "age", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": search.MAX_AGE}},
        {
            "name": "language",
            "in": "query",
            "schema": {"type": "string", "anyOf": [{"maxLength": 0}, {"pattern": search.LANGUAGE_PATTERN}]},
            "description": "ISO 639 code: nb, nn, en, se, smj, sma ...; empty is every language",
        },
        {"name": "topic", "in": "query", "schema": {"type": "string", "enum": ["", *sorted(taxonomy.CODES)]}, "description": "empty is every topic"},
        {"name": "anonymous", "in": "query", "schema": flag},
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": search.MAX_Q}},
    ]
    return {
        "/services": {
            "get": {
                "summary": "Help services, filtered; filters combine with AND",
                "parameters": filters,
                "responses": {"200": {"description": "{count, at, results: [service summary]}"}, **problem_responses(400)},
            }
        },
        "/services/{slug}": {
            "get": {
                "summary": "One help service with live status per channel",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}, "example": "kirkens-sos"}, filters[1]],
                "responses": {"200": {"description": "The service"}, **problem_responses(400, 404)},
            }
        },
        "/emergency": {"get": {"summary": "Emergency numbers (113, 112, 110, 116 117)", "responses": {"200": {"description": "List"}}}},
        "/topics": {"get": {"summary": "The topic taxonomy", "responses": {"200": {"description": "List"}}}},
        "/hsds/services": {
            "get": {
                "summary": "HSDS 3.0 service list",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}},
                ],
                "responses": {"200": {"description": "HSDS service_list"}, **problem_responses(400)},
            }
        },
        "/hsds/services/{id}": {
            "get": {
                "summary": "One HSDS 3.0 service",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "kirkens-sos"}],
                "responses": {"200": {"description": "HSDS service"}, **problem_responses(404)},
            }
        },
    }
