"""Operator mistakes get one clear line on stderr (exit status 2), never a traceback:
a port in use, Teams SingleTenant without a tenant, an unsupported or unreachable
database. Every command that opens a database says which one (without its password)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

HELPDESK = Path(sys.executable).with_name("helpdesk")


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DATABASE_URL", "SLACK_", "MICROSOFT_", "TEAMS_", "PORT",
                                  "HOST", "HELPDESK_DATA"))}
    clean.update(XDG_DATA_HOME=str(tmp_path / "data"), **env)
    return subprocess.run([str(HELPDESK), *args], cwd=tmp_path, env=clean,
                          capture_output=True, text=True, timeout=60)


def one_line(proc: subprocess.CompletedProcess, expected: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines()
             if line.startswith("helpdesk") and not line.startswith("helpdesk: using ")]
    assert len(lines) == 1 and expected in lines[0], proc.stderr


def test_serve_on_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run(tmp_path, "serve", HOST="127.0.0.1", PORT=str(port),
                   DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    one_line(proc, f"cannot listen on 127.0.0.1:{port}")


def test_teams_single_tenant_without_a_tenant(tmp_path):
    proc = run(tmp_path, "serve", MICROSOFT_APP_ID="00000000-0000-0000-0000-0000000000a1",
               MICROSOFT_APP_PASSWORD="x", MICROSOFT_APP_TYPE="SingleTenant")
    one_line(proc, "SingleTenant needs MICROSOFT_APP_TENANT_ID")


@pytest.mark.parametrize("url,expected", [
    ("mysql://user@db/helpdesk", "unsupported DATABASE_URL (mysql)"),
    ("helpdesk.sqlite3", "unsupported DATABASE_URL"),
    ("postgresql://user:s3cret@127.0.0.1:1/helpdesk", "database error (OperationalError)"),
])
def test_a_database_that_cannot_be_used(tmp_path, url, expected):
    proc = run(tmp_path, "db", "upgrade", DATABASE_URL=url)
    one_line(proc, expected)
    assert "s3cret" not in proc.stderr


def test_commands_say_which_database_they_use(tmp_path):
    proc = run(tmp_path, "db", "upgrade")
    database = tmp_path / "data" / "toekomstscenario-helpdesk" / "helpdesk.sqlite3"
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith(f"helpdesk: using database sqlite:///{database}\n")
    assert database.is_file() and not (tmp_path / "helpdesk.sqlite3").exists()
    proc = run(tmp_path, "ask", "--json", "Wat is MAO?")
    assert proc.returncode == 0 and "database" not in proc.stderr, "ask opens no database"
