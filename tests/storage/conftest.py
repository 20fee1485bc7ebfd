"""Storage helpers: a way to race real connections (the `db` fixture is in tests/conftest.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from storage.database import Database

T = TypeVar("T")


def race(database_url: str, workers: int, work: Callable[[Database, int], T]) -> list[T]:
    """Run `work(db, n)` in `workers` threads at once, each with its own engine (so its
    own connections and sessions), released together by a barrier; results in order."""
    engines = [Database(database_url) for _ in range(workers)]
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(n: int) -> None:
        barrier.wait()
        results[n] = work(engines[n], n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    return results
