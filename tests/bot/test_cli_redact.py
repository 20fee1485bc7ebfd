"""`helpdesk redact`: argument or stdin lines in, one JSON object per line out, the same
function the ticket path uses; run as the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handlers.redaction import redact

HELPDESK = Path(sys.executable).with_name("helpdesk")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(HELPDESK), "redact", *args], input=stdin, capture_output=True,
                          timeout=60)


def test_argument():
    done = run("Mijn cliënt Jan de Vries, BSN 111222333, bel 06-12345678")
    assert done.returncode == 0
    [line] = done.stdout.decode().splitlines()
    assert json.loads(line) == {"text": "Mijn cliënt [naam], BSN [BSN], bel [telefoon]",
                                "removed": {"bsn": 1, "phone": 1, "name": 1}}


def test_stdin_lines_in_order_with_empty_lines_and_bad_bytes():
    lines = ["mail jan[at]example[dot]nl", "", "Wat is ring 2?", "postcode 2512 ab \xe9"]
    stdin = "\n".join(lines).encode() + b"\n\xff\xfe kerkstraat 12\n"
    done = run(stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 5
    assert out[0] == {"text": "mail [e-mail]", "removed": {"email": 1}}
    assert out[1] == {"text": "", "removed": {}}
    assert out[2] == {"text": "Wat is ring 2?", "removed": {}}
    assert out[3]["removed"] == {"postcode": 1}
    assert out[4]["removed"] == {"address": 1} and "\ufffd" in out[4]["text"]


def test_same_result_as_the_function_the_tickets_use():
    text = "Moeder (geboren 3 mei 1990) woont op de Laan van Meerdervoort 100"
    [line] = run(text).stdout.decode().splitlines()
    result = redact(text)
    assert json.loads(line) == {"text": result.text, "removed": dict(result.found)}
