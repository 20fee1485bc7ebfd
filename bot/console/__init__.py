"""The helpdesk console: server-rendered web pages (aiohttp + Jinja2, no JavaScript,
every asset served by the app) for staff (queue), curators (knowledge) and admins
(everything, announcements), mounted at /console on the one web app."""
