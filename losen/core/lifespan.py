"""ASGI lifespan: each process starts the scheduler loop (`losen.core.scheduler`) at start-up
and stops it at shutdown. The scheduler's claims keep jobs from running twice across processes."""

import asyncio
import logging

from losen.core import scheduler

log = logging.getLogger("losen.scheduler")


def with_lifespan(application):
    state = {}

    async def app(scope, receive, send):
        if scope["type"] != "lifespan":
            return await application(scope, receive, send)
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                stop = asyncio.Event()
                state["stop"] = stop
                state["task"] = asyncio.create_task(scheduler.loop(stop))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if "stop" in state:
                    state["stop"].set()
                    try:
                        await asyncio.wait_for(state["task"], 30)
                    except Exception:
                        log.exception("scheduler did not stop cleanly")
                await send({"type": "lifespan.shutdown.complete"})
                return

    return app
