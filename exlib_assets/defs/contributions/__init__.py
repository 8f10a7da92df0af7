"""Contributions in Dagster: a lecturer proposes, an admin accepts or rejects."""

import dagster as dg

from exlib_assets.defs.contributions.jobs import accept_contribution, contribute_to_library, reject_contribution

defs = dg.Definitions(jobs=[contribute_to_library, accept_contribution, reject_contribution])
