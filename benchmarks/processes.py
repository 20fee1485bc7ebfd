"""Running the real thing for benchmarks: `helpdesk serve` processes, the fake Slack Web
API in its own process, a database of its own per run, and signed Slack requests.

Used by benchmarks/slack_http.py and benchmarks/crash.py (and the crash test).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.databases import postgres_schema

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-signing-secret"
SERVE = "import sys; from bot.cli import main; sys.exit(main(['serve']))"


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


def start_fake_slack(latency: float = 0.0) -> tuple[subprocess.Popen, str]:
    """The fake Slack Web API in its own process; returns it and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bot.slack.fake_slack_api", "--port", "0",
         "--latency", str(latency)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit("the fake Slack API did not start")
    return proc, url


class Serve:
    """One `helpdesk serve` process on 127.0.0.1 with Slack pointed at a fake API."""

    def __init__(self, api_url: str, database_url: str, log: Path, **env: str):
        self.port = free_port()
        self.api_url = api_url
        self.database_url = database_url
        self.log = log
        self.env = env
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Serve:
        env = {**os.environ, "PORT": str(self.port), "HOST": "127.0.0.1",
               "DATABASE_URL": self.database_url, "SLACK_BOT_TOKEN": "xoxb-benchmark",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": self.api_url,
               "SLACK_STAFF_CHANNEL": "CSTAFF", "LOG_LEVEL": "WARNING", "SLACK_APP_TOKEN": "",
               "MICROSOFT_APP_ID": "", "MICROSOFT_APP_PASSWORD": "",
               "TEAMS_ALLOW_UNAUTHENTICATED": "", **self.env}
        with self.log.open("a") as stderr:
            self.proc = subprocess.Popen([sys.executable, "-c", SERVE], cwd=ROOT, env=env,
                                         stderr=stderr, stdout=stderr)
        return self

    def kill(self) -> None:
        """kill -9: no shutdown hooks, nothing flushed."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()

    async def healthy(self, session: aiohttp.ClientSession, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise SystemExit(f"helpdesk serve exited: see {self.log}")
            try:
                async with session.get(f"{self.base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
        raise SystemExit("the web app did not become healthy")


def signed_headers(raw: str, verifier: SignatureVerifier | None = None,
                   content_type: str = "application/json") -> dict[str, str]:
    verifier = verifier or SignatureVerifier(SECRET)
    ts = str(int(time.time()))
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": verifier.generate_signature(timestamp=ts, body=raw)}


@contextlib.contextmanager
def database(url: str) -> Iterator[str]:
    """The database URL to use: a fresh SQLite file, or a PostgreSQL schema of its own
    (dropped afterwards) so runs never see each other's rows."""
    if not url:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    if not url.startswith("postgres"):
        yield url
        return
    with postgres_schema(url, "bench") as scoped:
        yield scoped
