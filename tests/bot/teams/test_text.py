"""Reading a Teams message: mentions, commands from the command list, who and where."""

from __future__ import annotations

from botbuilder.schema import Activity

from bot.teams.activity import as_command, clean_text, event_id, scope_of, tenant_of, user_id
from tests.bot.teams.harness import fixture


def activity(name: str, **changes) -> Activity:
    return Activity().deserialize({**fixture(name), **changes})


def test_mentions_of_the_bot_are_removed():
    assert clean_text(activity("message_channel_mention.botbuilder-js-recording.json")) == "1"
    thread = activity("message_channel_thread_reply_mention.teams-net.json")
    assert clean_text(thread) == "reply to thread"


def test_the_bots_name_elsewhere_in_the_text_stays():
    # remove_recipient_mention would also delete the second "ridotest"
    thread = activity("message_channel_thread_reply_mention.teams-net.json",
                      text="<at>ridotest</at> is ridotest open &amp; <at>Jan</at> ook?")
    assert clean_text(thread) == "is ridotest open & Jan ook?"


def test_line_breaks_survive_and_whitespace_is_tidied():
    message = activity("message_personal.botbuilder-js-recording.json",
                       text="  eerste\u00a0 regel \r\n tweede  ")
    assert clean_text(message) == "eerste regel\ntweede"


def test_command_list_words_become_commands():
    assert as_command("juridisch Mag ik delen?") == "/juridisch Mag ik delen?"
    assert as_command("Help") == "/help"
    assert as_command("console") == "/console"
    assert as_command("juridische vraag") == "juridische vraag"
    assert as_command("") == ""


def test_who_and_where():
    channel = activity("message_channel_mention.botbuilder-js-recording.json")
    personal = activity("message_personal_plain.botbuilder-dotnet.json")
    group = activity("conversation_update_group_chat_members_added.botbuilder-js-recording"
                     ".json")
    assert user_id(channel) == "6b703ce3-6d14-4fe6-b90c-dc5f03657ae4"
    assert (scope_of(channel), scope_of(personal), scope_of(group)) == (
        "channel", "personal", "groupChat")
    assert tenant_of(personal) == "343a7d7e-bc96-43c7-a4a1-eb1beb4376d2"  # channelData only
    same_id = activity("message_personal_plain.botbuilder-dotnet.json",
                       conversation={"id": "a:other", "conversationType": "personal"})
    assert event_id(personal) != event_id(same_id)
    assert event_id(personal).startswith(personal.id)
