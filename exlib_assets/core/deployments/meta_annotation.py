"""The deployed meta.yaml names where it lives in the course and where its dependencies are."""

import yaml

MARKER = b"# --- exlib deployment: written by exlib on every deploy; edits here are replaced ---\n"


def annotate_meta(original: bytes, content_path: str, dependencies: dict[str, str]) -> bytes:
    """Append an `exlibDeployment` block; the example's own text, comments included, stays as it was."""
    body = original.split(MARKER, 1)[0].rstrip(b"\n") + b"\n\n"
    block = {"exlibDeployment": {"coursePath": content_path, "dependencyPaths": dict(sorted(dependencies.items()))}}
    return body + MARKER + yaml.safe_dump(block, sort_keys=False).encode()
