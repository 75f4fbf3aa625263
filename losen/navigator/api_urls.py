from django.urls import path

from losen.navigator import api

urlpatterns = [
    path("navigate", api.navigate, name="navigate"),
]
