"""A command started with SIGINT ignored (nohup, cron, a shell without job control) still stops on
SIGTERM after running a Dagster run in its own process: the run layer puts back the handlers it
found. A real process, a real in-process run on an ephemeral instance."""

import signal
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import signal

    import dagster as dg

    from exlib_assets.runs.assets import materialize

    @dg.asset
    def one():
        return 1

    before = signal.getsignal(signal.SIGTERM)
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize(instance, [one], resources={}).success
    after = signal.getsignal(signal.SIGTERM)
    print("SIGTERM", "default" if after is signal.SIG_DFL else "ignored" if after is signal.SIG_IGN else after)
    print("SIGINT", "ignored" if signal.getsignal(signal.SIGINT) is signal.SIG_IGN else "changed")
    """
)


def test_a_run_leaves_sigterm_as_it_found_it_when_sigint_is_ignored():
    # preexec_fn runs in the child before Python starts: SIGINT ignored, as nohup leaves it.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[-3:-1] == ["SIGTERM default", "SIGINT ignored"], result.stdout
