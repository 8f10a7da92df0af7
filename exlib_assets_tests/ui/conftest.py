"""The sample state, dagster-webserver over it and headless Chromium, once for the module.

EXLIB_UPDATE_SCREENSHOTS=1 copies the screenshots into docs/screenshots, where the README's
lecturer guide shows them; otherwise they stay in the test's temporary folder.
"""

import os
import shutil
from collections.abc import Iterator

import dagster as dg
import pytest

from exlib_assets.core.settings import Settings
from exlib_assets_tests.environment import point_environment_at
from exlib_assets_tests.ui.browser import DagsterUI, Screenshots, chromium
from exlib_assets_tests.ui.state import seed_sample_state
from exlib_assets_tests.ui.webserver import PROJECT, Webserver, running_webserver


@pytest.fixture(scope="module")
def sample_settings(tmp_path_factory) -> Iterator[Settings]:
    """The embedded default in a temporary EXLIB_HOME, and DAGSTER_HOME with the project's
    dagster.yaml; the environment points at both for the module."""
    home = tmp_path_factory.mktemp("ui") / "exlib"
    dagster_home = home / "dagster"
    dagster_home.mkdir(parents=True)
    shutil.copyfile(PROJECT / "dagster.yaml", dagster_home / "dagster.yaml")
    # Everything but the home left to its default: folders under EXLIB_HOME.
    settings = Settings.from_env({"EXLIB_HOME": str(home)})
    with pytest.MonkeyPatch.context() as mp:
        point_environment_at(mp, settings, dagster_home)
        # Creates the instance's SQLite storage now: two processes creating it at once would collide.
        with dg.DagsterInstance.get():
            pass
        yield settings


@pytest.fixture(scope="module")
def webserver(sample_settings, tmp_path_factory) -> Iterator[Webserver]:
    """dagster-webserver over the sample state, which is seeded while the webserver starts."""
    log = tmp_path_factory.mktemp("webserver") / "webserver.log"
    with running_webserver(os.environ, log) as server:
        seed_sample_state()
        server.wait_until_ready()
        # Dagster's "join the community" pop-up would cover the first page shown.
        server.graphql("mutation { setNuxSeen }")
        yield server


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Screenshots:
    publish = os.environ.get("EXLIB_UPDATE_SCREENSHOTS") == "1"
    return Screenshots(tmp_path_factory.mktemp("screenshots"), PROJECT / "docs" / "screenshots" if publish else None)


@pytest.fixture(scope="module")
def dagster_ui(webserver, screenshots) -> Iterator[DagsterUI]:
    with chromium() as driver:
        yield DagsterUI(driver, webserver.url, screenshots)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and "dagster_ui" in item.funcargs:
        # What the browser showed when the test failed, next to the screenshots (never published).
        ui: DagsterUI = item.funcargs["dagster_ui"]
        folder = ui.screenshots.folder
        ui.driver.save_screenshot(str(folder / f"failed-{item.name}.png"))
        (folder / f"failed-{item.name}.html").write_text(ui.driver.page_source)
        report.sections.append(("Dagster UI", f"{ui.driver.current_url}; page and screenshot in {folder}"))
    return report
