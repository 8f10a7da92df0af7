"""What a lecturer sees of a course and of the library at a glance: plain results, rendered as
Markdown, that the Dagster UI (or any other front end) shows."""
