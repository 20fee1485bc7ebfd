"""/aanmelden, /afmelden, /abonnementen: admins only, per platform and
conversation, on both databases."""

from __future__ import annotations

import pytest

from tests.conftest import contact, staff


def say(services, incoming):
    (reply,) = services.router.handle(incoming)
    return reply


@pytest.mark.parametrize("command", ["/aanmelden", "/subscribe", "/afmelden", "/unsubscribe",
                                     "/abonnementen", "/subscriptions"])
def test_non_admins_are_refused(services, command):
    for who in (contact(command, conversation="C-regio"), staff(command, conversation="C-regio")):
        reply = say(services, who)
        assert reply.kind == "error" and "Alleen beheerders" in reply.text and reply.private
    assert services.subscriptions.all() == []


def test_admin_subscribes_the_channel_it_speaks_in(services):
    reply = say(services, staff("/aanmelden", admin=True, conversation="C-regio"))
    assert "Aangemeld" in reply.text and "inloopuur" in reply.text and "Meet Ups" in reply.text
    assert not reply.private  # the channel sees it
    (sub,) = services.subscriptions.all()
    assert (sub.platform, sub.conversation, sub.kinds) == (
        "shell", "C-regio", frozenset({"walkin", "meetups"}))
    assert sub.created_by == "shell:staff-1"
    again = say(services, staff("/subscribe", admin=True, conversation="C-regio"))
    assert "al de aankondigingen" in again.text


def test_admin_can_choose_kinds(services):
    say(services, staff("/aanmelden inloopuur", admin=True, conversation="C1"))
    say(services, staff("/aanmelden meetups", admin=True, conversation="C2"))
    assert services.subscriptions.targets("walkin") == [("shell", "C1")]
    assert services.subscriptions.targets("meetups") == [("shell", "C2")]
    say(services, staff("/aanmelden alles", admin=True, conversation="C1"))
    assert services.subscriptions.targets("meetups") == [("shell", "C1"), ("shell", "C2")]
    bad = say(services, staff("/aanmelden nieuwsbrief", admin=True, conversation="C1"))
    assert bad.kind == "error" and "Gebruik: /aanmelden" in bad.text


def test_admin_unsubscribes_and_lists(services):
    say(services, staff("/aanmelden", admin=True, conversation="C1"))
    say(services, staff("/aanmelden inloopuur", admin=True, conversation="C2"))
    listing = say(services, staff("/abonnementen", admin=True))
    assert listing.private and "2 aangemelde kanalen" in listing.text
    assert "shell C1: meetups, walkin" in listing.text and "shell C2: walkin" in listing.text
    assert "Afgemeld" in say(services, staff("/afmelden", admin=True, conversation="C1")).text
    assert "niet aangemeld" in say(services, staff("/unsubscribe", admin=True,
                                                   conversation="C1")).text
    assert "1 aangemelde kanaal" in say(services, staff("/subscriptions", admin=True)).text
    say(services, staff("/afmelden", admin=True, conversation="C2"))
    assert "Nog geen kanalen" in say(services, staff("/abonnementen", admin=True)).text
