"""Dynamic partition keys. Dagster validates none of them, so exlib enforces its own rule."""

import re

from exlib_assets.core.errors import ExlibError

_KEY = re.compile(r"^[A-Za-z0-9._@/-]{1,200}$")


def check_partition_key(key: str) -> str:
    if not _KEY.match(key) or "..." in key:
        raise ExlibError(
            f"partition key {key!r} is not allowed: use at most 200 letters, digits and . _ @ / -, "
            "without '...', ',' or '|'."
        )
    return key


def example_version_key(identifier: str, version: str) -> str:
    return check_partition_key(f"{identifier}@{version}")


def parse_example_version_key(key: str) -> tuple[str, str]:
    """`identifier@version` to its two parts."""
    identifier, separator, version = check_partition_key(key).rpartition("@")
    if not separator or not identifier or not version or "@" in identifier:
        raise ExlibError(f"partition key {key!r} is not of the form IDENTIFIER@VERSION (e.g. itpcp.py.caesar@1.0).")
    return identifier, version
