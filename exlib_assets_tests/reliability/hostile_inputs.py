"""Builders of hostile inputs: example folders, archives, course repository states and storage
objects. Each returns a function of the Scene that arranges the input and returns the arguments
its entry point is called with."""

import io
import os
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml

from exlib_assets.core.storage.keys import version_prefix
from exlib_assets_tests.reliability.scene import BASE, DEPLOYED_PATH, VICTIM, Scene

Arrange = Callable[[Scene], object]


# -- example folders (exlib library import) -------------------------------------------------------


def raw_meta(name: str, text: str | bytes) -> Arrange:
    """An example folder `name` whose meta.yaml holds exactly `text`."""
    return lambda scene: [str(scene.example_with_meta(name, text))]


def meta_overrides(name: str, **overrides) -> Arrange:
    """A well-formed example folder with top-level meta.yaml keys replaced by `overrides`."""
    return lambda scene: [str(scene.example(name, meta=overrides))]


def file_lists(name: str, **lists: list) -> Arrange:
    """A well-formed example whose `properties` name the given file lists."""
    properties = {"studentSubmissionFiles": ["solution.py"], **lists}
    return meta_overrides(name, properties=properties)


def dependencies(name: str, *needs) -> Arrange:
    return lambda scene: [str(scene.example(name, dependencies=list(needs)))]


def spoiled(name: str, spoil: Callable[[Path, Scene], None]) -> Arrange:
    """A well-formed example folder, then `spoil(folder, scene)` makes it hostile."""

    def arrange(scene: Scene) -> list[str]:
        folder = scene.example(name)
        spoil(folder, scene)
        return [str(folder)]

    return arrange


def alias_bomb() -> str:
    """The "billion laughs": nine levels of nine aliases, 9**9 strings once expanded."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "identifier: test.bomb\nversion: 1.0\n" + "\n".join(lines) + "\n"


def deep_nesting(levels: int) -> str:
    return "identifier: test.deep\nversion: 1.0\nx: " + "[" * levels + "]" * levels + "\n"


def symlink(name: str, target: Callable[[Path, Scene], str | Path]) -> Callable[[Path, Scene], None]:
    return lambda folder, scene: os.symlink(target(folder, scene), folder / name)


def git_folder(folder: Path, scene: Scene) -> None:
    (folder / ".git" / "hooks").mkdir(parents=True)
    # Inert here; in a checkout, git would run both.
    (folder / ".git" / "config").write_text('[core]\n\tfsmonitor = "./collect-credentials.sh"\n')
    (folder / ".git" / "hooks" / "post-checkout").write_text("#!/bin/sh\necho 'runs on every checkout'\n")


def fifo(folder: Path, scene: Scene) -> None:
    os.mkfifo(folder / "pipe")


def non_utf8_name(folder: Path, scene: Scene) -> None:
    (folder / os.fsdecode(b"caf\xe9.py")).write_text("print('latin-1 name')\n")


def planted_tracking_file(folder: Path, scene: Scene) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / ".example-library").write_text('{"example_id": "test.base", "example_version": "9.9"}')


def big_file(size: int) -> Callable[[Path, Scene], None]:
    return lambda folder, scene: (folder / "big.bin").write_bytes(b"\0" * size)


def many_files(count: int, size: int) -> Callable[[Path, Scene], None]:
    def spoil(folder: Path, scene: Scene) -> None:
        for index in range(count):
            (folder / f"data{index}.bin").write_bytes(b"\1" * size)

    return spoil


def meta_symlink(folder: Path, scene: Scene) -> None:
    real = scene.outside / "meta.yaml"
    real.write_bytes((folder / "meta.yaml").read_bytes())
    (folder / "meta.yaml").unlink()
    os.symlink(real, folder / "meta.yaml")


def symlinked_example_folder(scene: Scene) -> list[str]:
    alias = scene.inputs / "alias"
    os.symlink(scene.example("real"), alias)
    return [str(alias)]


def folder_without_meta(scene: Scene) -> list[str]:
    folder = scene.inputs / "bare"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "main.py").write_text("print('no meta.yaml anywhere')\n")
    return [str(folder)]


def archives_with_traversal(scene: Scene) -> list[str]:
    """A zip and a tar whose members climb out (`../..`), are absolute or are symlinks."""
    climbing = "../../outside/" + VICTIM
    zipped = scene.inputs / "example.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("meta.yaml", "identifier: test.zipped\nversion: 1.0\n")
        archive.writestr(climbing, "overwritten by an archive\n")
    tarred = scene.inputs / "example.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        for member, data in ((climbing, b"overwritten\n"), ("/etc/cron.d/evil", b"* * * * * root true\n")):
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    return [str(zipped), str(tarred)]


def cycle(*names: str) -> Arrange:
    """Examples `names` in one import, each needing the next, the last needing the first."""

    def arrange(scene: Scene) -> list[str]:
        tree = scene.inputs / "cycle"
        for name, needs in zip(names, names[1:] + names[:1], strict=True):
            scene.example(name, parent=tree, dependencies=[f"test.{needs}"])
        return [str(tree)]

    return arrange


def cycle_through_the_library(scene: Scene) -> list[str]:
    """test.top@1.0 (indexed) needs test.base; a new test.base@1.1 would need test.top."""
    scene.imported(scene.example("top", dependencies=[BASE]))
    return [str(scene.example("base", version="1.1", dependencies=["test.top"], parent=scene.inputs / "next"))]


def same_tag_other_content(scene: Scene) -> list[str]:
    again = scene.inputs / "again"
    return [str(scene.example("base", files={"solution.py": "# other content, same tag\n"}, parent=again))]


# -- course state (exlib deploy) -------------------------------------------------------------------


def assigned_example(path: str, name: str, **example) -> Callable[[Scene], None]:
    def arrange(scene: Scene) -> None:
        scene.imported(scene.example(name, **example))
        scene.assigned(path, f"test.{name}")

    return arrange


def then(*steps: Callable[[Scene], None], args: list[str]) -> Arrange:
    """Run `steps` in order, then call the entry point with `args`."""

    def arrange(scene: Scene) -> list[str]:
        for step in steps:
            step(scene)
        return args

    return arrange


def pushed(change: Callable[[Path, Scene], None]) -> Callable[[Scene], None]:
    return lambda scene: scene.pushed(lambda clone: change(clone, scene))


def foreign_files(clone: Path, scene: Scene) -> None:
    (clone / "week2" / "notes").mkdir(parents=True)
    (clone / "week2" / "notes" / "README.md").write_text("# the lecturer's own notes\n")


def edited_deployment(clone: Path, scene: Scene) -> None:
    (clone / "week1" / "base" / "solution.py").write_text("# the lecturer's better solution\n")


def folder_symlinked_outside(clone: Path, scene: Scene) -> None:
    (clone / "week2").mkdir()
    os.symlink(scene.outside, clone / "week2" / "linked")


def file_symlinked_outside(clone: Path, scene: Scene) -> None:
    (clone / "week1" / "base" / "solution.py").unlink()
    os.symlink(scene.outside / VICTIM, clone / "week1" / "base" / "solution.py")


def damaged_tracking_file(clone: Path, scene: Scene) -> None:
    (clone / "week1" / "base" / ".example-library").write_text("{ this is not json")


def reassigned_base(scene: Scene) -> None:
    scene.imported(scene.example("other"))
    scene.assigned(DEPLOYED_PATH, "test.other")


def newer_base(scene: Scene) -> None:
    scene.imported(scene.example("base", version="1.1", parent=scene.inputs / "next"))


def tampered_storage(scene: Scene) -> None:
    """test.other@1.0 indexed and assigned, then its stored solution changed by hand."""
    assigned_example("week2.other", "other")(scene)
    prefix = version_prefix(scene.app.storage.library, "test.other", "1.0")
    scene.put_in_storage(prefix + "solution.py", b"# replaced behind exlib's back\n")


# -- storage objects (example_versions, discovery) ------------------------------------------------


def key(partition_key: str) -> Arrange:
    """A partition key as someone typed it into the UI or the API."""
    return lambda scene: partition_key


def stored(identifier: str, version: str, files: dict[str, bytes]) -> Arrange:
    """Files put under `identifier/version/` in storage by hand; the partition key is returned."""

    def arrange(scene: Scene) -> str:
        prefix = version_prefix(scene.app.storage.library, identifier, version)
        for relpath, data in files.items():
            scene.put_in_storage(prefix + relpath, data)
        return f"{identifier}@{version}"

    return arrange


def stored_with_symlink(scene: Scene) -> str:
    """A version folder in local storage holding a symlink to a file outside (only a folder can)."""
    stored("test.linked", "1.0", {"meta.yaml": b"identifier: test.linked\nversion: 1.0\n"})(scene)
    folder = scene.app.storage.root / version_prefix(scene.app.storage.library, "test.linked", "1.0")
    os.symlink(scene.outside / VICTIM, folder / "solution.py")
    return "test.linked@1.0"


def stored_under_a_bad_name(scene: Scene) -> str:
    """A folder copied into storage whose name cannot be a partition key."""
    library = f"repositories/{scene.app.storage.library}/"
    scene.put_in_storage(library + "bad,name|x/1.0/meta.yaml", b"identifier: test.bad\nversion: 1.0\n")
    return "bad,name|x/1.0"


def meta_document(**document) -> bytes:
    return yaml.safe_dump(document).encode()
