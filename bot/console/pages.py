"""Small helpers every console page uses: the error page, one-time messages after a
form (a short-lived cookie, so the result survives the redirect), local redirects."""

from __future__ import annotations

import base64

import aiohttp_jinja2
from aiohttp import web

from bot.console.context import CONTEXT, FLASH, FLASH_COOKIE, LANG, PAGES, ROLES, SESSION, allowed
from bot.console.i18n import translate
from handlers.messages import ROLE_ADMIN, ROLE_CURATOR, ROLE_STAFF

ROLE_NAMES = {ROLE_STAFF: "medewerker", ROLE_CURATOR: "curator", ROLE_ADMIN: "beheerder"}
DRAFT_STATUS = {"draft": "concept", "approved": "goedgekeurd", "rejected": "afgewezen",
                "withdrawn": "ingetrokken"}


def page_globals(request: web.Request) -> dict:
    """What every template gets: translation, the person, their pages, the CSRF token."""
    lang = request.get(LANG, "nl")
    session = request.get(SESSION)
    roles = request.get(ROLES, frozenset())
    return {
        "_": lambda text: translate(text, lang),
        "lang": lang,
        "session": session,
        "csrf": session.csrf if session else "",
        "roles": sorted(ROLE_NAMES[r] for r in roles if r in ROLE_NAMES),
        "nav": [(path, name) for path, name, need in PAGES if session and allowed(roles, need)],
        "path": request.path,
        "flash": request.get(FLASH, ""),
        "draft_status": DRAFT_STATUS,
    }


def render(template: str, request: web.Request, context: dict, status: int = 200
           ) -> web.Response:
    return aiohttp_jinja2.render_template(template, request,
                                          {**page_globals(request), **context}, status=status)


def error_page(request: web.Request, status: int, title: str, text: str, text_en: str = ""
               ) -> web.Response:
    """An error page in the reader's language (the title through the translation table)."""
    if request.get(LANG) == "en" and text_en:
        text = text_en
    return render("error.html", request, {"title": title, "text": text}, status=status)


def read_flash(request: web.Request) -> str:
    raw = request.cookies.get(FLASH_COOKIE, "")
    if not raw:
        return ""
    try:
        return base64.urlsafe_b64decode(raw.encode("ascii")).decode("utf-8")[:600]
    except (ValueError, UnicodeDecodeError):
        return ""


def back_with(request: web.Request, location: str, message: str) -> web.HTTPSeeOther:
    """A 303 to `location` (a console path) carrying a one-time message."""
    if not location.startswith("/console") or "//" in location:
        location = "/console"
    response = web.HTTPSeeOther(location)
    value = base64.urlsafe_b64encode(message[:600].encode("utf-8")).decode("ascii")
    response.set_cookie(FLASH_COOKIE, value, max_age=60, path="/console", httponly=True,
                        samesite="Strict", secure=request.app[CONTEXT].secure_cookies)
    return response


def int_param(value: object, default: int, low: int, high: int) -> int:
    """A bounded integer from a query or form value; bad input gives the default."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))
