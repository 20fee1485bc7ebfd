"""The whole legal-helpdesk conversation, platform-neutral: a contact asks a
legal question with a BSN and an e-mail address in it; the ticket is stored
redacted; the staff card is delivered; staff claim, answer and close; the asker
receives the answer privately; the audit trail is complete."""

from __future__ import annotations

from handlers.messages import Action
from tests.conftest import contact, staff

QUESTION = ("Mag ik zonder toestemming van de moeder gegevens delen met de Raad voor de "
            "Kinderbescherming? Haar BSN is 123456782 en haar mail is m.devries@example.org.")


async def test_legal_question_from_ask_to_close(services, messenger):
    (confirmation,) = services.router.handle(contact(QUESTION, user="regio-noord"))
    assert confirmation.kind == "ticket" and confirmation.private
    number = int(confirmation.fields["ticket"])
    assert f"#{number}" in confirmation.text and "BSN" in confirmation.text

    stored = services.tickets.get(number)
    assert "123456782" not in stored.question and "m.devries@example.org" not in stored.question
    assert "[BSN]" in stored.question and "[e-mail]" in stored.question

    await services.worker.drain()
    (card,) = messenger.to("staff")
    assert card.mode == "post" and "[BSN]" in card.reply.text
    assert "123456782" not in card.reply.text
    assert [c.action for c in card.reply.choices][:2] == ["ticket.claim", "ticket.answer"]

    claim = next(c for c in card.reply.choices if c.action == "ticket.claim")
    (claimed,) = services.router.handle(staff(action=Action(claim.action, claim.value),
                                              user="jurist-anna"))
    assert "opgepakt" in claimed.text
    await services.worker.drain()
    assert "opgepakt door jurist-anna" in messenger.to("staff", "update")[-1].reply.text

    answer = "Delen zonder toestemming kan alleen met een wettelijke grondslag; bel ons even."
    (answered,) = services.router.handle(staff(
        action=Action("ticket.answer", str(number), {"text": answer}), user="jurist-anna"))
    assert "privé" in answered.text
    await services.worker.drain()
    (delivered,) = messenger.to("regio-noord", "direct")
    assert answer in delivered.reply.text and delivered.reply.private

    (closed,) = services.router.handle(staff(f"/close {number}", user="jurist-anna"))
    assert "gesloten" in closed.text
    await services.worker.drain()
    assert "gesloten" in messenger.to("staff", "update")[-1].reply.text
    assert len(messenger.to("regio-noord")) == 1  # answered, so no "closed" note

    trail = services.tickets.events(number)
    assert [(a, who) for a, who, _, _ in trail] == [
        ("created", "shell:regio-noord"), ("claimed", "shell:jurist-anna"),
        ("answered", "shell:jurist-anna"), ("closed", "shell:jurist-anna")]
    assert all(QUESTION not in detail for _, _, detail, _ in trail)
