"""Public chat API: is a service's chat open, how long is the queue, what is the wait."""

from django.http import Http404
from django.utils import timezone

from losen.chat import engine, waits
from losen.core.access import public
from losen.core.api import api, ok
from losen.core.openapi import problem_responses


@public
@api("GET")
def chat_status(request, slug):
    cs = engine.chat_service(slug)
    if cs is None:
        raise Http404
    o = engine.opening(cs, timezone.now())
    snap = engine.queue_snapshot(cs.pk)
    e = waits.estimate(snap["size"] + 1, snap["on_duty"], snap["free"], snap["capacity"], engine.handling_times(cs))
    return ok(
        {
            "service": cs.slug,
            "open": o.open,
            "opens_at": o.opens_at.isoformat() if o.opens_at else None,
            "queue": snap["size"],
            "on_duty": snap["on_duty"],
            "estimate_for_new_chat": engine.estimate_dict(e),
        }
    )


def openapi_paths():
    return {
        "/chat/{slug}/status": {
            "get": {
                "summary": "Whether a service's chat is open, its queue length and the honest wait for a new chat",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "Status",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "service": {"type": "string"},
                                        "open": {"type": "boolean"},
                                        "opens_at": {"type": ["string", "null"]},
                                        "queue": {"type": "integer"},
                                        "on_duty": {"type": "integer"},
                                        "estimate_for_new_chat": {
                                            "type": "object",
                                            "properties": {
                                                "known": {"type": "boolean"},
                                                "low_minutes": {"type": "integer"},
                                                "high_minutes": {"type": "integer"},
                                                "capped": {"type": "boolean"},
                                            },
                                        },
                                    },
                                }
                            }
                        },
                    },
                    **problem_responses(404),
                },
            }
        }
    }
