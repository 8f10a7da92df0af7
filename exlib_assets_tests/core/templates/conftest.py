from collections.abc import Callable

import pytest

from exlib_assets.core.deployments.meta_annotation import annotate_meta
from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.sample import SAMPLE_EXAMPLES

DeployedFolder = Callable[[str], dict[str, bytes]]


@pytest.fixture
def deployed_folder() -> DeployedFolder:
    """The files of a sample example as deployed: annotated meta.yaml and a tracking file."""

    def load(name: str) -> dict[str, bytes]:
        root = SAMPLE_EXAMPLES / name
        files = {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}
        files["meta.yaml"] = annotate_meta(files["meta.yaml"], f"week1.{name}", {"itpcp.x": "week0/x"})
        files[TRACKING_FILE] = b'{"example_id": "itpcp.x", "files": {}}\n'
        return files

    return load
