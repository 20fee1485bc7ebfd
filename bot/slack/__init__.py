"""The Slack side of the bot: Events API over HTTP (or Socket Mode), slash commands,
buttons and modals in, Block Kit out.

`platform.build` is its entry in the platform registry (bot/platforms.py): the
routes that store events in the inbox, the replies, the Home tab, the staff channel's
members; `messenger.SlackMessenger` is what the outbox worker sends through; its
settings are `config.SlackConfig`. Only this package imports slack_bolt / slack_sdk.
"""
