"""Slack's settings: SLACK_* environment variables (or .env)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from bot.platform import PlatformConfig


class SlackConfig(PlatformConfig):
    """Slack is on with a bot token plus a signing secret (HTTP) or an app token (Socket
    Mode). Staff: SLACK_STAFF_IDS plus every member of SLACK_STAFF_CHANNEL."""

    model_config = SettingsConfigDict(env_prefix="SLACK_", env_file=".env", extra="ignore",
                                      frozen=True)

    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""
    """Enables Socket Mode (xapp-...)."""
    api_url: str = "https://slack.com/api/"
    """The Web API base URL; tests and benchmarks point it at a local fake."""

    def enabled(self) -> bool:
        return bool(self.bot_token and (self.signing_secret or self.app_token))

    def can_send(self) -> bool:
        return bool(self.bot_token)

    def problems(self) -> list[str]:
        if (self.bot_token or self.signing_secret) and not self.enabled():
            return ["Slack is half configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
                    "(or SLACK_APP_TOKEN for Socket Mode)"]
        return []
