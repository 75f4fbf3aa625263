"""The chat's hot path on PostgreSQL: one message stored from the event loop itself.

Storing a chat message is one statement (`messages._PG_STORE`). Through Django's ORM it costs a
hop to the database thread and back per message; here it runs on a small async psycopg pool
owned by the event loop (per process), in autocommit, so the consumer awaits the database
directly. The same statement, the same idempotency (client id) and the same errors as
`messages.store_message`; SQLite and anything else use that one.
"""

from __future__ import annotations

import asyncio

from django.db import connections
from django.utils import timezone

from losen.chat.actions.messages import _PG_STORE, _validated
from losen.chat.engine import ChatClosed
from losen.chat.models import Message

POOL_SIZE = 4

_EXISTING = "SELECT seq, sender, kind, text, created_at, redacted FROM chat_message WHERE conversation_id = %s AND client_id = %s"


class _Pool:
    def __init__(self):
        self.pool = None
        self.loop = None

    def enabled(self) -> bool:
        return connections["default"].vendor == "postgresql"

    async def get(self):
        loop = asyncio.get_running_loop()
        if self.pool is not None and self.loop is loop:
            return self.pool
        from psycopg_pool import AsyncConnectionPool

        params = connections["default"].get_connection_params()
        kwargs = {k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port", "sslmode", "options")}
        kwargs["autocommit"] = True
        pool = AsyncConnectionPool(kwargs=kwargs, min_size=1, max_size=POOL_SIZE, open=False, name="losen-chat")
        await pool.open()
        self.pool, self.loop = pool, loop
        return pool

    async def close(self):
        if self.pool is not None and self.loop is asyncio.get_running_loop():
            await self.pool.close()
        self.pool = self.loop = None


pool = _Pool()


async def store_message(conversation_id: int, sender: str, text: str, client_id: str, author_id=None, kind=Message.TEXT, responder_id=None) -> tuple[dict, bool]:
    text, client_id, states = _validated(sender, text, client_id, None)
    now = timezone.now()
    p = await pool.get()
    async with p.connection() as conn:
        cur = await conn.execute(_PG_STORE, {"cid": conversation_id, "states": list(states), "client": client_id, "sender": sender, "kind": kind, "author": author_id, "text": text, "now": now, "resp": responder_id})
        row = await cur.fetchone()
        if row:
            return {"conversation_id": conversation_id, "seq": row[0], "sender": sender, "kind": kind, "text": text, "client_id": client_id, "created_at": now, "redacted": False}, True
        cur = await conn.execute(_EXISTING, (conversation_id, client_id))
        existing = await cur.fetchone()
    if existing:
        seq, sender_, kind_, text_, created_at, redacted = existing
        return {"conversation_id": conversation_id, "seq": seq, "sender": sender_, "kind": kind_, "text": text_, "client_id": client_id, "created_at": created_at, "redacted": redacted}, False
    raise ChatClosed()
