"""Dynamic partition keys. Dagster validates none of them, so exlib enforces its own rule."""

import re

from exlib_assets.core.errors import ExlibError

MAX_KEY_LENGTH = 200
_KEY = re.compile(rf"^[A-Za-z0-9._@/-]{{1,{MAX_KEY_LENGTH}}}$")


def check_key(key: str) -> str:
    if not _KEY.match(key) or "..." in key:
        raise ExlibError(
            f"partition key {key!r} is not allowed: use at most 200 letters, digits and . _ @ / -, "
            "without '...', ',' or '|'."
        )
    return key


def example_version_key(identifier: str, version: str) -> str:
    return check_key(f"{identifier}@{version}")


def parse_example_version_key(key: str) -> tuple[str, str]:
    """`identifier@version` to its two parts."""
    identifier, separator, version = check_key(key).rpartition("@")
    if not separator or not identifier or not version or "@" in identifier:
        raise ExlibError(f"partition key {key!r} is not of the form IDENTIFIER@VERSION (e.g. itpcp.py.caesar@1.0).")
    return identifier, version


def course_content_key(slug: str, path: str) -> str:
    """`prog1_2026/week1.hello_world`: slugs have no '/', so the first '/' splits it again."""
    return check_key(f"{slug}/{path}")


def parse_course_content_key(key: str) -> tuple[str, str]:
    slug, separator, path = check_key(key).partition("/")
    if not separator or not slug or not path or "/" in path:
        raise ExlibError(f"partition key {key!r} is not of the form COURSE/PATH (e.g. prog1_2026/week1.hello_world).")
    return slug, path
