"""The `helpdesk` command: one entry point, one sub-command per job."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from bot import cli_console, cli_kb, cli_ops
from bot.config import load_settings
from handlers.walkin import ScheduleRuleError
from knowledge.loader import KnowledgeBaseError
from storage.database import UnsupportedDatabase, describe_url

DATABASE_COMMANDS = {"shell", "serve", "clock", "db", "tickets", "schedule", "meetups"}
"""Commands that open the database; each says which one on stderr."""


def _validation_lines(exc: ValidationError) -> str:
    """One line per invalid setting, without pydantic's links and input echo."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ())) or exc.title
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        lines.append(f"helpdesk: invalid setting {where.upper()}: {message}")
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpdesk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="decide one question (or each stdin line); sends nothing")
    ask.add_argument("question", nargs="?", help="the question; omit to read stdin lines")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--explain", action="store_true",
                     help="show how the decision was made (parts, signals, candidates, why)")

    redact = sub.add_parser("redact", help="remove personal data from text (argument or stdin "
                            "lines); one JSON object per line")
    redact.add_argument("text", nargs="*", help="the text; omit to read stdin lines")

    kb = sub.add_parser("kb", help="the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser(
        "check", help="validate the YAML files and refuse phrasings copied from eval sets; "
                      "non-zero exit on problems")
    check.add_argument("--eval", type=Path, default=None, dest="eval_dir",
                       help="folder of eval *.jsonl files (default ../shared/eval)")
    check.add_argument("--drafts", action="store_true",
                       help="check the entries approved in the console (database) instead")
    kb_sub.add_parser("train-legal", help="train the legal model on legal_examples.yaml "
                                          "(needs scikit-learn, a dev dependency)")
    coverage = kb_sub.add_parser("coverage", help="source sentences that no answer covers")
    coverage.add_argument("--sources", type=Path, default=None,
                          help="folder of the programme texts (default ../shared/sources)")
    coverage.add_argument("--json", action="store_true", help="one JSON object")
    export = kb_sub.add_parser("export", help="print every entry (JSON) or the console's "
                                              "approved entries (YAML)")
    form = export.add_mutually_exclusive_group(required=True)
    form.add_argument("--json", action="store_true", help="every entry of the YAML files")
    form.add_argument("--yaml", action="store_true",
                      help="entries approved in the console, as a knowledge/kb/*.yaml file")
    export.add_argument("--out", default=None, help="with --yaml: write to this file")
    kb_sub.add_parser("stats", help="counts of entries, phrasings, tags, sources")
    kb_sub.add_parser("gaps", help="unanswered questions grouped by similarity, with counts")

    shell = sub.add_parser("shell", help="chat with the bot in the terminal (local default)")
    shell.add_argument("--staff", action="store_true", help="start as helpdesk staff")

    db = sub.add_parser("db", help="the database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations")

    sub.add_parser("serve", help="run the web app: /slack/events, /api/messages, /healthz, "
                                 "/console")
    link = sub.add_parser("console-link", help="print a one-time sign-in link to the console")
    link.add_argument("--platform", required=True, help="slack, teams or shell")
    link.add_argument("--user", required=True, help="the user id (Slack U..., Teams AAD id)")
    link.add_argument("--name", default="", help="display name shown in the console")
    package = sub.add_parser("teams-package", help="build the Teams app package (zip)")
    package.add_argument("--out", default="helpdesk-teams-app.zip", help="zip to write")

    clock = sub.add_parser("clock", help="run the scheduler and the outbox worker (one process)")
    clock.add_argument("--once", action="store_true",
                       help="enqueue what is due now, deliver it, and exit")
    schedule = sub.add_parser("schedule", help="the next occurrences of every clock job")
    schedule.add_argument("--count", type=int, default=3, help="walk-in hours to show")
    meetups = sub.add_parser("meetups", help="meetups: list, sync the YAML, .ics file")
    m_sub = meetups.add_subparsers(dest="meetups_command", required=True)
    m_sub.add_parser("list", help="upcoming meetups with their ids")
    m_sub.add_parser("sync", help="copy knowledge/meetups.yaml into the database")
    ics = m_sub.add_parser("ics", help="print (or write) the iCalendar file of one meetup")
    ics.add_argument("meetup_id")
    ics.add_argument("--out", default=None, help="write to this file instead of stdout")

    tickets = sub.add_parser("tickets", help="ticket maintenance")
    t_sub = tickets.add_subparsers(dest="tickets_command", required=True)
    purge = t_sub.add_parser("purge", help="anonymise tickets closed longer ago than retention")
    purge.add_argument("--days", type=int, default=None, help="override RETENTION_DAYS")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. A reader that goes away (`helpdesk ask < file | head`) ends the
    output quietly, as for any Unix filter, instead of a BrokenPipeError traceback."""
    try:
        status = _run(argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # Python's own advice: point stdout at devnull so the flush at exit cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "redact":  # needs no configuration and no database
        from bot.cli_redact import run_redact

        return run_redact(args.text)
    try:
        settings = load_settings()
        uses_database = args.command in DATABASE_COMMANDS or (
            args.command == "kb" and args.kb_command == "gaps")
        if uses_database:
            sys.stderr.write(f"helpdesk: using database {describe_url(settings.database_url)}\n")
        if args.command == "ask":
            return cli_kb.run_ask(cli_console.triage_for_ask(settings), args.question,
                                  args.json, explain=args.explain)
        if args.command == "kb":
            if args.kb_command == "gaps":
                return cli_ops.run_gaps(settings)
            if args.kb_command == "export" and args.yaml:
                return cli_console.run_export_yaml(settings, args.out)
            if args.kb_command == "check" and args.drafts:
                return cli_console.run_check_drafts(settings)
            if args.kb_command == "check":
                return cli_kb.run_check(eval_dir=args.eval_dir)
            if args.kb_command == "train-legal":
                return cli_kb.run_train_legal()
            if args.kb_command == "coverage":
                return cli_kb.run_coverage(args.sources, as_json=args.json)
            return {"export": cli_kb.run_export, "stats": cli_kb.run_stats}[args.kb_command]()
        if args.command == "shell":
            from bot.shell.terminal import run_shell

            return run_shell(settings, staff=args.staff)
        if args.command == "serve":
            from bot.web import ServeError, run_serve

            try:
                return run_serve(settings)
            except ServeError as exc:
                sys.stderr.write(f"helpdesk serve: {exc}\n")
                return 2
        if args.command == "teams-package":
            from pathlib import Path

            from bot.teams.package import PackageError, build_package

            try:
                sys.stdout.write(f"wrote {build_package(Path(args.out), settings)}\n")
            except PackageError as exc:
                sys.stderr.write(f"helpdesk teams-package: {exc}\n")
                return 2
            return 0
        if args.command == "console-link":
            return cli_console.run_console_link(settings, args.platform, args.user, args.name)
        if args.command == "db":
            return cli_ops.run_db_upgrade(settings)
        if args.command == "clock":
            from bot.clock import run_clock

            return run_clock(settings, once=args.once)
        if args.command == "schedule":
            from bot.cli_schedule import run_schedule

            return run_schedule(settings, count=args.count)
        if args.command == "meetups":
            from bot.cli_schedule import run_meetups

            return run_meetups(settings, args.meetups_command,
                               getattr(args, "meetup_id", None), getattr(args, "out", None))
        if args.command == "tickets":
            return cli_ops.run_purge(settings, args.days)
    except KnowledgeBaseError as exc:
        sys.stderr.write(f"helpdesk: the knowledge base has problems:\n{exc}\n")
        return 2
    except ScheduleRuleError as exc:
        sys.stderr.write(f"helpdesk: WALKIN_SCHEDULE: {exc}\n")
        return 2
    except ValidationError as exc:
        sys.stderr.write(_validation_lines(exc))
        return 2
    except UnsupportedDatabase as exc:
        sys.stderr.write(f"helpdesk: {exc}\n")
        return 2
    except SQLAlchemyError as exc:
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        sys.stderr.write(f"helpdesk: database error ({type(exc).__name__}): {first}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
