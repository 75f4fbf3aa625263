from django.apps import AppConfig
from django.conf import settings

# channels_redis waits for messages with BZPOPMIN (timeout 5 s) while redis-py 8 gives up
# reading a socket after 5 s by default: an idle consumer then dies with "Timeout reading"
# and its WebSocket drops. Reads must be allowed to outlast the blocking pop.
REDIS_SOCKET_TIMEOUT = 30


def _patient_redis_hosts():
    layer = settings.CHANNEL_LAYERS.get("default", {})
    if not layer.get("BACKEND", "").startswith("channels_redis"):
        return
    config = layer.setdefault("CONFIG", {})
    hosts = []
    for host in config.get("hosts", []):
        if isinstance(host, str):
            host = {"address": host}
        if isinstance(host, dict):
            host = {"socket_timeout": REDIS_SOCKET_TIMEOUT, **host}
        hosts.append(host)
    config["hosts"] = hosts


class ChatConfig(AppConfig):
    name = "losen.chat"
    label = "chat"
    verbose_name = "Anonym chat"

    def ready(self):
        # No help seeker's address or chat token in the ASGI server's log. (The retention job
        # runs at start-up from the first request or socket of each process, see consumers.Hub,
        # or from losen.chat.lifespan when asgi.py wraps the application with it.)
        from losen.chat import logfilter

        logfilter.install()
        _patient_redis_hosts()
