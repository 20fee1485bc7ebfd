"""Load test of the Slack endpoint over loopback: N signed events at a fixed concurrency
against the real web app (`helpdesk serve` in its own process) with the fake Slack Web
API (tests/bot/slack/fake_slack_api.py) in a third process.

Prints the ack latency (p50/p90/p99/max: request sent -> HTTP response), events/s
acknowledged, and the replies the fake received (delivered) against the replies
expected (lost = expected - delivered, after waiting for delivery to finish).

    .venv/bin/python -m benchmarks.slack_http [--events 2000] [--concurrency 50]
        [--database-url postgresql://...] [--api-latency 0.05]

Targets on a 2-core machine: p99 ack < 100 ms at 50 concurrent, >= 200 events/s,
zero lost replies. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-signing-secret"
WARM_UP = 5
QUESTIONS = [
    "Wat is het Toekomstscenario?", "Wanneer is het inloopuur?", "Wat doet de RvdK?",
    "Hoe werkt de proeftuin?", "Wat zijn de basisbouwstenen?", "partners",
    "Wie is opdrachtgever van het programma?", "hallo",
    "Hoeveel parkeerplekken heeft het gemeentehuis?", "What is the Toekomstscenario about?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def start_fake(latency: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bot.slack.fake_slack_api", "--port", "0",
         "--latency", str(latency)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit("the fake Slack API did not start")
    return proc, url


def start_app(port: int, api_url: str, database_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url,
           "SLACK_BOT_TOKEN": "xoxb-benchmark", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api_url, "SLACK_STAFF_CHANNEL": "CSTAFF", "LOG_LEVEL": "WARNING",
           "SLACK_APP_TOKEN": "", "MICROSOFT_APP_ID": "", "MICROSOFT_APP_PASSWORD": ""}
    serve = "import sys; from bot.cli import main; sys.exit(main(['serve']))"
    with log.open("w") as stderr:
        return subprocess.Popen([sys.executable, "-c", serve], cwd=ROOT, env=env, stderr=stderr)


async def wait_healthy(session: aiohttp.ClientSession, base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the web app did not become healthy")


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
    """Five warm-up events (bolt's first request calls auth.test), then `count` events
    from `concurrency` connections; returns the latencies, the elapsed time and the
    number of non-200 answers of the measured part."""
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


@contextlib.contextmanager
def database(url: str):
    """The database URL to use: a fresh SQLite file, or a PostgreSQL schema of its own
    (dropped afterwards) so runs never see each other's rows."""
    if not url:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    if not url.startswith("postgres"):
        yield url
        return
    from sqlalchemy import create_engine, text

    from storage.database import normalize_url
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{normalize_url(url)}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


async def measure(args: argparse.Namespace, database_url: str, log: Path) -> dict:
    fake, api_url = start_fake(args.api_latency)
    port = free_port()
    app = start_app(port, api_url, database_url, log)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            await wait_healthy(session, base)
            startup_cpu = cpu_seconds(app.pid)
            latencies, elapsed, failures = await send_all(base, args.events, args.concurrency)
            expected = args.events + WARM_UP
            drain_started = time.perf_counter()
            got = await delivered(session, api_url)
            while got < expected and time.perf_counter() - drain_started < args.drain_timeout:
                await asyncio.sleep(0.1)
                got = await delivered(session, api_url)
            total = elapsed + (time.perf_counter() - drain_started)
            cpu = {"web app": cpu_seconds(app.pid) - startup_cpu,
                   "fake Slack API": cpu_seconds(fake.pid), "load client": cpu_seconds(os.getpid())}
    finally:
        app.terminate()
        app.wait(30)
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
    print(f"replies         {got} delivered of {expected} expected, {lost} lost; all "
          f"delivered {total:.1f} s after the first event ({expected / total:.0f}/s end to end)")
    print("cpu ms/event    " + ", ".join(f"{k} {v * 1000 / expected:.2f}"
                                          for k, v in result["cpu"].items()))
    ok = p(0.99) < 100 and rate >= 200 and lost == 0 and result["failures"] == 0
    print("targets         " + ("met" if ok else "MISSED") +
          " (p99 < 100 ms, >= 200 events/s, 0 lost)")
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
