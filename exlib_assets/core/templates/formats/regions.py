"""Pairing BEGIN/END marker lines and cutting out what lies between them, for any syntax.

Every format (notebook cells, Markdown prose, code chunks, LaTeX) writes its markers in its
own comment syntax, but the rule is the same: a solution region becomes one stub line, a
hidden-test region disappears, regions do not nest, and a region ends where it began (in the
same code chunk, or in prose). Formats give, per line, the syntax a marker must have there and
the context the line belongs to; this module does the rest and names the exact place of any
mistake.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from exlib_assets.core.templates.markers import HIDDEN_TESTS, SOLUTION, STUB_TEXT, MarkerError

PROSE_STUB_TEXT = "YOUR ANSWER HERE"
# Decoration that may surround the marker words: `### BEGIN SOLUTION ###`, `// ---- END HIDDEN TESTS ----`.
_DECORATION = r"[ \t\-=*#%/!;~_.:]*"
# The same, never giving back what it took: the marker words start with a letter it cannot hold,
# so nothing is lost, and a hostile line of 100 000 `#` is rejected in linear time, not quadratic.
_DECORATION_POSSESSIVE = _DECORATION + "+"
_WORDS = r"(?P<edge>BEGIN|END)[ \t]+(?P<kind>SOLUTION|HIDDEN[ \t]+TESTS)"


@dataclass(frozen=True)
class Marker:
    edge: str  # BEGIN | END
    kind: str  # SOLUTION | HIDDEN TESTS
    indent: str
    leader: str


class MarkerSyntax(Protocol):
    """How marker lines are written in one place of a file, and what a solution region becomes there."""

    def match(self, line: str) -> Marker | None: ...

    def stub(self, begin: Marker) -> str: ...


class CommentMarkers:
    """Markers as whole comment lines of a programming language (`# BEGIN SOLUTION`)."""

    def __init__(self, leaders: Sequence[str], *, python: bool = False) -> None:
        alternatives = "|".join(f"{re.escape(leader)}++" for leader in leaders)
        self._line = re.compile(
            rf"(?P<indent>[ \t]*+)(?P<leader>(?>{alternatives})){_DECORATION_POSSESSIVE}{_WORDS}"
            rf"{_DECORATION_POSSESSIVE}(?:\*/)?[ \t]*",
            re.IGNORECASE,
        )
        self._python = python
        # Whole-line comments written by exlib (stub cells) use the language's line comment.
        self.line_comment = "//" if "//" in leaders else leaders[0]

    def match(self, line: str) -> Marker | None:
        found = self._line.fullmatch(line)
        return None if found is None else _marker(found)

    def stub(self, begin: Marker) -> str:
        if begin.leader.startswith("/*"):
            return f"{begin.indent}/* {STUB_TEXT} */"
        if begin.leader.startswith("#") and self._python:
            # `pass` keeps a function body whose whole solution was cut out valid Python.
            return f"{begin.indent}pass  # {STUB_TEXT}"
        return f"{begin.indent}{begin.leader} {STUB_TEXT}"


class HtmlMarkers:
    """Markers as HTML comments in prose (`<!-- BEGIN SOLUTION -->`); the stub is visible text."""

    _LINE = re.compile(rf"(?P<indent>[ \t]*)(?P<leader><!--){_DECORATION}{_WORDS}{_DECORATION}-->[ \t]*", re.IGNORECASE)

    def match(self, line: str) -> Marker | None:
        found = self._LINE.fullmatch(line)
        return None if found is None else _marker(found)

    def stub(self, begin: Marker) -> str:
        return f"{begin.indent}{PROSE_STUB_TEXT}"


@dataclass(frozen=True)
class Context:
    """Where a line is: its marker syntax, and a name for messages (`prose`, `the r chunk of line 4`).

    Two lines are in the same context when their Context objects are equal."""

    syntax: MarkerSyntax
    name: str
    start: int = 0


@dataclass(frozen=True)
class Stripped:
    lines: list[str]
    regions: int  # how many regions were processed; 0 means the text had none


def strip_regions(lines: Sequence[str], contexts: Sequence[Context], *, where: Callable[[int], str]) -> Stripped:
    """`lines` with their regions processed; `contexts[i]` says how line i writes markers and
    `where(number)` names a 1-based line in errors (`nb.ipynb, cell 3, line 2`)."""
    kept: list[str] = []
    regions = 0
    open_region: tuple[Marker, int, Context] | None = None
    for number, (line, context) in enumerate(zip(lines, contexts, strict=True), start=1):
        marker = context.syntax.match(line.rstrip("\r"))
        if marker is None:
            if open_region is None:
                kept.append(line)
            continue
        if open_region is None:
            if marker.edge == "END":
                raise MarkerError(
                    f"{where(number)}: `END {marker.kind}` has no `BEGIN {marker.kind}` before it; "
                    f"add the `BEGIN {marker.kind}` marker where the region starts, or delete this line."
                )
            open_region = (marker, number, context)
            continue
        begin, begin_number, begin_context = open_region
        if marker.edge == "BEGIN":
            raise MarkerError(
                f"{where(number)}: `BEGIN {marker.kind}` inside the {begin.kind} region begun on "
                f"{where(begin_number)}; regions cannot be nested: put `END {begin.kind}` before this line."
            )
        if marker.kind != begin.kind:
            raise MarkerError(
                f"{where(number)}: `END {marker.kind}` closes the {begin.kind} region begun on "
                f"{where(begin_number)}; end that region with `END {begin.kind}` instead."
            )
        if context != begin_context:
            raise MarkerError(
                f"{where(number)}: `END {marker.kind}` is in {context.name}, but its region was begun in "
                f"{begin_context.name} on {where(begin_number)}; end the region where it began."
            )
        if begin.kind == SOLUTION:
            ending = "\r" if lines[begin_number - 1].endswith("\r") else ""
            kept.append(begin_context.syntax.stub(begin) + ending)
        regions += 1
        open_region = None
    if open_region is not None:
        begin, begin_number, _ = open_region
        raise MarkerError(
            f"{where(begin_number)}: `BEGIN {begin.kind}` is never closed; "
            f"add an `END {begin.kind}` marker where the region ends."
        )
    return Stripped(kept, regions)


def _marker(found: re.Match[str]) -> Marker:
    kind = SOLUTION if found["kind"].upper() == SOLUTION else HIDDEN_TESTS
    return Marker(found["edge"].upper(), kind, found["indent"], found["leader"])
