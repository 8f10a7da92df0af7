import json
import re
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exlib_assets.core.errors import ExampleTooLargeError, InvalidExampleError
from exlib_assets.core.meta import (
    MAX_META_BYTES,
    Dependency,
    ExecutionBackend,
    Link,
    MissingFile,
    Person,
    missing_files,
    parse_meta,
)
from exlib_assets.core.meta import yaml_loader as meta_loader

NEW_FORM = """\
identifier: itpcp.pgph.py.caesar
version: 1.10
title: Caesar cipher
description: Shift letters.
license: CC BY 4.0
authors:
  - name: Ada Lovelace
    email: ada@example.org
    affiliation: TU Wien
maintainers: Grace Hopper
courseMaterials:
  - name: slides
    url: https://example.org/slides
supportingMaterials:
  - name: str docs
    url: https://docs.python.org/3/library/stdtypes.html
content:
  tags: [strings, loops]
properties:
  studentSubmissionFiles: [caesar.py]
  studentTemplates: [studentTemplates/caesar.py]
  additionalFiles: [data/words.txt]
  testFiles: [test.yaml, localTests/]
  testDependencies:
    - itpcp.pgph.py.helpers
  executionBackend:
    slug: itpcp.exec.py
    version: "3.12"
    settings: {timeout: 30, flags: [-O]}
"""

OLD_FORM = """\
slug: itpcp.pgph.py.hello
version: '1.0'
title: Hello
language: en
keywords: [basics, print]
links:
  - description: Python tutorial
    url: https://docs.python.org/3/tutorial/
supportingMaterial: https://example.org/hello.pdf
testDependencies:
  - slug: itpcp.pgph.py.io
    version: ^1.0
properties:
  studentSubmissionFiles: hello.py
  studentTemplates:
  testFiles: []
  executionBackendSlug: python
"""


def problems_of(text: str, folder: str = "caesar") -> str:
    with pytest.raises(InvalidExampleError) as error:
        parse_meta(text, folder=folder)
    return str(error.value)


# --- Both forms ----------------------------------------------------------------


def test_new_form():
    meta = parse_meta(NEW_FORM, folder="caesar")
    assert meta.identifier == "itpcp.pgph.py.caesar"
    assert meta.identifier_source == "identifier"
    assert meta.version == "1.10"
    assert meta.title == "Caesar cipher"
    assert meta.license == "CC BY 4.0"
    assert meta.authors == (Person(name="Ada Lovelace", email="ada@example.org", affiliation="TU Wien"),)
    assert meta.maintainers == (Person(name="Grace Hopper"),)
    assert meta.links == (
        Link(url="https://docs.python.org/3/library/stdtypes.html", title="str docs"),
        Link(url="https://example.org/slides", title="slides"),
    )
    assert meta.tags == ("strings", "loops")
    props = meta.properties
    assert props.student_submission_files == ("caesar.py",)
    assert props.student_templates == ("studentTemplates/caesar.py",)
    assert props.additional_files == ("data/words.txt",)
    assert props.test_files == ("test.yaml", "localTests")
    assert props.test_dependencies == (Dependency(identifier="itpcp.pgph.py.helpers"),)
    assert props.execution_backend == ExecutionBackend(
        slug="itpcp.exec.py", version="3.12", settings={"timeout": 30, "flags": ["-O"]}
    )
    assert meta.raw["properties"]["testFiles"] == ["test.yaml", "localTests/"]


def test_old_form():
    meta = parse_meta(OLD_FORM, folder="hello")
    assert meta.identifier == "itpcp.pgph.py.hello"
    assert meta.identifier_source == "slug"
    assert meta.version == "1.0"
    assert meta.language == "en"
    assert meta.tags == ("basics", "print")
    assert meta.links == (
        Link(url="https://docs.python.org/3/tutorial/", title="Python tutorial"),
        Link(url="https://example.org/hello.pdf"),
    )
    assert meta.properties.student_submission_files == ("hello.py",)
    assert meta.properties.student_templates == ()
    assert meta.properties.test_files == ()
    assert meta.properties.additional_files == ()
    assert meta.properties.test_dependencies == (Dependency(identifier="itpcp.pgph.py.io", constraint="^1.0"),)
    assert meta.properties.execution_backend == ExecutionBackend(slug="python")


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nexecutionBackendSlug: python\n",
        "version: 1\nproperties: {executionBackendSlug: python}\n",
        "version: 1\nproperties: {executionBackend: python}\n",
    ],
)
def test_execution_backend_slug_alone(text):
    meta = parse_meta(text, folder="x")
    assert meta.properties.execution_backend == ExecutionBackend(slug="python")


def test_minimal_meta_takes_the_folder_name_as_identifier():
    meta = parse_meta("version: 1.0\n", folder="hello-world")
    assert meta.identifier == "hello-world"
    assert meta.identifier_source == "folder"
    assert meta.version == "1.0"
    assert meta.title is None and meta.authors == () and meta.links == () and meta.tags == ()
    assert meta.properties.test_dependencies == ()
    assert meta.properties.execution_backend is None


def test_identifier_wins_over_slug():
    meta = parse_meta("identifier: a.new\nslug: a.old\nversion: 1\n", folder="x")
    assert (meta.identifier, meta.identifier_source) == ("a.new", "identifier")


def test_unknown_top_level_keys_are_allowed_and_kept_in_raw():
    meta = parse_meta("version: 1.0\nkind: assignment\ntype: py\n", folder="x")
    assert meta.raw == {"version": 1.0, "kind": "assignment", "type": "py"}


def test_bytes_and_a_byte_order_mark_are_accepted():
    meta = parse_meta("\ufeffversion: 2.0\ntitle: Grüße\n".encode(), folder="x")
    assert (meta.version, meta.title) == ("2.0", "Grüße")


# --- Versions as YAML numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1.10", "1.10"), ("1.0", "1.0"), ("2", "2"), ("'1.10'", "1.10"), ("v1.2", "v1.2")],
)
def test_version_is_kept_as_written(written, expected):
    assert parse_meta(f"version: {written}\n", folder="x").version == expected


def test_dependency_and_backend_versions_are_kept_as_written():
    meta = parse_meta(
        "version: 1\nproperties:\n"
        "  testDependencies: [{identifier: a.b, version: 1.10}]\n"
        "  executionBackend: {slug: octave, version: 8.40}\n",
        folder="x",
    )
    assert meta.properties.test_dependencies == (Dependency(identifier="a.b", constraint="1.10"),)
    assert meta.properties.execution_backend.version == "8.40"


def test_missing_version_is_reported():
    message = problems_of("title: No version\n")
    assert "'caesar'" in message
    assert "version: missing" in message and "`version: 1.0`" in message


def test_invalid_version_names_the_tag_and_valid_examples():
    message = problems_of("version: one\n")
    assert "version: 'one' is not a valid version tag" in message
    assert "`1.0`, `v1.2`, `2.0.0`" in message


# --- testDependencies ------------------------------------------------------------


def test_test_dependencies_in_every_form():
    meta = parse_meta(
        """\
identifier: a.main
version: 1.0
testDependencies: [a.legacy]
properties:
  testDependencies:
    - a.plain
    - a.caret@^1.0
    - a.range@>=1.0,<2
    - {identifier: a.mapping, version: ~1.2}
    - {slug: a.slug}
    - {identifier: a.exact, version: "1.2"}
    - a.plain
""",
        folder="main",
    )
    assert meta.properties.test_dependencies == (
        Dependency(identifier="a.legacy", constraint="latest"),
        Dependency(identifier="a.plain", constraint="latest"),
        Dependency(identifier="a.caret", constraint="^1.0"),
        Dependency(identifier="a.range", constraint=">=1.0,<2"),
        Dependency(identifier="a.mapping", constraint="~1.2"),
        Dependency(identifier="a.slug", constraint="latest"),
        Dependency(identifier="a.exact", constraint="1.2"),
    )
    assert meta.all_dependency_identifiers == (
        "a.legacy", "a.plain", "a.caret", "a.range", "a.mapping", "a.slug", "a.exact"
    )  # fmt: skip
    assert meta.properties.test_dependencies[2].version_constraint.allows("1.5")


def test_bad_test_dependencies_are_each_named():
    message = problems_of(
        """\
identifier: a.main
version: 1.0
properties:
  testDependencies:
    - 42
    - {version: 1.0}
    - a.b@^x
    - {identifier: a.c, version: "=>1"}
    - bad..id
    - a.main
    - a.twice@1.0
    - a.twice@2.0
"""
    )
    expected = [
        "properties.testDependencies[0]: expected an example identifier",
        "got a number (42)",
        "properties.testDependencies[1]: expected an example identifier",
        "`identifier` is missing",
        "properties.testDependencies[2]: '^x' is not a valid version constraint",
        "properties.testDependencies[3].version: '=>1' is not a valid version constraint",
        "properties.testDependencies[4]: 'bad..id' is not a valid example identifier",
        "properties.testDependencies[5]: the example depends on itself",
        "properties.testDependencies[7]: 'a.twice' is listed twice with different versions",
    ]
    assert [part for part in expected if part not in message] == []
    assert "(7 problems)" in message


# --- File lists and path safety ---------------------------------------------------


def test_file_lists_accept_none_a_string_or_a_list_and_normalize_entries():
    meta = parse_meta(
        "version: 1\nproperties:\n"
        "  studentSubmissionFiles: ./main.py\n"
        "  studentTemplates: ~\n"
        "  additionalFiles: [data//a.csv, data/a.csv, 'with space.txt']\n",
        folder="x",
    )
    assert meta.properties.student_submission_files == ("main.py",)
    assert meta.properties.student_templates == ()
    assert meta.properties.additional_files == ("data/a.csv", "with space.txt")
    assert meta.properties.test_files == ()


def test_unsafe_paths_and_wrong_types_are_all_reported_with_their_keys():
    message = problems_of(
        """\
version: 1.0
properties:
  studentTemplates: [ok.py, ../secret.py, 3, /etc/passwd, 'a\\b.py', '', .git/config, C:/x.py]
  testFiles: {a: b}
  additionalFiles: [sub/.GIT/hooks/pre-commit, ./, a/../../b]
"""
    )
    assert "Example 'caesar'" in message
    expected = [
        "properties.studentTemplates[1]: '../secret.py' leaves the example folder",
        "properties.studentTemplates[2]: expected a list of relative file paths, got a number",
        "properties.studentTemplates[3]: '/etc/passwd' is absolute",
        "properties.studentTemplates[4]: 'a\\\\b.py' uses backslashes",
        "properties.studentTemplates[5]: '' is empty",
        "properties.studentTemplates[6]: '.git/config' is inside `.git/`",
        "properties.studentTemplates[7]: 'C:/x.py' is absolute",
        "properties.testFiles: expected a list of relative file paths, got a mapping",
        "properties.additionalFiles[0]: 'sub/.GIT/hooks/pre-commit' is inside `.git/`",
        "properties.additionalFiles[1]: './' names the example folder itself",
        "properties.additionalFiles[2]: 'a/../../b' leaves the example folder",
    ]
    assert [line for line in expected if line not in message] == []
    assert "[0]: 'ok.py'" not in message
    assert len(message.splitlines()) == 1 + len(expected)


def test_missing_files_are_reported_not_raised():
    meta = parse_meta(NEW_FORM, folder="caesar")
    present = ["meta.yaml", "caesar.py", "localTests/t1/test.py", "studentTemplates/other.py"]
    assert missing_files(meta, present) == [
        MissingFile(key="properties.studentTemplates", path="studentTemplates/caesar.py"),
        MissingFile(key="properties.additionalFiles", path="data/words.txt"),
        MissingFile(key="properties.testFiles", path="test.yaml"),
    ]
    assert str(missing_files(meta, [])[0]) == "properties.studentSubmissionFiles: caesar.py"


def test_a_folder_entry_is_present_only_with_files_under_it():
    meta = parse_meta("version: 1\nproperties: {testFiles: [localTests]}\n", folder="x")
    assert missing_files(meta, ["localTests/a.py"]) == []
    assert missing_files(meta, ["localTestsOld/a.py"]) == [MissingFile(key="properties.testFiles", path="localTests")]


# --- Other fields -------------------------------------------------------------------


def test_tags_merge_keywords_and_content_tags_without_duplicates():
    meta = parse_meta("version: 1\nkeywords: [b, a, b]\ncontent: {tags: [a, c], types: [x]}\n", folder="x")
    assert meta.tags == ("b", "a", "c")


def test_links_are_merged_from_all_keys_and_deduplicated_by_url():
    meta = parse_meta(
        "version: 1\n"
        "links: [https://a]\n"
        "supportingMaterial: [{url: https://b, title: B}]\n"
        "supportingMaterials: [{name: A again, url: https://a}]\n"
        "courseMaterials: {name: C, link: https://c}\n",
        folder="x",
    )
    assert meta.links == (
        Link(url="https://a"),
        Link(url="https://b", title="B"),
        Link(url="https://c", title="C"),
    )


def test_blank_fields_count_as_absent():
    meta = parse_meta("version: 1\ntitle: ''\ndescription: []\nauthors:\n", folder="x")
    assert meta.title is None and meta.description is None and meta.authors == ()


def test_summary_is_json_and_has_the_parsed_fields():
    dated = NEW_FORM.replace("settings: {timeout: 30", "settings: {when: 2024-05-01, ratio: .nan")
    meta = parse_meta(dated, folder="caesar")
    summary = json.loads(json.dumps(meta.summary(), allow_nan=False))
    assert summary["identifier"] == "itpcp.pgph.py.caesar"
    assert summary["identifier_source"] == "identifier"
    assert summary["version"] == "1.10"
    assert summary["tags"] == ["strings", "loops"]
    assert summary["test_files"] == ["test.yaml", "localTests"]
    assert summary["test_dependencies"] == [{"identifier": "itpcp.pgph.py.helpers", "constraint": "latest"}]
    assert summary["execution_backend"]["slug"] == "itpcp.exec.py"
    settings = summary["execution_backend"]["settings"]
    assert settings == {"when": "2024-05-01", "ratio": None, "flags": ["-O"]}
    assert "raw" not in summary and "properties" not in summary


def test_many_problems_come_in_one_message_one_line_each():
    message = problems_of(
        """\
identifier: "not valid!"
version: [1]
title: {a: b}
authors: [{affiliation: TU}]
links: [{title: no url}]
content: just text
properties: [a]
""",
        folder="broken",
    )
    lines = message.splitlines()
    assert "Example 'broken'" in lines[0] and "(7 problems)" in lines[0]
    assert lines[1:] == [
        "  - identifier: 'not valid!' is not a valid identifier; expected dotted labels of letters,"
        " digits, '_' and '-', each label starting with a letter or digit, at most 200 characters"
        " (e.g. `itpcp.pgph.py.caesar`)",
        "  - version: expected a version tag such as `1.0`, `v1.2`, `2.0.0`, `2.0.0-beta.1`, got a list",
        "  - title: expected text, got a mapping",
        "  - authors[0]: expected a person with at least `name` or `email`",
        "  - links[0]: expected a mapping with `url` (and optionally `title` or `name`)",
        "  - content: expected a mapping (with `tags`), got text",
        "  - properties: expected a mapping with keys such as `studentSubmissionFiles` and `testFiles`, got a list",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("identifier: a.b\nversion: 1\nproperties:\n  executionBackend: {version: 1}\n",
         "properties.executionBackend.slug: missing; name the backend"),
        ("version: 1\nproperties:\n  executionBackend: {slug: py, settings: [1]}\n",
         "properties.executionBackend.settings: expected a mapping of settings, got a list"),
        ("version: 1\nidentifier: " + "a" * 201 + "\n", "at most 200 characters"),
        ("version: 1\nslug: -leading-dash\n", "slug: '-leading-dash' is not a valid identifier"),
    ],
)  # fmt: skip
def test_other_field_problems(text, expected):
    assert expected in problems_of(text)


def test_a_folder_name_that_cannot_be_an_identifier_asks_for_one():
    message = problems_of("version: 1\n", folder="my example")
    assert "identifier: missing, and the folder name 'my example' cannot stand in for it" in message


# --- Unsafe or broken YAML ---------------------------------------------------------

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "version: 1.0\n"
)


def test_billion_laughs_is_refused_quickly():
    started = time.perf_counter()
    message = problems_of_load(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert "Example 'caesar'" in message
    assert "line 1, column 4" in message
    assert "anchors and aliases" in message


def test_a_lone_anchor_is_refused_too():
    assert "anchors and aliases" in problems_of_load("version: &v 1.0\n")


def test_too_large_meta_is_refused_before_parsing():
    text = "version: 1.0\ndescription: " + "x" * MAX_META_BYTES + "\n"
    with pytest.raises(ExampleTooLargeError, match=r"Example 'caesar': meta.yaml is .* 256 KiB"):
        parse_meta(text, folder="caesar")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 1.0\ntitle: [unclosed\n", "not valid YAML (line 3, column 1"),
        ("version: 1.0\n  bad: indent\n", "not valid YAML (line 2, column 6"),
        ("- version: 1.0\n", "must be a mapping of keys such as `version: 1.0`"),
        ("just text", "must be a mapping of keys"),
        ("", "meta.yaml is empty"),
        ("# only a comment\n", "meta.yaml is empty"),
        ("version: 1.0\ncreated: 2024-13-45\n", "line 2, column 10: this value cannot be read"),
        ("x: " + "[" * 100 + "]" * 100, "nested more than 64 levels"),
        ("version: 1\n---\nversion: 2\n", "not valid YAML"),
        ("version: !!python/object:os.system x\n", "not valid YAML"),
    ],
)
def test_broken_yaml_gives_a_located_message(text, expected):
    message = problems_of_load(text)
    assert "Example 'caesar'" in message
    assert expected in message


def test_bytes_that_are_not_utf8_are_refused():
    message = problems_of_load("version: 1.0\ntitle: Gr\xfc\xdfe\n".encode("latin-1"))
    assert "Example 'caesar': meta.yaml is not UTF-8 text (byte 0xfc at offset 22)" in message


def problems_of_load(text: str | bytes) -> str:
    with pytest.raises(InvalidExampleError) as error:
        parse_meta(text, folder="caesar")
    return str(error.value)


# --- Never anything but InvalidExampleError -----------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(["1.10", "../x", "/abs", ".git/x", "a.b@^1", "latest", "^1.0", ""]),
)
_keys = st.one_of(
    st.sampled_from(
        [
            "identifier", "slug", "version", "title", "authors", "maintainers", "links",
            "supportingMaterial", "supportingMaterials", "courseMaterials", "keywords",
            "content", "tags", "properties", "studentSubmissionFiles", "studentTemplates",
            "additionalFiles", "testFiles", "testDependencies", "executionBackend",
            "executionBackendSlug", "settings", "url", "name", "email", "title",
        ]
    ),
    st.text(max_size=10),
)  # fmt: skip
_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=8))
def test_arbitrary_mappings_parse_or_raise_invalid_example(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        meta = parse_meta(text, folder="fuzz")
    except InvalidExampleError as error:
        assert str(error).startswith("Example 'fuzz'")
    else:
        json.dumps(meta.summary(), allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_text_parses_or_raises_invalid_example(text):
    try:
        parse_meta(text, folder="fuzz")
    except InvalidExampleError as error:
        assert str(error).startswith("Example 'fuzz'")


# --- libyaml and the strict rules -----------------------------------------------------------------

HOSTILE_YAML = {
    "alias": "identifier: a.b\nversion: '1.0'\nkeywords: &k [x]\ntags: *k\n",
    "anchor only": "identifier: a.b\nversion: &v '1.0'\n",
    "billion laughs": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "too deep": "identifier: a.b\nversion: '1.0'\nx: " + "[" * 65 + "]" * 65 + "\n",
    "NUL escape": 'identifier: a.b\nversion: "1.0"\ntitle: "a\\0b"\n',
    "half a surrogate": 'identifier: a.b\nversion: "1.0"\ntitle: "\\ud800"\n',
    "impossible date": "identifier: a.b\nversion: '1.0'\nreleased: 2024-13-01\n",
    "a tag": "identifier: a.b\nversion: !!python/object:os.system '1.0'\n",
}


def test_meta_yaml_is_parsed_by_libyaml():
    assert yaml.__with_libyaml__ and meta_loader._BASE_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_libyaml_keeps_every_strictness_rule_of_the_pure_python_parser(case, monkeypatch):
    def refusal() -> str:
        with pytest.raises(InvalidExampleError) as raised:
            parse_meta(HOSTILE_YAML[case], folder="strict")
        return str(raised.value)

    with_libyaml = refusal()

    class PurePythonStrictLoader(meta_loader._RefusesUnreadableValues, yaml.SafeLoader):
        pass

    monkeypatch.setattr(meta_loader, "_BASE_LOADER", yaml.SafeLoader)
    monkeypatch.setattr(meta_loader, "_StrictLoader", PurePythonStrictLoader)

    pure_python = refusal()

    # Both refuse, at the same line; the words may differ (libyaml reads `\ud800` and the value
    # check refuses it, where the pure-Python scanner refuses the escape itself).
    line = re.compile(r"line \d+")
    assert line.findall(with_libyaml) == line.findall(pure_python) != []
