from django.urls import path

from losen.core import views

app_name = "core"
urlpatterns = [
    path("sprak/", views.language, name="language"),
    path("favicon.ico", views.favicon, name="favicon"),
]
