"""WebSocket routes of the case channel. Staff sockets read the staff session; the help seeker's
socket reads nothing but the signed ticket in its first frame."""

from channels.auth import AuthMiddlewareStack
from django.urls import path

from losen.cases.consumers import SeekerConsumer, StaffConsumer

websocket_urlpatterns = [
    path("ws/oppfolging/sak/<int:pk>/", AuthMiddlewareStack(StaffConsumer.as_asgi())),
    path("ws/oppfolging/min/", SeekerConsumer.as_asgi()),
]
