"""Keeping deployments current: which have a newer version (flags, scan, status, diff), which a
lecturer changed, and what an update or a rollback asks of `core.deployments`, which does the
writing, merging, proposing and recording."""
