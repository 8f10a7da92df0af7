"""The service holds a bounded amount whatever the request rate: a fixed pool of run workers and a
bounded queue (a request beyond it gets 503 and writes nothing), live watches dropped once a
run has finished, a bounded number of finished reports kept, and memory flat over 1,000 deploy
requests. Real runs behind real HTTP."""

import gc
import os
import threading
import time

from exlib_assets_tests.api.server import wait_for_run
from exlib_assets_tests.api.state import assignments

CAESAR = {"example": "test.caesar", "target_path": "week1.caesar"}
SHOUT = {"example": "test.shout", "target_path": "week2.shout"}
REQUESTS = 1000
WARM_UP = 100


def deploy(client, *items: dict):
    return client.post("/api/v1/courses/prog1/deploy-examples", json={"deployments": list(items)})


def launcher_of(server):
    return server.server.config.app.state.exlib.launcher


def wait_until_idle(launcher, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while launcher.load().active:
        assert time.monotonic() < deadline, f"runs still working after {timeout} s: {launcher.load()}"
        time.sleep(0.05)


def resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_a_full_queue_answers_503_and_assigns_nothing(start_api, library_courses, app):
    server = start_api(run_workers=1, run_queue=0)
    lecturer = server.client(library_courses.lecturer)

    first = deploy(lecturer, CAESAR)
    refused = deploy(lecturer, SHOUT)  # the first run takes over a second: its worker is busy

    assert first.status_code == 202, first.text
    assert refused.status_code == 503, refused.text
    assert refused.headers["Retry-After"] == "30"
    body = refused.json()
    assert body["error"] == "busy"
    assert "running 1 run(s) and has 0 more waiting" in body["detail"]
    assert "nothing was assigned or started" in body["detail"] and "--run-workers" in body["detail"]
    assert "week2.shout" not in assignments(app, "prog1")
    assert wait_for_run(lecturer, "prog1", first.json()["run_id"])["status"] == "completed"
    wait_until_idle(launcher_of(server))
    # Room again: the same request is taken.
    again = deploy(lecturer, SHOUT)
    assert again.status_code == 202, again.text
    assert wait_for_run(lecturer, "prog1", again.json()["run_id"])["status"] == "completed"


def test_a_thousand_deploy_requests_leave_threads_watches_and_memory_flat(start_api, library_courses):
    workers, queue, kept = 1, 2, 5
    server = start_api(run_workers=workers, run_queue=queue, kept_reports=kept)
    launcher = launcher_of(server)
    lecturer = server.client(library_courses.lecturer)
    first_run = deploy(lecturer, CAESAR).json()["run_id"]
    wait_for_run(lecturer, "prog1", first_run)

    peaks = {"run_threads": 0, "active": 0}
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            run_threads = sum(t.name.startswith("exlib-run") for t in threading.enumerate())
            peaks["run_threads"] = max(peaks["run_threads"], run_threads)
            peaks["active"] = max(peaks["active"], launcher.load().active)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    statuses: dict[int, int] = {}
    accepted: list[str] = []
    started = time.monotonic()
    try:
        for number in range(REQUESTS):
            if number == WARM_UP:
                wait_until_idle(launcher)
                gc.collect()
                before = resident_mib()
            response = deploy(lecturer, CAESAR)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code == 202:
                accepted.append(response.json()["run_id"])
        wait_until_idle(launcher)
    finally:
        sampling.set()
        sampler.join()
    gc.collect()
    after = resident_mib()
    elapsed = time.monotonic() - started
    print(
        f"\n{REQUESTS} deploy requests in {elapsed:.1f} s: {statuses}; peak run threads {peaks['run_threads']}, "
        f"peak runs held {peaks['active']}; resident memory after {WARM_UP}: {before:.1f} MiB, "
        f"after {REQUESTS}: {after:.1f} MiB ({after - before:+.1f} MiB)"
    )

    assert set(statuses) <= {202, 503} and statuses[503] > 0 and statuses[202] > 0
    assert peaks["run_threads"] <= workers and peaks["active"] <= workers + queue
    # Every run finished; none is watched live any more, and only the last `kept` final words are kept.
    assert launcher.load().active == 0 and launcher.load().kept_reports == kept
    # A run whose watch was dropped is still answered, from the database.
    dropped = lecturer.get(f"/api/v1/courses/prog1/deployment-status/{accepted[0]}")
    assert dropped.status_code == 200 and dropped.json()["status"] == "completed"
    assert [r["status"] for r in dropped.json()["results"]] == ["deployed"]
    assert after - before < 40, f"resident memory grew by {after - before:.1f} MiB over {REQUESTS - WARM_UP} requests"
