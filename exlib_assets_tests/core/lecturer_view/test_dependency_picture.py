"""The dependency graph as a picture: every example a box in the column of its depth, every
dependency an arrow labelled with its constraint, a missing example marked, labels escaped."""

import base64
import xml.etree.ElementTree as ET

from exlib_assets.core.lecturer_view.dependency_picture import Edge, dependency_svg, markdown_image

SVG = "{http://www.w3.org/2000/svg}"
EDGES = [
    Edge("a.top@2.0", "a.middle@1.0", "^1.0"),
    Edge("a.top@2.0", "a.base@1.0", "latest"),
    Edge("a.middle@1.0", "a.base@1.0", ">=1.0,<2"),
    Edge("a.middle@1.0", "a.ghost", "latest"),
]


def boxes(svg: str) -> dict[str, tuple[float, float]]:
    root = ET.fromstring(svg)
    rects = root.findall(f"{SVG}rect")
    labels = [text.text for text in root.findall(f"{SVG}text") if text.get("class") != "constraint"]
    return {label: (float(rect.get("x")), float(rect.get("y"))) for label, rect in zip(labels, rects, strict=True)}


def test_each_example_sits_in_the_column_of_its_shortest_path_and_each_dependency_is_an_arrow():
    svg = dependency_svg("a.top@2.0", EDGES)
    drawn = boxes(svg)

    assert set(drawn) == {"a.top@2.0", "a.middle@1.0", "a.base@1.0", "a.ghost"}
    top, middle, base, ghost = (drawn[label][0] for label in ("a.top@2.0", "a.middle@1.0", "a.base@1.0", "a.ghost"))
    assert top < middle == base < ghost  # a.base is needed directly too, so it sits at depth 1
    root = ET.fromstring(svg)
    assert len(root.findall(f"{SVG}line")) == len(EDGES)
    constraints = [text.text for text in root.findall(f"{SVG}text") if text.get("class") == "constraint"]
    assert constraints == ["^1.0", "latest", ">=1.0,<2", "latest"]  # escaped, and read back as written


def test_a_missing_example_is_drawn_apart_from_the_found_ones():
    root = ET.fromstring(dependency_svg("a.top@2.0", EDGES))
    fills = {rect.get("fill") for rect in root.findall(f"{SVG}rect")}
    assert len(fills) == 2


def test_the_picture_travels_inline_as_a_markdown_image():
    svg = dependency_svg("a.top@2.0", EDGES[:1])
    image = markdown_image(svg, "what a.top@2.0 needs")

    assert image.startswith("![what a.top@2.0 needs](data:image/svg+xml;base64,")
    assert base64.b64decode(image.split(",", 1)[1].rstrip(")")).decode() == svg
