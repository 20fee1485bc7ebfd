"""The SQLite engine: processes that open a new database file at the same moment all
get a connection (the switch to WAL waits for its turn instead of failing)."""

from __future__ import annotations

import threading

from storage.database import make_engine


def test_engines_opening_a_new_file_together_all_connect(tmp_path):
    rounds, workers = 25, 8
    errors: list[BaseException] = []
    for round_ in range(rounds):
        url = f"sqlite:///{tmp_path}/new-{round_}.sqlite3"
        engines = [make_engine(url) for _ in range(workers)]
        barrier = threading.Barrier(workers)

        def connect(engine, barrier: threading.Barrier) -> None:
            barrier.wait()
            try:
                with engine.connect() as connection:
                    mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
                    assert mode == "wal"
            except BaseException as exc:  # collected: a thread's exception would be lost
                errors.append(exc)

        threads = [threading.Thread(target=connect, args=(e, barrier)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for engine in engines:
            engine.dispose()
    assert errors == []
