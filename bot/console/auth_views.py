"""Signing in and out: the page that explains how, the one-time link, sign-out,
and the language switch.

Opening a link (GET) does not use it: chat apps and mail scanners fetch links to
preview them. The page shows a button; pressing it (POST, with a double-submit
token against login CSRF) uses the link, starts a session and sets the cookie.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets

from aiohttp import web

from bot.console.context import (
    CONTEXT,
    COOKIE,
    LANG_COOKIE,
    LOGIN_COOKIE,
    PAGES,
    ROLES,
    SESSION,
    allowed,
    public,
)
from bot.console.pages import error_page, render
from storage.console_auth import SESSION_TTL

REASONS = {
    "used": "Deze inloglink is al gebruikt. Een link werkt maar één keer.",
    "expired": "Deze inloglink is verlopen (een link is tien minuten geldig).",
    "unknown": "Deze inloglink kennen we niet.",
}
REASONS_EN = {
    "used": "This sign-in link has been used. A link works only once.",
    "expired": "This sign-in link has expired (a link is valid for ten minutes).",
    "unknown": "We do not know this sign-in link.",
}


@public
async def welcome(request: web.Request) -> web.Response:
    return render("welcome.html", request, {})


async def home(request: web.Request) -> web.Response:
    """The first page this person may open."""
    for path, _, need in PAGES:
        if allowed(request[ROLES], need):
            raise web.HTTPFound(path)
    return error_page(request, 403, "Geen toegang",
                      "Je bent aangemeld, maar je hebt geen rol in de console. De console is "
                      "er voor medewerkers van de juridische helpdesk, curatoren van de "
                      "kennisbank en beheerders. Je vragen stel je gewoon in de chat.",
                      "You are signed in but have no role in the console. It is for legal "
                      "helpdesk staff, knowledge-base curators and admins. Ask your "
                      "questions in the chat.")


@public
async def login_form(request: web.Request) -> web.Response:
    token = request.query.get("token", "")[:200]
    if not token:
        raise web.HTTPFound("/console/welcome")
    check = secrets.token_urlsafe(24)
    response = render("login.html", request,
                                              {"token": token, "login_check": check})
    response.set_cookie(LOGIN_COOKIE, check, max_age=15 * 60, path="/console/login",
                        httponly=True, samesite="Strict",
                        secure=request.app[CONTEXT].secure_cookies)
    return response


@public
async def login(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    form = await request.post()
    token = str(form.get("token", ""))[:200]
    check = str(form.get("login_check", ""))
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not check or not cookie or not hmac.compare_digest(check, cookie):
        await asyncio.to_thread(context.parts.audit.record, "-", "sign_in", "", "refused",
                                "form without its check cookie")
        return error_page(request, 403, "Geweigerd",
                          "Het inlogformulier mist zijn beveiligingstoken. Open de inloglink "
                          "opnieuw vanuit de chat.",
                          "The sign-in form lacks its security token. Open the sign-in link "
                          "from the chat again.")
    result = await asyncio.to_thread(context.parts.auth.redeem, token)
    if not result.ok:
        actor = result.identity.actor if result.identity else "-"
        await asyncio.to_thread(context.parts.audit.record, actor, "sign_in", "", "refused",
                                result.reason)
        return error_page(request, 410 if result.reason != "unknown" else 400,
                          "Inloggen lukt niet",
                          REASONS[result.reason] + " Vraag een nieuwe link met /console in "
                          "de chat.", REASONS_EN[result.reason] + " Ask for a new link with "
                          "/console in the chat.")
    identity = result.identity
    session = await asyncio.to_thread(context.parts.auth.start_session, identity)
    roles = await context.roles(identity.platform, identity.user)
    await asyncio.to_thread(context.parts.audit.record, identity.actor, "sign_in", "", "ok",
                            "roles: " + (",".join(sorted(roles)) or "none"))
    response = web.HTTPSeeOther("/console")
    response.set_cookie(COOKIE, session.token, max_age=int(SESSION_TTL.total_seconds()),
                        path="/console", httponly=True, samesite="Strict",
                        secure=context.secure_cookies)
    response.del_cookie(LOGIN_COOKIE, path="/console/login")
    raise response


async def logout(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    session = request[SESSION]
    await asyncio.to_thread(context.parts.auth.end_session, session.token)
    await asyncio.to_thread(context.parts.audit.record, session.identity.actor, "sign_out")
    response = web.HTTPSeeOther("/console/welcome")
    response.del_cookie(COOKIE, path="/console")
    raise response


@public
async def language(request: web.Request) -> web.Response:
    """Switch between Dutch and English; back to the page the person was on."""
    lang = "en" if request.query.get("to") == "en" else "nl"
    back = request.query.get("next", "/console")
    if not back.startswith("/console") or "//" in back or "\\" in back:
        back = "/console"
    response = web.HTTPFound(back)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/console",
                        samesite="Strict", secure=request.app[CONTEXT].secure_cookies)
    raise response


def routes(app: web.Application) -> None:
    app.router.add_get("", home)
    app.router.add_get("/", home)
    app.router.add_get("/welcome", welcome)
    app.router.add_get("/login", login_form)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_get("/language", language)
