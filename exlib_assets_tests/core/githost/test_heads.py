"""Branch heads of many repositories at once, read from local bare repositories' files and asked
of a real `git daemon`; each must say what `git` itself says."""

from pathlib import Path

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.heads import branch_heads
from exlib_assets_tests.repositories import git


def bare_with_branches(root: Path, name: str, branches: list[str]) -> Path:
    """A bare repository `root/name.git` with a commit on each branch (all on one line of history)."""
    bare = root / f"{name}.git"
    git("init", "-q", "--bare", "--initial-branch=main", str(bare))
    work = root / f"{name}-work"
    git("clone", "-q", str(bare), str(work))
    for number, branch in enumerate(branches):
        git("checkout", "-q", "-B", branch, cwd=work)
        (work / f"file{number}.txt").write_text(f"{number}\n")
        git("add", "-A", cwd=work)
        git("commit", "-qm", f"commit {number}", cwd=work)
        git("push", "-q", "origin", branch, cwd=work)
    return bare


def git_says(url: str) -> dict[str, str]:
    output = git("ls-remote", "--heads", url)
    return {ref.removeprefix("refs/heads/"): sha for sha, ref in (line.split("\t") for line in output.splitlines())}


def test_local_repositories_are_read_from_their_files_as_git_reads_them(tmp_path):
    one = bare_with_branches(tmp_path, "one", ["main", "exlib/update/week1.a/1.1", "feature"])
    two = bare_with_branches(tmp_path, "two", ["main"])
    # Packed refs, then a newer loose ref over a packed one: the loose one wins, as in git.
    git("pack-refs", "--all", cwd=one)
    work = tmp_path / "one-work"
    git("checkout", "-q", "main", cwd=work)
    (work / "late.txt").write_text("late\n")
    git("add", "-A", cwd=work)
    git("commit", "-qm", "late", cwd=work)
    git("push", "-q", "origin", "main", cwd=work)

    heads = branch_heads({"one": str(one), "two": f"file://{two}"})

    assert heads["one"] == git_says(str(one)) and set(heads["one"]) == {"main", "exlib/update/week1.a/1.1", "feature"}
    assert heads["two"] == git_says(str(two))


def test_an_empty_repository_has_no_heads_and_a_missing_one_is_an_error_of_its_own(tmp_path):
    empty = tmp_path / "empty.git"
    git("init", "-q", "--bare", str(empty))
    fine = bare_with_branches(tmp_path, "fine", ["main"])

    heads = branch_heads({"empty": str(empty), "gone": str(tmp_path / "gone.git"), "fine": str(fine)})

    assert heads["empty"] == {}
    assert isinstance(heads["gone"], GitHostError) and "gone.git" in str(heads["gone"])
    assert heads["fine"] == git_says(str(fine))


def test_remotes_are_asked_in_parallel_and_an_unreachable_one_does_not_hide_the_others(served_root, git_daemon):
    for number in range(5):
        bare_with_branches(served_root, f"course{number}", ["main", "exlib/update/x/1.1"])
    urls = {number: f"{git_daemon.url}course{number}.git" for number in range(5)}
    urls["missing"] = f"{git_daemon.url}nothing-here.git"

    heads = branch_heads(urls, parallel=3)

    for number in range(5):
        assert heads[number] == git_says(str(served_root / f"course{number}.git"))
    assert isinstance(heads["missing"], GitHostError) and "nothing-here.git" in str(heads["missing"])
