"""The library source endpoints over real HTTP: an admin lists and syncs; a lecturer may not; no token, no answer."""

import time
import uuid
from pathlib import Path

from exlib_assets.core.library_sources import add_source
from exlib_assets_tests.source_repository import SourceRepository


def test_an_admin_syncs_a_source_and_a_lecturer_may_not(start_api, library_courses, app, tmp_path: Path):
    source = SourceRepository(tmp_path / "sources")
    source.examples("atbash", version="1.0", parent=source.work / "crypto")
    source.push()
    add_source(app, "algos", str(source.bare))
    api = start_api()

    for client in (api.client(), api.client(library_courses.lecturer)):
        for method, url in (("GET", "/api/v1/library/sources"), ("POST", "/api/v1/library/sources/algos/sync")):
            response = client.request(method, url)
            assert response.status_code in (401, 403), (method, url, response.text)
    assert app.library.list_examples() and "test.atbash" not in {e["identifier"] for e in app.library.list_examples()}

    admin = api.client(library_courses.admin)
    started = admin.post("/api/v1/library/sources/algos/sync")

    assert started.status_code == 202, started.text
    assert (started.json()["status"], started.json()["job"]) == ("queued", "sync_library_source_job")
    synced = wait_for_sync(admin, started.json()["status_url"])
    assert synced["status"] == "completed", synced
    assert synced["result"]["commit"] == source.head()
    assert [entry["identifier"] for entry in synced["result"]["imported"]] == ["test.atbash"]
    [listed] = admin.get("/api/v1/library/sources").json()["sources"]
    assert (listed["name"], listed["synced_commit"]) == ("algos", source.head())
    unknown = admin.post("/api/v1/library/sources/nope/sync")
    assert unknown.status_code == 404 and "exlib library source list" in unknown.json()["detail"]
    assert admin.get(f"/api/v1/library/sources/algos/sync/{uuid.uuid4()}").status_code == 404


def test_a_refused_folder_fails_the_sync_run_and_its_status_names_it(start_api, library_courses, app, tmp_path: Path):
    source = SourceRepository(tmp_path / "sources")
    source.examples("atbash", version="1.0", parent=source.work / "crypto")
    source.push()
    add_source(app, "algos", str(source.bare))
    admin = start_api().client(library_courses.admin)
    assert wait_for_sync(admin, admin.post("/api/v1/library/sources/algos/sync").json()["status_url"])["status"] == (
        "completed"
    )
    source.write("crypto/atbash/solution.py", "# changed without a bump\n")
    source.push()

    refused = wait_for_sync(admin, admin.post("/api/v1/library/sources/algos/sync").json()["status_url"])

    assert refused["status"] == "failed"
    assert [entry["path"] for entry in refused["result"]["failed"]] == ["crypto/atbash"]
    assert "crypto/atbash" in refused["error"]


def wait_for_sync(client, status_url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(status_url)
        assert answer.status_code == 200, answer.text
        if answer.json()["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return answer.json()
        time.sleep(0.2)


def test_a_lecturer_is_told_only_an_admin_may(start_api, library_courses):
    response = start_api().client(library_courses.lecturer).post("/api/v1/library/sources/algos/sync")

    assert response.status_code == 403
    assert "only an admin may sync the library" in response.json()["detail"]
