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

A new network namespace starts with its loopback interface down. A command that talks to
itself over 127.0.0.1 (a Jupyter kernel and its client speak ZMQ over TCP) asks for it to be
brought up; that is done here, with the namespace's rights, before they are given up. The
namespace still has no other interface, so nothing outside it can be reached.

`nobody` cannot enter a private folder such as /root, where the interpreter may be installed.
In its own mount namespace (the sandbox starts this process in one when running as root), each
such folder is covered by an empty one and only the interpreter's folder is put back in it: the
tests find their interpreter, and nothing else of that folder.
"""

import fcntl
import json
import os
import pwd
import resource
import socket
import struct
import subprocess
import sys

UNPRIVILEGED_USER = "nobody"
# <linux/sockios.h>, <net/if.h>: read and set an interface's flags; IFF_UP switches it on.
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def main(argv: list[str]) -> None:
    if len(argv) < 4 or argv[2] != "--":
        sys.stderr.write("usage: confine.py LIMITS_JSON -- COMMAND [ARGS...]\n")
        raise SystemExit(126)
    limits = json.loads(argv[1])
    command = argv[3:]
    for cover in limits.get("cover", []):
        _cover_except(cover["folder"], cover["keep"], cover["stage"])
    if limits.get("loopback"):
        _bring_up_loopback()
    os.umask(0o077)
    for name, value in (
        ("RLIMIT_CPU", limits["cpu_seconds"]),
        ("RLIMIT_AS", limits["memory_bytes"]),
        ("RLIMIT_FSIZE", limits["file_bytes"]),
        ("RLIMIT_NPROC", limits["processes"]),
        ("RLIMIT_CORE", 0),
    ):
        resource.setrlimit(getattr(resource, name), (value, value))
    # Decided by the service, not by geteuid here: in a user namespace mapped to root (how a
    # service that is not root gets the rights to bring up the loopback) uid 0 is the service's
    # own user, and there is no `nobody` to switch to.
    if limits.get("drop_privileges"):
        user = pwd.getpwnam(UNPRIVILEGED_USER)
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    try:
        os.execvp(command[0], command)
    except OSError as error:
        sys.stderr.write(f"cannot start {command[0]}: {error.strerror}\n")
        raise SystemExit(127) from None


def _bring_up_loopback() -> None:
    """Switch on `lo` in this process's network namespace (what `ip link set lo up` does)."""
    request = struct.Struct("16sH14x")  # struct ifreq: the interface's name, then its flags
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as handle:
            _, flags = request.unpack(fcntl.ioctl(handle, SIOCGIFFLAGS, request.pack(b"lo", 0)))
            fcntl.ioctl(handle, SIOCSIFFLAGS, request.pack(b"lo", flags | IFF_UP))
    except OSError as error:
        sys.stderr.write(f"cannot bring up the loopback interface of the sandbox: {error.strerror}\n")
        raise SystemExit(126) from None


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
