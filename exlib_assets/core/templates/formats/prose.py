"""Marker regions in prose formats: Markdown and HTML, R Markdown and Quarto, LaTeX.

- Markdown (`.md`) and HTML: `<!-- BEGIN SOLUTION -->` ... `<!-- END SOLUTION -->` lines; a
  solution region becomes the visible line `YOUR ANSWER HERE`.
- R Markdown and Quarto (`.Rmd`, `.qmd`), and fenced code blocks in Markdown: prose as above,
  code chunks (```` ```{r} ````, ```` ```python ````) by their language's comment
  (`# BEGIN SOLUTION` in R or Python, `// BEGIN SOLUTION` in C++, ...), with the same stub as
  source files. A region ends in the chunk (or the prose) it began in; a prose region may hold
  whole chunks.
- LaTeX (`.tex`, `.sty`, `.cls`): `% BEGIN SOLUTION` comment lines.
"""

import re

from exlib_assets.core.templates.formats.languages import comment_markers
from exlib_assets.core.templates.formats.regions import Context, HtmlMarkers, Stripped, strip_regions

MARKDOWN_SUFFIXES = (".md", ".markdown", ".rmd", ".qmd")
HTML_SUFFIXES = (".html", ".htm")
LATEX_SUFFIXES = (".tex", ".sty", ".cls", ".ltx")
PROSE_SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES + LATEX_SUFFIXES

# An opening fence: ``` or ~~~ (3 or more), then an optional language, bare or as `{r name, echo=FALSE}`.
_FENCE_OPEN = re.compile(r"[ \t]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?P<language>[A-Za-z0-9_+#-]*)")
_PROSE = Context(HtmlMarkers(), "prose")


def strip_prose(shown: str, suffix: str, text: str) -> Stripped:
    """`text` (a whole file, split into lines on `\\n`) with its regions processed; `shown` names
    the file in errors and `suffix` (lower case, with the dot) picks its syntax."""
    lines = text.split("\n")
    if suffix in LATEX_SUFFIXES:
        contexts = [Context(comment_markers("latex"), "LaTeX")] * len(lines)
    elif suffix in HTML_SUFFIXES:
        contexts = [_PROSE] * len(lines)
    else:
        contexts = _markdown_contexts(lines)
    return strip_regions(lines, contexts, where=lambda number: f"{shown}, line {number}")


def prose_markers(cell_source: str, shown: str) -> Stripped:
    """The regions of a Markdown notebook cell (`shown` names the cell in errors, e.g. `nb.ipynb, cell 3`)."""
    lines = cell_source.split("\n")
    return strip_regions(lines, _markdown_contexts(lines), where=lambda number: f"{shown}, line {number}")


def _markdown_contexts(lines: list[str]) -> list[Context]:
    """Per line: prose, or the fenced code chunk it lies in (fences themselves count as prose)."""
    contexts: list[Context] = []
    fence: str | None = None
    chunk = _PROSE
    for number, line in enumerate(lines, start=1):
        bare = line.rstrip("\r")
        if fence is None:
            opening = _FENCE_OPEN.match(bare)
            contexts.append(_PROSE)
            # ```code``` on one line is inline code, not a fence (a backtick fence's info has no backtick).
            if opening is not None and not (opening["fence"][0] == "`" and "`" in bare[opening.end() :]):
                fence = opening["fence"]
                language = opening["language"] or None
                chunk = Context(
                    comment_markers(language), f"the {language or 'code'} chunk opened on line {number}", number
                )
            continue
        if bare.strip().startswith(fence) and not bare.strip().strip(fence[0]):
            fence = None
            contexts.append(_PROSE)
            continue
        contexts.append(chunk)
    return contexts
