from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from losen.accounts import views as accounts_views
from losen.core import views as core_views

# The Django admin is for platform admins only and asks for the second factor too.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Losen"

api_v1 = [
    path("openapi.json", core_views.openapi_document, name="openapi"),
    path("health", core_views.health, name="health"),
    path("", include("losen.directory.api_urls")),
    path("", include("losen.navigator.api_urls")),
    path("", include("losen.chat.api_urls")),
    path("", include("losen.letters.api_urls")),
    path("", include("losen.cases.api_urls")),
]

urlpatterns = [
    path("", include("losen.core.urls")),
    path("", include("losen.navigator.urls")),
    path("tjenester/", include("losen.directory.urls")),
    path("chat/", include("losen.chat.urls")),
    path("skriv/", include("losen.letters.urls")),
    path("grupper/", include("losen.groups.urls")),
    path("forum/", include("losen.forum.urls")),
    path("oppfolging/", include("losen.cases.urls")),
    path("statistikk/", include("losen.stats.urls")),
    path("frivillige/", include("losen.volunteers.urls")),
    path("vakter/", include("losen.rota.urls")),
    path("staff/", include("losen.accounts.urls")),
    path("api/v1/", include((api_v1, "api"))),
    # One sign-in path with one lockout: the admin's login page sends people to the staff sign-in.
    path("admin/login/", accounts_views.admin_sign_in, name="admin_login"),
    path("admin/", admin.site.urls),
]
