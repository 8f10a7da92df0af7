"""Run one command of a verification in a separate, confined process.

The service never runs example code itself: every command starts as a new process in a
temporary copy, through `confine.py`, which sets kernel limits and drops root. Around that:
- a wall-clock timeout: the whole process group is killed when it is over, and after every
  run, so nothing a test started in the background outlives it;
- no network: the process gets a new, empty network namespace (`unshare --net`) when this
  machine allows it; when it does not, the result says so (`network`), because then tests
  can reach the network. A command that needs the loopback (a notebook's kernel) gets it
  switched on in that namespace, which still has no way out;
- an environment built from nothing: a short list of harmless variables plus what the runner
  sets; no secret and no `EXLIB_*` variable of the service reaches the tests;
- HOME and TMPDIR inside the copy.
What is not enforced: a process running as root-dropped `nobody` can still read world-readable
files and write the world-writable temporary folders of the machine; not running as root,
writes are bounded only by the user's own rights.
"""

import functools
import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CONFINE_SCRIPT = Path(__file__).with_name("confine.py")
# Only these variables of the service's environment reach the tests; everything else
# (tokens, passwords, database URLs, every EXLIB_*) stays behind.
PASSED_VARIABLES = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")
OUTPUT_KEPT_BYTES = 64 * 1024
UNPRIVILEGED_USER = "nobody"  # who runs the tests when the service is root (see confine.py)


@dataclass(frozen=True)
class Limits:
    """What one sandboxed command may use."""

    wall_seconds: float = 60.0
    cpu_seconds: int = 60
    memory_bytes: int = 2 * 1024**3
    file_bytes: int = 64 * 1024**2
    processes: int = 64

    def for_confine(self) -> str:
        return json.dumps(
            {
                "cpu_seconds": self.cpu_seconds,
                "memory_bytes": self.memory_bytes,
                "file_bytes": self.file_bytes,
                "processes": self.processes,
            }
        )


@dataclass(frozen=True)
class Isolation:
    """How the sandbox keeps tests off the network, as measured on this machine."""

    prefix: tuple[str, ...]
    network: str  # "isolated (new network namespace)" or "not isolated: <why>"

    @property
    def network_isolated(self) -> bool:
        return not self.network.startswith("not isolated")


@dataclass(frozen=True)
class RunResult:
    exit_code: int | None  # None when the process was killed by the timeout
    output: str  # the tail of stdout and stderr together
    seconds: float
    timed_out: bool
    signal_name: str | None  # the signal that ended the process, e.g. SIGXFSZ for a too-big file

    def describe(self) -> str:
        if self.timed_out:
            return f"stopped after the wall-clock timeout ({self.seconds:.1f} s)"
        if self.signal_name:
            return f"killed by {self.signal_name} ({_SIGNAL_MEANINGS.get(self.signal_name, 'a signal')})"
        return f"exit code {self.exit_code}"


_SIGNAL_MEANINGS = {
    "SIGXCPU": "CPU time limit",
    "SIGKILL": "killed, e.g. CPU or memory limit",
    "SIGXFSZ": "file size limit",
    "SIGSEGV": "segmentation fault",
    "SIGABRT": "aborted",
}


@functools.cache
def isolation() -> Isolation:
    """The network isolation this machine allows, tried once per process."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return Isolation((), "not isolated: util-linux `unshare` is not installed")
    # As root a network namespace needs nothing else; otherwise only inside a user namespace.
    # As root, a mount namespace too: see `confine.py` (the interpreter may live in /root).
    attempts = [(unshare, "--net", "--mount")] if os.geteuid() == 0 else [(unshare, "--user", "--net")]
    reason = ""
    for prefix in attempts:
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, timeout=10, check=False)
        if probe.returncode == 0:
            return Isolation((*prefix, "--"), "isolated (new network namespace)")
        reason = probe.stderr.strip() or f"exit code {probe.returncode}"
    return Isolation((), f"not isolated: this machine refuses a network namespace ({reason})")


def sandbox_environment(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a sandboxed command: nothing of the service's but PASSED_VARIABLES."""
    environment = {name: os.environ[name] for name in PASSED_VARIABLES if name in os.environ}
    environment.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    environment.update(
        {"HOME": str(home), "TMPDIR": str(home / "tmp"), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}
    )
    environment.update(extra or {})
    return environment


def hand_over(folder: Path) -> None:
    """Make `folder` (the copy) writable by the user the tests run as."""
    if os.geteuid() != 0:
        return
    user = pwd.getpwnam(UNPRIVILEGED_USER)
    for root, dirs, files in os.walk(folder):
        os.chown(root, user.pw_uid, user.pw_gid)
        for name in (*dirs, *files):
            os.chown(os.path.join(root, name), user.pw_uid, user.pw_gid, follow_symlinks=False)
    folder.chmod(0o700)


def run_confined(
    command: list[str],
    *,
    cwd: Path,
    environment: Mapping[str, str],
    limits: Limits,
    output_file: Path,
    loopback: bool = False,
) -> RunResult:
    """Run `command` in `cwd` under `limits`; its output goes to `output_file` (bounded by the
    file size limit too) and its tail comes back in the result. With `loopback`, 127.0.0.1
    works inside the command's network namespace (between its own processes only)."""
    settings = json.loads(limits.for_confine())
    settings["cover"] = _covers(output_file.parent)
    settings["drop_privileges"] = os.geteuid() == 0
    prefix = isolation().prefix
    if loopback and isolation().network_isolated:
        settings["loopback"] = True
        if os.geteuid() != 0:
            # Switching on an interface takes CAP_NET_ADMIN in the namespace: the user namespace's
            # root, which is still this service's user outside it.
            prefix = (prefix[0], "--user", "--map-root-user", *prefix[2:])
    full = [*prefix, sys.executable, "-I", str(CONFINE_SCRIPT), json.dumps(settings), "--", *command]
    started = time.monotonic()
    timed_out = False
    with output_file.open("wb") as sink:
        process = subprocess.Popen(
            full,
            cwd=cwd,
            env=dict(environment),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            process.wait(timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(process.pid)
            process.wait()
    seconds = time.monotonic() - started
    code = process.returncode
    signal_name = signal.Signals(-code).name if code is not None and code < 0 else None
    return RunResult(
        exit_code=None if timed_out else code,
        output=_tail(output_file),
        seconds=seconds,
        timed_out=timed_out,
        signal_name=None if timed_out else signal_name,
    )


def _covers(scratch: Path) -> list[dict[str, str]]:
    """The private folders `confine.py` must cover so that `nobody` reaches the interpreter."""
    if os.geteuid() != 0 or "--mount" not in isolation().prefix:
        return []
    covers = []
    for prefix in sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}):
        closed = next((p for p in reversed(prefix.parents) if not p.stat().st_mode & stat.S_IXOTH), None)
        if closed is not None and closed != Path("/"):
            stage = scratch / f"stage{len(covers)}"
            stage.mkdir(exist_ok=True)
            covers.append({"folder": str(closed), "keep": str(prefix), "stage": str(stage)})
    return covers


def _kill_group(pid: int) -> None:
    """Kill the command and everything it started (they share its process group), again until
    none is left: a fork bomb may be creating processes while the first signal goes out."""
    for _ in range(100):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            return  # nothing of the group is left
        time.sleep(0.01)


def _tail(path: Path) -> str:
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - OUTPUT_KEPT_BYTES))
        data = handle.read()
    text = data.decode("utf-8", errors="replace")
    return text if size <= OUTPUT_KEPT_BYTES else "[... output cut ...]\n" + text
