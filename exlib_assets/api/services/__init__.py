"""What the API does, in plain Python: no HTTP here, only the core and the Dagster instance."""
