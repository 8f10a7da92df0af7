"""The dependency graph of an example version drawn as a picture (SVG), for its page in the UI.

Dagster's Markdown shows images given inline as `data:` URIs but draws no diagrams of its own (a
Mermaid block stays source), so the graph is laid out here: one column per level of dependency,
left to right, each example a box, each dependency an arrow labelled with its constraint.
"""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

CHAR_WIDTH = 7.2  # of the 12 px monospace font the labels are set in
BOX_HEIGHT = 28
COLUMN_GAP = 110
ROW_GAP = 18
MARGIN = 12


@dataclass(frozen=True)
class Edge:
    """`source` needs `target` (both `identifier@version`, or a missing one's identifier) by `constraint`."""

    source: str
    target: str
    constraint: str


def dependency_svg(root: str, edges: Sequence[Edge]) -> str:
    """The graph from `root` along `edges` as an SVG document."""
    columns = _columns(root, edges)
    widths = [max(_box_width(label) for label in column) for column in columns]
    position: dict[str, tuple[float, float]] = {}
    x = MARGIN
    for column, width in zip(columns, widths, strict=True):
        for row, label in enumerate(column):
            position[label] = (x, MARGIN + row * (BOX_HEIGHT + ROW_GAP))
        x += width + COLUMN_GAP
    width = x - COLUMN_GAP + MARGIN
    height = MARGIN * 2 + max(len(column) for column in columns) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'font-family="monospace" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for edge in edges:
        (sx, sy), (tx, ty) = position[edge.source], position[edge.target]
        start = (sx + _box_width(edge.source), sy + BOX_HEIGHT / 2)
        end = (tx, ty + BOX_HEIGHT / 2)
        parts.append(
            f'<line class="needs" x1="{start[0]:.0f}" y1="{start[1]:.0f}" x2="{end[0]:.0f}" y2="{end[1]:.0f}" '
            'stroke="#555" marker-end="url(#arrow)"/>'
        )
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 - 4)
        parts.append(
            f'<text class="constraint" x="{middle[0]:.0f}" y="{middle[1]:.0f}" text-anchor="middle" '
            f'fill="#555">{escape(edge.constraint)}</text>'
        )
    for label, (bx, by) in position.items():
        missing = "@" not in label
        fill, stroke = ("#fdecea", "#c0392b") if missing else ("#eef4fb", "#2c6fbb")
        parts.append(
            f'<rect class="example" x="{bx:.0f}" y="{by:.0f}" width="{_box_width(label):.0f}" height="{BOX_HEIGHT}" '
            f'rx="5" fill="{fill}" stroke="{stroke}"/>'
        )
        parts.append(f'<text x="{bx + 10:.0f}" y="{by + BOX_HEIGHT / 2 + 4:.0f}">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def markdown_image(svg: str, caption: str) -> str:
    """`svg` as a Markdown image the UI shows inline."""
    data = base64.b64encode(svg.encode()).decode()
    return f"![{caption}](data:image/svg+xml;base64,{data})"


def _columns(root: str, edges: Sequence[Edge]) -> list[list[str]]:
    """Each example in the column of its shortest path from `root`, in the order first reached."""
    level = {root: 0}
    frontier = [root]
    while frontier:
        following = []
        for source in frontier:
            for edge in edges:
                if edge.source == source and edge.target not in level:
                    level[edge.target] = level[source] + 1
                    following.append(edge.target)
        frontier = following
    columns: list[list[str]] = [[] for _ in range(max(level.values()) + 1)]
    for label, depth in level.items():
        columns[depth].append(label)
    return columns


def _box_width(label: str) -> float:
    return len(label) * CHAR_WIDTH + 20
