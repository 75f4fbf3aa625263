"""Shared test fixtures: staff of every role in two organisations, signed in with a verified
second factor, and the shipped directory."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import settings as hypothesis_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles
from losen.accounts.models import Membership, Organisation, User

# Tests never assert on wall-clock time: no per-example deadline for hypothesis, whatever the
# machine's load (CI runs the suite twice on two cores).
hypothesis_settings.register_profile("losen", deadline=None)
hypothesis_settings.load_profile("losen")


@pytest.fixture(autouse=True)
def fresh_directory_cache():
    """Each test sees the directory of its own database, not one cached by an earlier test."""
    from losen.directory import catalogue

    catalogue.invalidate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit and sign-in counters live in the cache (Redis when set): each test starts clean."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def orgs(db):
    return {
        "a": Organisation.objects.get_or_create(slug="org-a", defaults={"name": "Organisasjon A"})[0],
        "b": Organisation.objects.get_or_create(slug="org-b", defaults={"name": "Organisasjon B"})[0],
    }


def make_staff(username, role, organisation=None, password="correct horse battery staple"):
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def sign_in(client, user):
    """Sign in with a confirmed TOTP device marked as verified, as after the real two steps."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_of(orgs):
    """staff_of(role, org_key='a') -> a user holding that role (platform roles ignore org)."""

    def build(role, org_key="a"):
        org = None if role in roles.PLATFORM_ROLES else orgs[org_key]
        return make_staff(f"{role}-{org_key if org else 'platform'}", role, org)

    return build


@pytest.fixture
def client_as(client, staff_of):
    def build(role, org_key="a"):
        return sign_in(client, staff_of(role, org_key))

    return build


@pytest.fixture
def directory(db):
    from losen.directory import catalogue, loader

    loader.load()
    catalogue.invalidate()
    return catalogue


@pytest.fixture
def browser():
    """A headless Debian Chromium driven by Playwright (skipped with a reason if missing).

    Playwright's sync API keeps an event loop running in this thread while it lives, and
    Django refuses ORM calls from a thread with a running loop. The test body's ORM calls are
    synchronous and safe, so the check is off for the browser test only: Playwright starts and
    stops with each browser test, and the old value comes back afterwards, so every other test
    (and every consumer test) keeps Django's async-safety check. Servers a browser test starts
    in a subprocess never inherit the switch (see `chat.tests.servers`)."""
    import os

    from losen import browser as b

    reason = b.available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # A loaded CI machine is slower than a desk: give live assertions room (they still fail).
    expect.set_options(timeout=15_000)
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if old is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


class _OneThread:
    """Stands in for asgiref's ThreadSensitiveContext in the test server below: without it, every
    request's synchronous part runs in asgiref's one shared thread, as WebSocket consumers already do."""

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


@pytest.fixture
def live_asgi(transactional_db, settings, monkeypatch):
    """Losen's real ASGI application (HTTP, static files and WebSockets over the channel layer) on
    uvicorn in a thread of this process, on the test's own database: for browser tests of live
    pages. `live_server` speaks WSGI only, and a uvicorn subprocess (`chat.tests.servers`) has a
    database of its own. All synchronous work of the server runs in one thread; an in-memory
    SQLite test database is shared with that thread as `live_server` shares it."""
    import socket
    import threading
    import time
    from types import SimpleNamespace

    import uvicorn
    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.db import connections

    from losen.asgi import application

    monkeypatch.setattr("django.core.handlers.asgi.ThreadSensitiveContext", _OneThread)
    channel_layers.backends.clear()  # a fresh in-memory layer, bound to the server's loop
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for conn in shared.values():
        conn.inc_thread_sharing()

    def share():
        for alias, conn in shared.items():
            connections[alias] = conn

    def unshare():
        for alias in shared:
            del connections[alias]
        connections.close_all()

    SyncToAsync.single_thread_executor.submit(share).result()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(ASGIStaticFilesHandler(application), lifespan="off", log_level="warning", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test ASGI server did not start"
        time.sleep(0.05)
    try:
        yield SimpleNamespace(url="http://127.0.0.1:%d" % listener.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(30)
        listener.close()
        SyncToAsync.single_thread_executor.submit(unshare).result()
        for conn in shared.values():
            conn.dec_thread_sharing()
        channel_layers.backends.clear()
