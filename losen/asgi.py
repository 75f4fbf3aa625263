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

from django.apps import apps  # noqa: E402
from django.utils.module_loading import module_has_submodule  # noqa: E402

from losen.core.lifespan import with_lifespan  # noqa: E402
from losen.navigator import semantic  # noqa: E402

semantic.preload()  # load the embedding model now, not on the first help seeker's request


def _websocket_urlpatterns():
    """Every app with live parts has a `routing.py` with `websocket_urlpatterns`."""
    from importlib import import_module

    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("losen.") and module_has_submodule(config.module, "routing"):
            found.extend(getattr(import_module(f"{config.name}.routing"), "websocket_urlpatterns", []))
    return found


websocket_urlpatterns = _websocket_urlpatterns()

# The lifespan wrapper starts the scheduler (retention, timeouts, deadlines) in every process.
application = with_lifespan(
    ProtocolTypeRouter(
        {
            "http": django_asgi,
            "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
        }
    )
)
