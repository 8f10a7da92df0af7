"""Which runner verifies an example: built in for Python and C, configured by the site otherwise."""

import re
from collections.abc import Mapping

from exlib_assets.core.settings import VERIFY_COMMAND_PREFIX
from exlib_assets.core.verification.runners.base import Runner
from exlib_assets.core.verification.runners.c import CRunner
from exlib_assets.core.verification.runners.command import CommandRunner
from exlib_assets.core.verification.runners.python import PythonRunner

BUILT_IN: dict[str, type] = {"python": PythonRunner, "c": CRunner}


def command_variable(slug: str) -> str:
    """The variable a site sets to verify executionBackend `slug` with its own command."""
    return VERIFY_COMMAND_PREFIX + re.sub(r"[^A-Z0-9]", "_", slug.upper())


def choose_runner(slug: str | None, commands: Mapping[str, str]) -> Runner | str:
    """The runner for backend `slug`, or why there is none. `commands` maps the variables
    named by `command_variable` to their command lines; a site command wins over a built-in."""
    if not slug:
        return "meta.yaml names no executionBackend, so nothing says how to run its tests"
    configured = commands.get(command_variable(slug))
    if configured:
        return CommandRunner(slug, configured)
    built_in = BUILT_IN.get(slug.lower())
    if built_in is not None:
        return built_in()
    return (
        f"no runner for executionBackend {slug!r} on this machine: python and c are built in; "
        f"a site can set {command_variable(slug)} to a command (see the README, Verification)"
    )
