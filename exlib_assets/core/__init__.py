"""The plain-Python core of exlib. Nothing here imports Dagster, so it can be used and tested alone."""
