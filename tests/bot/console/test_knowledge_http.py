"""The Knowledge and Queue pages over plain HTTP (SQLite and PostgreSQL): drafting from a
gap cluster and from an answered ticket, validation on the page, four eyes on the
server, and the remaining ticket steps."""

from __future__ import annotations

import html
import re

from handlers.messages import ROLE_STAFF, Incoming
from tests.bot.console.conftest import CURATOR_A, CURATOR_B
from tests.bot.slack.harness import LEGAL_QUESTION, STAFF_CHANNEL, STAFF_USER
from tests.conftest import contact

UNKNOWN = ["Wat vindt de staatssecretaris van de nieuwe begroting?",
           "wat vindt de staatssecretaris van die nieuwe begroting",
           "Wat vindt de staatssecretaris van de nieuwe begroting? 06-12345678"]


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea id="f-{name}" name="{name}"[^>]*>(.*?)</textarea>', page,
                      re.S)
    return html.unescape(found.group(1)) if found else ""


async def test_a_gap_cluster_becomes_a_prefilled_draft(console, client):
    for text in UNKNOWN:
        [reply] = console.services.router.handle(contact(text))
        assert reply.kind == "fallback"
    await client.sign_in(console.services, "slack", CURATOR_A)
    status, page, _ = await client.get("/console/knowledge")
    assert status == 200
    link = re.search(r'href="(/console/knowledge/drafts/new\?gap=\d+)"', page).group(1)
    assert re.search(r"<td>3</td><td class=\"question\">", page), "one cluster of three"
    status, page, _ = await client.get(link)
    phrasings = _textarea(page, "questions").splitlines()
    assert len(phrasings) == 3 and "06-12345678" not in page, "stored redacted"
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    origin = re.search(r'name="origin" value="([^"]*)"', page).group(1)
    status, _, response = await client.post("/console/knowledge/drafts", {
        "csrf": csrf, "origin": origin, "id": "begroting-staatssecretaris", "title": "Begroting",
        "answer": "", "questions": "\n".join(phrasings), "tags": "regio",
        "source": "co-creatie-2024"})
    assert status == 303
    status, page, _ = await client.get(response.headers["Location"])
    assert "Problemen" in page and 'aria-invalid="true"' in page
    assert "Goedkeuren" not in page, "the author cannot approve"
    [draft] = console.services.console.drafts.list()
    assert draft.origin.startswith("gap:") and draft.created_by == f"slack:{CURATOR_A}"
    # The author cannot approve, even by posting the form by hand.
    status, _, _ = await client.post(f"/console/knowledge/drafts/{draft.id}/approve",
                                     {"csrf": csrf, "version": str(draft.version)})
    assert console.services.console.drafts.get(draft.id).status == "draft"


async def test_an_answered_ticket_becomes_a_draft_and_four_eyes_hold(console, client):
    await console.send_event(console.mention(LEGAL_QUESTION))
    await console.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    member = Incoming(platform="slack", conversation="c", user=STAFF_USER,
                      roles=frozenset({ROLE_STAFF}))
    console.services.router.desk.answer(member, 1, "Daarvoor is een wettelijke grondslag nodig.")
    await client.sign_in(console.services, "slack", CURATOR_A)
    status, page, _ = await client.get("/console/knowledge")
    assert 'href="/console/knowledge/drafts/new?ticket=1"' in page
    status, page, _ = await client.get("/console/knowledge/drafts/new?ticket=1")
    assert _textarea(page, "answer") == "Daarvoor is een wettelijke grondslag nodig."
    assert "[BSN]" in _textarea(page, "questions") and "111222333" not in page
    assert (await client.get("/console/knowledge/drafts/new?ticket=99"))[0] == 404
    drafts = console.services.console.drafts
    entry = {"id": "grondslag-delen", "title": "Gegevens delen met de RvdK",
             "answer": "Daarvoor is een wettelijke grondslag nodig.",
             "questions": ["Mag ik gegevens delen met de raad zonder toestemming van ouders?",
                           "Gegevens delen zonder toestemming", "Delen met RvdK mag dat",
                           "Toestemming nodig om te delen met de raad?",
                           "Mogen we het dossier doorsturen naar de raad?",
                           "May we share data with the council without consent?"],
             "tags": ["juridisch"], "source": "co-creatie-2024"}
    draft = drafts.create(entry, f"slack:{CURATOR_A}", "ticket:1")
    reviewer = type(client).new(console.base)
    try:
        await reviewer.sign_in(console.services, "slack", CURATOR_B)
        csrf = await reviewer.csrf(f"/console/knowledge/drafts/{draft.id}")
        # An edit by the author after the reviewer opened the page: approving is refused.
        edited = drafts.update(draft.id, {**entry, "title": "Delen met de RvdK"},
                               f"slack:{CURATOR_A}", draft.version)
        await reviewer.post(f"/console/knowledge/drafts/{draft.id}/approve",
                            {"csrf": csrf, "version": str(draft.version)})
        assert drafts.get(draft.id).status == "draft"
        status, page, _ = await reviewer.get(f"/console/knowledge/drafts/{draft.id}")
        assert "gewijzigd" in page
        await reviewer.post(f"/console/knowledge/drafts/{draft.id}/approve",
                            {"csrf": csrf, "version": str(edited.draft.version)})
        assert drafts.get(draft.id).status == "approved"
        actions = [(r.action, r.outcome) for r in console.services.console.audit.recent()]
        assert ("draft_approve", "ok") in actions and ("draft_approve", "refused") in actions
    finally:
        await reviewer.close()


async def test_release_close_and_reopen_from_the_page(console, client):
    await console.send_event(console.mention(LEGAL_QUESTION))
    await console.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    await client.sign_in(console.services, "slack", STAFF_USER)
    csrf = await client.csrf("/console/queue/1")
    tickets = console.services.tickets
    for action, status in (("claim", "claimed"), ("release", "open"), ("close", "closed"),
                           ("reopen", "open")):
        code, _, response = await client.post(f"/console/queue/1/{action}", {"csrf": csrf})
        assert code == 303 and tickets.get(1).status == status, action
    # Every step updates the staff card; the outbox sends only the newest update of a
    # card that is still waiting, so quick steps may arrive as fewer updates.
    await console.fake.wait_for("chat.update", count=2, channel=STAFF_CHANNEL)
    code, _, _ = await client.post("/console/queue/1/answer", {"csrf": csrf, "answer": "  "})
    assert tickets.get(1).status == "open", "an empty answer is not sent"
    status, page, _ = await client.get("/console/queue/1")
    assert "leeg" in page
    assert (await client.get("/console/queue/999"))[0] == 404
