"""The exlib code location: every domain's definitions, with the resources they share."""

import dagster as dg

from exlib_assets.core.collector import collector_paused

with collector_paused():
    from exlib_assets.defs import (
        analytics,
        contributions,
        deployments,
        example_browser,
        lecturer_actions,
        lecturer_view,
        library,
        rollforward,
        templates,
        updates,
    )
    from exlib_assets.defs.deployments.progress import REPORTER_KEY, default_reporter
    from exlib_assets.defs.resources import ExlibResource
    from exlib_assets.defs.s3 import S3Connection

    RESOURCES = {"exlib": ExlibResource(s3=S3Connection()), REPORTER_KEY: default_reporter()}

    defs = dg.Definitions.merge(
        library.defs,
        deployments.defs,
        templates.defs,
        updates.defs,
        analytics.defs,
        rollforward.defs,
        contributions.defs,
        lecturer_actions.defs,
        lecturer_view.defs,
        example_browser.defs,
        dg.Definitions(
            resources=RESOURCES,
            # Runs here are short and I/O bound; in-process starts about twice as fast as multiprocess.
            executor=dg.in_process_executor,
        ),
    )
