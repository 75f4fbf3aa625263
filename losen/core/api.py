"""The JSON API's plumbing: problem+json errors (RFC 9457), method checks, JSON bodies.

Every error under /api/ is `application/problem+json`:
{"type": "about:blank", "title": "...", "status": 400, "detail": "...", "errors": [{"field", "message"}]}
"""

import json
from functools import wraps

from django.http import JsonResponse

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
}


class ApiError(Exception):
    def __init__(self, status, detail, errors=None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def bad_param(field, message):
    """A 400 naming the parameter, e.g. bad_param("age", "must be a whole number 0 or more")."""
    return ApiError(400, f"{field}: {message}", errors=[{"field": field, "message": message}])


def problem(status, detail="", errors=None, headers=None):
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_TYPE, json_dumps_params={"ensure_ascii": False})
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def api(*methods):
    """Declare the HTTP methods of an API view; others get 405 problem+json with Allow."""
    allowed = {m.upper() for m in methods}

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in allowed and not (request.method == "HEAD" and "GET" in allowed):
                return problem(405, f"Use {', '.join(sorted(allowed))}.", headers={"Allow": ", ".join(sorted(allowed))})
            try:
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return problem(exc.status, exc.detail, exc.errors, exc.headers)

        # Read by ProblemJsonMiddleware, which answers other methods with 405 before the CSRF
        # check can answer 403.
        wrapper.api_methods = frozenset(allowed | ({"HEAD"} if "GET" in allowed else set()))
        return wrapper

    return decorator


def json_body(request, max_bytes=16 * 1024):
    if len(request.body) > max_bytes:
        raise ApiError(413, f"The body may be at most {max_bytes} bytes.")
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise ApiError(415, "Send the body as application/json.")
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"The body is not valid JSON: {exc}", errors=[{"field": "body", "message": "invalid JSON"}])
    except RecursionError:
        # Arrays or objects nested thousands deep exhaust the parser's stack.
        raise ApiError(400, "The body is nested too deeply.", errors=[{"field": "body", "message": "nested too deeply"}]) from None
    if not isinstance(data, dict):
        raise ApiError(400, "The body must be a JSON object.", errors=[{"field": "body", "message": "not an object"}])
    return data


def ok(data, status=200):
    return JsonResponse(data, status=status, safe=isinstance(data, dict), json_dumps_params={"ensure_ascii": False})
