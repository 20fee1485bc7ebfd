"""Subscriptions and meetups in the database (migration 0002), on SQLite and
(with HELPDESK_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select

from storage.database import MIGRATIONS_DIR
from storage.meetups import OUTBOX_CANCELLED, MeetupRepository, MeetupSpec
from storage.outbox import OutboxItem, OutboxRepository
from storage.outbox_models import OutboxMessage
from storage.schedule_models import KIND_MEETUPS, KIND_WALKIN
from storage.subscriptions import SubscriptionRepository

START = datetime(2026, 12, 10, 13, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def spec(**kw) -> MeetupSpec:
    fields = dict(title="Meet Up lerende omgeving", starts_at=START,
                  building_blocks=("Lerende omgeving",), audience="projectleiders",
                  link="https://example.org/a")
    fields.update(kw)
    return MeetupSpec(**fields)


def test_migration_0002_upgrades_and_downgrades(db):
    tables = set(inspect(db.engine).get_table_names())
    assert {"subscriptions", "meetups"} <= tables
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    db.engine.dispose()
    assert not {"subscriptions", "meetups"} & set(inspect(db.engine).get_table_names())
    db.upgrade()
    assert {"subscriptions", "meetups"} <= set(inspect(db.engine).get_table_names())


def test_subscribe_is_one_row_per_platform_and_conversation(db):
    subs = SubscriptionRepository(db)
    assert subs.subscribe("slack", "C1", frozenset({KIND_WALKIN}), "slack:U1") == "new"
    assert subs.subscribe("slack", "C1", frozenset({KIND_WALKIN}), "slack:U2") == "same"
    assert subs.subscribe("teams", "C1", created_by="teams:A") == "new"
    assert subs.targets(KIND_WALKIN) == [("slack", "C1"), ("teams", "C1")]
    assert subs.targets(KIND_MEETUPS) == [("teams", "C1")]
    assert subs.subscribe("slack", "C1", frozenset({KIND_WALKIN, KIND_MEETUPS})) == "updated"
    assert subs.targets(KIND_MEETUPS) == [("slack", "C1"), ("teams", "C1")]
    view = subs.get("slack", "C1")
    assert view.created_by == "slack:U1" and view.created_at.tzinfo is not None
    assert subs.unsubscribe("slack", "C1") is True
    assert subs.unsubscribe("slack", "C1") is False
    assert [s.conversation for s in subs.all()] == ["C1"]


def test_add_makes_readable_unique_ids(db):
    meetups = MeetupRepository(db)
    first = meetups.add(spec(title="Meet Up: één bouwsteen!"), "slack:U1",
                        local_date="2026-12-10")
    second = meetups.add(spec(title="Meet Up: één bouwsteen!"), "slack:U1",
                         local_date="2026-12-10")
    assert first.id == "2026-12-10-meet-up-een-bouwsteen"
    assert second.id == "2026-12-10-meet-up-een-bouwsteen-2"
    got = meetups.get(first.id)
    assert got.starts_at == START and got.building_blocks == ("Lerende omgeving",)
    assert got.ends_at == START + timedelta(minutes=90) and got.source == "chat"


def test_upcoming_is_ordered_and_leaves_out_ended_and_cancelled(db):
    meetups = MeetupRepository(db)
    later = meetups.add(spec(id="later", starts_at=START + timedelta(days=3)), "a")
    soon = meetups.add(spec(id="soon"), "a")
    meetups.add(spec(id="over", starts_at=NOW - timedelta(hours=3)), "a")
    running = meetups.add(spec(id="running", starts_at=NOW - timedelta(minutes=30)), "a")
    gone = meetups.add(spec(id="gone", starts_at=START + timedelta(days=1)), "a")
    meetups.cancel(gone.id, "a", now=NOW)
    assert [m.id for m in meetups.upcoming(NOW)] == [running.id, soon.id, later.id]
    assert "gone" in [m.id for m in meetups.upcoming(NOW, include_cancelled=True)]


def test_cancel_withdraws_waiting_reminders_and_notifies_only_reached_channels(db):
    meetups, outbox = MeetupRepository(db), OutboxRepository(db)
    m = meetups.add(spec(id="m1"), "a")
    outbox.enqueue([OutboxItem("meetup:m1:7d:x", "slack", "C1", {"text": "r"}),
                    OutboxItem("meetup:m1:7d:x", "slack", "C2", {"text": "r"}),
                    OutboxItem("meetup:m1:1d:x", "slack", "C1", {"text": "r"}),
                    OutboxItem("meetup:m10:1d:x", "slack", "C1", {"text": "other meetup"})])
    claimed = outbox.claim_due(limit=1)
    outbox.mark_sent(claimed[0].id, "ts")  # C1 got the 7-day reminder
    seen = []

    def notice(view, targets):
        seen.append((view.id, view.status, targets))
        return [OutboxItem("meetup:m1:cancelled", p, t, {"text": "afgelast"}) for p, t in targets]

    result = meetups.cancel(m.id, "slack:U9", notice=notice, now=NOW)
    assert result.ok and result.notified == (("slack", "C1"),)
    assert seen == [("m1", "cancelled", [("slack", "C1")])]
    with db.session() as s:
        rows = {(r.key, r.target): r.status for r in s.scalars(select(OutboxMessage))}
    assert rows[("meetup:m1:7d:x", "C2")] == OUTBOX_CANCELLED
    assert rows[("meetup:m1:1d:x", "C1")] == OUTBOX_CANCELLED
    assert rows[("meetup:m10:1d:x", "C1")] == "pending"  # another meetup's prefix
    assert rows[("meetup:m1:cancelled", "C1")] == "pending"
    again = meetups.cancel(m.id, "slack:U9", notice=notice, now=NOW)
    assert not again.ok and again.reason == "already_cancelled" and len(seen) == 1
    assert meetups.cancel("nope", "x").reason == "not_found"
    assert meetups.get("m1").sequence == 1 and meetups.get("m1").cancelled


def test_enqueue_reminders_only_for_a_scheduled_meetup_at_that_time(db):
    meetups = MeetupRepository(db)
    meetups.add(spec(id="m1"), "a")
    item = [OutboxItem("meetup:m1:1d:x", "slack", "C1", {"text": "r"})]
    assert meetups.enqueue_reminders("m1", START + timedelta(hours=1), item) == 0  # moved
    assert meetups.enqueue_reminders("m1", START, item) == 1
    assert meetups.enqueue_reminders("m1", START, item) == 0  # same key: no-op
    meetups.cancel("m1", "a")
    assert meetups.enqueue_reminders("m1", START, [
        OutboxItem("meetup:m1:dag:x", "slack", "C1", {"text": "r"})]) == 0
    assert meetups.enqueue_reminders("missing", START, item) == 0


def test_sync_upserts_by_id_and_never_undoes_a_cancellation(db):
    meetups = MeetupRepository(db)
    first = meetups.sync([spec(id="y1"), spec(id="y2", title="Twee")])
    assert first.added == ["y1", "y2"] and not first.to_cancel
    assert meetups.get("y1").source == "yaml"
    same = meetups.sync([spec(id="y1"), spec(id="y2", title="Twee")])
    assert same.unchanged == ["y1", "y2"] and meetups.get("y1").sequence == 0
    meetups.cancel("y2", "slack:U1")
    moved = meetups.sync([spec(id="y1", starts_at=START + timedelta(days=1)),
                          spec(id="y2", title="Twee (nieuw)")])
    assert moved.updated == ["y1", "y2"]
    assert meetups.get("y1").starts_at == START + timedelta(days=1)
    assert meetups.get("y1").sequence == 1
    y2 = meetups.get("y2")
    assert y2.title == "Twee (nieuw)" and y2.cancelled  # still cancelled
    flagged = meetups.sync([spec(id="y1", starts_at=START + timedelta(days=1), cancelled=True),
                            spec(id="y2", title="Twee (nieuw)", cancelled=True)])
    assert flagged.to_cancel == ["y1"]  # y2 was cancelled already


def test_sync_does_not_overwrite_a_meetup_added_in_chat(db):
    meetups = MeetupRepository(db)
    meetups.add(spec(id="shared"), "slack:U1")
    result = meetups.sync([spec(id="shared", title="Anders")])
    assert result.skipped == ["shared"]
    assert meetups.get("shared").title == "Meet Up lerende omgeving"
