"""merge_folder: every way two sides can change a folder's files."""

from exlib_assets.core.deployments.merge import merge_folder

BASE = b"a\nb\nc\nd\ne\nf\ng\n"


def test_a_file_only_one_side_changed_takes_that_side():
    merged = merge_folder(
        {"mine.txt": b"1\n", "theirs.txt": b"1\n", "same.txt": b"1\n"},
        {"mine.txt": b"2\n", "theirs.txt": b"1\n", "same.txt": b"1\n"},
        {"mine.txt": b"1\n", "theirs.txt": b"3\n", "same.txt": b"1\n"},
    )

    assert merged.clean
    assert merged.files == {"mine.txt": b"2\n", "theirs.txt": b"3\n", "same.txt": b"1\n"}
    assert (merged.kept_local, merged.from_library) == (["mine.txt"], ["theirs.txt"])


def test_changes_to_different_lines_of_one_file_merge_cleanly():
    merged = merge_folder({"f": BASE}, {"f": BASE.replace(b"b\n", b"B\n")}, {"f": BASE.replace(b"f\n", b"F\n")})

    assert merged.clean and merged.files["f"] == b"a\nB\nc\nd\ne\nF\ng\n"


def test_changes_to_the_same_line_conflict_with_labelled_markers():
    merged = merge_folder(
        {"f": BASE},
        {"f": BASE.replace(b"c\n", b"mine\n")},
        {"f": BASE.replace(b"c\n", b"theirs\n")},
        labels=("yours", "deployed 1.0", "library 1.1"),
    )

    assert [c.describe() for c in merged.conflicts] == ["f (both changed the same lines)"]
    text = merged.files["f"]
    assert b"<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> library 1.1\n" in text


def test_deletions_against_edits_are_conflicts_keeping_the_changed_side():
    merged = merge_folder(
        {"gone_here.txt": b"1\n", "gone_there.txt": b"1\n", "both_gone.txt": b"1\n"},
        {"gone_there.txt": b"edited\n"},
        {"gone_here.txt": b"changed\n"},
    )

    assert sorted(c.describe() for c in merged.conflicts) == [
        "gone_here.txt (you deleted it, the library changed it)",
        "gone_there.txt (you changed it, the library deleted it)",
    ]
    assert merged.files == {"gone_here.txt": b"changed\n", "gone_there.txt": b"edited\n"}


def test_a_file_added_on_both_sides_differently_conflicts_and_identically_does_not():
    merged = merge_folder({}, {"new.txt": b"x\n", "same.txt": b"s\n"}, {"new.txt": b"y\n", "same.txt": b"s\n"})

    assert [c.describe() for c in merged.conflicts] == ["new.txt (both added it with different content)"]
    assert merged.files["same.txt"] == b"s\n"


def test_binary_files_changed_on_both_sides_conflict_and_keep_yours():
    merged = merge_folder({"img": b"\0base"}, {"img": b"\0mine"}, {"img": b"\0theirs"})

    assert [c.kind for c in merged.conflicts] == ["binary file changed on both sides; yours is kept"]
    assert merged.files["img"] == b"\0mine"
