"""Console page latency with a realistic amount of data.

Seeds a fresh database (SQLite file, or a schema of its own on PostgreSQL) with
10,000 tickets (and their audit events), 100,000 recorded interactions, 1,000
unanswered questions, feedback, announcement deliveries and drafts; starts
`helpdesk serve` in its own process; signs in as an admin with a one-time link;
then requests every console page sequentially and prints p50 / p95 / max.

    .venv/bin/python -m benchmarks.console [--database-url URL] [--requests 50]

Target: p95 < 200 ms for every page.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta

import aiohttp
from sqlalchemy import insert, text

from benchmarks.processes import database, free_port
from handlers.insights import OUTCOMES
from storage.console_auth import ConsoleAuthRepository, Identity
from storage.console_drafts import DraftRepository
from storage.console_insights import CountRow, InteractionRepository
from storage.database import Database
from storage.models import Feedback, Ticket, TicketEvent, UnansweredQuestion, utcnow
from storage.outbox_models import OutboxMessage
from storage.subscriptions import SubscriptionRepository

ADMIN = "UBENCHADMIN"
ENTRIES = [f"entry-{n}" for n in range(80)]
WORDS = ("subsidie pilot regio wachtlijst gemeente jeugdzorg dossier overdracht training "
         "werkgroep planning budget evaluatie rapportage vrijwilliger contract locatie").split()


def seed(db: Database, tickets: int, interactions: int, rng: random.Random) -> int:
    now = utcnow()
    statuses = ["open"] * 2 + ["claimed"] + ["answered"] * 3 + ["closed"] * 14
    rows, events = [], []
    for n in range(tickets):
        created = now - timedelta(minutes=rng.randint(1, 365 * 24 * 60))
        status = rng.choice(statuses)
        claimed = created + timedelta(minutes=rng.randint(5, 3000)) if status != "open" else None
        answered = claimed + timedelta(minutes=rng.randint(5, 600)) if status in (
            "answered", "closed") and claimed else None
        rows.append({"queue": rng.choice(["legal", "legal", "team"]), "status": status,
                     "platform": rng.choice(["slack", "teams"]), "conversation": "C1",
                     "thread": None, "asker": f"U{n}", "language": "nl",
                     "question": f"Vraag {n}: mag ik " + " ".join(rng.sample(WORDS, 8)) + "?",
                     "redactions": {}, "claimed_by": "slack:USTAFF" if claimed else None,
                     "claimed_at": claimed, "answer": "Antwoord." if answered else None,
                     "answered_by": "slack:USTAFF" if answered else None,
                     "answered_at": answered, "closed_at": answered if status == "closed"
                     else None, "version": 1, "created_at": created, "updated_at": created})
    with db.session() as session:
        session.execute(insert(Ticket), rows)
        ids = [r[0] for r in session.execute(text("SELECT id, created_at FROM tickets"))]
        for ticket_id in ids:
            events.append({"ticket_id": ticket_id, "action": "created", "actor": "slack:U",
                           "detail": "queue=legal", "at": now})
            events.append({"ticket_id": ticket_id, "action": "claimed", "actor": "slack:USTAFF",
                           "detail": "", "at": now})
        session.execute(insert(TicketEvent), events)
        session.execute(insert(UnansweredQuestion), [
            {"platform": "slack", "conversation": "C1", "thread": None, "asker": f"U{n}",
             "question": "Hoe zit het met " + " ".join(rng.sample(WORDS, 5)) + "?",
             "language": "nl", "best_entry_id": None, "score": 0.1, "created_at": now}
            for n in range(1000)])
        session.execute(insert(Feedback), [
            {"platform": "slack", "user": f"U{n}", "entry_id": rng.choice(ENTRIES),
             "helpful": rng.random() < 0.7, "created_at": now} for n in range(3000)])
        session.execute(insert(OutboxMessage), [
            {"key": f"walkin:2026-{1 + n % 12:02d}-01T15:00+01:00:{n}", "platform": "slack",
             "target": f"C{n % 40}", "mode": "post", "thread": None, "update_of": None,
             "payload": {"text": "Inloopuur", "kind": "notice"},
             "status": "failed" if n % 17 == 0 else "sent", "attempts": 1 + n % 3,
             "next_attempt_at": now, "created_at": now} for n in range(600)])
    subscriptions = SubscriptionRepository(db)
    for n in range(40):
        subscriptions.subscribe("slack", f"C{n}")
    # 100,000 interactions over a year, stored as the recorder stores them: counts.
    today = now.date()
    counts: Counter = Counter()
    weights = [60, 10, 12, 8, 10]
    for _ in range(interactions):
        outcome = rng.choices(OUTCOMES, weights)[0]
        entry = rng.choice(ENTRIES) if outcome == "answer" else ""
        counts[((today - timedelta(days=rng.randint(0, 364))).isoformat(),
                rng.choice(["slack", "teams", "shell"]), outcome, entry,
                rng.choice(["nl", "nl", "nl", "en"]))] += 1
    InteractionRepository(db).add_rows([CountRow(*key, n) for key, n in counts.items()])
    drafts = DraftRepository(db)
    for n in range(20):
        drafts.create({"id": f"concept-{n}", "title": f"Concept {n}", "answer": "Tekst.",
                       "questions": ["a"] * 6, "tags": ["x"], "source": "publiek"}, "slack:A")
    return len(counts)


async def measure(base: str, token: str, requests: int, pages: list[str]) -> dict[str, list]:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/console/login?token={token}") as response:
            page = await response.text()
        check = re.search(r'name="login_check" value="([^"]+)"', page).group(1)
        async with http.post(f"{base}/console/login", data={"token": token,
                             "login_check": check}, allow_redirects=False) as response:
            assert response.status == 303, response.status
        timings: dict[str, list[float]] = {}
        for path in pages:
            for _ in range(3):  # warm up (templates, caches)
                async with http.get(base + path, allow_redirects=False) as response:
                    await response.read()
                    assert response.status == 200, (path, response.status)
            samples = []
            for _ in range(requests):
                start = time.perf_counter()
                async with http.get(base + path, allow_redirects=False) as response:
                    await response.read()
                samples.append((time.perf_counter() - start) * 1000)
            timings[path] = samples
    return timings


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("helpdesk serve exited early")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("helpdesk serve did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50, help="per page")
    args = parser.parse_args(argv)
    rng = random.Random(12)
    workdir = tempfile.mkdtemp(prefix="console-bench-")
    with database(args.database_url) as url:
        process = None
        try:
            db = Database(url)
            db.upgrade()
            started = time.perf_counter()
            count_rows = seed(db, args.tickets, args.interactions, rng)
            print(f"seeded {args.tickets:,} tickets, {args.interactions:,} interactions "
                  f"({count_rows:,} count rows) in {time.perf_counter() - started:.1f} s")
            token = ConsoleAuthRepository(db).issue_link(Identity("slack", ADMIN, "Bench"))
            with db.session() as session:
                ticket_id = session.execute(text("SELECT max(id) FROM tickets")).scalar()
            draft_id = DraftRepository(db).list()[0].id
            db.dispose()
            port = free_port()
            env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "HOST": "127.0.0.1",
                   "SLACK_ADMIN_IDS": ADMIN, "LOG_LEVEL": "WARNING", "SLACK_BOT_TOKEN": "",
                   "WALKIN_SCHEDULE": "first thursday 15:00-16:00"}
            process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env,
                                       cwd=workdir)
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/healthz", process)
            pages = ["/console/queue", "/console/queue?status=closed&page=20",
                     f"/console/queue/{ticket_id}", "/console/insights?days=30",
                     "/console/insights?days=90", "/console/insights.csv?days=30",
                     "/console/knowledge", "/console/knowledge/try?q=wat+is+de+wachtlijst",
                     f"/console/knowledge/drafts/{draft_id}", "/console/announcements",
                     "/console/audit"]
            timings = asyncio.run(measure(base, token, args.requests, pages))
            dialect = "PostgreSQL" if url.startswith("postgres") else "SQLite"
            print(f"\n{dialect}, {args.requests} sequential requests per page:")
            print(f"{'page':48} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            worst = 0.0
            for path, samples in timings.items():
                p95 = statistics.quantiles(samples, n=20)[-1]
                worst = max(worst, p95)
                print(f"{path:48} {statistics.median(samples):8.1f} {p95:8.1f} {max(samples):8.1f}")
            print(f"\nworst p95: {worst:.1f} ms (target < 200 ms): "
                  f"{'met' if worst < 200 else 'NOT met'}")
            return 0 if worst < 200 else 1
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
