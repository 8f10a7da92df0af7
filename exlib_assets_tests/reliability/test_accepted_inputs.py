"""Inputs that look hostile but are accepted on purpose, pinned so RELIABILITY.md stays true.

exlib never opens archives: `exlib library import` takes folders only (an archive given as the
path is refused, see the corpus), and an archive inside an example is one opaque file, stored
and deployed byte for byte, its members never extracted anywhere.
"""

from exlib_assets.core.storage.keys import version_prefix
from exlib_assets_tests.reliability import hostile_inputs
from exlib_assets_tests.reliability.snapshots import folder_files, storage_objects
from exlib_assets_tests.repositories import tree_files


def test_an_archive_inside_an_example_is_one_opaque_file_never_extracted(scene):
    zipped, tarred = (scene.inputs / name for name in ("example.zip", "example.tar.gz"))
    hostile_inputs.archives_with_traversal(scene)  # members climbing to ../../outside, /etc, a symlink
    folder = scene.example("archived", files={"data/a.zip": zipped.read_bytes(), "data/b.tar.gz": tarred.read_bytes()})
    outside_before = folder_files(scene.outside)

    imported = scene.cli("library", "import", str(folder))
    scene.assigned("week2.archived", "test.archived")
    scene.deployed("week2.archived")

    assert imported.exit_code == 0, imported.output
    stored = scene.app.storage.read_version("test.archived", "1.0")
    assert stored["data/a.zip"] == zipped.read_bytes() and stored["data/b.tar.gz"] == tarred.read_bytes()
    prefix = version_prefix(scene.app.storage.library, "test.archived", "1.0")
    assert sorted(key.split(prefix)[1] for key in storage_objects(scene.app) if prefix in key) == sorted(stored)
    deployed = [path for path in tree_files(scene.assignments) if path.startswith("week2/archived/")]
    assert sorted(deployed) == sorted(f"week2/archived/{relpath}" for relpath in [*stored, ".example-library"])
    assert folder_files(scene.outside) == outside_before


def test_names_differing_only_in_case_are_kept_apart(scene):
    # Linux and git keep both; a checkout on a case-insensitive disk would see one. Accepted for
    # now (the design has no rule against it): pinned here so that a change is a decision.
    folder = scene.example("cased", files={"Solution.py": "# upper\n", "solution.py": "# lower\n"})

    imported = scene.cli("library", "import", str(folder))

    assert imported.exit_code == 0, imported.output
    stored = scene.app.storage.read_version("test.cased", "1.0")
    assert (stored["Solution.py"], stored["solution.py"]) == (b"# upper\n", b"# lower\n")
