"""POST /api/v1/navigate: describe it in your own words, get the right services with reasons."""

import re

from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from losen.core.access import public
from losen.core.api import ApiError, api, bad_param, json_body, ok
from losen.core.openapi import problem_responses
from losen.core.ratelimit import RateLimiter, client_of
from losen.directory import catalogue, hours, search
from losen.directory.records import CHANNEL_KINDS
from losen.navigator import routing

MAX_TEXT = 2000
limiter = RateLimiter("navigate", limit=30, window_seconds=60)


TEXT_PATTERN = r"\S"  # at least one character that is not white space


def parse(data: dict):
    """Check the body against the same rules the OpenAPI schema below states; null is "not given"."""
    text = data.get("text")
    if not isinstance(text, str) or not re.search(TEXT_PATTERN, text):
        raise bad_param("text", "must be a non-empty string")
    if len(text) > MAX_TEXT:
        raise bad_param("text", f"may be at most {MAX_TEXT} characters")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise bad_param("text", "must be valid Unicode text (it contains a lone surrogate)")
    text = text.replace("\x00", " ")  # NUL bytes carry nothing; never let them reach the rules
    if not text.strip():
        raise bad_param("text", "must be a non-empty string")
    age = data.get("age")
    if isinstance(age, float) and age.is_integer():
        age = int(age)  # JSON Schema's integer includes 5.0
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130):
        raise bad_param("age", "must be a whole number from 0 to 130")
    for_ = data.get("for")
    if for_ is not None and for_ not in routing.FOR_VALUES:
        raise bad_param("for", "must be self, other or professional")
    channel = data.get("channel")
    if channel is not None and channel not in CHANNEL_KINDS:
        raise bad_param("channel", f"must be one of {', '.join(CHANNEL_KINDS)}")
    language = data.get("language")
    if language == "":
        language = None  # as in the services list: empty is every language
    if language is not None and (not isinstance(language, str) or not re.search(search.LANGUAGE_PATTERN, language)):
        raise bad_param("language", "must be an ISO 639 code such as nb, nn, en, se, smj or sma")
    if language is not None:
        language = language.strip().lower()
    at = timezone.now().astimezone(hours.OSLO)
    if data.get("at") is not None:
        at, problem = search.parse_at(data["at"])
        if problem:
            raise bad_param("at", problem)
    return {"text": text, "age": age, "for_": for_, "channel": channel, "language": language, "at": at}


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
                                    "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
                                    "age": {"type": ["integer", "null"], "minimum": 0, "maximum": 130},
                                    "for": {"enum": [*routing.FOR_VALUES, None]},
                                    "channel": {"enum": [*CHANNEL_KINDS, None]},
                                    "language": {
                                        "anyOf": [
                                            {"type": "null"},
                                            {"type": "string", "maxLength": 0},
                                            {"type": "string", "pattern": search.LANGUAGE_PATTERN},
                                        ],
                                        "description": "ISO 639 code (nb, nn, en, se, smj, sma ...); empty or null is any language",
                                    },
                                    "at": {"anyOf": [{"type": "null"}, search.AT_SCHEMA]},
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
