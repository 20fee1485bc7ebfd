"""The bot's outgoing credentials: one per app/scope (so the token cache is reused), the
token fetched in a thread with a timeout (a slow login service never stalls the loop)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.teams.credentials import ReusedCredentials


class SlowCredentials:
    def __init__(self, delay: float):
        self.delay = delay
        self.fetches = 0
        self.threads: set[str] = set()

    def get_access_token(self, force_refresh: bool = False) -> str:
        self.fetches += 1
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)  # blocking, like MSAL's HTTP call
        return "token"


class Factory:
    def __init__(self, delay: float):
        self.delay = delay
        self.made: list[SlowCredentials] = []

    async def is_valid_app_id(self, app_id: str) -> bool:
        return True

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(self, app_id, oauth_scope, login_endpoint, validate_authority):
        self.made.append(SlowCredentials(self.delay))
        return self.made[-1]


async def test_credentials_are_reused_and_the_token_is_fetched_off_the_loop():
    inner = Factory(delay=0.3)
    factory = ReusedCredentials(inner, timeout=5)
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker():
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    first = await factory.create_credentials("app", "scope", "https://login", True)
    second = await factory.create_credentials("app", "scope", "https://login", True)
    other = await factory.create_credentials("app", "other-scope", "https://login", True)
    done.set()
    await tick
    assert first is second and other is not first and len(inner.made) == 2
    assert max(gaps) < 0.15, "the event loop kept running while tokens were fetched"
    assert "MainThread" not in first.threads


async def test_a_login_service_that_does_not_answer_is_a_connection_error():
    factory = ReusedCredentials(Factory(delay=1.0), timeout=0.2)
    started = time.perf_counter()
    with pytest.raises(ConnectionError, match="login service"):
        await factory.create_credentials("app", "scope", "https://login", True)
    assert time.perf_counter() - started < 0.6


async def test_anonymous_credentials_fetch_nothing():
    inner = Factory(delay=1.0)
    credentials = await ReusedCredentials(inner).create_credentials("", "scope", "", True)
    assert credentials.fetches == 0
