"""slack_bolt and slack_sdk are imported only inside bot/slack (and tests), and nothing
in bot/slack does work at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("bot", "handlers", "knowledge", "storage")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_slack_libraries_are_imported_only_in_bot_slack():
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.is_relative_to(ROOT / "bot" / "slack"):
                continue
            if _imports(path) & {"slack_bolt", "slack_sdk"}:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    assert _imports(ROOT / "bot" / "slack" / "adapter.py") & {"slack_bolt"}, "the check works"


def test_importing_bot_slack_has_no_side_effects():
    """In a fresh interpreter: no threads, no event loop, no sockets after the imports."""
    code = (
        "import asyncio, gc, socket, threading\n"
        "import bot.slack.adapter, bot.slack.socket_mode\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
        "assert asyncio.events._get_running_loop() is None\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, socket.socket)]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
