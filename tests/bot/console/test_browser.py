"""The console in a real headless Chromium (Debian's package, driven by Playwright),
against the real web app with a fake Slack Web API on 127.0.0.1, on SQLite and
PostgreSQL. Screenshots of every page land in tests/artifacts/console/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from storage.console_auth import Identity
from storage.console_insights import CountRow
from storage.models import utcnow
from tests.bot.console.browser import Chromium, screenshot, sign_in_with_keyboard
from tests.bot.console.client import issue
from tests.bot.console.conftest import ADMIN, CONTACT, CURATOR_A, CURATOR_B, failed_delivery
from tests.bot.slack.harness import ASKER, LEGAL_QUESTION, STAFF_CHANNEL, STAFF_USER, block_text


@pytest.fixture
async def chromium():
    browser = await Chromium().start()
    yield browser
    await browser.stop()


def link(console, user: str, **kw) -> str:
    return f"{console.base}/console/login?token={issue(console.services, 'slack', user)}"


async def test_sign_in_with_a_link_by_keyboard(console, chromium):
    page = await chromium.page()
    await sign_in_with_keyboard(page, link(console, ADMIN))
    assert page.url.endswith("/console/queue")
    assert await page.locator("h1").inner_text() == "Wachtrij"
    cookies = await page.context.cookies()
    session = next(c for c in cookies if c["name"] == "helpdesk_console")
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    await page.keyboard.press("Tab")  # the first stop on every page skips to the content
    assert await page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    await screenshot(page, "welcome-after-sign-in")


async def test_a_reused_or_expired_link_is_refused(console, chromium):
    url = link(console, ADMIN)
    first = await chromium.page()
    await first.goto(url)
    await first.get_by_role("button", name="Inloggen").click()
    assert first.url.endswith("/console/queue")
    second = await chromium.page()
    await second.goto(url)
    response = None
    async with second.expect_response(lambda r: r.request.method == "POST") as info:
        await second.get_by_role("button", name="Inloggen").click()
    response = await info.value
    assert response.status == 410
    assert "al gebruikt" in await second.locator("main").inner_text()
    await screenshot(second, "link-reused")
    old = console.services.console.auth.issue_link(Identity("slack", ADMIN),
                                                   now=utcnow() - timedelta(minutes=11))
    third = await chromium.page()
    await third.goto(f"{console.base}/console/login?token={old}")
    await third.get_by_role("button", name="Inloggen").click()
    assert "verlopen" in await third.locator("main").inner_text()
    await third.goto(f"{console.base}/console/queue")
    assert third.url.endswith("/console/welcome"), "no session from an expired link"
    await screenshot(third, "welcome")


async def test_a_regional_contact_is_refused(console, chromium):
    page = await chromium.page()
    await page.goto(link(console, CONTACT))
    await page.get_by_role("button", name="Inloggen").click()
    assert await page.locator("h1").inner_text() == "Geen toegang"
    response = await page.goto(f"{console.base}/console/queue")
    assert response.status == 403
    await screenshot(page, "no-access")


async def test_a_post_without_csrf_token_is_refused(console, chromium):
    await console.send_event(console.mention(LEGAL_QUESTION))
    await console.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    page = await chromium.page()
    await page.goto(link(console, STAFF_USER))
    await page.get_by_role("button", name="Inloggen").click()
    await page.goto(f"{console.base}/console/queue/1")
    form = page.locator("form[action='/console/queue/1/claim']")
    await form.locator("input[name=csrf]").evaluate("input => input.remove()")
    async with page.expect_response(lambda r: r.request.method == "POST") as info:
        await form.get_by_role("button", name="Oppakken").click()
    assert (await info.value).status == 403
    assert "CSRF" in await page.locator("main").inner_text()
    assert console.services.tickets.get(1).status == "open"


async def test_claim_and_answer_from_the_page_update_slack(console, chromium):
    await console.send_event(console.mention(LEGAL_QUESTION))
    [card] = await console.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    page = await chromium.page()
    await page.goto(link(console, STAFF_USER))
    await page.get_by_role("button", name="Inloggen").click()
    row = page.get_by_role("row").filter(has_text="#1")
    assert "111222333" not in await row.inner_text(), "the question is shown redacted"
    await screenshot(page, "queue-new-ticket")
    await row.get_by_role("link", name="#1").click()
    await page.get_by_role("button", name="Oppakken").click()
    assert "opgepakt" in await page.get_by_role("status").inner_text()
    [update] = await console.fake.wait_for("chat.update", channel=STAFF_CHANNEL)
    assert update.params["ts"] == card.response["ts"]
    assert "opgepakt door" in block_text(update)
    await page.get_by_label("Antwoord").fill("Nee, daarvoor is een wettelijke grondslag nodig.")
    await screenshot(page, "ticket")
    await page.get_by_role("button", name="Versturen").click()
    [dm] = await console.fake.wait_for("chat.postMessage", channel=ASKER)
    assert "wettelijke grondslag" in dm.params["text"]
    await console.fake.wait_for("chat.update", count=2, channel=STAFF_CHANNEL)
    ticket = console.services.tickets.get(1)
    assert ticket.status == "answered" and ticket.answered_by == f"slack:{STAFF_USER}"
    timeline = await page.locator(".timeline").inner_text()
    assert "claimed" in timeline and "answered" in timeline
    actions = [r.action for r in console.services.console.audit.recent()]
    assert "ticket_claim" in actions and "ticket_answer" in actions


async def test_insights_chart_is_drawn_from_seeded_counts(console, chromium):
    repo = console.services.console.interactions
    today = repo.today()
    rows = []
    for back in range(10):
        day = (today - timedelta(days=back)).isoformat()
        rows += [CountRow(day, "slack", "answer", "ring-1", "nl", 3 + back),
                 CountRow(day, "teams", "fallback", "", "en", 1),
                 CountRow(day, "slack", "legal", "", "nl", 2)]
    repo.add_rows(rows)
    console.services.feedback.record_feedback("slack", "U1", "ring-1", False)
    page = await chromium.page()
    await page.goto(link(console, ADMIN))
    await page.get_by_role("button", name="Inloggen").click()
    await page.goto(f"{console.base}/console/insights?days=30")
    bars = page.locator("#daily-chart rect.bar")
    assert await bars.count() == 30  # 10 days x 3 outcomes
    titles = [await bars.nth(i).locator("title").text_content() for i in range(await bars.count())]
    assert f"{today.isoformat()}: 3 beantwoord door de bot" in titles
    heights = {t: float(await bars.nth(i).get_attribute("height")) for i, t in enumerate(titles)}
    assert heights[f"{today.isoformat()}: 3 beantwoord door de bot"] < \
        heights[f"{(today - timedelta(days=9)).isoformat()}: 12 beantwoord door de bot"]
    answered = sum(3 + b for b in range(10))
    share = round(100 * answered / (answered + 10 + 20))
    assert await page.locator("#share-answered").inner_text() == f"{share}%"
    box = await page.locator("#daily-chart").bounding_box()
    assert box["width"] > 400 and box["height"] > 100
    await screenshot(page, "insights")
    async with page.expect_download() as download:
        await page.get_by_role("link", name="Download CSV").click()
    csv_path = await (await download.value).path()
    lines = Path(csv_path).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "day,platform,outcome,entry_id,language,count" and len(lines) == 31


async def test_a_draft_approved_by_a_second_curator_is_answered_by_ask(console, chromium):
    question = "Hoe vraag ik een sleutel voor de kluis van de regio aan?"
    writer = await chromium.page()
    await writer.goto(link(console, CURATOR_A))
    await writer.get_by_role("button", name="Inloggen").click()
    await writer.get_by_role("link", name="Kennisbank").click()
    await screenshot(writer, "knowledge")
    await writer.get_by_role("link", name="Nieuw concept").click()
    await writer.get_by_label("Id (kleine letters en streepjes)").fill("kluissleutel-regio")
    await writer.get_by_label("Titel", exact=True).fill("Sleutel van de regiokluis")
    await writer.get_by_label("Antwoord", exact=True).fill(
        "Een sleutel voor de regiokluis vraag je aan bij het secretariaat van de regio.")
    await writer.get_by_label("Formuleringen (één per regel, minstens 6)").fill("\n".join([
        question, "Waar krijg ik een kluissleutel van de regio?",
        "Wie geeft de sleutel van de regiokluis uit?", "Kluissleutel regio aanvragen",
        "Ik heb een sleutel van de kluis nodig", "How do I get a key to the regional safe?"]))
    await writer.get_by_label("Labels (komma-gescheiden)").fill("regio, kluis")
    await writer.get_by_label("Bron", exact=True).select_option("co-creatie-2024")
    await writer.get_by_role("button", name="Opslaan").click()
    assert "Concept opgeslagen" in await writer.get_by_role("status").inner_text()
    assert await writer.get_by_role("button", name="Goedkeuren").count() == 0, "four eyes"
    await screenshot(writer, "draft")
    draft_url = writer.url

    reviewer = await chromium.page()
    await reviewer.goto(link(console, CURATOR_B))
    await reviewer.get_by_role("button", name="Inloggen").click()
    await reviewer.goto(draft_url)
    await reviewer.get_by_role("button", name="Goedkeuren").click()
    assert "Goedgekeurd" in await reviewer.get_by_role("status").inner_text()

    # Served at once by the running bot (no redeploy) ...
    await console.send_event(console.dm(question))
    [reply] = await console.fake.wait_for("chat.postMessage", channel="DASKER")
    assert "secretariaat van de regio" in reply.params["text"]
    # ... and by `helpdesk ask` in another process on the same database.
    env = {**os.environ, "DATABASE_URL": console.database_url}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", question],
                            capture_output=True, text=True, env=env, timeout=120, check=True)
    payload = json.loads(result.stdout)
    assert payload["kind"] == "answer" and payload["entry_id"] == "kluissleutel-regio"
    await reviewer.goto(f"{console.base}/console/knowledge/try?q={question}")
    assert await reviewer.locator("#decision-entry").inner_text() == "kluissleutel-regio"
    await screenshot(reviewer, "try-a-question")


async def test_announcements_show_deliveries_and_retry_a_failed_one(console, chromium):
    services = console.services
    services.subscriptions.subscribe("slack", "CANNOUNCE")
    failed_delivery(services, "walkin:2026-12-03T15:00+01:00", "CANNOUNCE",
                    {"text": "Inloopuur", "kind": "notice"}, "channel_not_found", 404)
    page = await chromium.page()
    await page.goto(link(console, ADMIN))
    await page.get_by_role("button", name="Inloggen").click()
    await page.goto(f"{console.base}/console/announcements")
    assert "mislukt" in await page.locator("section.channel").inner_text()
    await screenshot(page, "announcements")
    await page.get_by_role("button", name="Opnieuw proberen").click()
    assert "opnieuw verstuurd" in await page.get_by_role("status").inner_text()
    await console.fake.wait_for("chat.postMessage", channel="CANNOUNCE")
    await page.goto(f"{console.base}/console/audit")
    assert "delivery_retry" in await page.locator("table").inner_text()
    await screenshot(page, "audit")


async def test_the_queue_shows_age_against_the_sla(console, chromium):
    from sqlalchemy import update

    from storage.models import Ticket

    tickets = console.services.tickets
    questions = {30: "Mogen we het dossier zonder toestemming delen met de school?",
                 20: "Welke bewaartermijn geldt voor gespreksverslagen van het wijkteam?",
                 2: "Is een handtekening van beide gezaghebbende ouders nodig?",
                 50: "Moeten we bij een verhuizing het dossier overdragen aan de nieuwe GI?"}
    for hours, question in questions.items():
        made = tickets.create(queue="team" if hours == 50 else "legal", platform="slack",
                              conversation="CGENERAL", thread=None, asker=ASKER,
                              language="nl", question=question, redactions={})
        with console.services.db.session() as session:
            session.execute(update(Ticket).where(Ticket.id == made.id)
                            .values(created_at=utcnow() - timedelta(hours=hours)))
    tickets.claim(4, f"slack:{STAFF_USER}", name="Sam de Vries")
    page = await chromium.page()
    await page.goto(link(console, STAFF_USER))
    await page.get_by_role("button", name="Inloggen").click()
    rows = page.locator("table.tickets tbody tr")
    assert await rows.count() == 4
    ages = {(await rows.nth(i).locator("td").first.inner_text()):
            await rows.nth(i).locator(".sla").get_attribute("class") for i in range(4)}
    assert ages == {"#4": "sla sla-breach", "#1": "sla sla-breach", "#2": "sla sla-warn",
                    "#3": "sla sla-ok"}
    assert "over de SLA" in await rows.first.inner_text()
    await page.get_by_label("Wachtrij-naam").first.select_option("team")
    await page.get_by_role("button", name="Toon").click()
    assert await page.locator("table.tickets tbody tr").count() == 1
    await page.goto(f"{console.base}/console/queue")
    await screenshot(page, "queue")
    await page.goto(f"{console.base}/console/language?to=en&next=/console/queue")
    assert await page.locator("h1").inner_text() == "Queue"
    await screenshot(page, "queue-english")
