"""The web surface: ids that no meetup can have give 404 (never a database error and
a 500), and no response names the server's Python or aiohttp version; on SQLite and
PostgreSQL, over real HTTP."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.bootstrap import build_services
from bot.web import SERVER_HEADER, create_web_app
from tests.conftest import make_settings


@pytest.fixture
async def server(database_url, tmp_path):
    settings = make_settings(database_url=database_url,
                             meetups_file=str(tmp_path / "meetups.yaml"))
    services = await asyncio.to_thread(build_services, settings)
    app = create_web_app(settings, services, run_worker=False)
    async with TestServer(app) as test_server:
        yield test_server
    await asyncio.to_thread(services.db.dispose)


@pytest.mark.parametrize("path", [
    "/meetups/x%00.ics", "/meetups/%00.ics", "/meetups/" + "a" * 5000 + ".ics",
    "/meetups/" + "%C3%A9" * 100 + ".ics", "/meetups/..%2F..%2Fetc%2Fpasswd.ics",
    "/meetups/%FF%FE.ics", "/meetups/UPPER.ics", "/meetups/a%0D%0AX-Injected:%201.ics",
])
async def test_invalid_meetup_ids_are_not_found(server, path):
    async with aiohttp.ClientSession() as http, \
            http.get(server.make_url(path).with_path(path, encoded=True)) as response:
        assert response.status == 404
        assert "X-Injected" not in response.headers
        assert response.headers["Server"] == SERVER_HEADER


def test_the_repository_refuses_impossible_ids_without_asking_the_database(database_url):
    services = build_services(make_settings(database_url=database_url))
    try:
        assert services.meetups.get("x\x00") is None
        assert services.meetups.get("a" * 81) is None
        assert services.meetups.get("") is None
    finally:
        services.db.dispose()


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/healthz"), ("GET", "/nowhere"), ("POST", "/healthz"), ("GET", "/meetups/x.ics"),
])
async def test_no_version_banner(server, method, path):
    async with aiohttp.ClientSession() as http, \
            http.request(method, server.make_url(path)) as response:
        assert response.headers["Server"] == SERVER_HEADER
        assert "aiohttp" not in str(response.headers).lower()
        assert "python" not in str(response.headers).lower()


async def test_no_version_banner_on_a_malformed_request(server):
    """A request line aiohttp cannot parse is answered before any route is found."""
    def raw() -> bytes:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(b"GARBAGE \x00\x01 HTTP/9.9\r\n\r\n")
            return sock.recv(4096)
    reply = await asyncio.to_thread(raw)
    assert reply.startswith((b"HTTP/1.1 400", b"HTTP/1.0 400"))
    assert b"Server: " + SERVER_HEADER.encode() in reply
    assert b"aiohttp" not in reply.lower() and b"python/" not in reply.lower()
