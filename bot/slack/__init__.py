"""The Slack side of the bot: Events API over HTTP (or Socket Mode), slash commands,
buttons and modals in, Block Kit out.

`adapter.attach_slack` wires it into the web app; `messenger.SlackMessenger` is what
the outbox worker sends through. Only this package imports slack_bolt / slack_sdk.
"""
