"""Alembic environment: runs on the connection `Database.upgrade` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import storage.console_models  # noqa: F401  (console sessions, audit, counts, drafts)
import storage.inbox_models  # noqa: F401  (the inbox)
import storage.outbox_models  # noqa: F401  (registers the outbox tables)
import storage.schedule_models  # noqa: F401  (subscriptions, meetups)
import storage.topics  # noqa: F401  (conversation topics)
from storage.models import Base

target_metadata = Base.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    context.run_migrations()


run()
