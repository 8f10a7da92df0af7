"""Run the tests again where students will get them: in the assignments repository after a deploy.

A verdict says an example works with its dependencies laid out as a deploy would lay them out;
this says it works as deployed: each content's folder at the course's head, with its
dependencies at the paths its tracking file names. A dependency deployed at the wrong path, or
moved or removed since, fails here. Only the reference side is run: the repository holds the
solutions.
"""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.deployments.tracking import TRACKING_FILE, own_files, read_tracking
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.meta import parse_meta
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.verification.sandbox import Limits


@dataclass
class DeployedTests:
    """The outcome for one deployed content: `passed` is None when nothing could run it."""

    path: str
    example: str
    passed: bool | None
    reason: str | None = None
    output: str = ""

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "example": self.example,
            "passed": self.passed,
            "reason": self.reason,
            "output": self.output[-2000:],
        }


def tests_after_deploy(app: App, slug: str, paths: list[str] | None) -> list[DeployedTests] | None:
    """The deployed tests of `slug` re-run, when the course asks for it after a deploy; else None."""
    with app.db.session() as session:
        if not courses.require_course(session, slug).tests_after_deploy:
            return None
    return rerun_deployed_tests(app, slug, paths)


def rerun_deployed_tests(
    app: App, slug: str, paths: list[str] | None = None, *, limits: Limits | None = None
) -> list[DeployedTests]:
    """Run the tests of every deployed content of course `slug` (or those at `paths`) in a copy
    of its assignments repository's head."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        wanted = set(paths or [])
        contents = [c.path for c in courses.contents_under(session, course) if not wanted or c.path in wanted]
    url = app.git_host.push_url(courses.repository_names(slug)["assignments"])
    results = []
    with tempfile.TemporaryDirectory(prefix="exlib-deployed-") as scratch:
        repository = GitWorkspace.clone_or_fetch(url, Path(scratch) / "clone").folder
        for path in contents:
            tracking = read_tracking(repository / folder_of(path))
            if tracking is not None:
                results.append(_test_one(app, repository, path, tracking, limits))
    return results


def _test_one(app: App, repository: Path, path: str, tracking, limits: Limits | None) -> DeployedTests:
    # Imported here: they bring the template formats (nbformat), which every deploy run would pay
    # for even when its course does not ask for its tests to be run again.
    from exlib_assets.core.verification.layout import lay_out_repository
    from exlib_assets.core.verification.verify import prepare

    key = f"{tracking.example_id}@{tracking.example_version}"
    folder = folder_of(path)
    files = _folder_files(repository, folder)
    if META_FILE not in files:
        return DeployedTests(path, key, False, f"{folder}/ has no {META_FILE} any more; deploy it again")
    meta = parse_meta(files[META_FILE], folder=folder)
    plan, runner = prepare(key, meta, files, commands=app.settings.verify_commands, limits=limits)
    if isinstance(runner, str):
        return DeployedTests(path, key, None, runner)
    dependency_folders = [link.deployed_path for link in tracking.dependencies]
    everything = {f"{folder}/{relpath}": data for relpath, data in files.items()}
    for dependency in dependency_folders:
        everything |= {
            f"{dependency}/{relpath}": data for relpath, data in _folder_files(repository, dependency).items()
        }
    root = Path(tempfile.mkdtemp(prefix="exlib-verify-"))
    try:
        root.chmod(0o711)
        result = runner.run(lay_out_repository(root, everything, folder, dependency_folders), plan)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    missing = [d for d in dependency_folders if not (repository / d / TRACKING_FILE).is_file()]
    reason = None
    if not result.passed:
        failing = ", ".join(result.failing()[:10])
        reason = f"the tests fail in the repository ({result.problem or 'tests failed'})" + (
            f": {failing}" if failing else ""
        )
        if missing:
            reason += f"; no deployed dependency at {', '.join(missing)}"
    return DeployedTests(path, key, result.passed, reason, result.output)


def _folder_files(repository: Path, folder: str) -> dict[str, bytes]:
    """The files a deployment owns in `folder` of the repository (no tracking file, no child content)."""
    base = repository / folder
    if not base.is_dir() or base.is_symlink():
        return {}
    listing = {p.relative_to(base).as_posix(): p for p in sorted(base.rglob("*")) if p.is_file() and not p.is_symlink()}
    return {relpath: p.read_bytes() for relpath, p in own_files(listing).items()}
