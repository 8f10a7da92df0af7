"""The temporary copy a verification runs in: one folder per side, laid out as a deploy would.

<root>/                     the service's (tests cannot write here); outputs of each command
<root>/<side>/              the copy for one side, handed to the user the tests run as
    home/                   HOME, with home/tmp as TMPDIR
    results/                where runners ask the tools to write machine-readable results
    <label>/                the example: the reference, or the student view with the tests
    <dependency label>/     each testDependency, whole, next to it: where `deploy
                            --with-dependencies` puts a dependency (`week2.caesar` needing
                            `itpcp.pgph.py.strings_util` -> `week2/strings_util/`)
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from exlib_assets.core.deployments.wishes import alongside_path
from exlib_assets.core.meta import ExampleMeta
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.student_view import student_files
from exlib_assets.core.verification.sandbox import hand_over

REFERENCE = "reference"
TEMPLATE = "template"


@dataclass(frozen=True)
class Side:
    name: str  # reference | template
    root: Path  # the side's copy
    folder: Path  # the example's folder inside it
    dependency_folders: tuple[Path, ...]
    outputs: Path  # a folder outside the copy, for the commands' output

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def results(self) -> Path:
        return self.root / "results"


def template_files(files: Mapping[str, bytes], meta: ExampleMeta, *, key: str) -> dict[str, bytes]:
    """The example as a student's submission is tested: every file but the reference solutions,
    with the student view (templates at the student's paths, markers stripped) on top."""
    view = student_files(files, folder=key)
    solutions = meta.properties.student_submission_files
    kept = {
        path: data
        for path, data in files.items()
        if not any(path == entry or path.startswith(f"{entry}/") for entry in solutions)
    }
    # The student meta.yaml is a reduced copy; tests that read meta.yaml read the author's.
    return kept | {path: data for path, data in view.files.items() if path != META_FILE}


def lay_out(
    root: Path,
    side: str,
    identifier: str,
    files: Mapping[str, bytes],
    dependencies: Mapping[str, Mapping[str, bytes]],
) -> Side:
    """Write one side's copy under `root` and hand it to the user the tests run as."""
    side_root = root / side
    label = alongside_path("", identifier)
    folder = side_root / label
    _write(folder, files)
    dependency_folders = []
    taken = {label}
    for dependency_id, dependency_files in sorted(dependencies.items()):
        dependency_label = alongside_path("", dependency_id)
        while dependency_label in taken:
            dependency_label += "_"
        taken.add(dependency_label)
        _write(side_root / dependency_label, dependency_files)
        dependency_folders.append(side_root / dependency_label)
    for needed in ("home/tmp", "results"):
        (side_root / needed).mkdir(parents=True, exist_ok=True)
    outputs = root / f"{side}-output"
    outputs.mkdir()
    hand_over(side_root)
    return Side(side, side_root, folder, tuple(dependency_folders), outputs)


def lay_out_repository(root: Path, files: Mapping[str, bytes], folder: str, dependency_folders: list[str]) -> Side:
    """A reference side copied from an assignments repository: `files` by path in the repository
    (the content's folder and its dependencies' folders), kept where the repository has them."""
    side_root = root / REFERENCE
    repository = side_root / "repository"
    _write(repository, files)
    for needed in ("home/tmp", "results", f"repository/{folder}"):
        (side_root / needed).mkdir(parents=True, exist_ok=True)
    outputs = root / f"{REFERENCE}-output"
    outputs.mkdir()
    hand_over(side_root)
    return Side(
        REFERENCE, side_root, repository / folder, tuple(repository / path for path in dependency_folders), outputs
    )


def _write(folder: Path, files: Mapping[str, bytes]) -> None:
    # Paths come from a stored version, which only holds safe relative paths (checked at import).
    for relpath, data in files.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    folder.mkdir(parents=True, exist_ok=True)
