"""Rate limits live in the cache (Redis when set): they hold across processes, keyed by an HMAC
with an hourly salt that no address can be read back from."""

import pytest
from django.core.cache import cache

from losen.core import ratelimit


class Clock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def test_two_processes_share_one_limit():
    clock = Clock()
    # Two limiters with the same name stand for two server processes sharing the cache.
    first = ratelimit.RateLimiter("probe", limit=3, window_seconds=60, clock=clock)
    second = ratelimit.RateLimiter("probe", limit=3, window_seconds=60, clock=clock)
    assert first.hit("192.0.2.1") == 0
    assert second.hit("192.0.2.1") == 0
    assert first.hit("192.0.2.1") == 0
    assert second.hit("192.0.2.1") > 0
    assert first.hit("192.0.2.2") == 0  # somebody else is not affected
    clock.now += 61
    assert second.hit("192.0.2.1") == 0  # the window has passed


def test_limits_are_raised_by_the_setting(settings):
    settings.LOSEN_RATE_LIMIT_SCALE = 10
    limiter = ratelimit.RateLimiter("scaled", limit=2, window_seconds=60, clock=Clock())
    assert all(limiter.hit("192.0.2.1") == 0 for _ in range(20))
    assert limiter.hit("192.0.2.1") > 0


def test_keys_hold_no_address_and_change_every_hour():
    now = 1_800_000_000.0
    key = ratelimit.client_key("192.0.2.1", now=now)
    assert "192.0.2" not in key and len(key) == 32
    assert ratelimit.client_key("192.0.2.1", now=now + 1) == key
    assert ratelimit.client_key("192.0.2.1", now=now + 3600) != key
    assert ratelimit.client_key("192.0.2.2", now=now) != key


def test_the_salt_is_shared_through_the_cache_and_expires():
    now = 1_800_000_000.0
    key = ratelimit.client_key("192.0.2.1", now=now)
    salt_key = f"{ratelimit.SALT_PREFIX}{int(now // 3600)}"
    assert cache.get(salt_key)
    cache.delete(salt_key)  # a new salt: earlier keys can no longer be matched
    assert ratelimit.client_key("192.0.2.1", now=now) != key


@pytest.mark.django_db
def test_navigator_limit_holds_across_processes(client, directory):
    """The form and the API count against the same limit, whichever process answers."""
    from unittest import mock

    from losen.navigator import api as navigator_api

    other_process = ratelimit.RateLimiter("navigate", limit=2, window_seconds=60)
    with mock.patch.object(navigator_api.limiter, "limit", 2):
        assert other_process.hit("127.0.0.1") == 0
        assert other_process.hit("127.0.0.1") == 0
        response = client.post("/api/v1/navigate", {"text": "hei"}, content_type="application/json")
    assert response.status_code == 429
