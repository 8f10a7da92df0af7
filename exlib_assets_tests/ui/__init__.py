"""The Dagster UI in a real browser: dagster-webserver driven by headless Chromium."""
