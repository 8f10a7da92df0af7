"""Hostile tests run in the sandbox are stopped or contained, and the verdict says what happened.

Each runs real processes with small limits, so that a mistake here cannot take the machine down.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from exlib_assets.core.verification.sandbox import Limits, isolation
from exlib_assets.core.verification.verify import verify_files
from exlib_assets_tests.core.verification.helpers import SOLUTION_CELL, TEST_CELL, notebook_example, python_example

SMALL = Limits(wall_seconds=8, cpu_seconds=8, memory_bytes=1024**3, file_bytes=8 * 1024**2, processes=24)


def verify(test_code: str, limits: Limits = SMALL):
    return verify_files("t.py.hostile@1.0", python_example(test_code), {}, commands={}, limits=limits)


def nobody_processes() -> list[str]:
    listed = subprocess.run(["ps", "-u", "nobody", "-o", "pid="], capture_output=True, text=True, check=False)
    return listed.stdout.split()


def test_an_infinite_loop_is_stopped_by_the_wall_clock_timeout():
    limits = Limits(wall_seconds=3, cpu_seconds=30, memory_bytes=1024**3, processes=24)
    started = time.monotonic()
    verdict = verify("def test_forever():\n    while True:\n        pass\n", limits)
    assert time.monotonic() - started < 3 * 2 + 5  # two sides, each stopped at 3 s
    assert verdict.verdict == "failed"
    assert verdict.reference.problem.startswith("stopped after the wall-clock timeout")


def test_a_busy_loop_is_stopped_by_the_cpu_limit_before_the_wall_clock():
    limits = Limits(wall_seconds=30, cpu_seconds=2, memory_bytes=1024**3, processes=24)
    started = time.monotonic()
    verdict = verify("def test_forever():\n    while True:\n        pass\n", limits)
    assert time.monotonic() - started < 25
    assert "SIGXCPU" in verdict.reference.problem or "SIGKILL" in verdict.reference.problem


def test_a_fork_bomb_is_bounded_by_the_process_limit_and_nothing_survives():
    code = (
        "import os, time\n"
        "def test_bomb():\n"
        "    children = 0\n"
        "    try:\n"
        "        while True:\n"
        "            if os.fork() == 0:\n"
        "                time.sleep(60)\n"
        "                os._exit(0)\n"
        "            children += 1\n"
        "    except OSError as error:\n"
        "        print(f'forked {children} before {error.strerror}')\n"
        "        assert False, children\n"
    )
    verdict = verify(code)
    assert verdict.verdict == "failed"
    output = verdict.reference.output
    forked = int(re.search(r"forked (\d+) before", output)[1])
    assert 0 < forked < SMALL.processes  # the pytest process itself counts too
    assert "Resource temporarily unavailable" in output
    # The children sleep for a minute; they were killed with their process group when the run
    # ended and are gone as soon as init has reaped them.
    deadline = time.monotonic() + 10
    while nobody_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert nobody_processes() == []


def test_a_ten_gigabyte_write_is_stopped_by_the_file_size_limit():
    code = (
        "def test_fill_the_disk():\n"
        "    chunk = b'x' * (1024 * 1024)\n"
        "    with open('big.bin', 'wb') as out:\n"
        "        for _ in range(10 * 1024):\n"
        "            out.write(chunk)\n"
    )
    started = time.monotonic()
    verdict = verify(code)
    assert time.monotonic() - started < 20
    assert verdict.verdict == "failed"
    # Python ignores SIGXFSZ, so the write fails with EFBIG instead of the process being killed.
    assert "File too large" in verdict.reference.output
    assert verdict.reference.tests[0].outcome == "failed"


def test_the_tests_see_no_secret_and_no_exlib_variable(monkeypatch):
    monkeypatch.setenv("EXLIB_GITLAB_TOKEN", "glpat-secret-verify-0001")
    monkeypatch.setenv("EXLIB_DATABASE_URL", "postgresql+psycopg2://exlib:pw-secret-0002@db/exlib")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "aws-secret-0003")
    code = (
        "import os\n"
        "def test_environment():\n"
        "    print(sorted(os.environ))\n"
        "    assert not [name for name in os.environ if name.startswith(('EXLIB_', 'AWS_', 'DAGSTER_'))]\n"
        "    assert 'secret' not in repr(dict(os.environ))\n"
        "    assert os.environ['HOME'].startswith(os.path.dirname(os.getcwd()))\n"
        "    assert os.environ['TMPDIR'].startswith(os.environ['HOME'])\n"
    )
    verdict = verify(code)
    assert verdict.reference.passed, verdict.reference.output
    assert "secret" not in repr(verdict.to_dict())


def test_a_socket_cannot_reach_a_server_on_this_machine():
    assert isolation().network_isolated, isolation().network
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted = []
    server.settimeout(10)

    def accept():
        try:
            accepted.append(server.accept())
        except OSError:
            pass

    listener = threading.Thread(target=accept)
    listener.start()
    code = (
        "import socket, pytest\n"
        "def test_connect():\n"
        "    with pytest.raises(OSError) as refused:\n"
        f"        socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
        "    print('refused:', refused.value)\n"
    )
    try:
        verdict = verify(code)
    finally:
        server.close()
        listener.join()
    assert verdict.reference.passed, verdict.reference.output
    assert accepted == []
    assert verdict.network == "isolated (new network namespace)"


@pytest.mark.skipif(os.geteuid() != 0, reason="only enforced when the service runs as root (tests run as nobody)")
def test_the_tests_cannot_write_outside_their_copy(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    code = (
        "import pytest\n"
        "def test_write_outside():\n"
        "    with pytest.raises(PermissionError):\n"
        f"        open({str(outside / 'planted.txt')!r}, 'w')\n"
        "    with pytest.raises(PermissionError):\n"
        "        open('/root/planted.txt', 'w')\n"
        "    open('inside.txt', 'w').write('fine')\n"
    )
    verdict = verify(code)
    assert verdict.reference.passed, verdict.reference.output
    assert not (outside / "planted.txt").exists()


def test_the_student_view_cannot_reach_the_reference_copy():
    # The copy's root cannot be listed, but a test may know where the reference side would be.
    code = (
        "import os\n"
        "def test_look_around():\n"
        "    guess = os.path.join(os.getcwd(), '..', '..', 'reference', 'hostile', 'solution.py')\n"
        "    assert not os.path.exists(guess)\n"
    )
    verdict = verify_files("t.py.hostile@1.0", python_example(code), {}, commands={}, limits=SMALL)
    assert not verdict.reference.passed  # on its own side, the guess is right: the file is there
    assert verdict.template.passed, verdict.template.output


def test_a_notebook_that_stops_its_client_is_ended_by_the_wall_clock_and_its_kernel_exits(tmp_path):
    # The cell freezes the process that drives the kernel, so no per-cell timeout can fire: the
    # sandbox's wall clock ends the run, and the kernel, in a session of its own, sees its parent
    # gone and exits. It leaves its pid where the test can read it (the copy is removed).
    public = Path(tempfile.mkdtemp(prefix="exlib-kernel-pid-"))
    public.chmod(0o777)
    freeze = (
        "### BEGIN HIDDEN TESTS\n"  # only the reference side freezes
        "import os, signal, time\n"
        f"open({str(public / 'pid')!r}, 'w').write(str(os.getpid()))\n"
        "os.kill(os.getppid(), signal.SIGSTOP)\n"
        "time.sleep(600)\n"
        "### END HIDDEN TESTS"
    )
    folder = notebook_example(tmp_path, "freeze", ["x = 1", freeze, SOLUTION_CELL, TEST_CELL])
    files = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    limits = Limits(wall_seconds=10, cpu_seconds=10, memory_bytes=2 * 1024**3, processes=64)
    try:
        started = time.monotonic()
        verdict = verify_files("t.nb.freeze@1.0", files, {}, commands={}, limits=limits)
        assert time.monotonic() - started < 10 + 15  # the reference's wall clock, then the template's run
        assert verdict.reference.problem.startswith("the notebook run was stopped after the wall-clock timeout")
        assert verdict.template.loaded and not verdict.template.passed
        kernel = int((public / "pid").read_text())
        deadline = time.monotonic() + 10
        while _alive(kernel) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(kernel)
    finally:
        shutil.rmtree(public)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
