"""The loopback a notebook's kernel needs, switched on inside the sandbox's network namespace by
`confine.py`, for a service that is not root: entered as the user namespace's root, as the
sandbox enters it then (`unshare --user --map-root-user --net`).

The service here is root; the test becomes `nobody` first, with the machine's own Python
(`confine.py` uses the standard library only).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from exlib_assets.core.verification.sandbox import CONFINE_SCRIPT, Limits

SYSTEM_PYTHON = Path("/usr/bin/python3")
PROBE = """
import os, socket
own = socket.create_server(("127.0.0.1", 0))
socket.create_connection(own.getsockname(), timeout=3).close()
print("own loopback: ok, uid", os.getuid())
try:
    socket.create_connection(("192.0.2.1", 80), timeout=3)
except OSError as error:
    print("outside:", error)
"""

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not SYSTEM_PYTHON.exists() or not shutil.which("setpriv"),
    reason="needs root (to become nobody with setpriv) and the machine's own /usr/bin/python3",
)


def confine_as_nobody(settings: dict) -> subprocess.CompletedProcess:
    limits = json.loads(Limits().for_confine()) | settings
    command = [
        "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        "unshare", "--user", "--map-root-user", "--net", "--",
        str(SYSTEM_PYTHON), "-I", str(CONFINE_SCRIPT), json.dumps(limits), "--", str(SYSTEM_PYTHON), "-c", PROBE,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False, cwd="/")


def test_the_loopback_is_switched_on_and_nothing_outside_is_reachable():
    ran = confine_as_nobody({"loopback": True, "drop_privileges": False})
    assert ran.returncode == 0, ran.stderr
    assert "own loopback: ok, uid 0" in ran.stdout  # the namespace's root: the service's user outside
    assert "outside: [Errno 101] Network is unreachable" in ran.stdout


def test_without_asking_the_loopback_stays_down():
    ran = confine_as_nobody({"drop_privileges": False})
    assert ran.returncode != 0
    assert "own loopback" not in ran.stdout
    assert "Cannot assign requested address" in ran.stderr or "Network is unreachable" in ran.stderr
