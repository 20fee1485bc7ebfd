"""The SQLite engine: processes that open a new database file at the same moment all
get a connection (the switch to WAL waits for its turn instead of failing)."""

from __future__ import annotations

from storage.database import Database
from tests.storage.conftest import race


def _journal_mode(db: Database, _n: int) -> str:
    """The connection's journal mode, or the error that kept it from connecting (a
    thread's own exception would be lost)."""
    try:
        with db.engine.connect() as connection:
            return connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    except Exception as exc:  # collected and asserted on below
        return repr(exc)


def test_engines_opening_a_new_file_together_all_connect(tmp_path):
    for round_ in range(25):
        modes = race(f"sqlite:///{tmp_path}/new-{round_}.sqlite3", 8, _journal_mode)
        assert modes == ["wal"] * 8, modes
