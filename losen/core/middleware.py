from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from losen.core.access import NotSignedIn
from losen.core.api import PROBLEM_TYPE, ApiError, problem

LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


def language_from(value: str | None) -> str:
    """A known language code, or bokmål for anything else."""
    value = (value or "").strip().lower().replace("_", "-")
    if value in ("no", "nb-no", "no-nb"):
        return "nb"
    return value if value in LANGUAGE_CODES else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """The visitor's language from their explicit choice (a cookie holding only the code) or a
    one-off `?lang=`; otherwise bokmål. Accept-Language is deliberately not used: a Norwegian
    teenager on an English phone gets bokmål unless they choose otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_from(request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if "Vary" in response:
            if "Cookie" not in response["Vary"]:
                response["Vary"] += ", Cookie"
        else:
            response["Vary"] = "Cookie"
        return response


class ProblemJsonMiddleware:
    """Every error under /api/ is application/problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_TYPE)
        ):
            headers = {k: response[k] for k in ("Allow", "Retry-After") if k in response}
            return problem(response.status_code, headers=headers)
        return response

    def process_view(self, request, view, args, kwargs):
        """An API view's undeclared method is 405 with Allow, decided before the CSRF check
        (which would otherwise answer an unknown unsafe method with 403)."""
        methods = getattr(view, "api_methods", None)
        if methods and request.method not in methods:
            allowed = ", ".join(sorted(methods - {"HEAD"}))
            return problem(405, f"Use {allowed}.", headers={"Allow": allowed})
        return None

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, ApiError):
            return problem(exception.status, exception.detail, exception.errors, exception.headers)
        if isinstance(exception, Http404):
            return problem(404, "No such resource.")
        if isinstance(exception, NotSignedIn):
            return problem(401, "Sign in as staff with your second factor.")
        if isinstance(exception, PermissionDenied):
            return problem(403, str(exception) or "Your role does not give access to this.")
        return None


class PrivacyHeadersMiddleware:
    """Nothing is cached or referred onwards (the Content-Security-Policy, that nothing loads
    from another origin, is Django's SECURE_CSP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
