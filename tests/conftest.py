"""Shared fixtures: a fresh database per test on SQLite and, when
HELPDESK_TEST_POSTGRES_URL is set, the same test again on PostgreSQL (in a
schema of its own, dropped afterwards); settings without any real credentials;
a triage built once per session; services wired to a recording messenger."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bot.bootstrap import Services, build_services, build_triage
from bot.config import Settings, load_settings
from handlers.messages import ROLE_ADMIN, ROLE_STAFF, Incoming
from handlers.ticket_cards import Destinations
from handlers.triage import Triage
from storage.database import Database
from tests.databases import postgres_schema
from tests.fakes import FakeClock, RecordingMessenger

PG_URL = os.environ.get("HELPDESK_TEST_POSTGRES_URL", "").strip()
DATABASES = ["sqlite", "postgresql"]


def make_settings(**overrides) -> Settings:
    """Settings for tests: no .env file, no credentials unless given; platform settings by
    their variable name in lower case (slack_bot_token=..., microsoft_app_id=...)."""
    if "DATABASE_URL" not in os.environ:  # never the user's own database
        overrides.setdefault("database_url", "sqlite:///:memory:")
    return load_settings(_env_file=None, **overrides)


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory) -> Iterator[None]:
    """Point the default SQLite location at a scratch directory for the whole run (and
    the commands tests start), so no test reads or writes the user's own database, and
    a database left there by someone else cannot change a result."""
    saved = os.environ.get("HELPDESK_DATA_DIR")
    os.environ["HELPDESK_DATA_DIR"] = str(tmp_path_factory.mktemp("helpdesk-data"))
    yield
    if saved is None:
        os.environ.pop("HELPDESK_DATA_DIR", None)
    else:
        os.environ["HELPDESK_DATA_DIR"] = saved


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL: SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'helpdesk.db'}"
        return
    if not PG_URL:
        pytest.skip("HELPDESK_TEST_POSTGRES_URL is not set")
    with postgres_schema(PG_URL) as url:
        yield url


@pytest.fixture
def db(database_url) -> Iterator[Database]:
    """An upgraded, empty database."""
    database = Database(database_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def triage() -> Triage:
    return build_triage(make_settings())


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger("shell")


@pytest.fixture
def clock() -> FakeClock:
    """Now, until a test moves it."""
    return FakeClock()


@pytest.fixture
def services(database_url, triage, messenger, clock) -> Iterator[Services]:
    """Everything wired on a fresh database with a fake clock; cards go to the 'staff'
    channel."""
    built = build_services(
        make_settings(database_url=database_url), messengers={"shell": messenger},
        destinations=Destinations.everywhere({"shell": "staff"}), triage=triage, now=clock)
    yield built
    built.db.dispose()


def contact(text: str = "", user: str = "contact-1", **kw) -> Incoming:
    """A regional contact speaking in the terminal."""
    kw.setdefault("conversation", "c-1")
    return Incoming(platform="shell", user=user, text=text, **kw)


def staff(text: str = "", user: str = "staff-1", admin: bool = False, **kw) -> Incoming:
    """A helpdesk staff member (admin too when asked)."""
    roles = frozenset({ROLE_STAFF, ROLE_ADMIN} if admin else {ROLE_STAFF})
    kw.setdefault("conversation", "staff")
    return Incoming(platform="shell", user=user, text=text, roles=roles, **kw)
