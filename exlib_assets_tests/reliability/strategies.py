"""Hypothesis strategies for the property tests: meta.yaml documents (arbitrary and valid),
content paths, and files with solution / hidden-test marker regions."""

import re
import string
from dataclasses import dataclass

from hypothesis import strategies as st

# -- meta.yaml ---------------------------------------------------------------------------------------

# Text as authors (and attackers) write it: any character, NUL and lone surrogates included
# (YAML can only carry those as escapes, which is exactly the hostile case).
any_text = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), max_size=12),
    st.sampled_from(["caesar\x00", "\ud800", "x\udfffy", "1.0\x00"]),  # what no database stores
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    any_text,
    st.binary(max_size=8),
    st.dates(),
)
_keys = st.one_of(
    st.sampled_from(
        [
            "identifier", "slug", "version", "title", "description", "language", "license",
            "authors", "maintainers", "links", "supportingMaterial", "supportingMaterials",
            "courseMaterials", "keywords", "content", "tags", "properties", "studentSubmissionFiles",
            "studentTemplates", "additionalFiles", "testFiles", "testDependencies", "executionBackend",
            "executionBackendSlug", "settings", "url", "name", "email", "affiliation",
        ]
    ),
    any_text,
    st.integers(),
)  # fmt: skip
yaml_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=5),
    max_leaves=30,
)
_anything = st.dictionaries(_keys, yaml_values, max_size=8)

# Fragments of YAML syntax, for text that the loader itself must survive.
yaml_fragments = st.lists(
    st.sampled_from(
        [
            "identifier: ", "version: ", "1.0", "\n", "  ", "- ", "[", "]", "{", "}", ": ", ", ", "&a ", "*a",
            "!!python/object:os.system ", "!!binary ", "!!set ", "? ", "---\n", "...\n", '"\\0"', '"\\ud800"',
            "'", '"', "#", "|\n", ">\n", "<<: ", "\t", "\ufeff", "x", "properties:\n", "testFiles: ",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip

_LABEL_START = string.ascii_letters + string.digits
_LABEL_REST = _LABEL_START + "_-"
_identifier_labels = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_LABEL_START),
    st.text(_LABEL_REST, max_size=8),
)
identifiers = st.lists(_identifier_labels, min_size=1, max_size=4).map(".".join)
version_tags = st.builds(
    lambda prefix, parts: prefix + ".".join(str(p) for p in parts),
    st.sampled_from(["", "v"]),
    st.lists(st.integers(0, 30), min_size=1, max_size=3),
)
constraints = st.sampled_from(["latest", "1.0", "^1.2", "~2.0", ">=1.0,<2", "*"])
# Readable one-line text: YAML keeps it exactly as written when it reads it back.
titles = st.text(
    st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85\u2028\u2029\ufeff"),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() == text and text)
_path_parts = st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=8)
relative_paths = st.lists(_path_parts, min_size=1, max_size=3).map("/".join)


# Text fields that reach the database, with text no database stores among the values.
_text_fields = st.dictionaries(
    st.sampled_from(["title", "description", "language", "license", "keywords", "maintainers"]), any_text, min_size=1
)


def _beside_a_valid_core(extra: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    """`extra` keys next to a valid identifier and version: without them nearly every document
    is refused for its version alone, and the accepting side is never tried."""
    return st.builds(
        lambda more, identifier, version: {**more, "identifier": identifier, "version": version},
        extra,
        identifiers,
        version_tags,
    )


yaml_documents = st.one_of(_anything, _beside_a_valid_core(_anything), _beside_a_valid_core(_text_fields))


@dataclass(frozen=True)
class ValidMeta:
    """A meta.yaml document exlib must accept, with the fields parsing must give back."""

    identifier: str
    version: str
    title: str
    files: dict[str, tuple[str, ...]]  # meta.yaml key under `properties` -> the paths it lists
    dependencies: dict[str, str]  # identifier -> constraint

    def document(self) -> dict:
        """Everything but the version, which the test writes itself (unquoted, as authors do)."""
        needs = [
            name if constraint == "latest" else {"identifier": name, "version": constraint}
            for name, constraint in self.dependencies.items()
        ]
        return {
            "identifier": self.identifier,
            "title": self.title,
            "properties": {**{key: list(paths) for key, paths in self.files.items()}, "testDependencies": needs},
        }


@st.composite
def valid_metas(draw) -> ValidMeta:
    identifier = draw(identifiers)
    files = {
        key: tuple(draw(st.lists(relative_paths, max_size=3, unique=True)))
        for key in ("studentSubmissionFiles", "studentTemplates", "additionalFiles", "testFiles")
    }
    others = draw(st.dictionaries(identifiers.filter(lambda other: other != identifier), constraints, max_size=3))
    return ValidMeta(identifier, draw(version_tags), draw(titles), files, others)


# -- content paths -------------------------------------------------------------------------------

_good_labels = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=12)
_bad_labels = st.one_of(
    st.just(""),
    st.text(string.ascii_lowercase + "_", min_size=60, max_size=70),  # around the 63-character limit
    st.text(st.characters(codec="utf-8", exclude_characters="."), min_size=1, max_size=6),  # anything
    st.sampled_from(["Week1", "-x", "a-b", "..", "a/b", "ü", " ", "a'b", "a;drop", "\x00", "a\nb"]),
)
content_paths = st.one_of(
    st.lists(_good_labels, min_size=1, max_size=18).map(".".join),
    st.lists(st.one_of(_good_labels, _bad_labels), min_size=1, max_size=6).map(".".join),
    st.lists(st.text(string.ascii_lowercase, min_size=30, max_size=63), min_size=2, max_size=5).map(".".join),
    st.text(max_size=20),
)
course_slugs = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(string.ascii_lowercase + string.digits),
    st.text(string.ascii_lowercase + string.digits + "_-", max_size=62),
)

# -- marker regions ------------------------------------------------------------------------------

_LEADERS = ["#", "##", "//", "/*", "%", "!", "--", ";"]
_DECORATIONS = ["", " ", " ---- ", "== ", " * "]
_TRAILERS = ["", " ----", " */", " #", "  "]


def _cased(word: str):
    return st.sampled_from([word, word.lower(), word.title()])


@st.composite
def marker_lines(draw, edge: str, kind: str) -> str:
    """A comment line that marks the edge of a region, in one of the ways authors write it."""
    indent = draw(st.sampled_from(["", "    ", "\t"]))
    leader, decoration, trailer = (draw(st.sampled_from(options)) for options in (_LEADERS, _DECORATIONS, _TRAILERS))
    words = f"{draw(_cased(edge))} {draw(_cased(kind))}"
    return f"{indent}{leader}{decoration or ' '}{words}{trailer}"


_SQUEEZED_MARKERS = ("BEGINSOLUTION", "ENDSOLUTION", "HIDDENTESTS")
_MARKER_WORDS = re.compile(r"(begin|end)\W*(solution|hidden\W*tests)", re.IGNORECASE)


def mentions_a_marker(line: str) -> bool:
    """The words of a marker in any case, spacing or punctuation (the spec, wider than the code's)."""
    squeezed = "".join(ch for ch in line.upper() if ch.isalpha())
    return bool(_MARKER_WORDS.search(line)) or any(word in squeezed for word in _SQUEEZED_MARKERS)


# Lines that are not markers and do not even mention one; no NUL (that would make the file binary).
plain_lines = st.text(st.characters(codec="utf-8", exclude_characters="\n\x00"), max_size=30).filter(
    lambda line: not mentions_a_marker(line)
)


@dataclass(frozen=True)
class Region:
    kind: str  # "SOLUTION" or "HIDDEN TESTS"
    begin: str
    inner: tuple[str, ...]
    end: str


@st.composite
def marked_files(draw) -> list[str | Region]:
    """A file as blocks: plain lines outside any region, and well-formed regions."""
    blocks: list[str | Region] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            blocks.append(draw(plain_lines))
        else:
            kind = draw(st.sampled_from(["SOLUTION", "HIDDEN TESTS"]))
            begin, end = draw(marker_lines("BEGIN", kind)), draw(marker_lines("END", kind))
            blocks.append(Region(kind, begin, tuple(draw(st.lists(plain_lines, max_size=3))), end))
    return blocks
