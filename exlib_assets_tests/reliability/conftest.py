import dataclasses
from pathlib import Path

import pytest

from exlib_assets.core.settings import SizeLimits
from exlib_assets_tests.reliability.scene import build_scene, cli_environment
from exlib_assets_tests.reliability.two_step_course import deploy_two_step_course

# Above meta.yaml's own limit (256 KiB), so that limit can be reached without this one.
LIMITS = SizeLimits(max_file_bytes=512 * 1024, max_example_bytes=1024 * 1024)


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, limits=LIMITS)


@pytest.fixture
def course(app, make_example, settings) -> Path:
    """`prog1` with `week1.base` deployed and `week2.top` assigned (see two_step_course); its
    assignments repository."""
    return deploy_two_step_course(app, make_example, settings)


@pytest.fixture
def scene(app, tmp_path, request, monkeypatch):
    cli_environment(monkeypatch, app)
    yield from build_scene(app, tmp_path / "scene", request)
