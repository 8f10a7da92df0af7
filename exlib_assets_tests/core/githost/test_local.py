"""Local bare repositories for real, and a plain git server (a real `git daemon` on 127.0.0.1)."""

import os
import socket
from pathlib import Path

import pytest

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitWorkspace, LocalGitHost, RemoteGitHost
from exlib_assets_tests.core.githost.checks import assert_no_secret
from exlib_assets_tests.repositories import git_value as git
from exlib_assets_tests.services.git_daemon import GitDaemon
from exlib_assets_tests.services.postgres import free_port

REPO = "prog1_2026-assignments"


# --- LocalGitHost ------------------------------------------------------------------------------


def test_ensure_repository_creates_a_bare_repository_on_main(tmp_path: Path):
    host = LocalGitHost(tmp_path / "git")

    assert not host.repository_exists(REPO)
    host.ensure_repository(REPO)

    path = tmp_path / "git" / f"{REPO}.git"
    assert host.repository_exists(REPO)
    assert git("rev-parse", "--is-bare-repository", cwd=path) == "true"
    assert git("symbolic-ref", "HEAD", cwd=path) == "refs/heads/main"
    assert host.push_url(REPO) == host.display_url(REPO) == str(path)


def test_ensure_repository_twice_keeps_what_was_pushed(tmp_path: Path):
    host = LocalGitHost(tmp_path / "git")
    host.ensure_repository(REPO)
    workspace = GitWorkspace.clone_or_fetch(host.push_url(REPO), tmp_path / "work")
    (workspace.folder / "a.txt").write_text("a\n")
    sha = workspace.commit_all("add a", "Ada Lecturer", "ada@example.edu")
    workspace.push()

    host.ensure_repository(REPO)

    assert git("rev-parse", "main", cwd=Path(host.push_url(REPO))) == sha


def test_ensure_repository_refuses_to_take_over_something_else(tmp_path: Path):
    host = LocalGitHost(tmp_path)
    (tmp_path / f"{REPO}.git").write_text("not a repository")

    with pytest.raises(GitHostError, match="not a bare git repository"):
        host.ensure_repository(REPO)


def test_a_relative_root_still_works_from_inside_a_working_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    host = LocalGitHost(Path("git"))

    host.ensure_repository(REPO)

    assert Path(host.push_url(REPO)).is_absolute()
    GitWorkspace.clone_or_fetch(host.push_url(REPO), tmp_path / "work")  # git runs inside "work"


@pytest.mark.parametrize(
    "host",
    [LocalGitHost(Path("git")), RemoteGitHost("ssh://git@git.example.edu/courses/")],
    ids=["local", "remote"],
)
def test_hosts_without_merge_requests_leave_the_branch_as_the_proposal(host: LocalGitHost | RemoteGitHost):
    branch = "exlib/update/week1.hello/1.1"

    assert host.open_merge_request(REPO, branch, title="Update week1.hello to 1.1", description="") is None
    assert host.merge_request_state(REPO, branch) is None


# --- RemoteGitHost against git daemon --------------------------------------------------------


def test_clone_commit_push_and_clone_again_over_git_daemon(tmp_path: Path, served_root: Path, git_daemon: GitDaemon):
    LocalGitHost(served_root).ensure_repository(REPO)  # what a server admin would do by hand
    host = RemoteGitHost(git_daemon.url)
    host.ensure_repository(REPO)  # exists: nothing to do

    workspace = GitWorkspace.clone_or_fetch(host.push_url(REPO), tmp_path / "work")
    (workspace.folder / "week1").mkdir()
    (workspace.folder / "week1" / "hello.py").write_text("print('hello')\n")
    sha = workspace.commit_all("deploy hello", "Ada Lecturer", "ada@example.edu")
    workspace.push()

    git("clone", "--quiet", host.push_url(REPO), str(tmp_path / "check"))
    assert (tmp_path / "check" / "week1" / "hello.py").read_text() == "print('hello')\n"
    assert git("rev-parse", "HEAD", cwd=tmp_path / "check") == sha
    assert host.display_url(REPO) == f"{git_daemon.url}{REPO}.git"


def test_a_missing_repository_names_it_and_says_to_create_it(git_daemon: GitDaemon):
    host = RemoteGitHost(git_daemon.url)

    assert not host.repository_exists("nowhere-assignments")
    with pytest.raises(GitHostError) as caught:
        host.ensure_repository("nowhere-assignments")

    assert "nowhere-assignments" in str(caught.value)
    assert "create" in str(caught.value)


def test_an_unreachable_server_is_reported_as_unreachable():
    host = RemoteGitHost(f"git://127.0.0.1:{free_port()}/")

    with pytest.raises(GitHostError, match="unreachable") as caught:
        host.ensure_repository(REPO)

    assert REPO in str(caught.value)


def test_credentials_in_the_base_url_never_show():
    secret = "SENTINEL-pw"
    host = RemoteGitHost(f"http://teacher:{secret}@127.0.0.1:{free_port()}/courses")

    with pytest.raises(GitHostError) as caught:
        host.ensure_repository(REPO)

    assert_no_secret(caught.value, secret)
    for shown in (repr(host), host.describe(), host.display_url(REPO), host.redact(host.push_url(REPO))):
        assert secret not in shown
    assert secret in host.push_url(REPO)  # git still needs it


def test_git_daemon_stops_listening_when_stopped(served_root: Path):
    with GitDaemon(served_root) as daemon:
        port = daemon.port
        socket.create_connection(("127.0.0.1", port), timeout=1).close()

    # The freed port may be taken at once by another test's server (two workers pick free ports
    # side by side); then whoever listens on it must not be a git daemon serving this root.
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return
    assert not [pid for pid in _listeners_on(port) if f"--base-path={served_root}" in _command_line(pid)]


def _listeners_on(port: int) -> list[int]:
    """The processes with a socket listening on 127.0.0.1:`port` (from /proc; Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # 0A: LISTEN
                inodes.add(fields[9])
    pids = []
    for fd_folder in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = {os.readlink(fd) for fd in fd_folder.iterdir()}
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if any(f"socket:[{inode}]" in links for inode in inodes):
            pids.append(int(fd_folder.parent.name))
    return pids


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
