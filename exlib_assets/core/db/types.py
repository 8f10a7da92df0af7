"""Column types that differ between PostgreSQL (production) and SQLite (embedded default)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


class Ltree(sa.types.UserDefinedType):
    """PostgreSQL's `ltree` (contrib extension); values travel as plain dotted text."""

    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "LTREE"


# On SQLite the path is text and subtree queries compare prefixes (see `path_in_subtree`).
LtreePath = sa.Text().with_variant(Ltree(), "postgresql")
Json = sa.JSON().with_variant(JSONB(), "postgresql")


def path_in_subtree(column: sa.ColumnElement, root: str, dialect_name: str) -> sa.ColumnElement[bool]:
    """`column` is `root` or below it: `<@` on PostgreSQL, an exact prefix match elsewhere."""
    if dialect_name == "postgresql":
        return column.op("<@")(sa.cast(root, Ltree()))
    return text_path_in_subtree(column, root)


def text_path_in_subtree(column: sa.ColumnElement, root: str) -> sa.ColumnElement[bool]:
    """`column`, a content path kept as plain text (as the history does on every database), is
    `root` or below it."""
    # substr rather than LIKE: '_' is common in labels and is a LIKE wildcard.
    return sa.or_(column == root, sa.func.substr(column, 1, len(root) + 1) == f"{root}.")
