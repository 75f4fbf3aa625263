"""The message service's JSON API (problem+json errors, listed in /api/v1/openapi.json).

The pickup code is sent only in POST bodies and stored only as an HMAC. Wrong and unknown
codes get the same 404, and count towards a per-address limit (the HMAC rate limiter, which
stores nothing)."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from losen.core.access import public
from losen.core.api import ApiError, api, bad_param, json_body, ok
from losen.core.openapi import problem_responses
from losen.core.ratelimit import client_of
from losen.directory import catalogue
from losen.letters import actions, codes, rules
from losen.letters.models import LANGUAGES, Letter, Thread
from losen.letters.views import code_limiter, send_limiter

MAX_BODY = 64 * 1024


def _iso(moment):
    return moment.astimezone(rules.OSLO).isoformat() if moment else None


def _text(data, field="text"):
    text = data.get(field)
    if not isinstance(text, str) or not text.strip():
        raise bad_param(field, "must be a non-empty string")
    if len(text.strip()) > rules.MAX_TEXT:
        raise ApiError(413, f"{field}: at most {rules.MAX_TEXT} characters", errors=[{"field": field, "message": f"at most {rules.MAX_TEXT} characters"}])
    return text


def _thread(request, data) -> Thread:
    code = data.get("code")
    if not isinstance(code, str):  # an empty or wrong code gets the same neutral 404 as an unknown one
        raise bad_param("code", "must be the pickup code as a string")
    client = client_of(request)  # used only as input to the in-memory HMAC limiter
    wait = code_limiter.wait(client)
    if wait:
        raise ApiError(429, "Too many wrong codes; try again later.", headers={"Retry-After": str(int(wait) + 1)})
    thread = actions.find(code)
    if thread is None:
        code_limiter.hit(client)
        raise ApiError(404, "No conversation with that code.")
    return thread


def _body(request):
    return json_body(request, max_bytes=MAX_BODY)


@public
@csrf_exempt
@api("POST")
def send(request):
    data = _body(request)
    slug = data.get("service")
    if not isinstance(slug, str):  # an empty slug is a service that takes no messages: 404
        raise bad_param("service", "must be a service slug")
    text = _text(data)
    language = data.get("language")
    if language is not None and language not in LANGUAGES:
        raise bad_param("language", f"must be one of {', '.join(LANGUAGES)}")
    answers = data.get("answers")
    if answers is not None and not isinstance(answers, dict):
        raise bad_param("answers", "must be an object")
    ls = actions.letter_service(slug)
    if ls is None:
        raise ApiError(404, "This service does not take messages on Losen.")
    wait = send_limiter.hit(client_of(request))
    if wait:
        raise ApiError(429, "Too many messages from here; try again later.", headers={"Retry-After": str(int(wait) + 1)})
    sent = actions.submit(ls, text, language, answers)
    return ok(
        {
            "code": sent.code,
            "answer_by": _iso(sent.thread.answer_by),
            "crisis": sent.crisis.crisis,
            "emergency": catalogue.emergency() if sent.crisis.crisis else [],
            "language": sent.thread.language,
        },
        status=201,
    )


@public
@csrf_exempt
@api("POST")
def thread(request):
    t = _thread(request, _body(request))
    actions.mark_read(t)
    messages = [
        {"from": "you" if m.sender == Letter.VISITOR else "service", "text": "" if m.redacted else m.text, "at": _iso(m.sent_at or m.created_at)}
        for m in actions.visible_letters(t)
    ]
    body = {"service": t.service.service.slug, "status": t.status, "answer_by": _iso(t.answer_by), "messages": messages}
    if t.transferred_from_id:
        body["transferred_from"] = t.transferred_from.slug
    return ok(body)


@public
@csrf_exempt
@api("POST")
def reply(request):
    data = _body(request)
    t = _thread(request, data)
    actions.visitor_reply(t, _text(data))
    t.refresh_from_db()
    return ok({"status": t.status, "answer_by": _iso(t.answer_by)}, status=201)


@public
@csrf_exempt
@api("POST")
def delete(request):
    actions.visitor_delete(_thread(request, _body(request)))
    return HttpResponse(status=204)


def openapi_paths():
    code_body = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string", "description": "the pickup code (never in a URL)"}}}

    def body(schema):
        return {"required": True, "content": {"application/json": {"schema": schema}}}

    message = {
        "type": "object",
        "properties": {"from": {"type": "string", "enum": ["you", "service"]}, "text": {"type": "string"}, "at": {"type": "string", "format": "date-time"}},
    }
    return {
        "/messages": {
            "post": {
                "summary": "Send an anonymous message to a service that takes messages on Losen; returns the pickup code once",
                "description": "No e-mail, phone number or account. The code is stored only as an HMAC. If the crisis detector fires, "
                "`crisis` is true and `emergency` lists the emergency numbers: nobody reads the message for hours.",
                "requestBody": body(
                    {
                        "type": "object",
                        "required": ["service", "text"],
                        "properties": {
                            "service": {"type": "string"},
                            "text": {"type": "string", "minLength": 1, "maxLength": rules.MAX_TEXT, "pattern": "\\S"},
                            "language": {"type": "string", "enum": list(LANGUAGES)},
                            "answers": {"type": "object", "properties": {"age": {"type": "string", "enum": actions.BANDS["age"]}, "before": {"type": "string", "enum": actions.BANDS["before"]}}},
                        },
                    }
                ),
                "responses": {
                    "201": {
                        "description": "Sent",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["code", "answer_by", "crisis", "emergency"],
                                    "properties": {
                                        "code": {"type": "string"},
                                        "answer_by": {"type": "string", "format": "date-time"},
                                        "crisis": {"type": "boolean"},
                                        "emergency": {"type": "array", "items": {"type": "object"}},
                                        "language": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    **problem_responses(400, 404, 413, 415, 429),
                },
            }
        },
        "/messages/thread": {
            "post": {
                "summary": "Read a conversation with its pickup code",
                "requestBody": body(code_body),
                "responses": {
                    "200": {
                        "description": "The conversation",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["service", "status", "answer_by", "messages"],
                                    "properties": {
                                        "service": {"type": "string"},
                                        "status": {"type": "string", "enum": ["waiting", "answered", "closed"]},
                                        "answer_by": {"type": "string", "format": "date-time"},
                                        "transferred_from": {"type": "string"},
                                        "messages": {"type": "array", "items": message},
                                    },
                                }
                            }
                        },
                    },
                    **problem_responses(400, 404, 415, 429),
                },
            }
        },
        "/messages/reply": {
            "post": {
                "summary": "Write more in the same conversation",
                "requestBody": body({**code_body, "required": ["code", "text"], "properties": {**code_body["properties"], "text": {"type": "string", "minLength": 1, "maxLength": rules.MAX_TEXT, "pattern": "\\S"}}}),
                "responses": {"201": {"description": "Sent"}, **problem_responses(400, 404, 413, 415, 429)},
            }
        },
        "/messages/delete": {
            "post": {
                "summary": "Delete the whole conversation at once",
                "requestBody": body(code_body),
                "responses": {"204": {"description": "Deleted"}, **problem_responses(400, 404, 415, 429)},
            }
        },
    }
