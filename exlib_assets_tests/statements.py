"""The statements code sends to the database, for tests that prove how many queries it makes."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def selects_on(engine: sa.engine.Engine) -> Iterator[list[str]]:
    """Every SELECT sent through `engine` inside the block, in order."""
    selects: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield selects
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
