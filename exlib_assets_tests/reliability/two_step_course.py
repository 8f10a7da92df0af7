"""The course the fault tests break runs on: `prog1` with `week1.base` deployed (one commit) and
`week2.top` assigned, waiting for the deploy a fault interrupts."""

from pathlib import Path

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.settings import Settings

COURSE = "prog1"
FIRST, SECOND = "week1.base", "week2.top"


def deploy_two_step_course(app: App, make_example, settings: Settings) -> Path:
    """Set the course up; its assignments repository."""
    app.library.import_paths([make_example(name) for name in ("base", "top")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, COURSE)
        for path, identifier in ((FIRST, "test.base"), (SECOND, "test.top")):
            courses.assign(session, library, courses.add_content(session, prog1, path), identifier)
    deploy_course(app, DeployRequest.deploy(COURSE, [FIRST]))
    return Path(settings.git_url) / f"{courses.repository_names(COURSE)['assignments']}.git"
