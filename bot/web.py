"""The one aiohttp web app (`helpdesk serve`, the Procfile's `web`): every enabled
platform's routes (`POST /slack/events`, `POST /api/messages`), `GET /healthz`,
`GET /meetups/<id>.ics` (a meetup as a calendar file) and the helpdesk console
under `/console` (bot/console).

The app runs the inbox pipeline (what any web process stored is handled here or
in another process, whichever leases it first) and an outbox worker, so ticket
cards and private answers leave within moments even when no clock process is
running; claiming rows is atomic, so processes never work on one row at once.
Stateless: run as many as needed behind a load balancer on one PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import logging
import os
import sys

from aiohttp import web

from bot.bootstrap import Services, build_services
from bot.config import Settings

log = logging.getLogger(__name__)

SERVER_HEADER = "helpdesk"
"""What the `Server` header says: no Python or aiohttp version to look up exploits by."""
SWITCH_INTERVAL = 0.001
SERVICES = web.AppKey("services", Services)
_STOP = web.AppKey("stop", asyncio.Event)
_TASKS = web.AppKey("worker_tasks", list)


async def healthz(request: web.Request) -> web.Response:
    """Whether the database answers; no error details (they can reveal hosts and users)."""
    services = request.app[SERVICES]
    try:
        await asyncio.to_thread(services.inbox.counts)
    except Exception as exc:  # the database is what can be down
        log.warning("health check: the database did not answer: %s", type(exc).__name__)
        return web.json_response({"status": "error"}, status=503)
    return web.json_response({"status": "ok", "platforms": sorted(services.platforms)})


async def meetup_calendar(request: web.Request) -> web.Response:
    """GET /meetups/<id>.ics: the meetup as an iCalendar file."""
    from handlers.ics import meetup_ics
    from handlers.meetups import ID_RE, ics_url
    from storage.models import utcnow

    services = request.app[SERVICES]
    meetup_id = request.match_info["meetup_id"]
    if not ID_RE.match(meetup_id):  # NUL, over-long, anything no meetup id can be
        return web.Response(status=404, text="no such meetup\n")
    meetup = await asyncio.to_thread(services.meetups.get, meetup_id)
    if meetup is None:
        return web.Response(status=404, text="no such meetup\n")
    text = meetup_ics(meetup, utcnow(), ics_url(meetup.id, services.settings.public_base_url))
    return web.Response(body=text.encode("utf-8"), content_type="text/calendar",
                        charset="utf-8", headers={
                            "Content-Disposition": f'attachment; filename="{meetup.id}.ics"'})


async def _server_header(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Server"] = SERVER_HEADER


def _hide_server_version() -> None:
    """Responses aiohttp makes before any route is found (a request line it cannot parse:
    400) never pass on_response_prepare, and get aiohttp's default `Server` value,
    "Python/3.x aiohttp/3.y". That default is a module global read on every response;
    setting it is the only switch aiohttp has (process-wide; client User-Agent strings are
    a separate global and stay as they are)."""
    from aiohttp import web_response

    web_response.SERVER_SOFTWARE = SERVER_HEADER


async def _start_platforms(app: web.Application) -> None:
    await asyncio.to_thread(app[SERVICES].db.warm_up)
    for platform in app[SERVICES].platforms.values():
        await platform.start()


async def _start_workers(app: web.Application) -> None:
    services = app[SERVICES]
    app[_STOP] = asyncio.Event()
    app[_TASKS] = [
        asyncio.create_task(services.pipeline.run(app[_STOP]), name="inbox-pipeline"),
        asyncio.create_task(services.worker.run_forever(services.settings.outbox_poll_seconds,
                                                        app[_STOP]), name="outbox-worker")]


async def _stop_workers(app: web.Application) -> None:
    """Stop taking new rows; rows in progress get a moment, the rest stay in the inbox."""
    app[_STOP].set()
    await asyncio.wait(app[_TASKS], timeout=45)
    for task in app[_TASKS]:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _close(app: web.Application) -> None:
    services = app[SERVICES]
    for platform in services.platforms.values():
        with contextlib.suppress(Exception):
            await platform.stop()
    await services.intake.close()
    services.pipeline.close()
    with contextlib.suppress(Exception):  # counts kept in memory; the database may be away
        await asyncio.to_thread(services.console.interactions.flush)
    services.db.dispose()


def create_web_app(settings: Settings, services: Services | None = None,
                   run_worker: bool = True) -> web.Application:
    """The web app with every enabled platform mounted (`run_worker=False`: no inbox or
    outbox worker; tests drain them by hand)."""
    services = services or build_services(settings)
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    _hide_server_version()
    app.on_response_prepare.append(_server_header)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/meetups/{meetup_id}.ics", meetup_calendar)
    for platform in services.platforms.values():
        platform.mount(app)
    app.on_startup.append(_start_platforms)
    _attach_console(app, services)
    if run_worker:
        app.on_startup.append(_start_workers)
        app.on_shutdown.append(_stop_workers)
    app.on_cleanup.append(_close)
    return app


def _attach_console(app: web.Application, services: Services) -> None:
    """The helpdesk console at /console; its roles are the pipeline's (configured ids
    plus members of a platform's staff channel), checked again on every request."""
    from bot.console.app import attach_console

    attach_console(app, services)
    app.router.add_get("/console", _console_root)


async def _console_root(request: web.Request) -> web.Response:
    """/console without the slash goes to the console's home."""
    raise web.HTTPFound("/console/")


def run_serve(settings: Settings) -> int:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Routing and database work run in threads; the event loop, which answers the
    # platforms, gets the interpreter back after at most this long (default 5 ms).
    sys.setswitchinterval(float(os.environ.get("HELPDESK_SWITCH_INTERVAL", SWITCH_INTERVAL)))
    app = create_web_app(settings)
    # The knowledge base and the matcher's index are built and stay for the process's
    # life: keep them out of the garbage collector's full passes (~60 ms each otherwise,
    # which land on whatever acks are waiting).
    gc.collect()
    gc.freeze()
    try:
        web.run_app(app, host=settings.host, port=settings.port, print=log.info)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise ServeError(f"cannot listen on {settings.host}:{settings.port}: "
                             f"{exc.strerror or exc} (set HOST/PORT)") from exc
        raise
    return 0


class ServeError(Exception):
    """`serve` cannot start (one line for the operator, no traceback)."""
