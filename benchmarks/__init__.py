"""Scripts that measure the bot and print numbers (see the README)."""
