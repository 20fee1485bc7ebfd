"""Mount the console on the web app at /console: templates (autoescaped), the
stylesheet, sessions from the database, CSRF checks, role checks, security headers.

Every request: the session cookie is looked up (hash) in the database, the
person's roles are worked out again, a POST must carry the session's CSRF token
(and, when the browser sends one, an Origin of this host), and each page says which
roles may open it. No session: a redirect to the page that explains signing in.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.bootstrap import Services
from bot.console import (
    announcement_views,
    audit_views,
    auth_views,
    insight_views,
    knowledge_views,
    queue_views,
)
from bot.console.context import (
    CONTEXT,
    COOKIE,
    FLASH,
    FLASH_COOKIE,
    LANG,
    LANG_COOKIE,
    ROLES,
    SESSION,
    ConsoleContext,
    RoleLookup,
    allowed,
)
from bot.console.pages import error_page, read_flash
from handlers.live_knowledge import REFRESH_SECONDS

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_REFRESH = web.AppKey("knowledge_refresh", asyncio.Task)


@web.middleware
async def console_middleware(request: web.Request, handler) -> web.StreamResponse:
    context = request.app[CONTEXT]
    request[LANG] = "en" if request.cookies.get(LANG_COOKIE) == "en" else "nl"
    request[SESSION] = None
    request[ROLES] = frozenset()
    token = request.cookies.get(COOKIE, "")
    if token:
        session = await asyncio.to_thread(context.parts.auth.session, token)
        if session is not None:
            request[SESSION] = session
            request[ROLES] = await context.roles(session.identity.platform,
                                                   session.identity.user)
    request[FLASH] = read_flash(request)
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        _secure_headers(exc, request)
        raise
    _secure_headers(response, request)
    if request[FLASH] and request.method == "GET" and response.status == 200:
        response.del_cookie(FLASH_COOKIE, path="/console")
    return response


def _secure_headers(response: web.StreamResponse, request: web.Request) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith("/console/static/"):
        response.headers.setdefault("Cache-Control", "no-store")


async def _guarded(request: web.Request, handler) -> web.StreamResponse:
    if getattr(handler, "console_public", False) or request.path.startswith("/console/static/"):
        return await handler(request)
    session = request[SESSION]
    if session is None:
        if request.method == "GET":
            raise web.HTTPFound("/console/welcome")
        return error_page(request, 401, "Niet aangemeld",
                          "Je sessie is verlopen of je bent afgemeld. Vraag een nieuwe "
                          "inloglink met /console in de chat.",
                          "Your session has expired or you signed out. Ask for a new sign-in "
                          "link with /console in the chat.")
    if request.method == "POST":
        refusal = await _csrf_refusal(request, session.csrf)
        if refusal is not None:
            await asyncio.to_thread(request.app[CONTEXT].parts.audit.record,
                                    session.identity.actor, "csrf_refused", request.path,
                                    "refused")
            return refusal
    need = getattr(handler, "console_roles", None)
    if need is not None and not allowed(request[ROLES], need):
        return error_page(request, 403, "Geen toegang",
                          "Deze pagina is er voor een andere rol. De console is er voor "
                          "medewerkers van de juridische helpdesk (wachtrij), curatoren van "
                          "de kennisbank en beheerders.",
                          "This page is for another role. The console is for legal helpdesk "
                          "staff (queue), knowledge-base curators and admins.")
    return await handler(request)


async def _csrf_refusal(request: web.Request, expected: str) -> web.Response | None:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin.split("://", 1)[-1] != request.host:
        return error_page(request, 403, "Geweigerd", "Dit formulier kwam van een andere site.",
                          "This form came from another site.")
    form = await request.post()
    given = str(form.get("csrf", ""))
    if not given or not hmac.compare_digest(given, expected):
        return error_page(request, 403, "Geweigerd",
                          "Het formulier mist een geldig beveiligingstoken (CSRF). Laad de "
                          "pagina opnieuw en probeer het nog eens.",
                          "The form lacks a valid security token (CSRF). Reload the page "
                          "and try again.")
    return None


def local_time(tz: ZoneInfo, moment: datetime | None) -> str:
    """A stored UTC time as local 'YYYY-MM-DD HH:MM'."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def hours_text(hours: float | None) -> str:
    if hours is None:
        return "–"
    if hours < 1:
        return f"{round(hours * 60)} min"
    return f"{hours:.1f} u" if hours < 48 else f"{hours / 24:.1f} d"


PURGE_EVERY = 720
"""Refresh rounds between purges of expired sessions and links (an hour at 5 s)."""


async def _refresh_forever(context: ConsoleContext) -> None:
    """Pick up entries approved in other processes (the revision changes); now and then
    drop expired console sessions and sign-in links."""
    rounds = 0
    while True:
        await asyncio.sleep(REFRESH_SECONDS)
        rounds += 1
        try:
            await asyncio.to_thread(context.parts.knowledge.refresh)
            if rounds % PURGE_EVERY == 1:
                await asyncio.to_thread(context.parts.auth.purge_expired)
        except Exception:  # the database may be away for a moment; try again later
            log.exception("refreshing the knowledge base failed")


async def _start(app: web.Application) -> None:
    app[_REFRESH] = asyncio.create_task(_refresh_forever(app[CONTEXT]))


async def _stop(app: web.Application) -> None:
    app[_REFRESH].cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app[_REFRESH]


def build_console_app(services: Services, role_lookups: dict[str, RoleLookup] | None = None
                      ) -> web.Application:
    """The /console sub-application."""
    secure = services.settings.public_base_url.lower().startswith("https://")
    console = web.Application(middlewares=[console_middleware])
    console[CONTEXT] = ConsoleContext(services, services.console, role_lookups or {}, secure)
    aiohttp_jinja2.setup(
        console, loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        filters={"local": partial(local_time, ZoneInfo(services.settings.timezone)),
                 "hours": hours_text})
    auth_views.routes(console)
    queue_views.routes(console)
    insight_views.routes(console)
    knowledge_views.routes(console)
    announcement_views.routes(console)
    audit_views.routes(console)
    console.router.add_static("/static", HERE / "static", append_version=True)
    console.on_startup.append(_start)
    console.on_cleanup.append(_stop)
    return console


def attach_console(app: web.Application, services: Services,
                   role_lookups: dict[str, RoleLookup] | None = None) -> None:
    """Mount the console at /console on the web app."""
    if services.console is None:
        return
    app.add_subapp("/console", build_console_app(services, role_lookups))
