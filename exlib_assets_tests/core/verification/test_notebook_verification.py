"""Notebook examples verified through the library, on both backends: imported, verified in the
sandbox by a real Jupyter kernel (nbclient), the verdict stored.

Each example is one notebook written as an author writes it (solution regions marked, so the
student view is derived from it); each verification starts a kernel per side (about a second).
"""

import os
import socket
import time

import pytest
import sqlalchemy as sa
import yaml

from exlib_assets.core.db.models import ExampleVerification
from exlib_assets.core.verification.service import verify_version
from exlib_assets_tests.core.verification.helpers import SOLUTION_CELL, TEST_CELL, notebook_example


def verify(app, folder):
    report = app.library.import_paths([folder])
    assert report.ok, report.failed
    return verify_version(app, f"t.nb.{folder.name}@1.0")


def test_a_notebook_passes_reaching_its_own_loopback_and_nothing_else(app, tmp_path):
    server = socket.create_server(("127.0.0.1", 0))  # on the service's machine, outside the sandbox
    port = server.getsockname()[1]
    loopback = (
        "import socket\n"
        "own = socket.create_server(('127.0.0.1', 0))\n"
        "with socket.create_connection(own.getsockname(), timeout=5):\n"
        "    print('own loopback: ok')"
    )
    attempts = (
        "def attempt(action):\n"
        "    try:\n"
        "        action()\n"
        "    except OSError as error:\n"
        "        return f'{type(error).__name__}: {error}'\n"
        "    return None\n"
        "outside = attempt(lambda: socket.create_connection(('192.0.2.1', 80), timeout=5))\n"
        "dns = attempt(lambda: socket.getaddrinfo('example.com', 443))\n"
        f"host = attempt(lambda: socket.create_connection(('127.0.0.1', {port}), timeout=5))\n"
        "print('outside:', outside, '| dns:', dns, '| host:', host)\n"
        "assert outside and dns and host"
    )
    folder = notebook_example(tmp_path, "total", ["# Sum a list", loopback, attempts, SOLUTION_CELL, TEST_CELL])
    with server:
        verdict = verify(app, folder)
        # A connection that got through would wait in the backlog, accepted or not.
        server.setblocking(False)
        with pytest.raises(BlockingIOError):
            server.accept()
    assert verdict.verdict == "passed", verdict.to_dict()
    output = verdict.reference.output
    assert "own loopback: ok" in output and "total: ok" in output
    assert "outside: OSError: [Errno 101] Network is unreachable" in output
    assert "| dns: gaierror: " in output
    assert "| host: ConnectionRefusedError: " in output
    assert verdict.network == "isolated (new network namespace)"
    # The stub (`pass  # TODO`) is cell 4; the test cell after it is what fails for the student.
    assert not verdict.template.passed and verdict.template.loaded
    assert verdict.template.problem.startswith("work.ipynb: cell 5 raised AssertionError")
    with app.db.session() as session:
        assert session.scalars(sa.select(ExampleVerification.verdict)).all() == ["passed"]


def test_a_hanging_cell_is_stopped_by_the_per_cell_timeout_and_a_view_running_past_its_stub_fails(app, tmp_path):
    # The hanging cell is a hidden test: students do not get it, so their view runs to the end,
    # past the stub of a solution no test looks at.
    hang = (
        "### BEGIN HIDDEN TESTS\n"
        "import os, time\n"
        "print('kernel', os.getpid(), flush=True)\n"
        "time.sleep(600)\n"
        "### END HIDDEN TESTS"
    )
    solution = "### BEGIN SOLUTION\nprint('the answer is', 42)\n### END SOLUTION"
    folder = notebook_example(tmp_path, "hang", ["x = 1", hang, solution, "assert x == 1"], timeout=2)
    started = time.monotonic()
    verdict = verify(app, folder)
    assert time.monotonic() - started < 40  # a kernel start per side and 2 s of waiting
    assert verdict.verdict == "failed"
    assert "(work.ipynb: cell 2 did not finish within the per-cell timeout (2 s))" in verdict.reason
    assert not verdict.reference.loaded
    kernels = [int(line.split()[1]) for line in verdict.reference.output.splitlines() if line.startswith("kernel ")]
    assert kernels, verdict.reference.output
    assert not _alive(kernels[0])
    assert verdict.template.passed and verdict.template.loaded
    assert "the student template already passes every test" in verdict.reason


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_notebook_test_that_is_no_notebook_is_a_clear_error_and_runs_nothing(app, tmp_path):
    folder = notebook_example(
        tmp_path,
        "bad_tests",
        [SOLUTION_CELL, TEST_CELL],
        files={"checks.ipynb": b"{not json", "checks.txt": b"assert True\n"},
        meta={"testFiles": ["checks.ipynb"]},
    )
    tests = {"properties": {"tests": [{"name": "text", "type": "notebook", "file": "checks.txt"}]}}
    (folder / "test.yaml").write_text(yaml.safe_dump(tests))
    verdict = verify(app, folder)
    assert verdict.verdict == "failed"
    assert not verdict.reference.loaded and verdict.reference.output == ""  # no kernel was started
    assert (
        "checks.ipynb is not a valid notebook (Notebook does not appear to be JSON: '{not json'); open it in Jupyter,"
        in verdict.reason
    )
    assert "checks.txt is named as a notebook test but is not a Jupyter notebook (.ipynb)" in verdict.reason
