"""The library's life end to end with `exlib` commands, as the lecturers live it: examples authored
in git, a version refused for changing without a bump, a lecturer's fix contributed and accepted,
the other course offered it, and the first course rolled into the next semester with its edits."""

import json
from pathlib import Path

from exlib_assets_tests.repositories import clone, git, push_change
from exlib_assets_tests.source_repository import SourceRepository

NOTES = "".join(f"line {n}\n" for n in range(1, 9))


def notes_of(app, slug: str, tmp_path: Path, name: str) -> str:
    return (clone(app.git_host.push_url(f"{slug}-assignments"), tmp_path / name) / "week1/caesar/notes.txt").read_text()


def test_author_in_git_contribute_accept_update_and_roll_forward(app, run, tmp_path: Path) -> None:
    source = SourceRepository(tmp_path / "sources")
    source.examples("caesar", version="1.0", parent=source.work / "crypto", files={"notes.txt": NOTES})
    source.examples("vigenere", version="1.0", parent=source.work / "crypto")
    source.push("two examples")
    assert run("library", "source", "add", "algos", str(source.bare)).exit_code == 0
    assert run("library", "source", "sync", "algos").exit_code == 0
    source.examples("vigenere", version="1.1", parent=source.work / "crypto", files={"solution.py": "# 1.1\n"})
    source.push("vigenere 1.1")
    assert run("library", "source", "sync", "algos").exit_code == 0
    (source.work / "crypto" / "vigenere" / "solution.py").write_text("# changed without a new version\n")
    source.push("forgot the bump")
    refused = run("library", "source", "sync", "algos", "--json")
    assert refused.exit_code == 1 and json.loads(refused.output)["failed"][0]["path"] == "crypto/vigenere"
    assert json.loads(run("library", "show", "test.vigenere", "--json").output)["versions"] == ["1.0", "1.1"]

    for slug in ("prog1_2025", "prog2_2025"):
        run("course", "create", slug)
        run("course", "add-content", slug, "week1.caesar")
        run("assign", slug, "week1.caesar", "test.caesar")
        assert run("deploy", slug).exit_code == 0

    def lecturer_fix(copy: Path) -> None:
        (copy / "week1" / "caesar" / "notes.txt").write_text(NOTES.replace("line 2\n", "line 2, clearer\n"))

    push_change(app.git_host.push_url("prog1_2025-assignments"), tmp_path, lecturer_fix)

    contributed = run("contribute", "prog1_2025", "week1.caesar", "--message", "clearer line 2", "--json")
    assert contributed.exit_code == 0, contributed.output
    proposal = json.loads(contributed.output)
    assert (proposal["proposed_version"], proposal["branch"]) == ("1.1", "exlib/contrib/test.caesar/1.1")
    waiting = json.loads(run("library", "contributions", "--json").output)
    assert [(c["example"], c["course"], c["status"]) for c in waiting] == [("test.caesar", "prog1_2025", "open")]

    accepted = run("library", "accept", "test.caesar@1.1", "--json")
    assert accepted.exit_code == 0, accepted.output
    assert json.loads(accepted.output)["status"] == "accepted"
    assert "line 2, clearer" in git("--git-dir", str(source.bare), "show", "main:crypto/caesar/notes.txt")

    mine = json.loads(run("status", "prog1_2025", "--json").output)
    assert [(c["deployed"], c["customized"], c["update_available"]) for c in mine["contents"]] == [("1.1", [], None)]
    theirs = json.loads(run("status", "prog2_2025", "--json").output)
    assert [(c["deployed"], c["update_available"]) for c in theirs["contents"]] == [("1.0", "1.1")]
    assert run("update", "prog2_2025").exit_code == 0
    assert "line 2, clearer" in notes_of(app, "prog2_2025", tmp_path, "prog2")
    history = json.loads(run("history", "prog1_2025", "--json").output)
    assert {(h["event"], h["actor"]) for h in history if h["event"].startswith("contribut")} >= {
        ("contributed", proposal["contributed_by"]),
        ("contribution_accepted", proposal["contributed_by"]),
    }

    def second_edit(copy: Path) -> None:
        notes = copy / "week1" / "caesar" / "notes.txt"
        notes.write_text(notes.read_text().replace("line 5\n", "line 5, for 2026\n"))

    push_change(app.git_host.push_url("prog1_2025-assignments"), tmp_path, second_edit)
    rolled = run(
        "course", "roll-forward", "prog1_2025", "prog1_2026", "--versions", "latest", "--carry-customizations", "--json"
    )
    assert rolled.exit_code == 0, rolled.output
    assert json.loads(rolled.output)["carried"] == [{"path": "week1.caesar", "changes": ["~notes.txt"]}]
    assert notes_of(app, "prog1_2026", tmp_path, "next") == NOTES.replace("line 2\n", "line 2, clearer\n").replace(
        "line 5\n", "line 5, for 2026\n"
    )
