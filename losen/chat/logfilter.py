"""Keep help seekers' addresses and chat tokens out of the ASGI server's log.

uvicorn logs every WebSocket handshake at INFO on "uvicorn.error" as
'<client address> - "WebSocket <path>" [accepted]', even with its access log off. This filter
replaces the address with "-" and the conversation token in the path with "<token>"."""

import logging
import re

TOKEN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class RedactClient(logging.Filter):
    def filter(self, record):
        msg = record.msg if isinstance(record.msg, str) else ""
        if msg.startswith('%s - "WebSocket') and isinstance(record.args, tuple) and record.args:
            args = list(record.args)
            args[0] = "-"
            if len(args) > 1 and isinstance(args[1], str):
                args[1] = TOKEN.sub("<token>", args[1])
            record.args = tuple(args)
        return True


def install():
    for name in ("uvicorn.error", "uvicorn.access", "daphne.server", "daphne.http_protocol"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactClient) for f in logger.filters):
            logger.addFilter(RedactClient())
