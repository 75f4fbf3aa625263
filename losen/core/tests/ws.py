"""A WebSocket test communicator over asgiref's ApplicationCommunicator, shared by the channel apps' tests
(channels.testing imports daphne, which Losen does not install)."""

import json
import threading
from urllib.parse import unquote, urlparse

from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator


class WebsocketCommunicator(ApplicationCommunicator):
    def __init__(self, application, path, headers=None, client=("127.0.0.1", 50123)):
        parsed = urlparse(path)
        scope = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode(),
            "headers": headers or [],
            "subprotocols": [],
            "client": list(client),
            "server": ["testserver", 80],
        }
        super().__init__(application, scope)

    async def connect(self, timeout=3):
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        return True, None

    async def send_json_to(self, data):
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout=3):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code=1000, timeout=3):
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


def app():
    from losen.asgi import application

    return application


def cookie_for(user):
    """The staff session cookie of a signed-in user (password and second factor), for a socket."""
    from django.test import Client

    from losen.conftest import sign_in

    client = sign_in(Client(), user)
    return f"losen_staff={client.cookies['losen_staff'].value}".encode()


def sock(path, cookie=None):
    headers = [(b"origin", b"http://testserver")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(app(), path, headers=headers)


async def until(ws, kind, timeout=10, where=lambda f: True):
    """The next frame of type `kind` (and matching `where`), skipping others."""
    while True:
        frame = await ws.receive_json_from(timeout)
        if frame["type"] == kind and where(frame):
            return frame


def in_thread(coro_fn, *args):
    """Run a test's async body on a thread of its own: a browser test earlier in the session may
    have left an event loop on this one (Playwright's sync API). Its failure is raised here."""
    failure = []

    def body():
        try:
            async_to_sync(coro_fn)(*args)
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=body)
    worker.start()
    worker.join(120)
    if failure:
        raise failure[0]
    assert not worker.is_alive()
