"""Course content paths (ltree) and course slugs: the rules and their folder form."""

import re

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.keys import MAX_KEY_LENGTH

# PostgreSQL 15's ltree accepts [A-Za-z0-9_] per label; lower case keeps folder names portable.
_LABEL = re.compile(r"^[a-z0-9_]{1,63}\Z")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}\Z")
MAX_DEPTH = 16
# Each content is a Dagster partition `course/path`: with the longest slug (63) and its '/', the
# path must fit in what is left, or a deploy would fail after its commit, recording its lineage.
MAX_PATH_LENGTH = MAX_KEY_LENGTH - 64


def check_content_path(path: str) -> str:
    labels = path.split(".")
    bad = [label for label in labels if not _LABEL.match(label)]
    if not path or bad or len(labels) > MAX_DEPTH or len(path) > MAX_PATH_LENGTH:
        if bad and path:
            detail = f"label {bad[0]!r} is not allowed"
        elif len(path) > MAX_PATH_LENGTH:
            detail = f"it is {len(path)} characters long"
        else:
            detail = "it is empty or too deep"
        raise ExlibError(
            f"content path {path!r} is not valid ({detail}): use dot-separated labels of lower-case "
            f"letters, digits and '_' (at most {MAX_DEPTH} levels and {MAX_PATH_LENGTH} characters), "
            "e.g. week1.hello_world."
        )
    return path


def parent_paths(path: str) -> list[str]:
    """`a.b.c` -> [`a`, `a.b`]."""
    labels = path.split(".")
    return [".".join(labels[:depth]) for depth in range(1, len(labels))]


def folder_of(path: str) -> str:
    """The folder a content path deploys to: `week1.hello_world` -> `week1/hello_world`."""
    return check_content_path(path).replace(".", "/")


def check_course_slug(slug: str) -> str:
    if not _SLUG.match(slug):
        raise ExlibError(
            f"course slug {slug!r} is not valid: use lower-case letters, digits, '_' and '-', "
            "starting with a letter or digit, e.g. prog1_2026."
        )
    return slug
