"""`/console` in chat: a private one-time link for staff, curators and admins only;
asked in a channel, the link goes to the person's direct messages via the outbox."""

from __future__ import annotations

from handlers.messages import ROLE_CURATOR, Incoming
from storage.outbox_models import OutboxMessage
from tests.conftest import contact, staff


def _count(services) -> int:
    with services.db.session() as session:
        return session.query(OutboxMessage).count()


def test_a_regional_contact_gets_no_link(services):
    [reply] = services.router.handle(contact("/console", is_direct=True))
    assert "login?token=" not in reply.text and reply.private
    assert _count(services) == 0


def test_staff_get_a_private_link_in_a_direct_conversation(services):
    [reply] = services.router.handle(staff("/console", is_direct=True, user_name="Sam"))
    assert reply.private and "http://localhost:3978/console/login?token=" in reply.text
    token = reply.text.split("token=", 1)[1].split()[0]
    result = services.console.auth.redeem(token)
    assert result.ok and result.identity.actor == "shell:staff-1"
    assert result.identity.user_name == "Sam"


def test_in_a_channel_the_link_goes_to_direct_messages(services):
    curator = Incoming(platform="shell", conversation="kanaal", user="cur-1", text="/console",
                       roles=frozenset({ROLE_CURATOR}))
    [reply] = services.router.handle(curator)
    assert "token=" not in reply.text and "privébericht" in reply.text
    with services.db.session() as session:
        [row] = session.query(OutboxMessage).all()
        assert row.mode == "direct" and row.target == "cur-1" and "token=" in \
            row.payload["text"]


def test_help_lists_the_command_for_staff_only(services):
    [help_staff] = services.router.handle(staff("/help"))
    [help_contact] = services.router.handle(contact("/help"))
    assert "/console" in help_staff.text and "/console" not in help_contact.text
