"""The first program inside the sandbox: set the limits, drop root, then become the test command.

Run as a script by file path (`python -I confine.py LIMITS_JSON -- COMMAND...`), never imported
by the service: it must work in a process that has nothing of exlib loaded and no environment
worth stealing. Standard library only.

Limits are kernel resource limits of this process and everything it starts:
- RLIMIT_CPU: CPU seconds; the kernel kills a busy loop when they are used up.
- RLIMIT_AS: address space, which bounds memory.
- RLIMIT_FSIZE: the largest file a test may write (a bigger write gets SIGXFSZ).
- RLIMIT_NPROC: processes (and threads) of the user running the tests. The kernel does not
  apply it to root, so when started as root the command runs as `nobody` instead: the limit
  then holds, and the tests can write only where `nobody` may (the copy, made theirs, and the
  world-writable temporary folders).
- RLIMIT_CORE: 0, so a crash leaves no core file behind.

`nobody` cannot enter a private folder such as /root, where the interpreter may be installed.
In its own mount namespace (the sandbox starts this process in one when running as root), each
such folder is covered by an empty one and only the interpreter's folder is put back in it: the
tests find their interpreter, and nothing else of that folder.
"""

import json
import os
import pwd
import resource
import subprocess
import sys

UNPRIVILEGED_USER = "nobody"


def main(argv: list[str]) -> None:
    if len(argv) < 4 or argv[2] != "--":
        sys.stderr.write("usage: confine.py LIMITS_JSON -- COMMAND [ARGS...]\n")
        raise SystemExit(126)
    limits = json.loads(argv[1])
    command = argv[3:]
    for cover in limits.get("cover", []):
        _cover_except(cover["folder"], cover["keep"], cover["stage"])
    os.umask(0o077)
    for name, value in (
        ("RLIMIT_CPU", limits["cpu_seconds"]),
        ("RLIMIT_AS", limits["memory_bytes"]),
        ("RLIMIT_FSIZE", limits["file_bytes"]),
        ("RLIMIT_NPROC", limits["processes"]),
        ("RLIMIT_CORE", 0),
    ):
        resource.setrlimit(getattr(resource, name), (value, value))
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    try:
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write(f"cannot start {command[0]}: {error.strerror}\n")
        raise SystemExit(127) from None


def _cover_except(folder: str, keep: str, stage: str) -> None:
    """Hide `folder` behind an empty one, except `keep` (a folder below it), via `stage`."""
    for command in (
        ["mount", "--make-rprivate", "/"],
        ["mount", "--bind", keep, stage],
        ["mount", "-t", "tmpfs", "-o", "mode=0755,size=1m", "tmpfs", folder],
        ["mkdir", "-p", keep],
        ["mount", "--move", stage, keep],
    ):
        subprocess.run(command, check=True, stdin=subprocess.DEVNULL)


if __name__ == "__main__":
    main(sys.argv)
