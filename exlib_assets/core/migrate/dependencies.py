"""References between assignment folders, as testDependencies suggestions.

An assignment that imports, sources, includes or adds to its path something inside another
assignment folder needs that assignment: it becomes a suggestion naming the identifier to add
to `testDependencies`, with every line that shows it. Nothing is written into any meta.yaml:
a person decides. References that land in no assignment folder, or that could mean several,
are listed as unresolved rather than guessed.

A Python import counts when exactly one other folder defines the module (or the importing
file's own path tricks point at it); standard-library names count only with such a path.
"""

import posixpath
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

from exlib_assets.core.migrate.references import PYTHON_IMPORT, Reference, file_references


@dataclass(frozen=True)
class DependencySuggestion:
    # The assignment folder that needs `needs`, both from the top of the repository.
    folder: str
    needs: str
    # What `needs` is imported as; None when it could not be imported.
    identifier: str | None
    kinds: list[str]
    # `week2/caesar/caesar.py:4: sys.path.insert(...)`, one per line found.
    evidence: list[str]
    # meta.yaml of `folder` already lists the identifier.
    declared: bool


@dataclass(frozen=True)
class UnresolvedReference:
    folder: str
    evidence: str
    reason: str


@dataclass
class DependencyFindings:
    suggestions: list[DependencySuggestion] = field(default_factory=list)
    unresolved: list[UnresolvedReference] = field(default_factory=list)


def discover_dependencies(
    folders: Mapping[str, Mapping[str, bytes]],
    identifiers: Mapping[str, str | None],
    declared: Mapping[str, set[str]],
) -> DependencyFindings:
    """Suggestions between `folders` (relative path -> its files by path inside it).

    `identifiers` names what each folder is imported as; `declared` the identifiers each
    folder's meta.yaml already lists.
    """
    modules = {folder: _top_level_modules(files) for folder, files in folders.items()}
    findings = DependencyFindings()
    for folder in sorted(folders):
        references = [
            (path, reference)
            for path, data in sorted(folders[folder].items())
            for reference in file_references(path, data)
        ]
        found = _Evidence(folder)
        for path, reference in references:
            if reference.kind != PYTHON_IMPORT:
                found.add(_path_owner(folder, path, reference, folders, findings), path, reference)
        pointed_at = set(found.lines)
        for path, reference in references:
            if reference.kind == PYTHON_IMPORT:
                owner = _module_owner(folder, path, reference, folders, modules, pointed_at, findings)
                found.add(owner, path, reference)
        for other, lines in sorted(found.lines.items()):
            identifier = identifiers.get(other)
            findings.suggestions.append(
                DependencySuggestion(
                    folder=folder,
                    needs=other,
                    identifier=identifier,
                    kinds=sorted({kind for kinds in lines.values() for kind in kinds}),
                    evidence=sorted(lines, key=_evidence_order),
                    declared=identifier is not None and identifier in declared.get(folder, set()),
                )
            )
    findings.unresolved = list(dict.fromkeys(findings.unresolved))
    return findings


class _Evidence:
    """The lines of one folder that reach into others: other folder -> line -> kinds of reference."""

    def __init__(self, folder: str):
        self.folder = folder
        self.lines: dict[str, dict[str, set[str]]] = {}

    def add(self, other: str | None, path: str, reference: Reference) -> None:
        if other is not None:
            line = _evidence(self.folder, path, reference)
            self.lines.setdefault(other, {}).setdefault(line, set()).add(reference.kind)


def _path_owner(
    folder: str, path: str, reference: Reference, folders: Mapping[str, object], findings: DependencyFindings
) -> str | None:
    """The other assignment folder a path reference lands in; None (noted when it matters) if none."""
    target = _landing(folder, path, reference)
    if target is None:
        findings.unresolved.append(
            UnresolvedReference(folder, _evidence(folder, path, reference), "points outside the repository")
        )
        return None
    owner = _owner(target, folders)
    if owner is None:
        findings.unresolved.append(
            UnresolvedReference(
                folder,
                _evidence(folder, path, reference),
                f"reaches {target}, which is in no assignment folder, so it will not be in the library",
            )
        )
    return None if owner == folder else owner


def _landing(folder: str, path: str, reference: Reference) -> str | None:
    """Where a path reference lands, from the top of the repository; None when it leaves it."""
    base = posixpath.dirname(posixpath.join(folder, path))
    target = posixpath.normpath(posixpath.join(base, reference.target.replace("\\", "/")))
    return None if target == ".." or target.startswith("../") or target.startswith("/") else target


def _owner(target: str, folders: Mapping[str, object]) -> str | None:
    """The assignment folder holding `target` (the deepest, should folders nest)."""
    holding = [f for f in folders if f == "." or target == f or target.startswith(f"{f}/")]
    return max(holding, key=len, default=None)


def _module_owner(
    folder: str,
    path: str,
    reference: Reference,
    folders: Mapping[str, object],
    modules: Mapping[str, set[str]],
    pointed_at: set[str],
    findings: DependencyFindings,
) -> str | None:
    """The folder a Python import reaches into, if exactly one can be named."""
    labels = reference.target.split(".")
    for depth in range(len(labels), 0, -1):
        # `from week1.strings_util import shift`, with the repository's top on sys.path.
        candidate = "/".join(labels[:depth])
        if candidate in folders:
            return None if candidate == folder else candidate
    name = labels[0]
    if name in modules.get(folder, set()):
        return None  # its own module
    providers = sorted(other for other, names in modules.items() if name in names and other != folder)
    if not providers:
        return None  # the standard library or an installed package
    on_its_path = [other for other in providers if other in pointed_at]
    if len(on_its_path) == 1:
        return on_its_path[0]
    if name in sys.stdlib_module_names:
        return None  # `import random` with a random.py elsewhere: only a path would say it is meant
    if len(providers) == 1:
        return providers[0]
    findings.unresolved.append(
        UnresolvedReference(
            folder,
            _evidence(folder, path, reference),
            f"imports {name}, which {', '.join(providers)} all define; add the one it needs to testDependencies",
        )
    )
    return None


def _top_level_modules(files: Mapping[str, bytes]) -> set[str]:
    """Modules a folder provides when it is on sys.path: `x.py` and packages `x/__init__.py`."""
    names = set()
    for path in files:
        parts = path.split("/")
        if len(parts) == 1 and path.endswith(".py"):
            names.add(path[:-3])
        elif len(parts) == 2 and parts[1] == "__init__.py":
            names.add(parts[0])
    return names


def _evidence(folder: str, path: str, reference: Reference) -> str:
    return f"{posixpath.join(folder, path) if folder != '.' else path}:{reference.line}: {reference.text}"


def _evidence_order(evidence: str) -> tuple[str, int]:
    file, line, _ = evidence.split(":", 2)
    return file, int(line)
