"""The Dagster instance exlib's runs are recorded in: the one in DAGSTER_HOME, which the UI shows.

A run started here is recorded in the instance in DAGSTER_HOME (default EXLIB_HOME/dagster,
where `scripts/run.sh` points `dagster dev` too), so it shows in the UI like one launched there.
Dagster is imported only when the instance is opened: the CLI's read-only commands never pay for it.
"""

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exlib_assets.core.settings import Settings

# Present in a checkout (editable install); an installed wheel falls back to Dagster's defaults.
PROJECT_DAGSTER_YAML = Path(__file__).resolve().parents[2] / "dagster.yaml"


def prepare_dagster_home(settings: Settings) -> Path:
    """DAGSTER_HOME (default EXLIB_HOME/dagster), with the project's dagster.yaml if it has none."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(settings.home / "dagster")))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and PROJECT_DAGSTER_YAML.exists():
        shutil.copyfile(PROJECT_DAGSTER_YAML, home / "dagster.yaml")
    return home


@contextmanager
def open_instance(settings: Settings) -> Iterator["dagster.DagsterInstance"]:  # noqa: F821
    import dagster as dg

    home = prepare_dagster_home(settings)
    # Two commands opening a new instance at once would both create its SQLite tables; the
    # second fails. Opening is serialised; running is not.
    with open(home / ".exlib-open.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        instance = dg.DagsterInstance.get()
        fcntl.flock(lock, fcntl.LOCK_UN)
    with instance:
        yield instance
