"""Microsoft Teams' settings: the bot's Microsoft app registration (MICROSOFT_APP_*)
and TEAMS_* (staff, channels, local development)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from bot.platform import PlatformConfig

BOT_FRAMEWORK_OPENID = "https://login.botframework.com/v1/.well-known/openidconfiguration"
APP_TYPES = ("multitenant", "singletenant", "userassignedmsi")


def _alias(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class TeamsConfig(PlatformConfig):
    """Teams is on when the app is registered (MICROSOFT_APP_ID) or, for local use only,
    when TEAMS_ALLOW_UNAUTHENTICATED=1 explicitly opens the endpoint without tokens."""

    model_config = SettingsConfigDict(env_prefix="TEAMS_", env_file=".env", extra="ignore",
                                      frozen=True, populate_by_name=True)

    app_id: str = Field("", validation_alias=_alias("MICROSOFT_APP_ID"))
    app_password: str = Field("", validation_alias=_alias("MICROSOFT_APP_PASSWORD"))
    app_tenant_id: str = Field("", validation_alias=_alias("MICROSOFT_APP_TENANT_ID"))
    app_type: str = Field("MultiTenant", validation_alias=_alias("MICROSOFT_APP_TYPE"))
    allow_unauthenticated: bool = False
    """Serve /api/messages without checking tokens (Bot Framework Emulator, tests)."""
    staff_team: str = ""
    """The team whose members are staff (19:...@thread.tacv2); default: the staff
    channel's own id, which is the team's id for its General channel."""
    openid_metadata_url: str = BOT_FRAMEWORK_OPENID
    """Where the keys that sign Bot Framework tokens are published."""
    auth_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    """Longest wait for the key server; an unverifiable token is refused after it."""

    @field_validator("allow_unauthenticated", mode="before")
    @classmethod
    def _empty_is_no(cls, value: object) -> object:
        return False if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _check(self) -> TeamsConfig:
        kind = self.app_type.strip().lower()
        if kind not in APP_TYPES:
            raise ValueError("MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or "
                             f"UserAssignedMSI, not {self.app_type!r}")
        if kind == "singletenant" and self.app_id and not self.app_tenant_id.strip():
            raise ValueError("MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID "
                             "(the directory (tenant) id of the app registration)")
        return self

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)

    def enabled(self) -> bool:
        return self.authenticated or self.allow_unauthenticated

    def problems(self) -> list[str]:
        if self.app_id and not self.app_password and \
                self.app_type.strip().lower() != "userassignedmsi":
            return ["MICROSOFT_APP_PASSWORD is empty: requests are authenticated, but the bot "
                    "cannot get a token to reply"]
        return []
