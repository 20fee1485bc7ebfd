"""The one aiohttp web app (`helpdesk serve`, the Procfile's `web`):
`POST /slack/events`, `POST /api/messages` (Teams), `GET /healthz`,
`GET /meetups/<id>.ics` (a meetup as a calendar file) and the helpdesk console
under `/console` (bot/console).

The app also runs an outbox worker, so ticket cards and private answers leave
within moments even when no clock process is running; claiming rows is atomic,
so this worker and the clock's never send the same row twice at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

from aiohttp import web

from bot.bootstrap import Services, build_services
from bot.config import Settings

log = logging.getLogger(__name__)

SERVER_HEADER = "helpdesk"
"""What the `Server` header says: no Python or aiohttp version to look up exploits by."""

SERVICES = web.AppKey("services", Services)
_STOP = web.AppKey("stop", asyncio.Event)
_TASK = web.AppKey("worker_task", asyncio.Task)


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    try:
        await asyncio.to_thread(services.outbox.counts)
    except Exception as exc:  # the database is what can be down
        return web.json_response({"status": "error", "database": str(exc)[:200]}, status=503)
    return web.json_response({"status": "ok", "platforms": sorted(services.worker.messengers)})


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


async def _start_worker(app: web.Application) -> None:
    services = app[SERVICES]
    app[_STOP] = asyncio.Event()
    app[_TASK] = asyncio.create_task(
        services.worker.run_forever(services.settings.outbox_poll_seconds, app[_STOP]))


async def _stop_worker(app: web.Application) -> None:
    app[_STOP].set()
    app[_TASK].cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app[_TASK]
    app[SERVICES].db.dispose()


def create_web_app(settings: Settings, services: Services | None = None,
                   run_worker: bool = True) -> web.Application:
    """The web app with every configured platform mounted."""
    services = services or build_services(settings)
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    _hide_server_version()
    app.on_response_prepare.append(_server_header)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/meetups/{meetup_id}.ics", meetup_calendar)

    from bot.slack.adapter import attach_slack
    from bot.teams.adapter import attach_teams

    slack = attach_slack(app, services)
    if slack is not None:
        services.worker.messengers["slack"] = slack
    teams = attach_teams(app, services)
    if teams is not None:
        services.worker.messengers["teams"] = teams
    _attach_console(app, services)
    if run_worker:
        app.on_startup.append(_start_worker)
        app.on_cleanup.append(_stop_worker)
    return app


def _attach_console(app: web.Application, services: Services) -> None:
    """The helpdesk console at /console; Slack roles there include staff-channel members."""
    from bot.console.app import attach_console
    from bot.slack.adapter import SLACK

    lookups = {"slack": app[SLACK].bot.staff.roles} if SLACK in app else {}
    attach_console(app, services, lookups)
    app.router.add_get("/console", lambda request: _redirect("/console/"))


async def _redirect(location: str) -> web.Response:
    raise web.HTTPFound(location)


def run_serve(settings: Settings) -> int:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_web_app(settings)
    # Everything built so far (knowledge base, matcher, templates) lives as long as the
    # process: keep it out of the garbage collector's full passes, which would otherwise
    # walk it again and again and stall requests (console pages, Slack acks).
    gc.freeze()
    web.run_app(app, host=settings.host, port=settings.port, print=log.info)
    return 0
