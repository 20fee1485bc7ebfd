"""Engine, sessions and schema upgrades for SQLite (default) and PostgreSQL.

`DATABASE_URL` decides: `sqlite:///path` (WAL mode, a busy timeout so that
concurrent writers wait instead of failing) or `postgresql://...` (psycopg 3).
The schema is owned by Alembic; `upgrade()` brings any database to head.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_SECONDS = 5
PG_POOL_SIZE = 10
UPGRADE_LOCK = 7_210_453  # any constant: the advisory lock that serialises upgrades
SUPPORTED = ("sqlite:///", "postgresql+psycopg://")


class UnsupportedDatabase(ValueError):
    """DATABASE_URL names a database this service does not run on."""


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common short forms; refuse anything
    but SQLite and PostgreSQL (psycopg 3) with an `UnsupportedDatabase`."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    if not url.startswith(SUPPORTED):
        scheme = url.split(":", 1)[0] if ":" in url else url[:20]
        raise UnsupportedDatabase(
            f"unsupported DATABASE_URL ({scheme or 'empty'}): use sqlite:///path/to/file or "
            "postgresql://user:password@host/database")
    try:
        make_url(url)
    except ArgumentError as exc:
        raise UnsupportedDatabase(f"DATABASE_URL cannot be read: {exc}") from exc
    return url


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(normalize_url(url)).render_as_string(hide_password=True)
    except UnsupportedDatabase:
        return url.split("@")[-1][:80]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (see make_engine).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _into_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _into_wal(cursor) -> None:
    """Switch a new database file to WAL. Processes that open a new file together race
    for this switch, and SQLite answers "database is locked" at once instead of waiting
    for the busy timeout: so wait here, as long as the busy timeout would."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling is switched off in _sqlite_pragmas; begin
        # every transaction IMMEDIATE so writers queue on the busy timeout instead of
        # failing when a read-then-write transaction meets a concurrent writer.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=PG_POOL_SIZE, max_overflow=20,
                         connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_SECONDS})


class Database:
    """One engine and its session factory; repositories get sessions from here.

    On SQLite every transaction takes the file's write lock (BEGIN IMMEDIATE), and a
    thread that finds it taken sleeps in SQLite's busy handler with growing pauses. So
    threads of one process queue on a Python lock instead and get the file the moment
    it is free; other processes still meet the busy timeout."""

    def __init__(self, url: str):
        self.url = normalize_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._turn = threading.RLock() if self.url.startswith("sqlite") else nullcontext()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        with self._turn:
            session = self._sessions()
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    def upgrade(self) -> None:
        """Apply every Alembic migration up to head (idempotent). Processes starting
        together upgrade one at a time: SQLite's write lock, a PostgreSQL advisory lock."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK})")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def warm_up(self, connections: int = PG_POOL_SIZE) -> None:
        """Open the pool's connections now, not in the middle of the first burst."""
        if self.url.startswith("sqlite"):
            return
        opened = [self.engine.connect() for _ in range(connections)]
        for connection in opened:
            connection.close()

    def dispose(self) -> None:
        self.engine.dispose()
