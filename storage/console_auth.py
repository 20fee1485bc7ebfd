"""Sign-in links and sessions of the console, kept in the database so that every
web process knows them.

A link's token and a session's cookie value are random (`secrets.token_urlsafe`,
256 bits); only their SHA-256 is stored, so reading the database does not let
anyone sign in. Redeeming a link is one conditional UPDATE (unused and not
expired): of two browsers racing with the same link exactly one wins.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from storage.console_models import ConsoleLoginLink, ConsoleSession
from storage.database import Database
from storage.models import utcnow

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=8)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Identity:
    """Who a link or session belongs to."""

    platform: str
    user: str
    user_name: str = ""

    @property
    def actor(self) -> str:
        return f"{self.platform}:{self.user}"

    @property
    def display(self) -> str:
        return self.user_name or self.user


@dataclass(frozen=True)
class SessionView:
    identity: Identity
    token: str
    expires_at: datetime

    @property
    def csrf(self) -> str:
        """The form token of this session: derived from the secret cookie value, so it
        needs no storage and cannot be guessed without the cookie."""
        return hmac.new(self.token.encode(), b"console-csrf", hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Redemption:
    ok: bool
    identity: Identity | None = None
    reason: str = ""  # unknown | used | expired


class ConsoleAuthRepository:
    def __init__(self, db: Database):
        self.db = db

    def issue_link(self, identity: Identity, now: datetime | None = None,
                   ttl: timedelta = LINK_TTL) -> str:
        """A new one-time token for `identity`, valid for `ttl`."""
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        with self.db.session() as session:
            session.add(ConsoleLoginLink(
                token_hash=digest(token), platform=identity.platform, user=identity.user[:255],
                user_name=identity.user_name[:255], created_at=now, expires_at=now + ttl))
        return token

    def redeem(self, token: str, now: datetime | None = None) -> Redemption:
        """Use a link: succeeds once, within its lifetime."""
        now = now or utcnow()
        key = digest(token)
        with self.db.session() as session:
            won = session.execute(
                update(ConsoleLoginLink)
                .where(ConsoleLoginLink.token_hash == key, ConsoleLoginLink.used_at.is_(None),
                       ConsoleLoginLink.expires_at > now)
                .values(used_at=now).execution_options(synchronize_session=False))
            row = session.get(ConsoleLoginLink, key)
            if row is None:
                return Redemption(False, reason="unknown")
            identity = Identity(row.platform, row.user, row.user_name)
            if won.rowcount == 1:
                return Redemption(True, identity)
            return Redemption(False, identity, "used" if row.used_at is not None else "expired")

    def start_session(self, identity: Identity, now: datetime | None = None,
                      ttl: timedelta = SESSION_TTL) -> SessionView:
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        with self.db.session() as session:
            session.add(ConsoleSession(
                token_hash=digest(token), platform=identity.platform, user=identity.user,
                user_name=identity.user_name, created_at=now, expires_at=now + ttl))
        return SessionView(identity, token, now + ttl)

    def session(self, token: str, now: datetime | None = None) -> SessionView | None:
        """The live session for a cookie value, or None (unknown or expired)."""
        if not token or len(token) > 200:
            return None
        now = now or utcnow()
        with self.db.session() as session:
            row = session.get(ConsoleSession, digest(token))
            if row is None or row.expires_at <= now:
                return None
            return SessionView(Identity(row.platform, row.user, row.user_name), token,
                               row.expires_at)

    def end_session(self, token: str) -> None:
        with self.db.session() as session:
            session.execute(delete(ConsoleSession).where(
                ConsoleSession.token_hash == digest(token)))

    def purge_expired(self, now: datetime | None = None) -> int:
        """Drop expired sessions and links (links a day after they expired)."""
        now = now or utcnow()
        with self.db.session() as session:
            gone = session.execute(delete(ConsoleSession).where(
                ConsoleSession.expires_at <= now)).rowcount
            gone += session.execute(delete(ConsoleLoginLink).where(
                ConsoleLoginLink.expires_at <= now - timedelta(days=1))).rowcount
        return gone

    def sessions_of(self, platform: str, user: str) -> int:
        with self.db.session() as session:
            return len(session.scalars(select(ConsoleSession.token_hash).where(
                ConsoleSession.platform == platform, ConsoleSession.user == user)).all())
