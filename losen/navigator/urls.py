from django.urls import path

from losen.navigator import views

app_name = "navigator"
urlpatterns = [
    path("", views.home, name="home"),
    path("finn-hjelp/", views.home, name="find"),
    path("sami/", views.sami, name="sami"),
]
