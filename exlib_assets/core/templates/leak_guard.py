"""The last check before a student template is published: does it hold anything it must not?

Two kinds of leak are caught. A template file with the same content as a secret (a solution, a
test, reference output: see secrets.py for which files are), also when only line endings,
trailing whitespace or the text encoding differ (UTF-8, UTF-16, UTF-32, with or without byte
order mark), as after an editor or a git checkout touched it. And a template file that still
mentions a solution or hidden-test marker, in any encoding, which means stripping did not happen
as the author intended. Empty and whitespace-only excluded files are ignored: they equal every empty
starter file, and hold nothing to leak.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.templates.formats import FormatLeakCheck
from exlib_assets.core.templates.lazy_files import LazyFiles
from exlib_assets.core.templates.markers import surviving_markers
from exlib_assets.core.templates.text_encoding import decode_text


@dataclass(frozen=True)
class Leak:
    """A template file (`path`, from the repository root) that must not be published, and why."""

    path: str
    reason: str


class LeakError(ExlibError):
    """The student template would expose solutions or tests; it must not be published."""

    def __init__(self, leaks: Sequence[Leak]) -> None:
        self.leaks = tuple(leaks)
        lines = "\n".join(f"  - {leak.path}: {leak.reason}" for leak in self.leaks)
        super().__init__(
            f"The student template was not published: {len(self.leaks)} file(s) would leak solutions or tests:\n"
            f"{lines}\n"
            "Fix the example (a template equal to its solution, a file in the wrong meta.yaml list, or a "
            "marker comment that was not recognised), deploy it again, then rebuild the template."
        )

    def __reduce__(self):  # keep the leaks when the error is pickled, e.g. between processes
        return (type(self), (self.leaks,))


class FileScans:
    """What the guard learns from a file's bytes alone, by the file's sha256: its normalised
    digest and the lines that still mention a marker.

    Nothing in it depends on the other files of a template, so a build may start from the scans
    of an earlier build (see view_cache): a file whose bytes changed has another sha256 and is
    scanned again. Comparing files with secrets is always done afresh, over the whole template.
    """

    def __init__(
        self, text_digests: Mapping[str, str] | None = None, markers: Mapping[str, Sequence[int]] | None = None
    ) -> None:
        self.text_digests: dict[str, str] = dict(text_digests or {})
        self.markers: dict[str, list[int]] = {digest: list(lines) for digest, lines in (markers or {}).items()}

    def text_digest(self, digest: str, data: bytes) -> str:
        """text_digest(data); `digest` is file_sha256(data), computed by the caller."""
        if digest not in self.text_digests:
            self.text_digests[digest] = text_digest(data)
        return self.text_digests[digest]

    def surviving_markers(self, digest: str, data: bytes) -> list[int]:
        if digest not in self.markers:
            self.markers[digest] = surviving_markers(data)
        return self.markers[digest]


def find_leaks(tree: Mapping[str, bytes], excluded: Mapping[str, bytes], scans: FileScans | None = None) -> list[Leak]:
    """Every leak in `tree` (the generated template), judged against `excluded` (label, e.g.
    `week1/caesar/solution.py` -> content of a file left out of the template). Sorted by path.
    `scans` holds what is already known of files by their bytes, and learns the rest."""
    scans = scans if scans is not None else FileScans()
    exact: dict[str, str] = {}
    normalised: dict[str, str] = {}
    # Secrets whose digests are known (kept with an unchanged content's view) are compared
    # through them, unread.
    known = excluded.digests if isinstance(excluded, LazyFiles) else {}
    for label in sorted(excluded):
        digest = known.get(label)
        if digest is not None and digest in scans.text_digests:
            text = scans.text_digests[digest]
        else:
            data = excluded[label]
            digest = file_sha256(data)
            text = scans.text_digest(digest, data)
        if text != _EMPTY_TEXT:  # empty, blank, or only a byte order mark: equal to every empty starter
            exact.setdefault(digest, label)
            normalised.setdefault(text, label)
    leaks = []
    # Leaks only a format's structure shows: a notebook's outputs, flagged cells, solution cells.
    check_formats = FormatLeakCheck(excluded)
    # Files whose digests are known (shipped unchanged by an unchanged content) are judged by
    # them and what was learned of their bytes before, unread; any file not yet scanned is read.
    known_files = tree.digests if isinstance(tree, LazyFiles) else {}
    for path in sorted(tree):
        digest = known_files.get(path)
        if digest is None or digest not in scans.text_digests or digest not in scans.markers:
            data = tree[path]
            digest = file_sha256(data)
        else:
            data = b""  # not needed: both scans are known
        if digest in exact:
            leaks.append(Leak(path, f"identical to the excluded {exact[digest]}"))
        elif scans.text_digest(digest, data) in normalised:
            label = normalised[scans.text_digest(digest, data)]
            leaks.append(
                Leak(
                    path,
                    f"same as the excluded {label} apart from line endings or trailing whitespace (or text encoding)",
                )
            )
        lines = scans.surviving_markers(digest, data)
        if lines:
            shown = ", ".join(str(number) for number in lines)
            leaks.append(Leak(path, f"a solution or hidden-test marker is left on line(s) {shown}"))
        if check_formats.applies_to(path):
            leaks.extend(Leak(path, reason) for reason in check_formats.reasons(path, tree[path]))
    return leaks


def text_digest(data: bytes) -> str:
    """sha256 of the content as the guard compares it: see _normalise."""
    return file_sha256(_normalise(data))


def _normalise(data: bytes) -> bytes:
    """Content as UTF-8 (when it is text in an encoding we read) with LF line endings, no
    trailing whitespace on lines or at the end, no BOM."""
    decoded = decode_text(data)
    if decoded is not None:
        data = decoded.text.encode("utf-8")
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # Blanks before a line end are removed line by line (as `[ \t]+$` in multiline mode would be,
    # far faster), and only when there are any: most files have none.
    if b" \n" in data or b"\t\n" in data:
        data = b"\n".join(line.rstrip(b" \t") for line in data.split(b"\n"))
    return data.rstrip()


_EMPTY_TEXT = file_sha256(b"")
