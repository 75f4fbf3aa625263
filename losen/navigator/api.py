"""POST /api/v1/navigate: describe it in your own words, get the right services with reasons."""

from datetime import datetime

from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from losen.core.access import public
from losen.core.api import ApiError, api, bad_param, json_body, ok
from losen.core.openapi import problem_responses
from losen.core.ratelimit import RateLimiter, client_of
from losen.directory import catalogue, hours
from losen.directory.records import CHANNEL_KINDS
from losen.navigator import routing

MAX_TEXT = 2000
limiter = RateLimiter(limit=30, window_seconds=60)


def parse(data: dict):
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_param("text", "must be a non-empty string")
    if len(text) > MAX_TEXT:
        raise bad_param("text", f"may be at most {MAX_TEXT} characters")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise bad_param("text", "must be valid Unicode text (it contains a lone surrogate)")
    text = text.replace("\x00", " ")  # NUL bytes carry nothing; never let them reach the rules
    if not text.strip():
        raise bad_param("text", "must be a non-empty string")
    age = data.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130):
        raise bad_param("age", "must be a whole number from 0 to 130")
    for_ = data.get("for")
    if for_ is not None and for_ not in routing.FOR_VALUES:
        raise bad_param("for", "must be self, other or professional")
    channel = data.get("channel")
    if channel is not None and channel not in CHANNEL_KINDS:
        raise bad_param("channel", f"must be one of {', '.join(CHANNEL_KINDS)}")
    language = data.get("language")
    if language is not None and (not isinstance(language, str) or not 2 <= len(language) <= 3 or not language.isalpha()):
        raise bad_param("language", "must be an ISO 639 code such as nb, nn, en, se, smj or sma")
    at = timezone.now()
    if data.get("at") is not None:
        try:
            at = datetime.fromisoformat(data["at"])
        except (TypeError, ValueError):
            raise bad_param("at", "must be an ISO 8601 date and time with offset") from None
        if at.tzinfo is None:
            raise bad_param("at", "must include a UTC offset")
    return {"text": text, "age": age, "for_": for_, "channel": channel, "language": language, "at": at.astimezone(hours.OSLO)}


@public
@csrf_exempt
@api("POST")
def navigate(request):
    wait = limiter.hit(client_of(request))
    if wait:
        raise ApiError(429, "Too many requests; try again shortly.", headers={"Retry-After": str(int(wait) + 1)})
    params = parse(json_body(request))
    answer = routing.navigate(**params, ui_language=request.LANGUAGE_CODE)
    return ok(
        {
            "crisis": answer.crisis.crisis,
            "crisis_kind": answer.crisis.kind,
            "risk": answer.crisis.risk,
            "risk_reasons": routing.reason_texts(answer.crisis),
            "emergency": [{"name": e["name"]["nb"], "number": e["number"]} for e in catalogue.emergency()],
            "always_open": [e.slug for e in answer.always_open],
            "language_shown": routing.shown_language(request.LANGUAGE_CODE),
            "language_detected": answer.language,
            "results": [
                {"slug": r.slug, "score": round(r.score, 4), "reasons": r.reasons, "open_now": r.open_now}
                for r in answer.results
            ],
        }
    )


def openapi_paths():
    return {
        "/navigate": {
            "post": {
                "summary": "Route a person's own words to the right services, crisis first",
                "description": "The text is processed in memory and never stored or logged.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["text"],
                                "properties": {
                                    "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
                                    "age": {"type": "integer", "minimum": 0, "maximum": 130},
                                    "for": {"type": "string", "enum": list(routing.FOR_VALUES)},
                                    "channel": {"type": "string", "enum": list(CHANNEL_KINDS)},
                                    "language": {"type": "string"},
                                    "at": {"type": "string", "format": "date-time"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "{crisis, crisis_kind, risk (acute|possible|none), risk_reasons, emergency, always_open, language_shown, language_detected, results: [{slug, score, reasons, open_now}]}"},
                    **problem_responses(400, 413, 415, 429),
                },
            }
        }
    }
