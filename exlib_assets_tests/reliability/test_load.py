"""Load: 8 `exlib deploy` processes at once against one course, and 8 against 8 courses, over
a shared remote served by `git daemon`, repeated. Every deployment lands exactly once, in a
commit of its own; nothing is lost or interleaved; the database agrees with each repository.

The default is one round of each, part of the normal suite. A longer run:
`EXLIB_LOAD_ROUNDS=10 scripts/test.sh exlib_assets_tests/reliability/test_load.py`.
"""

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import open_app
from exlib_assets.core.db.engine import upgrade
from exlib_assets.core.githost import LocalGitHost
from exlib_assets_tests.reliability.runs import (
    assert_course_consistent,
    cli_env,
    content_folders_changed,
    main_commits,
    start,
)
from exlib_assets_tests.services.git_daemon import GitDaemon

RUNS = 8
ROUNDS = int(os.environ.get("EXLIB_LOAD_ROUNDS", "1"))
EXAMPLES = [f"ex{i}" for i in range(RUNS)]


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "served"
    folder.mkdir()
    with GitDaemon(folder) as daemon:
        yield folder, daemon.url


def prepare(settings, make_example, served, slugs):
    """Import the examples and create `slugs` on the daemon's remote; the settings runs use."""
    folder, url = served
    local = LocalGitHost(folder)
    for slug in slugs:
        for name in courses.repository_names(slug).values():
            local.ensure_repository(name)  # a plain git server's repositories are made by its admin
    remote = replace(settings, git_url=url)
    upgrade(settings.database_url)
    with open_app(remote) as app:
        app.library.import_paths([make_example(name) for name in EXAMPLES])
        with app.db.session() as session:
            for slug in slugs:
                courses.create_course(session, app.git_host, slug)
    return remote


def add_round(app, slug_and_paths):
    """Assign a new content per (course, path): what one round's runs deploy."""
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        for (slug, path), example in zip(slug_and_paths, EXAMPLES, strict=True):
            course = courses.require_course(session, slug)
            courses.assign(session, library, courses.add_content(session, course, path), f"test.{example}")


def race(env, slug_and_paths) -> list[int]:
    """Start one `exlib deploy` per (course, path) at once and wait for all; each run's rejected pushes."""
    began = time.monotonic()
    runs = [start(env, "deploy", slug, path, "--json") for slug, path in slug_and_paths]
    finished = [run.communicate(timeout=600) for run in runs]
    failed = [err[-2000:] for run, (_, err) in zip(runs, finished, strict=True) if run.returncode != 0]
    assert not failed, failed
    retries = [json.loads(out)["push_retries"] for out, _ in finished]
    print(f"{len(runs)} runs in {time.monotonic() - began:.1f} s, rejected pushes per run: {retries}")
    return retries


def assert_landed_once(app, slug, bare: Path, before: list[str], paths: list[str]) -> None:
    after = main_commits(bare)
    assert after[: len(before)] == before  # nothing rewritten
    new = after[len(before) :]
    assert len(new) == len(paths)  # one commit per deployment that changed something
    touched = [content_folders_changed(bare, commit) for commit in new]
    assert all(len(folders) == 1 for folders in touched), touched  # no commit holds two runs' changes
    assert sorted(folder for folders in touched for folder in folders) == sorted(p.replace(".", "/") for p in paths)


@pytest.mark.parametrize("backend", ["embedded"], indirect=True)
def test_eight_runs_at_once_on_one_course(settings, make_example, served, tmp_path):
    remote = prepare(settings, make_example, served, ["prog1"])
    env = cli_env(remote, tmp_path / "dagster")
    bare = served[0] / "prog1-assignments.git"
    deployed: list[str] = []
    with open_app(remote) as app:
        for number in range(1, ROUNDS + 1):
            paths = [f"round{number}.{example}" for example in EXAMPLES]
            add_round(app, [("prog1", path) for path in paths])
            before = main_commits(bare)
            race(env, [("prog1", path) for path in paths])
            assert_landed_once(app, "prog1", bare, before, paths)
            deployed += paths
            assert_course_consistent(app, "prog1", bare, deployed)


@pytest.mark.parametrize("backend", ["embedded"], indirect=True)
def test_eight_runs_at_once_on_eight_courses(settings, make_example, served, tmp_path):
    slugs = [f"course{i}" for i in range(RUNS)]
    remote = prepare(settings, make_example, served, slugs)
    env = cli_env(remote, tmp_path / "dagster")
    with open_app(remote) as app:
        for number in range(1, ROUNDS + 1):
            pairs = [(slug, f"round{number}.{example}") for slug, example in zip(slugs, EXAMPLES, strict=True)]
            add_round(app, pairs)
            before = {slug: main_commits(served[0] / f"{slug}-assignments.git") for slug in slugs}
            race(env, pairs)
            for slug, path in pairs:
                bare = served[0] / f"{slug}-assignments.git"
                assert_landed_once(app, slug, bare, before[slug], [path])
                assert_course_consistent(
                    app, slug, bare, [f"round{n}.ex{slugs.index(slug)}" for n in range(1, number + 1)]
                )
