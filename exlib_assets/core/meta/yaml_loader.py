"""The YAML loader meta.yaml is read with: libyaml, hardened against what meta.yaml never needs.

Refused before anything is built: documents over MAX_META_BYTES, anchors and aliases, nesting
deeper than MAX_NESTING, values no database can store. Every refusal names the line and column.
"""

import re
from datetime import date
from typing import Any

import yaml

from exlib_assets.core.errors import (
    ExampleTooLargeError,
    InvalidExampleError,
)

MAX_META_BYTES = 256 * 1024
MAX_NESTING = 64
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_PROBLEM = (
    "this text holds a NUL character or half of a surrogate pair (an escape such as `\\0` or `\\ud800`), "
    "which cannot be stored; remove the escape"
)
# libyaml refuses these escapes itself, in words of its own.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})")


class _RefusedYaml(yaml.MarkedYAMLError):
    """YAML that parses but that meta.yaml does not allow."""


# libyaml parses about seven times faster than the pure-Python parser (a template build reads every
# deployed meta.yaml); the pure-Python one stands in where PyYAML was built without it.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RefusesUnreadableValues:
    """Mixed into a safe loader: refuses values no database can store or Python cannot read."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            # e.g. a date like 2024-13-01, or an integer too long for Python to convert
            raise _RefusedYaml(problem=f"this value cannot be read ({error})", problem_mark=node.start_mark) from None
        if isinstance(value, str) and _UNSTORABLE_TEXT.search(value):
            # Only escapes (`"\0"`, `"\ud800"`) make these; no database stores them, and UTF-8 cannot
            # encode half a surrogate pair, so the import would crash after storing the files.
            raise _RefusedYaml(problem=_UNSTORABLE_PROBLEM, problem_mark=node.start_mark)
        return value


def load_yaml(text: str | bytes, folder: str) -> tuple[dict[Any, Any], yaml.Node]:
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_META_BYTES:
        raise ExampleTooLargeError(
            f"Example {folder!r}: meta.yaml is {size} bytes; at most {MAX_META_BYTES // 1024} KiB "
            "is accepted. Move long texts into content/index.md."
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidExampleError(
                f"Example {folder!r}: meta.yaml is not UTF-8 text (byte "
                f"{error.object[error.start]:#04x} at offset {error.start}); save it as UTF-8."
            ) from None
    try:
        root, data = _compose_and_construct(text)
    except yaml.YAMLError as error:
        raise InvalidExampleError(
            f"Example {folder!r}: meta.yaml is not valid YAML ({_describe_yaml_error(error)}); "
            "fix it and import the example again."
        ) from None
    if data is None:
        raise InvalidExampleError(
            f"Example {folder!r}: meta.yaml is empty; it needs at least a version, e.g. `version: 1.0`."
        )
    if not isinstance(data, dict):
        raise InvalidExampleError(
            f"Example {folder!r}: meta.yaml must be a mapping of keys such as `version: 1.0` "
            f"at the top level, got {describe_value(data)}."
        )
    return data, root


class _StrictLoader(_RefusesUnreadableValues, _BASE_LOADER):
    """The safe loader meta.yaml is read with; anchors, aliases and deep nesting are refused before
    it runs (`_refuse_aliases_and_nesting`)."""


def _refuse_aliases_and_nesting(text: str) -> None:
    """Refuse anchors, aliases and deep nesting, from the parser's events, before anything is composed.

    Aliases let a few hundred bytes expand into gigabytes ("billion laughs"), and meta.yaml never
    needs them. Composing recurses once per nesting level, so deep nesting would otherwise end in
    a RecursionError instead of a message.
    """
    open_collections = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            open_collections -= 1
        elif isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.AliasEvent) or event.anchor:
                raise _RefusedYaml(
                    problem="anchors and aliases (`&name`, `*name`) are not allowed in meta.yaml; write the values out",
                    problem_mark=event.start_mark,
                )
            if open_collections >= MAX_NESTING:
                raise _RefusedYaml(problem=f"nested more than {MAX_NESTING} levels deep", problem_mark=event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections += 1


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    try:
        _refuse_aliases_and_nesting(text)
    except yaml.MarkedYAMLError as error:
        raise _in_our_words(error, text) from None
    # The node tree is kept next to the data because only it knows how scalars were written.
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def _in_our_words(error: yaml.MarkedYAMLError, text: str) -> yaml.MarkedYAMLError:
    """libyaml's refusals of what meta.yaml refuses anyway, with the message the rule gives."""
    mark = error.problem_mark
    if mark is None:
        return error
    if "maximum nesting depth" in (error.problem or ""):  # libyaml's own limit lies far beyond ours
        return _RefusedYaml(problem=f"nested more than {MAX_NESTING} levels deep", problem_mark=mark)
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "invalid Unicode character escape" in (error.problem or "") and _SURROGATE_ESCAPE.search(line):
        return _RefusedYaml(problem=_UNSTORABLE_PROBLEM, problem_mark=mark)
    return error


def _describe_yaml_error(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    if isinstance(error, yaml.MarkedYAMLError) and mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    return str(error)


def describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return f"a date ({value})"
    return f"a {type(value).__name__} value"
