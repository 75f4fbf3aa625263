"""WebSocket routes. Staff sockets read the staff session (cookie `losen_staff`); the help
seeker's socket reads nothing but the conversation token in its path."""

from channels.auth import AuthMiddlewareStack
from django.urls import path, re_path

from losen.chat.consumers import NotFoundConsumer, StaffConsumer, VisitorConsumer

websocket_urlpatterns = [
    path("ws/chat/vakt/<slug:org>/", AuthMiddlewareStack(StaffConsumer.as_asgi())),
    path("ws/chat/<uuid:token>/", VisitorConsumer.as_asgi()),
    # anything else under ws/chat/ (a malformed token, a typo) is refused at the handshake
    # (HTTP 403 to the client), never a server error
    re_path(r"^ws/chat/", NotFoundConsumer.as_asgi()),
]
