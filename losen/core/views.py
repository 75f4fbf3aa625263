from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme

from losen.core import openapi
from losen.core.access import public
from losen.core.api import api
from losen.core.middleware import language_from


def _icon() -> bytes:
    """A 16×16 icon in Losen's blue, as an ICO holding a PNG (no file to keep, no 404)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes((0x1F, 0x4E, 0x79)) * 16 for _ in range(16))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(png), 22) + png


ICON = _icon()


@public
def favicon(request):
    from django.http import HttpResponse

    response = HttpResponse(ICON, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


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
