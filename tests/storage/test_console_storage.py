"""Console storage on SQLite and PostgreSQL: one-time links (also under a race),
sessions, interaction counts (concurrent upserts), drafts with four-eyes approval."""

from __future__ import annotations

from datetime import date, timedelta

from storage.console_auth import ConsoleAuthRepository, Identity, digest
from storage.console_drafts import DraftRepository
from storage.console_insights import InteractionRepository
from storage.console_models import ConsoleLoginLink
from storage.models import utcnow
from tests.storage.conftest import race

ANN = Identity("slack", "UANN", "Ann")


def test_a_link_is_redeemed_once_and_only_its_hash_is_stored(db):
    auth = ConsoleAuthRepository(db)
    token = auth.issue_link(ANN)
    with db.session() as session:
        row = session.get(ConsoleLoginLink, digest(token))
        assert row.user == "UANN" and token not in (row.token_hash, row.user)
    first, second = auth.redeem(token), auth.redeem(token)
    assert first.ok and first.identity == ANN
    assert not second.ok and second.reason == "used"
    assert auth.redeem("nope").reason == "unknown"


def test_a_link_expires_after_ten_minutes(db):
    auth = ConsoleAuthRepository(db)
    issued = utcnow()
    token = auth.issue_link(ANN, now=issued)
    assert auth.redeem(token, now=issued + timedelta(minutes=10, seconds=1)).reason == "expired"
    fresh = auth.issue_link(ANN, now=issued)
    assert auth.redeem(fresh, now=issued + timedelta(minutes=9, seconds=59)).ok


def test_two_browsers_racing_with_one_link_one_wins(database_url, db):
    token = ConsoleAuthRepository(db).issue_link(ANN)
    results = race(database_url, 6, lambda other, n: ConsoleAuthRepository(other).redeem(token))
    assert sum(r.ok for r in results) == 1
    assert {r.reason for r in results if not r.ok} == {"used"}


def test_sessions_last_eight_hours_and_end_on_sign_out(db):
    auth = ConsoleAuthRepository(db)
    start = utcnow()
    session = auth.start_session(ANN, now=start)
    assert auth.session(session.token, now=start + timedelta(hours=7, minutes=59)).identity == ANN
    assert auth.session(session.token, now=start + timedelta(hours=8)) is None
    assert auth.session("x" * 500) is None and auth.session("") is None
    other = auth.start_session(ANN)
    assert other.csrf != session.csrf and len(other.csrf) == 64
    auth.end_session(other.token)
    assert auth.session(other.token) is None
    assert auth.purge_expired(now=start + timedelta(hours=9)) == 1


def test_counts_wait_in_memory_until_a_read_or_the_interval(db):
    clock = [0.0]
    repo = InteractionRepository(db, monotonic=lambda: clock[0])
    other = InteractionRepository(db)
    repo.record("slack", "answer", "ring-1", "nl")
    today = repo.today()
    assert other.daily(today, today) == [], "not written yet"
    clock[0] = 6.0  # past FLUSH_SECONDS: the next count writes both
    repo.record("slack", "answer", "ring-1", "nl")
    assert other.daily(today, today) == [(today.isoformat(), "answer", 2)]
    repo.record("slack", "fallback", "", "nl")
    assert repo.daily(today, today)[-1] == (today.isoformat(), "fallback", 1), \
        "a read flushes this process's counts first"


def test_interaction_counts_add_up_under_concurrent_writers(database_url, db):
    def work(other, n):
        repo = InteractionRepository(other)
        for _ in range(25):  # each count written at once: concurrent upserts on one row
            repo.record("slack", "answer", "ring-1", "nl")
            repo.flush()
        return True

    race(database_url, 4, work)
    repo = InteractionRepository(db)
    repo.record("teams", "fallback", "", "en")
    today = repo.today()
    assert sorted(repo.daily(today, today)) == [(today.isoformat(), "answer", 100),
                                                (today.isoformat(), "fallback", 1)]
    assert repo.entries(today, today) == [("ring-1", 100)]
    assert repo.matched_entries() == {"ring-1"}
    [row_a, row_b] = repo.rows(today, today)
    assert (row_a.platform, row_a.count, row_b.language) == ("slack", 100, "en")


def test_counts_fall_on_the_local_day(db):
    from datetime import UTC, datetime

    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 March in Amsterdam
    repo = InteractionRepository(db, "Europe/Amsterdam", now=lambda: late)
    repo.record("slack", "smalltalk", "", "nl")
    assert repo.daily(date(2026, 3, 2), date(2026, 3, 2)) == [("2026-03-02", "smalltalk", 1)]


DATA = {"id": "nieuw-antwoord", "title": "Nieuw", "answer": "Tekst."}


def test_four_eyes_approval(db):
    drafts = DraftRepository(db)
    draft = drafts.create(DATA, "slack:A")
    assert drafts.approve(draft.id, "slack:A", draft.version).reason == "same_person"
    edited = drafts.update(draft.id, {**DATA, "title": "Nieuw 2"}, "slack:B", draft.version)
    assert edited.ok
    assert drafts.approve(draft.id, "slack:B", edited.draft.version).reason == "same_person"
    assert drafts.approve(draft.id, "slack:C", draft.version).reason == "stale"
    before = drafts.revision()
    approved = drafts.approve(draft.id, "slack:C", edited.draft.version)
    assert approved.ok and approved.draft.approved_by == "slack:C"
    assert drafts.revision() == before + 1
    assert [d.entry_id for d in drafts.approved()] == ["nieuw-antwoord"]
    assert drafts.update(draft.id, DATA, "slack:A", approved.draft.version).reason == \
        "wrong_status"
    assert drafts.withdraw(draft.id, "slack:A").ok and drafts.approved() == []
    assert drafts.revision() == before + 2


def test_two_approved_entries_never_share_an_id(database_url, db):
    drafts = DraftRepository(db)
    one, two = drafts.create(DATA, "slack:A"), drafts.create(DATA, "slack:B")
    results = race(database_url, 2, lambda other, n: DraftRepository(other).approve(
        [one, two][n].id, "slack:C", 1))
    assert sorted(r.ok for r in results) == [False, True]
    assert [r.reason for r in results if not r.ok] == ["id_taken"]
    assert len(drafts.approved()) == 1


def test_ticket_times_are_computed_by_the_database(db):
    from storage.tickets import TicketRepository

    tickets = TicketRepository(db)
    made = tickets.create(queue="legal", platform="slack", conversation="C", thread=None,
                          asker="U", language="nl", question="q", redactions={})
    tickets.create(queue="legal", platform="slack", conversation="C", thread=None,
                   asker="U", language="nl", question="q2", redactions={})
    tickets.claim(made.id, "slack:S")
    tickets.answer(made.id, "slack:S", "a")
    repo = InteractionRepository(db, now=lambda: utcnow() + timedelta(hours=30))
    today = utcnow().date()
    times = sorted(repo.ticket_times(today - timedelta(days=1), today + timedelta(days=1)),
                   key=lambda t: t.status)
    [answered, waiting] = times
    assert answered.status == "answered" and 0 <= answered.claim_seconds < 60
    assert 0 <= answered.answer_seconds < 60
    assert waiting.claim_seconds is None and waiting.answer_seconds is None
    assert 30 * 3600 - 60 < waiting.age_seconds < 30 * 3600 + 60
