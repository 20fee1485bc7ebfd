"""Load test of the Slack endpoint over loopback: N signed events at a fixed concurrency
against the real web app (`helpdesk serve` in its own process) with the fake Slack Web
API (tests/bot/slack/fake_slack_api.py) in a third process.

The ack includes the database write (each event is committed in the inbox before the
200). Prints the ack latency (p50/p90/p99/max: request sent -> HTTP response), events/s
acknowledged, the end-to-end drain rate (answers delivered per second, first event to
last answer), and the replies the fake received against the replies expected (lost =
expected - delivered, after waiting for delivery to finish).

    .venv/bin/python -m benchmarks.slack_http [--events 2000] [--concurrency 50]
        [--database-url postgresql://...] [--api-latency 0.05]

Targets on a 2-core machine: p99 ack < 100 ms at 50 concurrent, >= 500 events/s,
zero lost replies. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from slack_sdk.signature import SignatureVerifier

from benchmarks.processes import SECRET, Serve, cpu_seconds, database, start_fake_slack

WARM_UP = 5
"""Sequential warm-up events (bolt's first request calls auth.test); then one event per
connection, so all of them are open before the measured part starts."""
QUESTIONS = [
    "Wat is het Toekomstscenario?", "Wanneer is het inloopuur?", "Wat doet de RvdK?",
    "Hoe werkt de proeftuin?", "Wat zijn de basisbouwstenen?", "partners",
    "Wie is opdrachtgever van het programma?", "hallo",
    "Hoeveel parkeerplekken heeft het gemeentehuis?", "What is the Toekomstscenario about?",
]


def event(n: int, run: str) -> dict:
    ts = f"{int(time.time())}.{n:06d}"
    text = QUESTIONS[n % len(QUESTIONS)]
    if n % 2:
        inner = {"type": "message", "channel_type": "im", "channel": f"D{n % 97:04d}",
                 "user": f"U{n % 500:05d}", "text": text, "ts": ts, "event_ts": ts}
    else:
        inner = {"type": "app_mention", "channel": f"C{n % 13:04d}", "user": f"U{n % 500:05d}",
                 "text": f"<@UBOT> {text}", "ts": ts, "event_ts": ts}
    return {"token": "x", "team_id": "T111", "api_app_id": "A111", "type": "event_callback",
            "event_id": f"Ev{run}{n:07d}", "event_time": int(time.time()), "event": inner}


async def send_all(base: str, count: int, concurrency: int) -> tuple[list[float], float, int]:
    """Warm-up (not measured: WARM_UP events, then one per connection), then `count`
    events from `concurrency` connections; returns the latencies, the elapsed time and
    the number of non-200 answers of the measured part."""
    verifier = SignatureVerifier(SECRET)
    run = hex(int(time.time() * 1000))[-6:]
    latencies: list[float] = []
    failures = 0

    async def worker(session: aiohttp.ClientSession, queue: list[int]) -> None:
        nonlocal failures
        while queue:
            raw = json.dumps(event(queue.pop(), run))
            ts = str(int(time.time()))
            headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
                       "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=raw)}
            started = time.perf_counter()
            async with session.post(f"{base}/slack/events", data=raw, headers=headers) as resp:
                await resp.read()
                failures += resp.status != 200
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await worker(session, [count + i for i in range(WARM_UP)])
        warm = [count + WARM_UP + i for i in range(concurrency)]
        await asyncio.gather(*(worker(session, [n]) for n in warm))
        await asyncio.sleep(1.0)  # let the pipeline answer the warm-up
        latencies.clear()
        failures = 0
        queue = list(range(count))
        started = time.perf_counter()
        await asyncio.gather(*(worker(session, queue) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, failures


async def delivered(session: aiohttp.ClientSession, api_url: str) -> int:
    async with session.get(api_url.replace("/api/", "/_stats")) as response:
        counts = (await response.json())["counts"]
    return counts.get("chat.postMessage", 0) + counts.get("chat.postEphemeral", 0)


async def measure(args: argparse.Namespace, database_url: str, log: Path) -> dict:
    fake, api_url = start_fake_slack(args.api_latency)
    server = Serve(api_url, database_url, log).start()
    base = server.base
    app = server.proc
    try:
        async with aiohttp.ClientSession() as session:
            await server.healthy(session)
            startup_cpu = cpu_seconds(app.pid)
            latencies, elapsed, failures = await send_all(base, args.events, args.concurrency)
            expected = args.events + WARM_UP + args.concurrency
            drain_started = time.perf_counter()
            got = await delivered(session, api_url)
            while got < expected and time.perf_counter() - drain_started < args.drain_timeout:
                await asyncio.sleep(0.1)
                got = await delivered(session, api_url)
            total = elapsed + (time.perf_counter() - drain_started)
            cpu = {"web app": cpu_seconds(app.pid) - startup_cpu,
                   "fake Slack API": cpu_seconds(fake.pid), "load client": cpu_seconds(os.getpid())}
    finally:
        server.stop()
        fake.terminate()
        fake.wait(10)
    return {"latencies": latencies, "elapsed": elapsed, "failures": failures,
            "expected": expected, "delivered": got, "total": total, "cpu": cpu}


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp, database(args.database_url) as database_url:
        log = Path(tmp) / "web.log"
        result = await measure(args, database_url, log)
        server_log = log.read_text(errors="replace").splitlines()
    ms = sorted(x * 1000 for x in result["latencies"])
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    rate = len(ms) / result["elapsed"]
    expected, got, total = result["expected"], result["delivered"], result["total"]
    lost = expected - got
    print(f"database        {database_url.split(':', 1)[0]}")
    print(f"events          {len(ms)} at concurrency {args.concurrency} "
          f"(fake API latency {args.api_latency * 1000:.0f} ms)")
    print(f"ack latency ms  p50 {p(0.50):.1f}  p90 {p(0.90):.1f}  p99 {p(0.99):.1f}  "
          f"max {ms[-1]:.1f}  mean {statistics.fmean(ms):.1f}")
    print(f"acked           {rate:.0f} events/s ({result['failures']} non-200)")
    print(f"replies         {got} delivered of {expected} expected, {lost} lost")
    print(f"drain           all answered {total:.1f} s after the first event: "
          f"{got / total:.0f} answers/s end to end (acks ran ahead at {rate:.0f}/s; the "
          f"rest waited in the inbox)")
    print("cpu ms/event    " + ", ".join(f"{k} {v * 1000 / expected:.2f}"
                                          for k, v in result["cpu"].items()))
    ok = p(0.99) < 100 and rate >= 500 and lost == 0 and result["failures"] == 0
    print("targets         " + ("met" if ok else "MISSED") +
          " (p99 < 100 ms, >= 500 events/s, 0 lost)")
    if not ok or lost:
        print("web app log (last lines):", *server_log[-20:], sep="\n  ")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database-url", default="",
                        help="default: a fresh SQLite file in a temp directory")
    parser.add_argument("--api-latency", type=float, default=0.0,
                        help="seconds the fake Slack API takes per call")
    parser.add_argument("--drain-timeout", type=float, default=60.0)
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
