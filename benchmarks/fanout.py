"""Fan-out of scheduled announcements to many Slack channels, end to end.

1,000 (by default) subscribed channels; the clock's catch-up enqueues the walk-in
announcement and two meetup reminders that are due now (3 messages per channel)
into the real outbox; the real `OutboxWorker` delivers them through the real
`SlackMessenger` (slack_sdk `AsyncWebClient` pointed at SLACK_API_URL) to a fake
Slack Web API on 127.0.0.1 (own thread, own event loop). The fake implements
chat.postMessage with Slack's per-channel limit of 1 message/s (429 +
Retry-After: 1) plus random faults: 429s and 500/503s that are *not* processed.

Prints the time to deliver everything, request/429/5xx counts, duplicates
(a (channel, message) the fake accepted more than once: must be 0) and losses
(expected but never accepted: must be 0). `--clocks 2` runs two independent
clock stacks (own engine, own worker) against the same database at once.

    .venv/bin/python -m benchmarks.fanout [--channels 1000] [--clocks 1]
        [--fault-rate 0.05] [--database-url postgresql://...]

Exit status 1 when there is a duplicate or a loss.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import func, select

from benchmarks.processes import database, free_port
from bot.bootstrap import build_services
from bot.clock import Clock
from bot.config import Settings, load_settings
from storage.meetups import MeetupSpec
from storage.outbox_models import OutboxAttempt

AMS = ZoneInfo("Europe/Amsterdam")
SEND = datetime(2026, 12, 2, 15, 0, 30, tzinfo=AMS)  # walk-in announcement due
PER_CHANNEL_SECONDS = 1.0


class FakeSlack:
    """chat.postMessage with a per-channel rate limit and random faults."""

    def __init__(self, fault_rate: float, latency: float, seed: int = 7):
        self.rng = random.Random(seed)
        self.fault_rate, self.latency = fault_rate, latency
        self.accepted: Counter[tuple[str, str]] = Counter()
        self.last: dict[str, float] = {}
        self.stats: Counter[str] = Counter()

    async def post_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        channel, text = body.get("channel", ""), body.get("text", "")
        self.stats["requests"] += 1
        await asyncio.sleep(self.latency * self.rng.uniform(0.5, 1.5))
        roll = self.rng.random()
        if roll < self.fault_rate / 2:
            self.stats["random_429"] += 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})
        if roll < self.fault_rate:
            self.stats["random_5xx"] += 1
            return web.json_response({"ok": False, "error": "internal_error"},
                                     status=self.rng.choice((500, 503)))
        now = time.monotonic()
        if now - self.last.get(channel, -10.0) < PER_CHANNEL_SECONDS:
            self.stats["channel_429"] += 1
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})
        self.last[channel] = now
        self.accepted[(channel, text)] += 1
        self.stats["accepted"] += 1
        return web.json_response({"ok": True, "channel": channel, "ts": f"{now:.6f}"})

    def serve(self, port: int, ready: threading.Event, stop: threading.Event) -> None:
        async def main() -> None:
            app = web.Application()
            app.router.add_post("/api/chat.postMessage", self.post_message)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            ready.set()
            while not stop.is_set():
                await asyncio.sleep(0.05)
            await runner.cleanup()

        asyncio.run(main())


def prepare(settings: Settings, channels: int) -> None:
    services = build_services(settings, platforms=[])
    for n in range(channels):
        services.subscriptions.subscribe("slack", f"C{n:05d}", created_by="slack:admin")
    for title, days in (("Meet Up lerende omgeving", 7), ("Meet Up met andere ogen", 1)):
        start = datetime.combine(SEND.date() + timedelta(days=days), datetime.min.time(),
                                 AMS).replace(hour=14)
        services.meetups.add(MeetupSpec(title=title, starts_at=start), "slack:admin")
    services.db.dispose()


async def run_clock(settings: Settings, expected: int, deadline: float) -> dict[str, int]:
    """One clock stack: catch up at SEND (the meetup reminders of 09:00 are within the
    grace), then run the worker (`run_forever`, as `helpdesk clock` does) until every
    row is sent or failed."""
    # the schema is upgraded by prepare(); Alembic's upgrade is not thread-safe
    services = await asyncio.to_thread(partial(build_services, settings, platforms=["slack"],
                                               upgrade=False))
    slack = services.platforms["slack"]
    await slack.start()
    clock = Clock(services, now=lambda: SEND)
    stop = asyncio.Event()
    try:
        await asyncio.to_thread(clock.start_up)
        worker = asyncio.create_task(services.worker.run_forever(0.2, stop))
        while time.monotonic() < deadline:
            counts = await asyncio.to_thread(services.outbox.counts)
            if counts.get("sent", 0) + counts.get("failed", 0) >= expected:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await worker
        return await asyncio.to_thread(services.outbox.counts)
    finally:
        await slack.stop()
        services.db.dispose()


def attempts(settings: Settings) -> Counter[str]:
    services = build_services(settings, platforms=[], upgrade=False)
    with services.db.session() as s:
        rows = s.execute(select(OutboxAttempt.outcome, func.count())
                         .group_by(OutboxAttempt.outcome)).all()
    services.db.dispose()
    return Counter(dict(rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--clocks", type=int, default=1)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    parser.add_argument("--latency", type=float, default=0.01, help="fake API seconds/call")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    with database(args.database_url) as url, tempfile.TemporaryDirectory() as tmp:
        return bench(args, url, Path(tmp))


def bench(args: argparse.Namespace, url: str, tmp: Path) -> int:
    port = free_port()
    settings = load_settings(_env_file=None, database_url=url, slack_bot_token="xoxb-benchmark",
                        slack_api_url=f"http://127.0.0.1:{port}/api/",
                        walkin_schedule="first thursday 15:00-16:00",
                        walkin_link="https://teams.example/inloop",
                        meetups_file=str(tmp / "none.yaml"), misfire_grace_hours=24)
    fake = FakeSlack(args.fault_rate, args.latency)
    ready, stop = threading.Event(), threading.Event()
    server = threading.Thread(target=fake.serve, args=(port, ready, stop), daemon=True)
    server.start()
    ready.wait(10)

    prepare(settings, args.channels)
    expected = 3 * args.channels
    started = time.monotonic()
    deadline = started + args.timeout

    async def clocks() -> list[dict[str, int]]:
        return await asyncio.gather(*(run_clock(settings, expected, deadline)
                                      for _ in range(args.clocks)))

    results = asyncio.run(clocks())
    elapsed = time.monotonic() - started
    stop.set()
    server.join(5)

    texts = {message for _, message in fake.accepted}
    duplicates = sum(n - 1 for n in fake.accepted.values() if n > 1)
    losses = expected - len(fake.accepted) if len(texts) == 3 else expected
    tries = attempts(settings)
    print(f"database: {url.split(':', 1)[0]}, channels: {args.channels}, messages expected: "
          f"{expected}, clocks: {args.clocks}")
    print(f"done in {elapsed:.1f} s ({len(fake.accepted) / elapsed:.0f} msg/s)")
    print(f"fake Slack: {fake.stats['requests']} requests, {fake.stats['accepted']} accepted, "
          f"{fake.stats['channel_429']} per-channel 429, {fake.stats['random_429']} random 429, "
          f"{fake.stats['random_5xx']} random 5xx")
    print(f"outbox: {results[-1]}; attempts recorded: {dict(tries)}")
    print(f"duplicates: {duplicates}")
    print(f"losses: {losses}")
    return 1 if duplicates or losses else 0


if __name__ == "__main__":
    sys.exit(main())
