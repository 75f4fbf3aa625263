"""WebSocket routes of the online text room. The leader's socket reads the staff session; the
participant's socket reads nothing but the page token in its path (a UUID the log filter redacts)."""

from channels.auth import AuthMiddlewareStack
from django.urls import path

from losen.groups.consumers import LeaderConsumer, ParticipantConsumer

websocket_urlpatterns = [
    path("ws/grupper/leder/<int:session>/", AuthMiddlewareStack(LeaderConsumer.as_asgi())),
    path("ws/grupper/rom/<int:session>/<uuid:token>/", ParticipantConsumer.as_asgi()),
]
