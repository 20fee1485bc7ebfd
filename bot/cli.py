"""The `helpdesk` command: one entry point, one sub-command per job."""

from __future__ import annotations

import argparse
import sys

from bot import cli_kb
from bot.bootstrap import build_triage
from bot.config import Settings
from handlers.walkin import ScheduleRuleError
from knowledge.loader import KnowledgeBaseError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="decide one question (or each stdin line); sends nothing")
    ask.add_argument("question", nargs="?", help="the question; omit to read stdin lines")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")

    kb = sub.add_parser("kb", help="the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate the YAML files; non-zero exit on problems")
    export = kb_sub.add_parser("export", help="print every entry")
    export.add_argument("--json", action="store_true", required=True)
    kb_sub.add_parser("stats", help="counts of entries, phrasings, tags, sources")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
        if args.command == "ask":
            return cli_kb.run_ask(build_triage(settings), args.question, args.json)
        if args.command == "kb":
            return {"check": cli_kb.run_check, "export": cli_kb.run_export,
                    "stats": cli_kb.run_stats}[args.kb_command]()
    except KnowledgeBaseError as exc:
        sys.stderr.write(f"helpdesk: the knowledge base has problems:\n{exc}\n")
        return 2
    except ScheduleRuleError as exc:
        sys.stderr.write(f"helpdesk: WALKIN_SCHEDULE: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
