"""The scenario end to end with `exlib` commands: examples authored in git, synced, deployed, edited
by a lecturer, and the course rolled forward with the edit carried."""

import json
from pathlib import Path

from exlib_assets_tests.repositories import clone, push_change
from exlib_assets_tests.source_repository import SourceRepository

NOTES = "".join(f"line {n}\n" for n in range(1, 9))


def test_library_in_git_to_next_semester(app, run, tmp_path: Path) -> None:
    source = SourceRepository(tmp_path / "sources")
    source.examples("caesar", version="1.0", parent=source.work / "crypto", files={"notes.txt": NOTES})
    source.examples("vigenere", version="1.0", parent=source.work / "crypto")
    source.push("two examples")
    assert run("library", "source", "add", "algos", str(source.bare)).exit_code == 0
    first = json.loads(run("library", "source", "sync", "algos", "--json").output)
    assert sorted(e["identifier"] for e in first["imported"]) == ["test.caesar", "test.vigenere"]

    run("course", "create", "prog1_2025")
    run("course", "add-content", "prog1_2025", "week1.caesar")
    run("course", "add-content", "prog1_2025", "week2.vigenere")
    run("assign", "prog1_2025", "week1.caesar", "test.caesar")
    run("assign", "prog1_2025", "week2.vigenere", "test.vigenere")
    deployed = run("deploy", "prog1_2025")
    assert deployed.exit_code == 0, deployed.output

    def lecturer_edit(copy: Path) -> None:
        (copy / "week1" / "caesar" / "notes.txt").write_text(NOTES.replace("line 2\n", "line 2, clearer\n"))

    push_change(app.git_host.push_url("prog1_2025-assignments"), tmp_path, lecturer_edit)

    source.examples(
        "caesar",
        version="1.1",
        parent=source.work / "crypto",
        files={"notes.txt": NOTES.replace("line 7\n", "line 7, fixed\n")},
    )
    head = source.push("caesar 1.1")
    second = json.loads(run("library", "source", "sync", "algos", "--json").output)
    assert [(e["identifier"], e["version"]) for e in second["imported"]] == [("test.caesar", "1.1")]
    assert second["commit"] == head

    (source.work / "crypto" / "vigenere" / "solution.py").write_text("# changed without a new version\n")
    refused_at = source.push("forgot the bump")
    refused = run("library", "source", "sync", "algos", "--json")
    assert refused.exit_code == 1
    [failure] = json.loads(refused.output)["failed"]
    assert failure["path"] == "crypto/vigenere"
    assert refused_at[:12] in failure["error"] and "solution.py" in failure["error"]
    assert json.loads(run("library", "show", "test.vigenere", "--json").output)["versions"] == ["1.0"]

    rolled = run(
        "course", "roll-forward", "prog1_2025", "prog1_2026", "--versions", "latest", "--carry-customizations", "--json"
    )
    assert rolled.exit_code == 0, rolled.output
    report = json.loads(rolled.output)
    assert report["carried"] == [{"path": "week1.caesar", "changes": ["~notes.txt"]}]
    assert [(e["path"], e["version"], e["status"]) for e in report["merged"]] == [("week1.caesar", "1.1", "merged")]
    notes = clone(app.git_host.push_url("prog1_2026-assignments"), tmp_path / "new") / "week1/caesar/notes.txt"
    assert notes.read_text() == NOTES.replace("line 2\n", "line 2, clearer\n").replace("line 7\n", "line 7, fixed\n")

    shown = run("course", "show", "prog1_2026")
    assert "prog1_2026 (rolled from prog1_2025)" in shown.output
    assert "week1.caesar: test.caesar@1.0" in shown.output and "week1.caesar: test.caesar@1.1" in shown.output
    family = json.loads(run("course", "family", "prog1_2025", "--json").output)
    assert [member["slug"] for member in family] == ["prog1_2025", "prog1_2026"]
