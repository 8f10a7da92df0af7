"""Two imports of one version with different content, at the same time, on both backends: one
stores its files, the other fails cleanly naming the version, and what storage holds is the
winner's files exactly (their digest is the indexed one), usable by every reader."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from exlib_assets.core import library_index
from exlib_assets.core.db.models import Library
from exlib_assets.core.manifest import build_manifest, manifest_digest

ROUNDS = 3
FILES = 40  # enough files that two writers overlap: each put is a round trip to S3


def _contenders(make_example, tmp_path: Path, version: str) -> dict[str, Path]:
    return {
        side: make_example(
            "race",
            version=version,
            files={f"data/f{i:02}.txt": f"{side} {i}\n" for i in range(FILES)} | {f"only_{side}.txt": side},
            parent=tmp_path / side / version,
        )
        for side in ("a", "b")
    }


def _import_at_once(app, folders: list[Path]):
    start = threading.Barrier(len(folders))

    def run(folder: Path):
        start.wait()
        return app.library.import_paths([folder])

    with ThreadPoolExecutor(len(folders)) as pool:
        return list(pool.map(run, folders))


def test_two_imports_of_one_version_with_other_content_never_mix_their_files(app, make_example, tmp_path):
    # The library's row exists, as on any site that imported before: this is about storage.
    assert app.library.import_paths([make_example("first")]).ok
    for round_ in range(ROUNDS):
        version = f"1.{round_}"
        folders = _contenders(make_example, tmp_path, version)

        reports = dict(zip(folders, _import_at_once(app, list(folders.values())), strict=True))

        winners = [side for side, report in reports.items() if report.imported]
        losers = [side for side, report in reports.items() if report.failed]
        assert len(winners) == 1 and len(losers) == 1, {side: r.to_dict() for side, r in reports.items()}
        [winner], [loser] = winners, losers
        [failure] = reports[loser].failed
        assert f"test.race@{version}" in failure["error"]
        assert "bump" in failure["error"], failure["error"]
        stored = app.storage.read_version("test.race", version)
        assert stored["only_" + winner + ".txt"] == winner.encode()
        assert f"only_{loser}.txt" not in stored
        assert {stored[f"data/f{i:02}.txt"] for i in range(FILES)} == {f"{winner} {i}\n".encode() for i in range(FILES)}
        digest = manifest_digest(build_manifest(stored))
        assert digest == reports[winner].imported[0]["digest"]
        with app.db.session() as session:
            library = library_index.get_or_create_library(session, app.storage.library)
            indexed = library_index.find_version(library_index.find_example(session, library, "test.race"), version)
            assert indexed.digest == digest
        # Every reader sees a sound version: indexing it again from storage accepts it unchanged.
        assert app.library.index_stored("test.race", version).indexed


def test_a_library_row_created_by_another_import_meanwhile_is_taken_not_refused(app):
    """Two first imports into an empty database: both look for the library's row, find none, and
    insert it. Here the other import's row is committed just before this one's insert runs."""
    name = "raced-library"
    engine = app.db.engine

    fired = []

    def the_other_import_commits_first(conn, cursor, statement, parameters, context, executemany):
        if not fired and statement.lstrip().upper().startswith("INSERT INTO LIBRARIES"):
            fired.append(statement)
            with engine.begin() as other:
                other.execute(sa.insert(Library).values(name=name, created_at=datetime.now(UTC)))

    with app.db.session() as session:
        assert session.scalar(sa.select(Library).where(Library.name == name)) is None
        sa.event.listen(engine, "before_cursor_execute", the_other_import_commits_first)
        try:
            library = library_index.get_or_create_library(session, name)
        finally:
            sa.event.remove(engine, "before_cursor_execute", the_other_import_commits_first)
        library_id = library.id
    assert fired, "the race was not staged: no insert into libraries ran"
    with app.db.session() as session:
        [row] = session.scalars(sa.select(Library).where(Library.name == name)).all()
        assert row.id == library_id
