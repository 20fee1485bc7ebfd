"""Knowledge: gap clusters (what `helpdesk kb gaps` shows), drafts written from a
cluster or an answered ticket, four-eyes approval (served at once), entry health
and the "try a question" box."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

from bot.console.context import CONTEXT, SESSION, ConsoleContext, requires
from bot.console.pages import back_with, error_page, int_param, render
from handlers.drafts import check_draft, data_from_form, form_from_data
from handlers.messages import ROLE_CURATOR
from handlers.redaction import redact
from handlers.try_question import MAX_TRY_CHARS, explain
from storage.console_knowledge import KnowledgeReader
from storage.console_models import APPROVED, DRAFT
from storage.feedback import Gap

MAX_PREFILL = 12
APPROVE_REASONS = {
    "same_person": "Vier ogen: een ándere curator dan wie dit concept schreef of het laatst "
                   "bewerkte moet het goedkeuren.",
    "stale": "Het concept is intussen gewijzigd. Bekijk de nieuwe versie en keur die goed.",
    "wrong_status": "Dit concept is niet (meer) een concept.",
    "id_taken": "Er wordt al een ander antwoord met deze id gebruikt.",
    "not_found": "Dit concept bestaat niet.",
}


class GapCache:
    """The clusters of `FeedbackRepository.gaps()`, kept while the stored unanswered
    questions are unchanged (same count and newest id)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._gaps: list[Gap] = []

    def get(self, context: ConsoleContext) -> list[Gap]:
        key = KnowledgeReader(context.services.db).unanswered_fingerprint()
        with self._lock:
            if key != self._key:
                self._gaps = context.services.feedback.gaps()
                self._key = key
            return self._gaps


GAPS = web.AppKey("gap_cache", GapCache)


def _actor(request: web.Request) -> str:
    return request[SESSION].identity.actor


@requires(ROLE_CURATOR)
async def knowledge(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    reader = KnowledgeReader(context.services.db)
    gaps, drafts, tickets, feedback, matched = await asyncio.gather(
        asyncio.to_thread(request.app[GAPS].get, context),
        asyncio.to_thread(context.parts.drafts.list, (DRAFT, APPROVED)),
        asyncio.to_thread(reader.answered_tickets, 10),
        asyncio.to_thread(context.parts.interactions.feedback),
        asyncio.to_thread(context.parts.interactions.matched_entries))
    kb = context.parts.knowledge.kb
    unhelpful = sorted(((e, c) for e, c in feedback.items() if c[1] > 0),
                       key=lambda kv: (-kv[1][1], kv[1][0], kv[0]))[:10]
    return render("knowledge.html", request, {
        "gaps": gaps[:25], "gap_total": sum(g.count for g in gaps), "drafts": drafts,
        "tickets": tickets, "unhelpful": unhelpful,
        "never": [e for e in kb.entries if e.id not in matched],
        "no_english": [e for e in kb.entries if not e.answer_en],
        "titles": {e.id: e.title for e in kb.entries}, "entries": len(kb),
        "me": _actor(request),
    })


def _prefill_from_gap(context: ConsoleContext, gaps: list[Gap], question_id: int) -> list[str]:
    for gap in gaps:
        if question_id in gap.ids:
            unique = list(dict.fromkeys(q.strip() for q in gap.questions if q.strip()))
            return unique[:MAX_PREFILL]
    text = KnowledgeReader(context.services.db).unanswered_text(question_id)
    return [text] if text else []


@requires(ROLE_CURATOR)
async def new_draft(request: web.Request) -> web.Response:
    """The form, prefilled from a gap cluster (?gap=<question id>) or a ticket (?ticket=)."""
    context = request.app[CONTEXT]
    data: dict = {"questions": [], "tags": [], "source": "publiek"}
    origin = ""
    if "gap" in request.query:
        question_id = int_param(request.query["gap"], 0, 0, 2**31 - 1)
        gaps = await asyncio.to_thread(request.app[GAPS].get, context)
        data["questions"] = _prefill_from_gap(context, gaps, question_id)
        origin = f"gap:{question_id}"
    elif "ticket" in request.query:
        ticket_id = int_param(request.query["ticket"], 0, 0, 2**31 - 1)
        ticket = await asyncio.to_thread(context.services.tickets.get, ticket_id)
        if ticket is None or not ticket.answer:
            return error_page(request, 404, "Niet gevonden",
                              f"Ticket #{ticket_id} bestaat niet of heeft geen antwoord.")
        data["questions"] = [redact(ticket.question).text]
        data["answer"] = ticket.answer
        origin = f"ticket:{ticket_id}"
    return _draft_form(request, None, form_from_data(data), origin, {})


def _draft_form(request: web.Request, draft, form: dict, origin: str, problems: dict,
                status: int = 200) -> web.Response:
    context = request.app[CONTEXT]
    kb = context.parts.knowledge.kb
    me = _actor(request)
    can_approve = bool(draft and draft.status == DRAFT and me not in
                       (draft.created_by, draft.updated_by))
    return render("draft.html", request, {
        "draft": draft, "form": form, "origin": origin, "problems": problems,
        "sources": sorted(kb.sources.items()), "can_approve": can_approve, "me": me,
    }, status=status)


@requires(ROLE_CURATOR)
async def create_draft(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    form = await request.post()
    data = data_from_form(form)
    origin = str(form.get("origin", ""))[:60]
    draft = await asyncio.to_thread(context.parts.drafts.create, data, _actor(request), origin)
    await asyncio.to_thread(context.parts.audit.record, _actor(request), "draft_create",
                            f"draft:{draft.id}", "ok", f"entry {draft.entry_id} {origin}")
    raise back_with(request, f"/console/knowledge/drafts/{draft.id}",
                    "Concept opgeslagen. Een andere curator kan het nu goedkeuren.")


@requires(ROLE_CURATOR)
async def draft_page(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    draft_id = int_param(request.match_info["draft_id"], 0, 0, 2**31 - 1)
    draft = await asyncio.to_thread(context.parts.drafts.get, draft_id)
    if draft is None:
        return error_page(request, 404, "Niet gevonden", f"Concept {draft_id} bestaat niet.")
    problems = {} if draft.status != DRAFT else \
        check_draft(draft.data, context.parts.knowledge.kb).problems
    return _draft_form(request, draft, form_from_data(draft.data), draft.origin, problems)


@requires(ROLE_CURATOR)
async def save_draft(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    draft_id = int_param(request.match_info["draft_id"], 0, 0, 2**31 - 1)
    form = await request.post()
    data = data_from_form(form)
    version = int_param(form.get("version"), 0, 0, 2**31 - 1)
    result = await asyncio.to_thread(context.parts.drafts.update, draft_id, data,
                                     _actor(request), version)
    await asyncio.to_thread(context.parts.audit.record, _actor(request), "draft_save",
                            f"draft:{draft_id}", "ok" if result.ok else "refused", result.reason)
    where = f"/console/knowledge/drafts/{draft_id}"
    if not result.ok:
        raise back_with(request, where, APPROVE_REASONS.get(result.reason, "Niet opgeslagen."))
    raise back_with(request, where, "Concept opgeslagen.")


@requires(ROLE_CURATOR)
async def decide_draft(request: web.Request) -> web.Response:
    """approve / reject / withdraw."""
    context = request.app[CONTEXT]
    draft_id = int_param(request.match_info["draft_id"], 0, 0, 2**31 - 1)
    verb = request.match_info["verb"]
    form = await request.post()
    me = _actor(request)
    where = f"/console/knowledge/drafts/{draft_id}"
    drafts = context.parts.drafts
    if verb == "approve":
        draft = await asyncio.to_thread(drafts.get, draft_id)
        if draft is None:
            raise back_with(request, "/console/knowledge", APPROVE_REASONS["not_found"])
        check = check_draft(draft.data, context.parts.knowledge.kb)
        if not check.ok:
            await asyncio.to_thread(context.parts.audit.record, me, "draft_approve",
                                    f"draft:{draft_id}", "refused", "does not validate")
            raise back_with(request, where, "Nog niet goed te keuren: " +
                            "; ".join(check.messages())[:400])
        version = int_param(form.get("version"), 0, 0, 2**31 - 1)
        result = await asyncio.to_thread(drafts.approve, draft_id, me, version)
        if result.ok:
            await asyncio.to_thread(context.parts.knowledge.refresh)
        message = (f"Goedgekeurd: '{draft.entry_id}' wordt vanaf nu als antwoord gebruikt."
                   if result.ok else APPROVE_REASONS.get(result.reason, "Niet goedgekeurd."))
    elif verb in ("reject", "withdraw"):
        method = drafts.reject if verb == "reject" else drafts.withdraw
        result = await asyncio.to_thread(method, draft_id, me)
        if result.ok and verb == "withdraw":
            await asyncio.to_thread(context.parts.knowledge.refresh)
        message = ({"reject": "Concept afgewezen.",
                    "withdraw": "Ingetrokken: dit antwoord wordt niet meer gebruikt."}[verb]
                   if result.ok else APPROVE_REASONS.get(result.reason, "Dat kan niet."))
    else:
        raise back_with(request, where, "Onbekende actie.")
    await asyncio.to_thread(context.parts.audit.record, me, f"draft_{verb}", f"draft:{draft_id}",
                            "ok" if result.ok else "refused", result.reason)
    raise back_with(request, where, message)


@requires(ROLE_CURATOR)
async def try_question(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    text = request.query.get("q", "")[:MAX_TRY_CHARS]
    result = None
    if text.strip():
        result = await asyncio.to_thread(explain, context.parts.knowledge.current, text)
    return render("try.html", request, {"q": text, "result": result})


def routes(app: web.Application) -> None:
    app[GAPS] = GapCache()
    app.router.add_get("/knowledge", knowledge)
    app.router.add_get("/knowledge/try", try_question)
    app.router.add_get("/knowledge/drafts/new", new_draft)
    app.router.add_post("/knowledge/drafts", create_draft)
    app.router.add_get("/knowledge/drafts/{draft_id:\\d+}", draft_page)
    app.router.add_post("/knowledge/drafts/{draft_id:\\d+}", save_draft)
    app.router.add_post("/knowledge/drafts/{draft_id:\\d+}/{verb}", decide_draft)
