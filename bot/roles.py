"""Who is helpdesk staff or admin, per platform, from configuration.

Adapters ask this for every incoming message and put the answer in
`Incoming.roles`; handlers only ever look at the roles. (The Slack adapter
also counts members of the staff channel as staff.)
"""

from __future__ import annotations

from bot.config import Settings
from handlers.messages import ROLE_ADMIN, ROLE_STAFF


class RoleResolver:
    def __init__(self, settings: Settings):
        self._staff = {"slack": settings.slack_staff_ids, "teams": settings.teams_staff_ids}
        self._admins = {"slack": settings.slack_admin_ids, "teams": settings.teams_admin_ids}

    def roles(self, platform: str, user: str) -> frozenset[str]:
        roles = set()
        if user in self._admins.get(platform, ()):
            roles.update((ROLE_ADMIN, ROLE_STAFF))
        if user in self._staff.get(platform, ()):
            roles.add(ROLE_STAFF)
        return frozenset(roles)
