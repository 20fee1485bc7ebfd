"""The platforms, in one place.

Each entry names the platform, its settings class and the function that builds its
runtime (imported only when the platform is used, so `helpdesk ask` never loads a
platform SDK). Adding a platform is a package with a `PlatformConfig` subclass and
a `build(context) -> PlatformRuntime`, plus one line here; see the README.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from bot.platform import BuildContext, PlatformConfig, PlatformRuntime
from bot.shell.config import ShellConfig
from bot.slack.config import SlackConfig
from bot.teams.config import TeamsConfig


@dataclass(frozen=True)
class PlatformEntry:
    name: str
    config: type[PlatformConfig]
    builder: str
    """"module:function" building the runtime from a `BuildContext`."""

    def build(self, context: BuildContext) -> PlatformRuntime:
        module, _, function = self.builder.partition(":")
        make: Callable[[BuildContext], PlatformRuntime] = getattr(
            importlib.import_module(module), function)
        return make(context)


PLATFORMS: tuple[PlatformEntry, ...] = (
    PlatformEntry("slack", SlackConfig, "bot.slack.platform:build"),
    PlatformEntry("teams", TeamsConfig, "bot.teams.platform:build"),
    PlatformEntry("shell", ShellConfig, "bot.shell.terminal:build"),
)


def entry(name: str) -> PlatformEntry:
    for candidate in PLATFORMS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no platform {name!r}; known: {', '.join(p.name for p in PLATFORMS)}")
