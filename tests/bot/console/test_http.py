"""The console over plain HTTP on 127.0.0.1 (SQLite and PostgreSQL): signing in with a
one-time link, sessions, roles, CSRF, cookies, escaping, and every page answering."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.messages import ROLE_ADMIN, ROLE_STAFF
from storage.console_auth import Identity
from storage.console_models import ConsoleAudit, ConsoleSession
from storage.models import utcnow
from tests.bot.console.client import CHECK_RE, ConsoleClient, issue
from tests.bot.console.conftest import ADMIN, CONTACT, CURATOR_A
from tests.bot.slack.harness import ASKER, LEGAL_QUESTION, MEMBER_USER, STAFF_USER

PAGES = ["/console/queue", "/console/insights", "/console/insights.csv", "/console/knowledge",
         "/console/knowledge/try?q=wat+is+ring+1", "/console/knowledge/drafts/new",
         "/console/announcements", "/console/audit"]


async def test_without_a_session_the_console_redirects_to_the_sign_in_explanation(console,
                                                                                  client):
    for path in ["/console", "/console/", *PAGES]:
        status, _, response = await client.get(path)
        assert status == 302 and response.headers["Location"] == "/console/welcome", path
    status, page, _ = await client.get("/console/welcome")
    assert status == 200 and "/helpdesk console" in page and "tien minuten" in page


async def test_an_admin_signs_in_with_a_link_and_every_page_answers(console, client):
    await client.sign_in(console.services, "slack", ADMIN, "Anna Admin")
    status, _, response = await client.get("/console")
    assert status == 302 and response.headers["Location"] == "/console/queue"
    for path in PAGES:
        status, page, _ = await client.get(path)
        assert status == 200, (path, page[:300])
    status, page, _ = await client.get("/console/queue")
    assert "Anna Admin" in page and "beheerder" in page


async def test_the_session_cookie_is_httponly_strict_and_lasts_eight_hours(console, client):
    status, _, response = await client.use_link(issue(console.services, "slack", ADMIN))
    cookie = response.cookies["helpdesk_console"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/console"
    assert int(cookie["max-age"]) == 8 * 3600
    assert not cookie["secure"], "plain http locally"
    assert cookie.value not in str(console.count(ConsoleSession, ConsoleSession.token_hash ==
                                                 cookie.value)), "only a hash is stored"
    assert console.count(ConsoleSession, ConsoleSession.token_hash == cookie.value) == 0


async def test_cookies_are_secure_when_the_public_url_is_https(database_url, triage):
    from tests.bot.slack.harness import SlackHarness

    harness = await SlackHarness(database_url, triage, slack_admin_ids=ADMIN,
                                 public_base_url="https://helpdesk.example.nl").start()
    browser = ConsoleClient.new(harness.base)
    try:
        token = issue(harness.services, "slack", ADMIN)
        _, page, response = await browser.get(f"/console/login?token={token}")
        assert response.cookies["helpdesk_console_login"]["secure"]
        check = CHECK_RE.search(page).group(1)
        # The client (rightly) keeps a Secure cookie off plain http; send it by hand.
        _, _, response = await browser.post(
            "/console/login", {"token": token, "login_check": check},
            headers={"Cookie": f"helpdesk_console_login={check}"})
        assert response.cookies["helpdesk_console"]["secure"]
        link = harness.services.console.links.link_for(Identity("slack", ADMIN))
        assert link.startswith("https://helpdesk.example.nl/console/login?token=")
    finally:
        await browser.close()
        await harness.stop()


async def test_a_link_works_once(console, client):
    token = issue(console.services, "slack", ADMIN)
    assert (await client.use_link(token))[0] == 303
    other = ConsoleClient.new(console.base)
    try:
        status, page, _ = await other.use_link(token)
        assert status == 410 and "al gebruikt" in page
        assert (await other.get("/console/queue"))[0] == 302, "no session from a reused link"
    finally:
        await other.close()


async def test_an_expired_or_unknown_link_is_refused(console, client):
    auth = console.services.console.auth
    old = auth.issue_link(Identity("slack", ADMIN), now=utcnow() - timedelta(minutes=11))
    status, page, _ = await client.use_link(old)
    assert status == 410 and "verlopen" in page
    status, page, _ = await client.use_link("not-a-real-token")
    assert status == 400
    assert (await client.get("/console/queue"))[0] == 302


async def test_opening_a_link_does_not_use_it(console, client):
    """Link previews (chat unfurls, mail scanners) fetch the link; only the button uses it."""
    token = issue(console.services, "slack", ADMIN)
    for _ in range(3):
        assert (await client.get(f"/console/login?token={token}"))[0] == 200
    assert (await client.use_link(token))[0] == 303


async def test_a_regional_contact_gets_403_everywhere(console, client):
    await client.sign_in(console.services, "slack", CONTACT)
    status, page, _ = await client.get("/console")
    assert status == 403 and "geen rol" in page
    for path in PAGES:
        assert (await client.get(path))[0] == 403, path


async def test_roles_decide_the_pages(console, client):
    await client.sign_in(console.services, "slack", STAFF_USER)
    assert (await client.get("/console/queue"))[0] == 200
    assert (await client.get("/console/insights"))[0] == 200
    assert (await client.get("/console/knowledge"))[0] == 403
    assert (await client.get("/console/announcements"))[0] == 403
    curator = ConsoleClient.new(console.base)
    try:
        await curator.sign_in(console.services, "slack", CURATOR_A)
        assert (await curator.get("/console/knowledge"))[0] == 200
        assert (await curator.get("/console/queue"))[0] == 403
        assert (await curator.get("/console/audit"))[0] == 403
    finally:
        await curator.close()


async def test_staff_channel_members_are_staff_in_the_console_too(console, client):
    await client.sign_in(console.services, "slack", MEMBER_USER)
    assert (await client.get("/console/queue"))[0] == 200


async def test_a_post_without_the_csrf_token_is_refused_and_audited(console, client):
    await console.send_event(console.mention(LEGAL_QUESTION))
    await console.fake.wait_for("chat.postMessage", channel="CSTAFF")
    await client.sign_in(console.services, "slack", STAFF_USER)
    status, page, _ = await client.post("/console/queue/1/claim", {})
    assert status == 403 and "CSRF" in page
    status, _, _ = await client.post("/console/queue/1/claim", {"csrf": "forged"})
    assert status == 403
    csrf = await client.csrf("/console/queue/1")
    status, _, _ = await client.post("/console/queue/1/claim", {"csrf": csrf},
                                     headers={"Origin": "https://evil.example"})
    assert status == 403
    assert console.services.tickets.get(1).status == "open"
    assert console.count(ConsoleAudit, ConsoleAudit.action == "csrf_refused") == 3
    status, _, response = await client.post("/console/queue/1/claim", {"csrf": csrf})
    assert status == 303 and console.services.tickets.get(1).status == "claimed"


async def test_sign_out_ends_the_session_everywhere(console, client):
    await client.sign_in(console.services, "slack", ADMIN)
    csrf = await client.csrf("/console/queue")
    status, _, response = await client.post("/console/logout", {"csrf": csrf})
    assert status == 303 and response.headers["Location"] == "/console/welcome"
    assert (await client.get("/console/queue"))[0] == 302
    assert console.services.console.auth.sessions_of("slack", ADMIN) == 0


async def test_an_expired_session_is_not_accepted(console, client):
    auth = console.services.console.auth
    session = auth.start_session(Identity("slack", ADMIN), now=utcnow() - timedelta(hours=9))
    client.session.cookie_jar.update_cookies({"helpdesk_console": session.token})
    assert (await client.get("/console/queue"))[0] == 302


async def test_a_role_taken_away_closes_the_pages_at_once(database_url, triage):
    """Roles are checked on every request, not only at sign-in."""
    from tests.bot.slack.harness import SlackHarness

    harness = await SlackHarness(database_url, triage, slack_admin_ids=ADMIN).start()
    browser = ConsoleClient.new(harness.base)
    try:
        await browser.sign_in(harness.services, "slack", ADMIN)
        assert (await browser.get("/console/audit"))[0] == 200
        harness.services.roles._ids["slack"][ROLE_ADMIN] = frozenset()
        assert (await browser.get("/console/audit"))[0] == 403
    finally:
        await browser.close()
        await harness.stop()


async def test_question_text_is_escaped(console, client):
    # As Slack sends it: &lt; &gt; in the event, "<script>" once unescaped.
    evil = "Mag ik &lt;script&gt;alert(1)&lt;/script&gt; gegevens delen zonder toestemming?"
    await console.send_event(console.mention(evil))
    await console.fake.wait_for("chat.postMessage", channel="CSTAFF")
    assert "<script>alert(1)</script>" in console.services.tickets.get(1).question
    await client.sign_in(console.services, "slack", ADMIN)
    for path in ("/console/queue", "/console/queue/1"):
        status, page, _ = await client.get(path)
        assert status == 200
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


async def test_security_headers(console, client):
    status, _, response = await client.get("/console/welcome")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    status, css, response = await client.get("/console/static/console.css")
    assert status == 200 and ":root" in css


async def test_sign_in_and_out_are_audited_without_texts(console, client):
    await client.sign_in(console.services, "slack", ADMIN)
    token = issue(console.services, "slack", ASKER)
    await client.use_link(token)
    await client.use_link(token)  # reused
    rows = console.services.console.audit.recent()
    assert [(r.action, r.outcome, r.detail) for r in rows][:3] == [
        ("sign_in", "refused", "used"), ("sign_in", "ok", "roles: none"),
        ("sign_in", "ok", f"roles: {ROLE_ADMIN},{ROLE_STAFF}")]


@pytest.mark.parametrize("path", ["/console/language?to=en&next=/console/welcome"])
async def test_english_is_one_click_away(console, client, path):
    status, _, response = await client.get(path)
    assert status == 302 and response.headers["Location"] == "/console/welcome"
    status, page, _ = await client.get("/console/welcome")
    assert "Sign in to the helpdesk console" in page and 'lang="en"' in page
    status, _, response = await client.get("/console/language?to=en&next=https://evil.example")
    assert response.headers["Location"] == "/console"


async def test_slash_helpdesk_console_sends_a_private_link_that_signs_in(console, client):
    """From Slack: `/helpdesk console` in a channel; the link arrives as a DM."""
    status, _ = await console.send_command(console.command("/helpdesk", "console",
                                                           user=STAFF_USER))
    assert status == 200
    [dm] = await console.fake.wait_for("chat.postMessage", channel=STAFF_USER)
    [note] = await console.fake.wait_for("response_url")
    assert "privébericht" in note.params["text"] and "token=" not in note.params["text"]
    url = next(w for w in dm.params["text"].split() if "/console/login?token=" in w)
    token = url.split("token=", 1)[1]
    status, _, _ = await client.use_link(token)
    assert status == 303
    assert (await client.get("/console/queue"))[0] == 200
    await console.send_command(console.command("/helpdesk", "console", user=ASKER))
    notes = await console.fake.wait_for("response_url", count=2)
    assert "medewerkers" in notes[-1].params["text"] and "token=" not in notes[-1].params["text"]
    assert console.fake.calls_to("chat.postMessage", channel=ASKER) == []
