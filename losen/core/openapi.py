"""The OpenAPI document at /api/v1/openapi.json, assembled from each app's `openapi_paths()`."""

from importlib import import_module

APPS_WITH_API = ("losen.directory", "losen.navigator", "losen.chat", "losen.letters")

PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
}


def problem_responses(*statuses):
    return {
        str(s): {"description": "Problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }


def document():
    paths = {}
    for name in APPS_WITH_API:
        try:
            module = import_module(f"{name}.api")
        except ModuleNotFoundError:
            continue
        paths.update(getattr(module, "openapi_paths", dict)())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Losen API",
            "version": "1",
            "description": "Help services, opening hours and routing for Norway's low-threshold help services. "
            "Errors are application/problem+json (RFC 9457).",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": {"Problem": PROBLEM}},
    }
