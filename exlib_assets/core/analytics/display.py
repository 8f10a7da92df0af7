"""Analytics tables as people read them: compact cells, Markdown for the Dagster UI."""

from datetime import date, datetime

import pandas as pd


def cell(value) -> str:
    """One value as a short string: `{course: [paths]}` as `course: a, b`, times to the minute."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_joined(item)}" if item != "" else str(key) for key, item in value.items())
    if isinstance(value, list):
        return _joined(value)
    if isinstance(value, pd.Timestamp | datetime):
        return "" if pd.isna(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def display_rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    return [{column: cell(value) for column, value in row.items()} for row in frame.to_dict("records")]


def markdown_table(frame: pd.DataFrame, *, max_rows: int = 50) -> str:
    """A Markdown table of the first `max_rows` rows, saying how many more there are."""
    if frame.empty:
        return "_(no rows)_"
    columns = list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in display_rows(frame.head(max_rows)):
        lines.append("| " + " | ".join(_escaped(row[column]) for column in columns) + " |")
    if len(frame) > max_rows:
        lines.append(f"\n_{len(frame) - max_rows} more rows in the database table._")
    return "\n".join(lines)


def _joined(value) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)


def _escaped(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def json_records(frame: pd.DataFrame) -> list[dict]:
    """Rows for JSON and CSV: times in ISO 8601, missing values as null."""
    return [{column: _json_value(value) for column, value in row.items()} for row in frame.to_dict("records")]


def _json_value(value):
    if isinstance(value, dict | list):
        return value
    if isinstance(value, pd.Timestamp | datetime | date):
        return None if pd.isna(value) else value.isoformat()
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value
