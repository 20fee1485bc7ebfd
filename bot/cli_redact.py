"""`helpdesk redact`: the redaction every stored question goes through, as a command,
so a curator or privacy officer can check what it removes and what it leaves.

One JSON object per input, in order: `{"text": <redacted>, "removed": {category:
count}}`. Input is the argument, or else every stdin line (an empty line gives an
empty result, so output line N always belongs to input line N). Bytes that are not
UTF-8 are read as U+FFFD instead of stopping the run.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from handlers.redaction import redact


def _lines(stream: TextIO) -> Iterable[str]:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", newline=None)
    for line in stream:
        yield line.rstrip("\n")


def run_redact(words: list[str] | None, stdin: TextIO | None = None,
               stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    texts = [" ".join(words)] if words else _lines(stdin or sys.stdin)
    for text in texts:
        result = redact(text)
        stdout.write(json.dumps({"text": result.text, "removed": dict(result.found)},
                                ensure_ascii=False) + "\n")
        stdout.flush()
    return 0
