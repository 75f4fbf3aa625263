from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme

from losen.core import openapi
from losen.core.access import public
from losen.core.api import api
from losen.core.middleware import language_from


@public
def language(request):
    """Remember the chosen language in a cookie that holds only the language code."""
    code = language_from(request.GET.get("lang"))
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@public
@api("GET")
def openapi_document(request):
    return JsonResponse(openapi.document(), json_dumps_params={"ensure_ascii": False})


@public
@api("GET")
def health(request):
    return JsonResponse({"status": "ok"})
