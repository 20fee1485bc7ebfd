"""What the bot answers from right now: the YAML knowledge base plus the entries
approved in the console, with no redeploy.

`LiveKnowledge.refresh()` reads the database's knowledge revision (one tiny query)
and, when it changed, builds a new `Triage` over the merged knowledge base and
installs it (one attribute swap, so a question being answered keeps the one it
started with). The console calls it right after an approval; the web process
calls it every few seconds, so other processes pick approvals up as well.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from handlers.drafts import entries_from, merged
from handlers.triage import Triage
from knowledge.entries import KnowledgeBase
from storage.console_drafts import DraftRepository

log = logging.getLogger(__name__)

REFRESH_SECONDS = 5.0


class LiveKnowledge:
    def __init__(self, base: Triage, drafts: DraftRepository,
                 build: Callable[[KnowledgeBase], Triage],
                 install: Callable[[Triage], None]):
        self.base = base
        self.drafts = drafts
        self.build = build
        self.install = install
        self.current = base
        self.revision: int | None = None
        self._lock = threading.Lock()

    @property
    def kb(self) -> KnowledgeBase:
        return self.current.kb

    def refresh(self, force: bool = False) -> bool:
        """Rebuild when the served entries changed; True when a new triage went in."""
        revision = self.drafts.revision()
        if revision == self.revision and not force:
            return False
        with self._lock:
            if revision == self.revision and not force:
                return False
            entries = entries_from(d.data for d in self.drafts.approved())
            triage = self.build(merged(self.base.kb, entries)) if entries else self.base
            self.current = triage
            self.install(triage)
            self.revision = revision
        log.info("knowledge base revision %s: %d YAML entries + %d from the console",
                 revision, len(self.base.kb), len(triage.kb) - len(self.base.kb))
        return True
