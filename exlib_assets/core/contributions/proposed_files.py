"""The files of a contributed version: the version the course held, with the lecturer's changes applied."""

import re
from collections.abc import Mapping

from exlib_assets.core.deployments.meta_annotation import MARKER
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.versions import parse_version

# The top-level `version:` line of a meta.yaml (nested keys are indented, so they never match).
_VERSION_LINE = re.compile(rb"^version[ \t]*:.*$", re.MULTILINE)


def apply_changes(base: Mapping[str, bytes], present: Mapping[str, bytes], changes: list[str]) -> dict[str, bytes]:
    """`base` with each change (`+path`, `~path`, `-path`, as a customization lists them) taken from
    `present`, the files the course's folder holds now. meta.yaml loses the block a deploy appends."""
    files = dict(base)
    for change in changes:
        mark, path = change[:1], change[1:]
        if mark == "-":
            files.pop(path, None)
        elif path in present:
            files[path] = present[path]
    if META_FILE in files:
        files[META_FILE] = without_deployment_block(files[META_FILE])
    return files


def without_deployment_block(meta: bytes) -> bytes:
    """meta.yaml as the library holds it: without what a deploy appended for the course."""
    if MARKER not in meta:
        return meta
    return meta.split(MARKER, 1)[0].rstrip(b"\n") + b"\n"


def with_version(meta: bytes, version: str) -> bytes:
    """meta.yaml saying `version`; comments and everything else stay as they were."""
    line = f"version: '{version}'".encode()
    if _VERSION_LINE.search(meta):
        return _VERSION_LINE.sub(lambda _: line, meta, count=1)
    return line + b"\n" + meta


def next_release(tags: list[str]) -> str:
    """The version after the newest final one: its last number plus one (`1.2` -> `1.3`, `v2` -> `v3`)."""
    finals = [parse_version(tag) for tag in tags if not parse_version(tag).is_prerelease]
    newest = max(finals).tag if finals else "0"
    match = re.fullmatch(r"(v?(?:\d+\.)*)(\d+)", newest)
    if match is None:
        # A tag like `2.0b1` or `1.0.post1`: continue from its release numbers.
        numbers = list(max(finals).parsed.release)
        return ".".join(str(n) for n in [*numbers[:-1], numbers[-1] + 1])
    return f"{match.group(1)}{int(match.group(2)) + 1}"


def prerelease_tag(release: str, taken: list[str]) -> str:
    """`<release>-contrib.<n>`, with the first n no other tag in `taken` uses."""
    numbers = {parse_version(tag).normalized for tag in taken}
    n = 1
    while parse_version(f"{release}-contrib.{n}").normalized in numbers:
        n += 1
    return f"{release.removeprefix('v').removeprefix('V')}-contrib.{n}"
