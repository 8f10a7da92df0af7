"""Each content's student view from the previous template build, so a rebuild derives only what
changed.

Deriving a content's student files and secrets (reading its meta.yaml, stripping markers, writing
the student meta.yaml) and scanning the result is most of a template build's own work, and it is
the same as last time for every content whose folder did not change. So after each build the
view of every content is kept, one file per content, keyed by a digest of everything the view is
derived from: the folder's path, its git tree id at the built commit (with every `.gitattributes`,
see source_trees), the course's language and per-content values, and the source of the rules
themselves (this package, meta.yaml's reader, the tracking file's reader, the versions of PyYAML
and nbformat). A content with any change below its folder has another tree id, so it is read,
derived and scanned again; an unchanged one is not read at all but for the files it ships to
students unchanged; a new exlib with other rules misses every entry.

What is kept, per content: its student files (by reference to the folder's file when shipped
unchanged), which of its files are secrets with their sha256, its notes, and what the leak guard learned of each of
those files by its bytes alone (FileScans). The leak guard itself still runs over the whole
template at every build, comparing with the secrets of unchanged contents through their kept
digests (an entry lacking them is not used): whether a file equals a secret of another content
is never taken from the cache. A content that could not be built is never kept: it is read again next time.

The entries live in the template's kept working copy, under `.git/` where git and the
template's files never see them, and go with it: a build in a temporary copy starts empty, and
dropping the working copy drops the cache. Each entry carries the sha256 of its own body; an
entry that is damaged, truncated or unreadable for any reason is ignored and the content is
derived again, so a stale or corrupt cache costs time, never correctness.
"""

import base64
import binascii
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import metadata
from pathlib import Path

from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.templates.content_files import ContentFiles, StoredMeta, read_content
from exlib_assets.core.templates.lazy_files import LazyFiles, git_blob_id
from exlib_assets.core.templates.leak_guard import FileScans

CACHE_FOLDER = "exlib-student-views"
_DIGEST = re.compile(r"[0-9a-f]{64}")
_BLOB_ID = re.compile(r"[0-9a-f]{40}")
_FORMAT = 2
_ENTRY_SUFFIX = ".view"
_CORE = Path(__file__).resolve().parents[1]
# The code a student view is derived by (packages or modules of exlib_assets.core): a change to
# any of it is a change of the rules.
_RULE_SOURCES = ("templates", "meta", "manifest", "deployments/tracking")
_RULE_PACKAGES = ("PyYAML", "nbformat")


@cache
def rules_digest() -> str | None:
    """sha256 over the source of the derivation rules and the versions of the packages they use;
    None when the source cannot be read (an installation without it), and then nothing is kept."""
    digest = hashlib.sha256(f"format {_FORMAT}\n".encode())
    for source in _RULE_SOURCES:
        package, module = _CORE / source, _CORE / f"{source}.py"
        files = sorted(package.rglob("*.py")) if package.is_dir() else [module] if module.is_file() else []
        if not files:
            return None
        for file in files:
            digest.update(f"{file.relative_to(_CORE)}\n".encode() + file.read_bytes())
    for package in _RULE_PACKAGES:
        digest.update(f"{package} {metadata.version(package)}\n".encode())
    return digest.hexdigest()


@dataclass
class _Entry:
    key: str
    folder_digests: dict[str, str]  # path in the folder -> sha256
    content: ContentFiles


@dataclass
class ViewCache:
    """The kept views under `folder` (None: keep nothing, e.g. a temporary working copy)."""

    folder: Path | None
    scans: FileScans = field(default_factory=FileScans)
    hits: int = 0
    misses: int = 0
    _used: dict[str, _Entry | None] = field(default_factory=dict)  # key -> entry to write, None: kept as is

    def read(
        self,
        *,
        folder: str,
        tree_key: str | None,
        load: Callable[[], Mapping[str, bytes]],
        read_file: Callable[[str], bytes],
        stored_meta: StoredMeta,
        course_language: str | None,
        settings: Mapping[str, object] | None = None,
    ) -> ContentFiles | None:
        """read_content of the folder (None when it holds no file), from the kept view when its
        tree (`tree_key`, see source_trees.folder_keys) and the course's values for it (language,
        per-content settings) are the same as then. `load` reads the folder's files, only when
        the view is derived; `read_file` reads one of them (by path inside it), for a kept view's
        files shipped unchanged and, only if a check needs their bytes, its secrets."""
        rules = rules_digest()
        key = None if rules is None or tree_key is None else _key(rules, folder, tree_key, course_language, settings)
        kept = self._load(key, read_file) if key is not None else None
        if kept is not None:
            self.hits += 1
            self._used[key] = None
            return kept
        folder_files = load()
        if not folder_files:
            return None
        self.misses += 1
        content = read_content(
            folder_files, folder=folder, stored_meta=stored_meta, course_language=course_language, settings=settings
        )
        # Kept only when every secret is one of the folder's files as read, which is how an entry
        # names them; anything else (and a content that cannot be built) is derived every time.
        if (
            key is not None
            and content.problem is None
            and all(folder_files.get(path) == data for path, data in content.secrets.items())
        ):
            digests = {path: file_sha256(data) for path, data in folder_files.items()}
            self._used[key] = _Entry(key, digests, content)
        return content

    def save(self) -> None:
        """Keep the views of this build (with what the leak guard learned of their files) and
        drop every other entry. Best effort: a cache that cannot be written is only slower."""
        if self.folder is None or not self.folder.parent.is_dir():
            return
        try:
            self.folder.mkdir(exist_ok=True)
            for key, entry in self._used.items():
                if entry is not None:
                    _write_atomically(self.folder / f"{key}{_ENTRY_SUFFIX}", self._encode(entry))
            for path in self.folder.iterdir():
                if path.name.removesuffix(_ENTRY_SUFFIX) not in self._used:
                    path.unlink(missing_ok=True)
        except OSError:
            # The build itself succeeded; the next one derives the missing views again.
            return

    def _load(self, key: str, read_file: Callable[[str], bytes]) -> ContentFiles | None:
        if self.folder is None:
            return None
        try:
            raw = (self.folder / f"{key}{_ENTRY_SUFFIX}").read_bytes()
        except OSError:
            return None
        checksum, _, body = raw.partition(b"\n")
        if checksum.decode("ascii", errors="replace") != hashlib.sha256(body).hexdigest():
            return None  # damaged or truncated
        try:
            return self._decode(key, json.loads(body), read_file)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            return None  # readable but not an entry this code wrote: derive again

    def _decode(self, key: str, body: dict, read_file: Callable[[str], bytes]) -> ContentFiles:
        if body["key"] != key:
            raise ValueError("an entry under another key")
        text_digests, markers, secret_digests = body["text_digests"], body["markers"], body["secrets"]
        if not all(_is_digest(d) and _is_digest(text) for d, text in text_digests.items()) or not all(
            _is_digest(d) and all(type(line) is int for line in lines) for d, lines in markers.items()
        ):
            raise ValueError("scans that are not digests and line numbers")
        # The leak guard compares a kept secret by its digests without reading it: an entry that
        # does not know both is not used.
        if not all(isinstance(path, str) and digest in text_digests for path, digest in secret_digests.items()):
            raise ValueError("a secret without its digests")
        files = LazyFiles()
        for path, kept in body["files"].items():
            if "same_as" not in kept:
                files.hold(path, base64.b64decode(kept["data"], validate=True))
                continue
            same, digest, blob = kept["same_as"], kept["sha256"], kept["blob"]
            # Shipped as is: read only if the template's copy must be written; compared by digests.
            if not isinstance(same, str) or not _is_digest(digest):
                raise ValueError("a shipped file without its path and digest")
            if not isinstance(blob, str) or _BLOB_ID.fullmatch(blob) is None:
                raise ValueError("a shipped file without its blob id")
            files.read_later(path, digest, partial(read_file, same), blob)
        secrets = LazyFiles()
        for path, digest in secret_digests.items():
            secrets.read_later(path, digest, partial(read_file, path))
        self.scans.text_digests.update(text_digests)
        self.scans.markers.update({digest: list(lines) for digest, lines in markers.items()})
        return ContentFiles(str(body["kind"]), files, secrets, [str(note) for note in body["notes"]])

    def _encode(self, entry: _Entry) -> bytes:
        by_digest = {digest: path for path, digest in sorted(entry.folder_digests.items())}
        files, digests = {}, set()
        for path, data in entry.content.files.items():
            digest = file_sha256(data)
            digests.add(digest)
            same = by_digest.get(digest)
            files[path] = (
                {"same_as": same, "sha256": digest, "blob": git_blob_id(data)}
                if same is not None
                else {"data": base64.b64encode(data).decode("ascii")}
            )
        digests.update(entry.folder_digests[path] for path in entry.content.secrets)
        body = {
            "key": entry.key,
            "kind": entry.content.kind,
            "files": files,
            "secrets": {path: entry.folder_digests[path] for path in sorted(entry.content.secrets)},
            "notes": entry.content.notes,
            "text_digests": {d: self.scans.text_digests[d] for d in sorted(digests) if d in self.scans.text_digests},
            "markers": {d: self.scans.markers[d] for d in sorted(digests) if d in self.scans.markers},
        }
        encoded = json.dumps(body, separators=(",", ":")).encode()
        return hashlib.sha256(encoded).hexdigest().encode() + b"\n" + encoded


def _is_digest(value: object) -> bool:
    return isinstance(value, str) and _DIGEST.fullmatch(value) is not None


def _key(
    rules: str,
    folder: str,
    tree_key: str,
    course_language: str | None,
    settings: Mapping[str, object] | None,
) -> str:
    described = json.dumps([rules, folder, tree_key, course_language, sorted((settings or {}).items())])
    return hashlib.sha256(described.encode()).hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    # A build killed half-way leaves a temporary file or the old entry, never half an entry.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise
