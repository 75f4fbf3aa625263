from django.urls import path

from losen.chat import api

urlpatterns = [
    path("chat/<slug:slug>/status", api.chat_status, name="chat_status"),
]
