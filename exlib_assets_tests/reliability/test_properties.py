"""Properties of the rules bad input meets first: the meta.yaml parser, the content path
(ltree) and partition key rules, and the solution-marker stripper. Each rule is written out
here again, independently, as the spec the code is checked against."""

import json
import string
from pathlib import PurePosixPath

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exlib_assets.core.course_paths import check_content_path, folder_of
from exlib_assets.core.errors import ExlibError, InvalidExampleError
from exlib_assets.core.keys import course_content_key, parse_course_content_key
from exlib_assets.core.meta import ExampleMeta, parse_meta
from exlib_assets.core.templates.markers import (
    STUB_TEXT,
    MarkerError,
    UnreadableMarkersError,
    strip_markers,
    surviving_markers,
)
from exlib_assets.core.templates.text_encoding import decode_text
from exlib_assets_tests.reliability import strategies as s

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- meta.yaml -------------------------------------------------------------------------------------


def parse_or_refusal(text: str | bytes) -> ExampleMeta | InvalidExampleError:
    """The parser's answer: a model, or the project's error (anything else escapes and fails)."""
    try:
        return parse_meta(text, folder="fuzz")
    except InvalidExampleError as error:
        return error


def assert_storable(meta: ExampleMeta) -> None:
    """What the database receives is strict JSON of UTF-8 text without NUL (PostgreSQL's rule)."""
    encoded = json.dumps(meta.summary(), allow_nan=False, ensure_ascii=False)
    assert "\x00" not in encoded and "\\u0000" not in encoded
    encoded.encode("utf-8")  # raises on half a surrogate pair


@BOUNDED
@given(s.yaml_documents)
def test_any_yaml_document_gives_a_model_or_the_projects_error(document):
    answer = parse_or_refusal(yaml.safe_dump(document, allow_unicode=True))

    if isinstance(answer, InvalidExampleError):
        assert str(answer).startswith("Example 'fuzz'")
    else:
        assert_storable(answer)


@BOUNDED
@given(st.one_of(s.yaml_fragments, s.yaml_fragments.map(lambda text: text.encode("utf-8", "surrogatepass"))))
def test_any_yaml_like_text_gives_a_model_or_the_projects_error(text):
    answer = parse_or_refusal(text)

    if isinstance(answer, ExampleMeta):
        assert_storable(answer)


@BOUNDED
@given(s.valid_metas())
def test_valid_documents_round_trip_their_fields(valid):
    # The version is written unquoted, as authors do: `1.10` must stay `1.10`, not become 1.1.
    text = yaml.safe_dump(valid.document(), allow_unicode=True, sort_keys=False) + f"version: {valid.version}\n"

    meta = parse_meta(text, folder="generated")

    assert (meta.identifier, meta.identifier_source, meta.version, meta.title) == (
        valid.identifier,
        "identifier",
        valid.version,
        valid.title,
    )
    properties = meta.properties
    assert properties.student_submission_files == valid.files["studentSubmissionFiles"]
    assert properties.student_templates == valid.files["studentTemplates"]
    assert properties.additional_files == valid.files["additionalFiles"]
    assert properties.test_files == valid.files["testFiles"]
    assert {d.identifier: d.constraint for d in properties.test_dependencies} == valid.dependencies
    assert_storable(meta)


# -- content paths and partition keys -----------------------------------------------------------

LABEL_CHARACTERS = set(string.ascii_lowercase + string.digits + "_")


def content_path_spec(path: str) -> bool:
    """Content paths: dot-separated labels of `[a-z0-9_]` (1-63 characters each, ltree's and portable
    folder names' common ground), at most 16 levels, and short enough that `course/path` (course
    slugs have up to 63 characters) is a partition key of at most 200 characters."""
    labels = path.split(".")
    return (
        1 <= len(labels) <= 16
        and len(path) <= 200 - 64
        and all(1 <= len(label) <= 63 and set(label) <= LABEL_CHARACTERS for label in labels)
    )


@BOUNDED
@given(s.content_paths)
def test_a_content_path_is_accepted_exactly_when_the_rule_says_so(path):
    try:
        accepted = check_content_path(path) == path
    except ExlibError as error:
        assert repr(path) in str(error) and "e.g. week1.hello_world" in str(error)
        accepted = False

    assert accepted == content_path_spec(path)


@BOUNDED
@given(s.content_paths.filter(content_path_spec), s.course_slugs)
def test_an_accepted_path_is_a_plain_relative_folder_and_a_partition_key(path, slug):
    folder = PurePosixPath(folder_of(path))

    assert not folder.is_absolute()
    assert folder.parts == tuple(path.split("."))
    assert not {"..", ".", ""} & set(folder.parts)
    assert parse_course_content_key(course_content_key(slug, path)) == (slug, path)


@BOUNDED
@given(st.lists(s.content_paths.filter(content_path_spec), unique=True, max_size=20))
def test_folder_of_is_injective_on_accepted_paths(paths):
    assert len({folder_of(path) for path in paths}) == len(paths)


# -- solution markers ----------------------------------------------------------------------------


def render(blocks, *, crlf: bool) -> bytes:
    lines = []
    for block in blocks:
        lines += [block] if isinstance(block, str) else [block.begin, *block.inner, block.end]
    ending = "\r" if crlf else ""
    return "\n".join(line + ending for line in lines).encode("utf-8")


def expected_lines(blocks, *, crlf: bool) -> list[str | None]:
    """Every line outside a region, in order; None where a solution region leaves its stub."""
    ending = "\r" if crlf else ""
    expected: list[str | None] = []
    for block in blocks:
        if isinstance(block, str):
            expected.append(block + ending)
        elif block.kind == "SOLUTION":
            expected.append(None)
    return expected


@BOUNDED
@given(s.marked_files(), st.sampled_from(["task.py", "task.c", "task.m"]), st.booleans())
def test_stripping_keeps_outside_lines_in_order_and_leaves_no_marker(blocks, relpath, crlf):
    stripped = strip_markers(relpath, render(blocks, crlf=crlf))

    expected = expected_lines(blocks, crlf=crlf)
    text = stripped.decode("utf-8")
    # An empty result has no lines at all (splitting it would give one empty line).
    lines = text.split("\n") if expected else []
    assert expected or text == ""
    assert len(lines) == len(expected)
    for line, wanted in zip(lines, expected, strict=True):
        if wanted is None:
            assert STUB_TEXT in line and line.endswith("\r") == crlf
        else:
            assert line == wanted
    assert surviving_markers(stripped) == []
    assert not any(s.mentions_a_marker(line) for line in lines)


@BOUNDED
@given(s.marked_files(), st.sampled_from(["task.py", "task.R"]))
def test_stripping_is_idempotent(blocks, relpath):
    once = strip_markers(relpath, render(blocks, crlf=False))

    assert strip_markers(relpath, once) == once


CORRUPTIONS = ["drop a BEGIN", "drop an END", "swap an END's kind", "nest a BEGIN"]


@BOUNDED
@given(s.marked_files(), st.sampled_from(CORRUPTIONS), st.data())
def test_unbalanced_markers_raise_marker_error_naming_file_and_line(blocks, corruption, data):
    regions = [index for index, block in enumerate(blocks) if not isinstance(block, str)]
    if not regions:
        blocks, regions = [*blocks, s.Region("SOLUTION", "# BEGIN SOLUTION", (), "# END SOLUTION")], [len(blocks)]
    index = data.draw(st.sampled_from(regions))
    region = blocks[index]
    other = "HIDDEN TESTS" if region.kind == "SOLUTION" else "SOLUTION"
    broken = {
        "drop a BEGIN": lambda: [*region.inner, region.end],
        "drop an END": lambda: [region.begin, *region.inner],
        "swap an END's kind": lambda: [region.begin, *region.inner, f"# END {other}"],
        "nest a BEGIN": lambda: [region.begin, f"# BEGIN {other}", *region.inner, region.end],
    }[corruption]()
    corrupted = [*blocks[:index], *broken, *blocks[index + 1 :]]

    with pytest.raises(MarkerError, match=r"^task\.py, line \d+: .*(BEGIN|END)"):
        strip_markers("task.py", render(corrupted, crlf=False))


@BOUNDED
@given(st.binary(max_size=200).map(lambda data: data + b"\x00# BEGIN SOLUTION\n"))
def test_binary_files_mentioning_markers_are_refused(data):
    # Binary content is never rewritten, and one that mentions markers never ships as it is:
    # its content is held back from the template.
    with pytest.raises(UnreadableMarkersError):
        strip_markers("data.bin", data)


@BOUNDED
@given(st.binary(max_size=200).filter(lambda data: not surviving_markers(data)))
def test_binary_files_without_marker_words_are_returned_unchanged(data):
    assert decode_text(data) is not None or strip_markers("data.bin", data) == data


@BOUNDED
@given(st.lists(s.plain_lines, max_size=8).map("\n".join))
def test_files_without_markers_are_returned_byte_for_byte(text):
    assert strip_markers("task.py", text.encode("utf-8")) == text.encode("utf-8")
