"""ASGI lifespan for the chat: run the retention job when the server starts.

Until losen/asgi.py wraps its application with `with_lifespan(...)`, every process still runs
the job on its first chat request or WebSocket and then every minute (see consumers.Hub)."""

import asyncio
import logging

log = logging.getLogger("losen.chat")


def with_lifespan(application):
    async def app(scope, receive, send):
        if scope["type"] != "lifespan":
            return await application(scope, receive, send)
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    from channels.db import database_sync_to_async

                    from losen.chat import engine

                    await asyncio.wait_for(database_sync_to_async(engine.purge_if_due)(force=True), 60)
                except Exception:
                    log.exception("chat retention job at start-up failed")
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return app
