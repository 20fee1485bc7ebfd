"""Who is helpdesk staff or admin, per platform, from configuration.

Adapters ask this for every incoming message and put the answer in
`Incoming.roles`; handlers only ever look at the roles. (The Slack adapter
also counts members of the staff channel as staff.)
"""

from __future__ import annotations

from bot.config import Settings
from handlers.messages import ROLE_ADMIN, ROLE_CURATOR, ROLE_STAFF


class RoleResolver:
    def __init__(self, settings: Settings):
        self._staff = {"slack": settings.slack_staff_ids, "teams": settings.teams_staff_ids}
        self._admins = {"slack": settings.slack_admin_ids, "teams": settings.teams_admin_ids}
        # Curators (the console's knowledge pages) and terminal users' console roles.
        self._curators = {"slack": settings.slack_curator_ids,
                          "teams": settings.teams_curator_ids,
                          "shell": settings.shell_curator_ids}
        self._staff["shell"] = settings.shell_staff_ids
        self._admins["shell"] = settings.shell_admin_ids

    def roles(self, platform: str, user: str) -> frozenset[str]:
        roles = set()
        if user in self._admins.get(platform, ()):
            roles.update((ROLE_ADMIN, ROLE_STAFF))
        if user in self._staff.get(platform, ()):
            roles.add(ROLE_STAFF)
        if user in self._curators.get(platform, ()):
            roles.add(ROLE_CURATOR)
        return frozenset(roles)
