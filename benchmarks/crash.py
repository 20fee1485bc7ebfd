"""Crash test over loopback: nothing acknowledged is lost, nothing is done twice.

Sends N signed legal questions (each a distinct Slack DM with its own event id) at a
fixed concurrency to `helpdesk serve`, `kill -9`s a web process mid-burst (after
`--kill-after` acks), then, like Slack, resends every question that was never
acknowledged (connection refused, reset, or a 5xx) and waits for the backlog:

- one web process: it is restarted on the same database and the resends go to it;
- two web processes on one PostgreSQL (`--processes 2`): requests alternate between
  them like a load balancer; one is killed and not restarted, the survivor takes
  the resends and the killed process's leased rows once their lease runs out.

Prints acks, resends, tickets, distinct questions, duplicates and the time to
recover; exits 1 unless tickets == distinct questions == N and duplicates == 0.

    .venv/bin/python -m benchmarks.crash [--questions 300] [--concurrency 25]
        [--kill-after 150] [--processes 1|2] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, func, select

from benchmarks.processes import Serve, database, signed_headers, start_fake_slack
from storage.database import normalize_url
from storage.inbox_models import InboxEvent
from storage.models import Ticket

LEASE_SECONDS = "3"
QUESTION = ("Mag ik zonder toestemming van de ouders gegevens over het gezin delen met de "
            "Raad voor de Kinderbescherming? (vraag {n})")


def event(n: int, run: str) -> dict:
    ts = f"{int(time.time())}.{n:06d}"
    return {"token": "x", "team_id": "T111", "api_app_id": "A111", "type": "event_callback",
            "event_id": f"Ev{run}{n:06d}", "event_time": int(time.time()),
            "event": {"type": "message", "channel_type": "im", "channel": f"D{n:05d}",
                      "user": f"U{n:05d}", "text": QUESTION.format(n=n), "ts": ts,
                      "event_ts": ts}}


@dataclass
class Outcome:
    acked: set[int] = field(default_factory=set)
    acked_before_kill: int = 0
    at_kill: dict[str, int] = field(default_factory=dict)
    resent: int = 0
    failures: dict[str, int] = field(default_factory=dict)


async def send(session: aiohttp.ClientSession, base: str, n: int, run: str,
               retry: int = 0) -> bool:
    raw = json.dumps(event(n, run))
    headers = signed_headers(raw)
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
    async with session.post(f"{base}/slack/events", data=raw, headers=headers) as response:
        await response.read()
        return response.status == 200


async def burst(servers: list[Serve], questions: int, concurrency: int, kill_after: int,
                run: str, outcome: Outcome, database_url: str) -> None:
    """Send every question once; kill -9 servers[0] after `kill_after` acks."""
    queue = list(range(questions))
    queue.reverse()
    killed = False

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal killed
        while queue:
            n = queue.pop()
            target = servers[n % len(servers)]
            try:
                if await send(session, target.base, n, run):
                    outcome.acked.add(n)
                else:
                    outcome.failures["5xx"] = outcome.failures.get("5xx", 0) + 1
            except (TimeoutError, aiohttp.ClientError) as exc:
                name = type(exc).__name__
                outcome.failures[name] = outcome.failures.get(name, 0) + 1
            if not killed and len(outcome.acked) >= kill_after:
                killed = True
                outcome.acked_before_kill = len(outcome.acked)
                servers[0].kill()
                outcome.at_kill = count(database_url)

    timeout = aiohttp.ClientTimeout(total=15)
    async with aiohttp.ClientSession(timeout=timeout,
                                     connector=aiohttp.TCPConnector(limit=concurrency)) as s:
        await asyncio.gather(*(worker(s) for _ in range(concurrency)))


async def resend(server: Serve, missing: list[int], run: str, concurrency: int,
                 outcome: Outcome) -> None:
    """Slack retries what was not acknowledged (same event id, new signature)."""
    outcome.resent = len(missing)
    semaphore = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession() as session:
        async def one(n: int) -> None:
            async with semaphore:
                for attempt in range(1, 4):
                    try:
                        if await send(session, server.base, n, run, retry=attempt):
                            outcome.acked.add(n)
                            return
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.5 * attempt)

        await asyncio.gather(*(one(n) for n in missing))


def count(database_url: str) -> dict[str, int]:
    engine = create_engine(normalize_url(database_url))
    try:
        with engine.connect() as conn:
            tickets = conn.scalar(select(func.count()).select_from(Ticket))
            distinct = conn.scalar(select(func.count(func.distinct(Ticket.question))))
            unfinished = conn.scalar(select(func.count()).select_from(InboxEvent).where(
                InboxEvent.status.in_(("pending", "working"))))
            failed = conn.scalar(select(func.count()).select_from(InboxEvent).where(
                InboxEvent.status == "failed"))
    finally:
        engine.dispose()
    return {"tickets": tickets, "distinct": distinct, "unfinished": unfinished,
            "failed": failed}


async def scenario(questions: int, concurrency: int, kill_after: int, processes: int,
                   database_url: str, workdir: Path, timeout: float = 180) -> dict:
    """Run the whole story; returns the numbers (see `report`)."""
    fake, api_url = start_fake_slack()
    log = workdir / "serve.log"
    env = {"INBOX_LEASE_SECONDS": LEASE_SECONDS, "INBOX_POLL_SECONDS": "0.5"}
    servers = [Serve(api_url, database_url, log, **env) for _ in range(processes)]
    run = hex(int(time.time() * 1000))[-6:]
    outcome = Outcome()
    try:
        async with aiohttp.ClientSession() as session:
            servers[0].start()
            await servers[0].healthy(session)  # the first one migrates the schema
            for server in servers[1:]:
                server.start()
            for server in servers[1:]:
                await server.healthy(session)
        started = time.monotonic()
        await burst(servers, questions, concurrency, kill_after, run, outcome, database_url)
        burst_seconds = time.monotonic() - started
        if processes == 1:
            survivor = Serve(api_url, database_url, log, **env).start()
            async with aiohttp.ClientSession() as session:
                await survivor.healthy(session)
            servers.append(survivor)
        else:
            survivor = servers[1]
        recovering = time.monotonic()
        missing = sorted(set(range(questions)) - outcome.acked)
        await resend(survivor, missing, run, concurrency, outcome)
        numbers = count(database_url)
        while (numbers["tickets"] < questions or numbers["unfinished"]) and \
                time.monotonic() - recovering < timeout:
            await asyncio.sleep(0.5)
            numbers = count(database_url)
        recovered = time.monotonic() - recovering
    finally:
        for server in servers:
            server.stop()
        fake.terminate()
        fake.wait(10)
    return {"questions": questions, "concurrency": concurrency, "processes": processes,
            "acked_before_kill": outcome.acked_before_kill, "at_kill": outcome.at_kill,
            "resent": outcome.resent,
            "acked": len(outcome.acked), "failures": outcome.failures,
            "burst_seconds": burst_seconds, "recovered_seconds": recovered,
            "database": database_url.split(":", 1)[0], **numbers}


def report(result: dict) -> bool:
    ok = (result["tickets"] == result["distinct"] == result["questions"]
          and result["acked"] == result["questions"] and result["unfinished"] == 0)
    duplicates = result["tickets"] - result["distinct"]
    print(f"database        {result['database']}, {result['processes']} web process(es)")
    print(f"questions       {result['questions']} signed legal DMs at concurrency "
          f"{result['concurrency']}; burst took {result['burst_seconds']:.1f} s")
    at_kill = result["at_kill"]
    print(f"kill -9         after {result['acked_before_kill']} acks, when "
          f"{at_kill.get('tickets')} tickets existed and {at_kill.get('unfinished')} stored "
          f"questions were unhandled; failed requests {result['failures']}")
    print(f"resent          {result['resent']} never-acknowledged questions; all acked: "
          f"{result['acked'] == result['questions']}")
    print(f"tickets         {result['tickets']} for {result['distinct']} distinct questions; "
          f"duplicates {duplicates}; lost {result['questions'] - result['distinct']}")
    print(f"inbox           {result['unfinished']} unfinished, {result['failed']} failed; "
          f"backlog done {result['recovered_seconds']:.1f} s after the restart/resend")
    print("result          " + ("OK" if ok and duplicates == 0 else "FAILED"))
    return ok and duplicates == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=25)
    parser.add_argument("--kill-after", type=int, default=150)
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--database-url", default="",
                        help="default: a fresh SQLite file (two processes need PostgreSQL)")
    args = parser.parse_args(argv)
    if args.processes == 2 and not args.database_url.startswith("postgres"):
        parser.error("--processes 2 needs --database-url postgresql://...")
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url) as url:
        result = asyncio.run(scenario(args.questions, args.concurrency, args.kill_after,
                                      args.processes, url, Path(tmp)))
        ok = report(result)
        if not ok:
            print("server log (last lines):",
                  *(Path(tmp) / "serve.log").read_text(errors="replace").splitlines()[-30:],
                  sep="\n  ")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
