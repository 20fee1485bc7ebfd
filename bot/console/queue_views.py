"""The queue: tickets by queue, status and age (coloured against the SLA), one
ticket's redacted question and timeline, and the staff actions. Actions go through
`handlers.tickets.TicketDesk`, the very code the chat buttons use, so the chat card
is updated and the asker gets the answer through the outbox."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from aiohttp import web

from bot.console.context import CONTEXT, ROLES, SESSION, requires
from bot.console.pages import back_with, error_page, int_param, render
from handlers.messages import ROLE_STAFF, Incoming
from handlers.ticket_cards import QUEUE_NAMES, STATUS_NAMES
from handlers.tickets import MAX_ANSWER_CHARS
from storage.console_queue import ALL_STATUSES, WAITING, QueueReader
from storage.models import utcnow
from storage.tickets import CLAIMED, OPEN, TicketView

PAGE_SIZE = 50
ACTIONS = ("claim", "release", "answer", "close", "reopen")


def sla_state(ticket: TicketView, now: datetime, sla: timedelta) -> str:
    """ok / warn / breach for tickets still waiting; '' for finished ones."""
    if ticket.status not in (OPEN, CLAIMED):
        return ""
    age = now - ticket.created_at
    if age > sla:
        return "breach"
    return "warn" if age > sla * 0.75 else "ok"


def age_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} u" if hours < 48 else f"{hours // 24} d"


@requires(ROLE_STAFF)
async def queue(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    queue_name = request.query.get("queue", "")
    queue_name = queue_name if queue_name in QUEUE_NAMES else ""
    status = request.query.get("status", "waiting")
    statuses = WAITING if status not in ALL_STATUSES else (status,)
    status = status if status in ALL_STATUSES else "waiting"
    page = int_param(request.query.get("page"), 1, 1, 10_000)
    reader = QueueReader(context.services.db)
    counts, tickets = await asyncio.gather(
        asyncio.to_thread(reader.counts),
        asyncio.to_thread(reader.page, queue_name or None, statuses, PAGE_SIZE + 1,
                          (page - 1) * PAGE_SIZE))
    now, sla = utcnow(), timedelta(hours=context.services.settings.ticket_sla_hours)
    rows = [{"t": t, "sla": sla_state(t, now, sla), "age": age_text(now - t.created_at),
             "preview": t.question if len(t.question) <= 160 else t.question[:157] + "…",
             "queue": QUEUE_NAMES.get(t.queue, t.queue),
             "status": STATUS_NAMES.get(t.status, t.status)} for t in tickets[:PAGE_SIZE]]
    return render("queue.html", request, {
        "rows": rows, "counts": counts, "queues": QUEUE_NAMES, "statuses": STATUS_NAMES,
        "queue": queue_name, "status": status, "page": page,
        "more": len(tickets) > PAGE_SIZE, "sla_hours": context.services.settings.ticket_sla_hours,
    })


@requires(ROLE_STAFF)
async def ticket_page(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    ticket_id = int_param(request.match_info["ticket_id"], 0, 0, 2**31 - 1)
    tickets = context.services.tickets
    ticket = await asyncio.to_thread(tickets.get, ticket_id)
    if ticket is None:
        return error_page(request, 404, "Niet gevonden", f"Ticket #{ticket_id} bestaat niet.")
    events = await asyncio.to_thread(tickets.events, ticket_id)
    now, sla = utcnow(), timedelta(hours=context.services.settings.ticket_sla_hours)
    me = request[SESSION].identity.actor
    return render("ticket.html", request, {
        "t": ticket, "events": events, "sla": sla_state(ticket, now, sla),
        "age": age_text(now - ticket.created_at), "queue": QUEUE_NAMES.get(ticket.queue),
        "status": STATUS_NAMES.get(ticket.status, ticket.status), "mine": ticket.claimed_by == me,
        "max_answer": MAX_ANSWER_CHARS,
    })


@requires(ROLE_STAFF)
async def ticket_action(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    services = context.services
    ticket_id = int_param(request.match_info["ticket_id"], 0, 0, 2**31 - 1)
    action = request.match_info["action"]
    session = request[SESSION]
    where = f"/console/queue/{ticket_id}"
    if action not in ACTIONS:
        raise back_with(request, where, "Onbekende actie.")
    form = await request.post()
    incoming = Incoming(platform=session.identity.platform, conversation="console",
                        user=session.identity.user, roles=request[ROLES],
                        user_name=session.identity.user_name)
    desk = services.router.desk

    def act():
        before = services.tickets.get(ticket_id)
        if action == "answer":
            reply = desk.answer(incoming, ticket_id, str(form.get("answer", "")))
        else:
            reply = getattr(desk, action)(incoming, ticket_id)
        after = services.tickets.get(ticket_id)
        changed = bool(before and after and after.version != before.version)
        context.parts.audit.record(session.identity.actor, f"ticket_{action}",
                                   f"ticket:{ticket_id}", "ok" if changed else "refused",
                                   reply.text[:200] if not changed else "")
        return reply

    reply = await asyncio.to_thread(act)
    services.worker.wake()
    raise back_with(request, where, reply.text)


def routes(app: web.Application) -> None:
    app.router.add_get("/queue", queue)
    app.router.add_get("/queue/{ticket_id:\\d+}", ticket_page)
    app.router.add_post("/queue/{ticket_id:\\d+}/{action}", ticket_action)
