"""Keeping deployments current: which have a newer version, which a lecturer changed, and how
an update lands (overwrite, three-way merge, skip; directly or as a proposal branch)."""
