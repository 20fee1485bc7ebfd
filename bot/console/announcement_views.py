"""Announcements: the coming walk-in hours and Meet Ups, the subscribed channels,
recent deliveries per channel (status, attempts, error) and a retry for failed ones."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from aiohttp import web

from bot.bootstrap import build_walkin
from bot.console.context import CONTEXT, SESSION, requires
from bot.console.pages import back_with, int_param, render
from handlers.messages import ROLE_ADMIN
from handlers.walkin import format_nl
from storage.console_deliveries import DeliveryReader
from storage.models import utcnow

WALKINS_SHOWN = 3
STATUS_NL = {"sent": "verstuurd", "pending": "wacht", "sending": "bezig", "failed": "mislukt",
             "cancelled": "geannuleerd"}


@requires(ROLE_ADMIN)
async def announcements(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    services = context.services
    now = utcnow()
    walkin = build_walkin(services.settings)
    occurrences = []
    moment = now
    while walkin is not None and len(occurrences) < WALKINS_SHOWN:
        occurrence = walkin.next_after(moment)
        if occurrence is None:
            break
        occurrences.append(occurrence)
        moment = occurrence.end
    meetups, subscriptions, deliveries = await asyncio.gather(
        asyncio.to_thread(services.meetups.upcoming, now),
        asyncio.to_thread(services.subscriptions.all),
        asyncio.to_thread(DeliveryReader(services.db).recent, 200))
    per_channel = defaultdict(list)
    for delivery in deliveries:
        per_channel[(delivery.platform, delivery.target)].append(delivery)
    tz = walkin.timezone if walkin else None
    return render("announcements.html", request, {
        "walkins": [format_nl(o.start.astimezone(tz)) if tz else "" for o in occurrences],
        "walkin_rule": services.settings.walkin_schedule,
        "walkin_link": services.settings.walkin_link,
        "meetups": meetups, "subscriptions": subscriptions,
        "channels": sorted(per_channel.items()), "status_nl": STATUS_NL,
        "timezone": services.settings.timezone,
    })


@requires(ROLE_ADMIN)
async def retry(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    row_id = int_param(request.match_info["row_id"], 0, 0, 2**31 - 1)
    ok = await asyncio.to_thread(DeliveryReader(context.services.db).retry, row_id)
    await asyncio.to_thread(context.parts.audit.record, request[SESSION].identity.actor,
                            "delivery_retry", f"outbox:{row_id}", "ok" if ok else "refused")
    if ok:
        context.services.worker.wake()
    raise back_with(request, "/console/announcements",
                    "Wordt opnieuw verstuurd." if ok else
                    "Dat bericht is niet (meer) mislukt; er is niets veranderd.")


def routes(app: web.Application) -> None:
    app.router.add_get("/announcements", announcements)
    app.router.add_post("/announcements/retry/{row_id:\\d+}", retry)
