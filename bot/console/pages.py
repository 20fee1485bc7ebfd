"""Small helpers every console page uses: the error page, one-time messages after a
form (a short-lived cookie, so the result survives the redirect), local redirects."""

from __future__ import annotations

import base64

import aiohttp_jinja2
from aiohttp import web

from bot.console.context import CONTEXT, FLASH_COOKIE


def error_page(request: web.Request, status: int, title: str, text: str) -> web.Response:
    return aiohttp_jinja2.render_template("error.html", request,
                                          {"title": title, "text": text}, status=status)


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
