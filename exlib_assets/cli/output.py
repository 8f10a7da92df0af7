"""Printing for people and for scripts."""

import json

import click


def emit_json(value: object) -> None:
    click.echo(json.dumps(value, indent=2, sort_keys=True, default=str))


def table(rows: list[dict], columns: list[str]) -> str:
    """A plain text table, wide enough for each column's longest value."""
    if not rows:
        return "(none)"
    cells = [[str(row.get(column, "") if row.get(column) is not None else "") for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)]
    lines = ["  ".join(column.upper().ljust(width) for column, width in zip(columns, widths, strict=True))]
    lines += ["  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)
