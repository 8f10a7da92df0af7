import dataclasses

import pytest

from exlib_assets.core.settings import SizeLimits
from exlib_assets_tests.reliability.scene import build_scene, cli_environment

# Above meta.yaml's own limit (256 KiB), so that limit can be reached without this one.
LIMITS = SizeLimits(max_file_bytes=512 * 1024, max_example_bytes=1024 * 1024)


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, limits=LIMITS)


@pytest.fixture
def scene(app, tmp_path, request, monkeypatch):
    cli_environment(monkeypatch, app)
    yield from build_scene(app, tmp_path / "scene", request)
