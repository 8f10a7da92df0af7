"""Every write into a working copy goes through WorkingCopyWriter, and this test keeps it so.

It reads the package's source and lists every call that writes, creates, removes or renames a
file or folder. Each must sit in the writer itself or in a function of the allow-list below,
which writes somewhere that is not a working copy of a course repository (and says where).
A new raw write fails here: route it through the writer, or, if it really writes elsewhere, add
it to the list with the reason. Calls on the writer are recognised by its name: a variable
called `writer`, or `WorkingCopyWriter(...)` itself.
"""

import ast
from pathlib import Path

import exlib_assets

PACKAGE = Path(exlib_assets.__file__).parent
WRITER = "core/working_copy_writer.py"

# Method names that write to the file system on a Path (or os/shutil functions of these names).
WRITING_METHODS = {
    "write_bytes",
    "write_text",
    "touch",
    "mkdir",
    "makedirs",
    "unlink",
    "remove",
    "rmdir",
    "rmtree",
    "rename",
    "replace",
    "symlink_to",
    "hardlink_to",
    "symlink",
    "link",
    "copyfile",
    "copy",
    "copy2",
    "copytree",
    "move",
    "truncate",
}
# `x.replace(...)` and `x.copy()` are mostly text and data frames: only these owners count for them.
OWNER_ONLY = {"replace": {"os"}, "copy": {"shutil"}, "remove": {"os"}, "link": {"os"}, "symlink": {"os"}}

# (file, function) -> where it writes instead of a working copy.
NOT_A_WORKING_COPY = {
    ("core/storage/local.py", "LocalFolderStorage._write_version"): "example storage on the local disk",
    ("core/storage/local.py", "LocalFolderStorage._writing"): "lock files beside the local example storage",
    ("core/library_sources/registry.py", "remove_source"): "a library source's bare mirror under EXLIB_HOME/sources",
    ("core/library_sources/sync.py", "_read_and_import"): "a temporary checkout of a library source (only read)",
    ("core/verification/after_deploy.py", "_test_one"): "a temporary clone the tests run in",
    ("core/verification/layout.py", "_write"): "the verification sandbox's temporary copy",
    ("core/verification/layout.py", "lay_out"): "the verification sandbox's temporary copy",
    ("core/verification/layout.py", "lay_out_repository"): "the verification sandbox's temporary copy",
    ("core/verification/sandbox.py", "_covers"): "the sandbox's own staging folder",
    ("core/verification/sandbox.py", "run_confined"): "the sandbox's output file in its temporary folder",
    ("core/verification/verify.py", "verify_files"): "the verification sandbox's temporary copy",
    ("core/db/engine.py", "create_db_engine"): "the folder of the SQLite database",
    ("runs/instance.py", "prepare_dagster_home"): "DAGSTER_HOME and its dagster.yaml",
    ("runs/instance.py", "open_instance"): "a lock file in DAGSTER_HOME",
    ("core/deployments/working_copies.py", "working_copy_folder"): "EXLIB_HOME/workspaces and its lock files",
    ("core/deployments/working_copies.py", "_discard_leftovers"): "a kept folder git never initialised, and "
    "git's own index.lock",
    ("core/githost/workspace.py", "GitWorkspace._init"): "the empty folder a working copy is cloned into",
    ("core/githost/kept_notes.py", "take_note"): "exlib's notes in a working copy's own .git folder",
    ("core/githost/kept_notes.py", "drop_note"): "exlib's notes in a working copy's own .git folder",
    ("core/githost/kept_notes.py", "keep_note"): "exlib's notes in a working copy's own .git folder",
    ("core/githost/local.py", "LocalGitHost.ensure_repository"): "the folder of the local bare repositories",
    ("core/githost/mirror.py", "RepositoryMirror._init"): "the bare mirror's own folder under EXLIB_HOME/mirrors",
    ("core/deployments/merge.py", "_merge_text"): "a temporary folder for git merge-file",
    ("core/migrate/importer.py", "import_repository"): "EXLIB_HOME/workspaces",
    ("core/migrate/importer.py", "_stage"): "a staging copy in a temporary folder (the repository is only read)",
    ("core/migrate/adopter.py", "adopt_course"): "EXLIB_HOME/workspaces",
    ("core/deployments/consistency.py", "_read_repository"): "EXLIB_HOME/workspaces",
    ("core/storage/local.py", "LocalFolderStorage.delete_version"): "a rejected pre-release in the local example "
    "storage",
    ("core/contributions/source_branch.py", "push_branch"): "a temporary tree for a contribution's commit (its files "
    "go through the writer)",
    ("core/templates/view_cache.py", "ViewCache.save"): "the kept student views in the template working copy's own "
    ".git folder, which no push can reach",
    ("core/templates/view_cache.py", "_write_atomically"): "one kept student view in that .git folder",
    ("core/verification/runners/run_notebook.py", "_finish"): "the notebook runner's result file in the sandbox's "
    "temporary folder",
}
# pandas' DataFrame/Series.rename, which renames columns, not files.
PANDAS_RENAMES = {
    "core/analytics/usage.py",
    "core/analytics/activity.py",
    "core/analytics/course_overview.py",
}


def raw_writes() -> dict[tuple[str, str], list[str]]:
    """Every writing call in the package: (file, enclosing function) -> the calls, as `line: source`."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == WRITER or relative.startswith("migrations/"):
            continue
        source = path.read_text()
        for function, call in _calls(ast.parse(source)):
            if _writes(call, relative):
                found.setdefault((relative, function), []).append(
                    f"{call.lineno}: {ast.get_source_segment(source, call)}"
                )
    return found


def _calls(tree: ast.AST, scope: str = "<module>"):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = node.name if scope == "<module>" else f"{scope}.{node.name}"
            yield from _calls(node, inner)
            continue
        if isinstance(node, ast.Call):
            yield scope, node
        yield from _calls(node, scope)


def _writes(call: ast.Call, relative: str) -> bool:
    function = call.func
    if isinstance(function, ast.Name) and function.id == "open":
        return _opens_for_writing(call)
    if not isinstance(function, ast.Attribute):
        return False
    name = function.attr
    owner = function.value.id if isinstance(function.value, ast.Name) else None
    if owner == "writer" or _constructs_the_writer(function.value):
        return False  # WorkingCopyWriter's own methods: guarded
    if name == "open" and owner == "os":
        return True
    if name == "open":
        return _opens_for_writing(call, mode_position=0)
    if name not in WRITING_METHODS:
        return False
    if name in OWNER_ONLY:
        return owner in OWNER_ONLY[name]
    return not (name == "rename" and relative in PANDAS_RENAMES)


def _constructs_the_writer(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "WorkingCopyWriter"


def _opens_for_writing(call: ast.Call, mode_position: int = 1) -> bool:
    modes = [keyword.value for keyword in call.keywords if keyword.arg == "mode"]
    if len(call.args) > mode_position:
        modes.append(call.args[mode_position])
    return any(
        not isinstance(mode, ast.Constant) or any(letter in str(mode.value) for letter in "wax+") for mode in modes
    )


def test_every_write_into_a_working_copy_goes_through_the_writer():
    unexpected = {place: calls for place, calls in raw_writes().items() if place not in NOT_A_WORKING_COPY}

    assert unexpected == {}, (
        "raw file-system writes outside WorkingCopyWriter; route them through it, or add them to "
        "NOT_A_WORKING_COPY with where they write"
    )


def test_the_allow_list_names_only_places_that_write():
    stale = set(NOT_A_WORKING_COPY) - set(raw_writes())

    assert stale == set(), "allow-listed functions that no longer write anything; remove them from the list"


def test_the_scan_sees_the_writes_it_is_meant_to_catch():
    sample = ast.parse(
        "def f(p, q):\n"
        "    p.write_text('x')\n    (p / 'a').write_bytes(b'')\n    p.mkdir(parents=True)\n"
        "    p.unlink()\n    shutil.rmtree(p)\n    os.replace(p, q)\n    open(p, 'w')\n    open(p, mode='ab')\n"
        "    p.open('w')\n    os.open(p, 0)\n    shutil.copyfile(p, q)\n"
        "    'a'.replace('a', 'b')\n    open(p)\n    p.read_text()\n    d.copy()\n"
        "    writer.write_bytes('x', b'')\n    WorkingCopyWriter(p).write_text('x', '')\n"
    )

    caught = [_writes(call, "core/x.py") for _, call in _calls(sample)]

    assert caught == [True] * 11 + [False] * 7  # the writer construction is a call too
