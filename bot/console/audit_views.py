"""The console's audit trail, for admins: who did what, on what, and how it went."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.console.context import CONTEXT, requires
from bot.console.pages import render
from handlers.messages import ROLE_ADMIN


@requires(ROLE_ADMIN)
async def audit(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    rows = await asyncio.to_thread(context.parts.audit.recent, 200)
    return render("audit.html", request, {"rows": rows})


def routes(app: web.Application) -> None:
    app.router.add_get("/audit", audit)
