"""Microsoft Teams: the Bot Framework endpoint (`POST /api/messages`), Adaptive
Card rendering, proactive sending through stored conversation references, and
the Teams app package. The only place (besides tests) that imports botbuilder."""
