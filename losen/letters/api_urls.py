"""The app's JSON API under /api/v1/ (problem+json errors; paths listed in /api/v1/openapi.json)."""

from django.urls import path

from losen.letters import api

urlpatterns = [
    path("messages", api.send, name="messages"),
    path("messages/thread", api.thread, name="messages_thread"),
    path("messages/reply", api.reply, name="messages_reply"),
    path("messages/delete", api.delete, name="messages_delete"),
]
