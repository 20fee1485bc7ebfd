"""The terminal as a platform: `helpdesk shell` (terminal.py) with its settings
(config.py). Messages go through the same inbox and pipeline as Slack and Teams."""
