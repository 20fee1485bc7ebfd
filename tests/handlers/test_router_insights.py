"""The router counts every question's outcome, once, as (day, platform, outcome, entry,
language) only: no question text, no user id reaches the insights table."""

from __future__ import annotations

from sqlalchemy import select

from storage.console_models import InteractionCount
from tests.conftest import contact, staff


def _rows(services) -> list[tuple[str, str, str, str, int]]:
    services.console.interactions.flush()
    with services.db.session() as session:
        rows = session.execute(select(InteractionCount)).scalars().all()
        return sorted((r.platform, r.outcome, r.entry_id, r.language, r.count) for r in rows)


def test_outcomes_are_counted_without_text_or_user(services):
    router = services.router
    [answer] = router.handle(contact("Wat zijn de basisbouwstenen?"))
    router.handle(contact("Wat zijn de basisbouwstenen?", user="contact-2"))
    router.handle(contact("What are the building blocks?"))
    router.handle(contact("hallo"))
    router.handle(contact("Mag ik zonder toestemming gegevens delen met de RvdK? BSN 111222333"))
    router.handle(contact("Hoeveel kost een parkeervergunning op de Veluwe in 2031?"))
    router.handle(staff("/tickets"))
    router.handle(contact("/help"))
    rows = _rows(services)
    assert ("shell", "answer", answer.entry_id, "nl", 2) in rows
    assert ("shell", "smalltalk", "", "nl", 1) in rows
    assert ("shell", "legal", "", "nl", 1) in rows
    assert ("shell", "fallback", "", "nl", 1) in rows
    assert sum(r[-1] for r in rows) == 6, "commands are not questions"
    flat = repr(rows)
    assert "contact-1" not in flat and "basisbouwstenen" not in flat.replace(
        answer.entry_id, "")


async def test_a_platform_retry_is_counted_once(database_url, triage):
    """A retried delivery is dropped by the inbox before the router sees it."""
    import io

    from bot.bootstrap import build_services
    from bot.platform import MESSAGE
    from storage.inbox import InboxItem
    from tests.conftest import make_settings

    services = build_services(make_settings(database_url=database_url), platforms=["shell"],
                              out=io.StringIO(), triage=triage)
    try:
        incoming = contact("hallo", event_id="Ev1")
        for _ in range(2):
            await services.intake.accept(InboxItem("shell", "Ev1", MESSAGE, {
                "incoming": incoming.to_dict(), "origin": {"user": incoming.user}}))
        assert await services.pipeline.drain() == 1
        assert sum(r[-1] for r in _rows(services)) == 1
    finally:
        await services.intake.close()
        services.pipeline.close()
        services.db.dispose()


def test_counting_never_stands_in_the_way_of_answering(services):
    class Broken:
        def record(self, *args):
            raise RuntimeError("database away")

    services.router.recorder = Broken()
    [reply] = services.router.handle(contact("Wat zijn de basisbouwstenen?"))
    assert reply.kind == "answer"
