"""The web app's own routes: /healthz says whether the database answers, and nothing
about why not (hosts, users and passwords stay in the log)."""

from __future__ import annotations

import aiohttp
from aiohttp.test_utils import TestServer
from sqlalchemy.exc import OperationalError

from bot.web import create_web_app


async def test_healthz_reports_status_without_error_details(services, monkeypatch, caplog):
    app = create_web_app(services.settings, services, run_worker=False)
    async with TestServer(app, host="127.0.0.1") as server, aiohttp.ClientSession() as http:
        async with http.get(server.make_url("/healthz")) as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok", "platforms": []}

        def down():
            raise OperationalError("SELECT 1", {}, Exception(
                'connection to server at "db.internal" (10.0.0.7), user "helpdesk", '
                'password "hunter2" failed'))

        monkeypatch.setattr(services.inbox, "counts", down)
        async with http.get(server.make_url("/healthz")) as response:
            assert response.status == 503
            body = await response.text()
    assert body == '{"status": "error"}'
    assert "hunter2" not in caplog.text and "db.internal" not in caplog.text
    assert "OperationalError" in caplog.text
