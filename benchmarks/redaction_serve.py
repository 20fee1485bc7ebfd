"""Redaction through real tickets: `helpdesk serve` in its own process with the fake Slack
Web API, every question of a PII corpus sent as a signed `/juridisch <question>` slash
command (typed text, so &, < and > arrive as Slack escapes them), then the stored tickets
read back from the database and scored like `benchmarks.redaction` scores the function.

    .venv/bin/python -m benchmarks.redaction_serve [--corpus FILE] [--database-url URL]

FILE is in the format of tests/handlers/privacy_corpus/pii.txt (default: that file):
one question per line with the personal data marked {{kind:value}}. Exit status 1 when a
structured identifier survives or fewer than 90 % of names are removed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import aiohttp
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import create_engine, select

from benchmarks.processes import SECRET, Serve, database, signed_headers, start_fake_slack
from storage.database import normalize_url
from storage.models import Ticket
from tests.handlers.privacy_corpus import CORPUS, STRUCTURED, Case, Score, pii_cases, survived


def _command(n: int, question: str, api_url: str) -> str:
    hook = api_url.replace("/api/", f"/hooks/commands/T111/{n}/x")
    return urllib.parse.urlencode({
        "token": "x", "team_id": "T111", "channel_id": "CREGIO", "user_id": f"U{n:05d}",
        "user_name": f"u{n}", "command": "/juridisch", "api_app_id": "A111",
        "text": question.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "response_url": hook, "trigger_id": f"{n}.1.x"})


async def _send(app: Serve, cases: list[Case], api_url: str) -> None:
    verifier = SignatureVerifier(SECRET)
    async with aiohttp.ClientSession() as session:
        await app.healthy(session)
        for n, case in enumerate(cases, start=1):
            raw = _command(n, case.text, api_url)
            headers = signed_headers(raw, verifier, "application/x-www-form-urlencoded")
            async with session.post(f"{app.base}/slack/events", data=raw,
                                    headers=headers) as resp:
                if resp.status != 200:
                    raise SystemExit(f"question {n}: HTTP {resp.status}")


def _tickets(database_url: str, expected: int, timeout: float = 120) -> dict[str, str]:
    engine = create_engine(normalize_url(database_url))
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                rows = conn.execute(select(Ticket.asker, Ticket.question)).all()
            if len(rows) >= expected or time.monotonic() > deadline:
                return {asker: question for asker, question in rows}
            time.sleep(0.5)
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS / "pii.txt")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    cases = pii_cases(str(args.corpus.resolve()))
    fake, api_url = start_fake_slack()
    with database(args.database_url) as url, tempfile.TemporaryDirectory() as tmp:
        app = Serve(api_url, url, Path(tmp) / "serve.log").start()
        try:
            asyncio.run(_send(app, cases, api_url))
            stored = _tickets(url, len(cases))
        finally:
            app.stop()
            fake.terminate()
            fake.wait(10)
    score = Score()
    for n, case in enumerate(cases, start=1):
        question = stored.get(f"slack:U{n:05d}", stored.get(f"U{n:05d}"))
        if question is None:
            print(f"no ticket for question {n}: {case.text}", file=sys.stderr)
            return 1
        for kind, value in case.values:
            alive = survived(kind, value, question)
            score.add(kind, value, question, alive)
            if alive:
                print(f"survived {kind} {value!r}: {question}")
    print(f"tickets: {len(stored)} of {len(cases)} questions, "
          f"{sum(score.total.values())} marked values")
    for kind in (*STRUCTURED, "name"):
        total = score.total.get(kind, 0)
        print(f"{kind:10} {total:5d} recall {score.recall(kind):.3f}")
    structured = sum(len(score.survived.get(k, [])) for k in STRUCTURED)
    print(json.dumps({"structured_surviving": structured,
                      "name_recall": round(score.recall("name"), 3)}))
    return 0 if structured == 0 and score.recall("name") >= 0.90 else 1


if __name__ == "__main__":
    raise SystemExit(main())
