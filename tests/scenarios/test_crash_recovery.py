"""kill -9 in the middle of a burst, over real HTTP and real processes (the scenario of
benchmarks/crash.py): 300 signed legal questions at 25 concurrent; what was never
acknowledged is resent, like Slack does. Every question becomes exactly one ticket:
after a restart of the only web process, and with two web processes on one PostgreSQL
where the killed one is not restarted and the other takes over its work."""

from __future__ import annotations

import pytest

from benchmarks.crash import scenario

QUESTIONS = 300


def check(result: dict) -> None:
    assert result["acked_before_kill"] >= 150 and result["resent"] > 0, result
    assert result["at_kill"]["unfinished"] > 0, "the kill must hit unhandled work"
    assert result["acked"] == QUESTIONS
    assert result["tickets"] == result["distinct"] == QUESTIONS, result
    assert result["unfinished"] == 0 and result["failed"] == 0


async def test_kill_9_mid_burst_then_restart_loses_nothing_and_doubles_nothing(database_url,
                                                                               tmp_path):
    check(await scenario(QUESTIONS, 25, 150, 1, database_url, tmp_path))


async def test_two_web_processes_on_postgresql_one_killed(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("several web processes share one PostgreSQL")
    result = await scenario(QUESTIONS, 25, 150, 2, database_url, tmp_path)
    check(result)
    assert result["processes"] == 2
