"""Running the git command line: no shell, no prompts, English messages, secrets masked in errors."""

import errno
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from exlib_assets.core.errors import GitHostError

GIT_TIMEOUT_S = 300

UNREACHABLE = "unreachable"
AUTH = "auth"
MISSING = "missing"

# Phrases in git's messages (LC_ALL=C) that tell why talking to a remote failed, checked in this
# order: a refused login often also says "unable to access", so credentials are looked at first.
_SIGNS = {
    AUTH: (
        "authentication failed",
        "could not read username",
        "could not read password",
        "http basic: access denied",
        "permission denied (publickey",
        "returned error: 401",
        "returned error: 403",
    ),
    MISSING: (
        "not found",
        "does not appear to be a git repository",
        "repository not exported",  # git daemon says this for a missing repository
        "no such repository",
    ),
    UNREACHABLE: (
        "unable to connect",
        "connection refused",
        "could not resolve",
        "failed to connect",
        "timed out",
        "network is unreachable",
        "no route to host",
        "connection reset",
        "unable to access",
        "could not read from remote repository",
    ),
}

HINTS = {
    UNREACHABLE: "the git server is unreachable: check the URL, that the server is running and that "
    "this machine can reach it (network, proxy, firewall)",
    AUTH: "the git server refused the credentials: check the token or SSH key and that it may read and "
    "write this repository (a GitLab token needs the `api` or `write_repository` scope)",
    MISSING: "the repository does not exist there, or these credentials cannot see it",
}


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for git: never wait for a password, and speak English so messages can be read."""
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    env.update(extra or {})
    return env


def run_git(
    args: Sequence[str],
    *,
    redact: Callable[[str], str],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = GIT_TIMEOUT_S,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `git ARGS`, with `stdin` as its input (what grows with a course, such as a commit
    message or a list of paths, goes there: one argument may hold at most 128 KiB); the caller
    reads the return code. GitHostError if git cannot run or times out."""
    command = ["git", *args]
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            env=git_env(env),
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            # No controlling terminal: ssh then fails on a password or host-key question instead of
            # waiting on the terminal of whoever started Dagster.
            start_new_session=True,
        )
    except subprocess.TimeoutExpired:
        problem = f"gave no answer within {timeout:.0f} s; check that the git server is reachable"
    except OSError as error:
        raise not_started(command, error, redact) from None
    # Raised outside the `except` so the new error has no __context__: TimeoutExpired keeps the
    # command line, and with it any token in a URL.
    raise GitHostError(f"`{redact(' '.join(command))}` {problem}.")


def nothing_secret(text: str) -> str:
    """`redact` for git run on a local working copy with no remote in its command or output."""
    return text


def not_started(command: Sequence[str], error: OSError, redact: Callable[[str], str]) -> GitHostError:
    """The error for a git `command` that could not be started at all (raise it `from None`)."""
    return GitHostError(f"`{redact(' '.join(command))}` could not be started ({error.strerror}); {_remedy(error)}.")


def _remedy(error: OSError) -> str:
    """What to do when git could not be started: only a missing or unusable git is fixed by installing it."""
    if error.errno == errno.E2BIG:
        # A bug of ours, not of the machine: whatever grows with a course must go to git on stdin or in a file.
        return "its arguments are too long for one command; please report this as a bug of exlib"
    return "install git 2.28 or newer"


def classify(stderr: str) -> str | None:
    """UNREACHABLE, AUTH or MISSING when git's message says why a remote failed; None otherwise."""
    text = stderr.lower()
    for reason, signs in _SIGNS.items():
        if any(sign in text for sign in signs):
            return reason
    return None


def failure(
    action: str, result: subprocess.CompletedProcess[str], redact: Callable[[str], str], *, hint: str | None = None
) -> GitHostError:
    """A GitHostError for a failed git command: what was tried, why, what git said, all redacted."""
    reason = classify(result.stderr)
    why = hint or HINTS.get(reason or "", "see git's message")
    said = " | ".join(line.strip() for line in result.stderr.strip().splitlines()[-4:]) or "nothing"
    command = " ".join(_shown_args([str(arg) for arg in result.args]))
    return GitHostError(redact(f"could not {action}: {why}. git said: {said} (command: `{command}`)"))


def _shown_args(args: list[str]) -> list[str]:
    """`args` without the `-c credential.helper=...` pairs: they hold no secret, only noise."""
    shown: list[str] = []
    for arg in args:
        if arg.startswith("credential.helper=") and shown and shown[-1] == "-c":
            shown.pop()
            continue
        shown.append(arg)
    return shown
