"""The ASGI application: HTTP through Django, WebSockets through Channels.

Run several of these processes behind one Redis (REDIS_URL) and PostgreSQL (DATABASE_URL)
to scale out; they share the chat queue through the channel layer and the database.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "losen.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from losen.chat.lifespan import with_lifespan  # noqa: E402
from losen.chat.routing import websocket_urlpatterns  # noqa: E402
from losen.navigator import semantic  # noqa: E402

semantic.preload()  # load the embedding model now, not on the first help seeker's request

# The lifespan wrapper runs the chat retention job when the server starts.
application = with_lifespan(
    ProtocolTypeRouter(
        {
            "http": django_asgi,
            "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
        }
    )
)
