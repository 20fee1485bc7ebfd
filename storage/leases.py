"""Leasing due rows to one worker: the claim the inbox and the outbox share.

The oldest due ids are picked and locked first (FOR UPDATE SKIP LOCKED on
PostgreSQL, so concurrent workers pass over each other's rows instead of waiting;
on SQLite every transaction holds the write lock), then only those rows, if still
due, are updated: a row goes to one worker however many workers, in however many
processes, ask at the same moment. Two statements, not an UPDATE over a LIMIT
subquery: PostgreSQL may run such a subquery again for every row it updates, and
then leases far more rows than asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, select, update
from sqlalchemy.orm import Session


def lease_due(session: Session, model: Any, due: ColumnElement[bool], limit: int,
              platforms: frozenset[str] | None, values: dict[str, Any],
              columns: Sequence[Any]) -> list[Row]:
    """Set `values` (and one more attempt) on up to `limit` rows of `model` matching
    `due`, oldest first; returns their `columns` (id first), in id order."""
    pick = select(model.id).where(due).order_by(model.id).limit(limit)
    if platforms is not None:
        pick = pick.where(model.platform.in_(platforms))
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = session.scalars(pick).all()
    if not ids:
        return []
    rows = session.execute(
        update(model).where(model.id.in_(ids), due)
        .values(attempts=model.attempts + 1, **values)
        .returning(model.id, *columns)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted(rows, key=lambda row: row.id)
