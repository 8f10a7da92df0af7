"""The exlib code location: every domain's definitions, with the resources they share."""

import dagster as dg
from dagster_aws.s3 import S3Resource

from exlib_assets.defs import analytics, deployments, library, templates, updates
from exlib_assets.defs.resources import ExlibResource

RESOURCES = {"exlib": ExlibResource(s3=S3Resource())}

defs = dg.Definitions.merge(
    library.defs,
    deployments.defs,
    templates.defs,
    updates.defs,
    analytics.defs,
    dg.Definitions(
        resources=RESOURCES,
        # Runs here are short and I/O bound; in-process starts about twice as fast as multiprocess.
        executor=dg.in_process_executor,
    ),
)
