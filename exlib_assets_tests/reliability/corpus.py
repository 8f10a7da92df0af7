"""The bad input corpus: every hostile input exlib is tried with, as data.

Each case names the input, the entry point it goes through (a key of ENTRY_POINTS), how to
arrange it (see hostile_inputs) and the fragments its error message must hold: what was wrong
(the file, key or path) and what to do. test_bad_input_corpus runs every case and checks that
nothing was written; RELIABILITY.md's table is generated from this list (bad_input_table).
"""

from collections.abc import Callable
from dataclasses import dataclass

from exlib_assets_tests.reliability import hostile_inputs as h
from exlib_assets_tests.reliability.scene import BASE, COURSE, DEPLOYED_PATH, Scene

IMPORT = "exlib library import"
CREATE = "exlib course create"
ADD_CONTENT = "exlib course add-content"
ASSIGN = "exlib assign"
DEPLOY = "exlib deploy"
INDEX = "example_versions materialization"
CONTENT_PARTITION = "course_content_deployments materialization"
DISCOVERY = "example_version_discovery sensor"


@dataclass(frozen=True)
class BadInput:
    name: str
    given: str  # the hostile input, in words (the table's "input" column)
    entry_point: str
    arrange: Callable[[Scene], object]  # makes the input; returns the entry point's argument
    expect: tuple[str, ...]  # fragments of the message: what was wrong, and what to do
    # A deploy records a path it refused (status failed, a history row), by design; only those
    # rows may change, and only to say so.
    records_refusal: bool = False
    # Also run on PostgreSQL + S3 (the whole corpus runs on the embedded default).
    on_production: bool = False
    embedded_only: bool = False  # the input cannot exist on S3 (a symlink in storage)


def _content(path: str) -> Callable[[Scene], list[str]]:
    return lambda scene: [COURSE, path]


def _args(*args: str) -> Callable[[Scene], list[str]]:
    return lambda scene: list(args)


CASES = [
    # -- meta.yaml that is not plain YAML -------------------------------------------------------
    BadInput(
        "yaml_alias_bomb",
        "meta.yaml with nine levels of nine aliases (billion laughs, 9^9 strings expanded)",
        IMPORT,
        h.raw_meta("alias_bomb", h.alias_bomb()),
        ("'alias_bomb'", "anchors and aliases", "write the values out"),
        on_production=True,
    ),
    BadInput(
        "yaml_nested_10k",
        "meta.yaml with a list nested 10,000 levels deep",
        IMPORT,
        h.raw_meta("deep", h.deep_nesting(10_000)),
        ("'deep'", "nested more than 64 levels", "fix it"),
    ),
    BadInput(
        "yaml_python_tag",
        "meta.yaml with `!!python/object/apply:os.system`",
        IMPORT,
        h.raw_meta("pytag", "identifier: test.pytag\nversion: 1.0\nx: !!python/object/apply:os.system [id]\n"),
        ("'pytag'", "python/object/apply:os.system", "fix it"),
    ),
    BadInput(
        "yaml_syntax_error",
        "meta.yaml with an unclosed `[`",
        IMPORT,
        h.raw_meta("unclosed", "identifier: test.unclosed\nversion: 1.0\nkeywords: [a, b\ntitle: x\n"),
        ("'unclosed'", "not valid YAML", "line 4", "fix it"),
    ),
    BadInput(
        "yaml_nul_escape",
        'title `"caesar\\0"` (a NUL character, which PostgreSQL cannot store)',
        IMPORT,
        h.raw_meta("nul", 'identifier: test.nul\nversion: 1.0\ntitle: "caesar\\0"\n'),
        ("'nul'", "line 3", "NUL character", "remove the escape"),
        on_production=True,
    ),
    BadInput(
        "yaml_lone_surrogate",
        'description `"\\ud800"` (half a surrogate pair, which UTF-8 cannot encode)',
        IMPORT,
        h.raw_meta("surrogate", 'identifier: test.surrogate\nversion: 1.0\ndescription: "\\ud800"\n'),
        ("'surrogate'", "line 3", "half of a surrogate pair", "remove the escape"),
        on_production=True,
    ),
    BadInput(
        "meta_latin1",
        "meta.yaml encoded in Latin-1 (`title: Übung`)",
        IMPORT,
        h.raw_meta("latin1", "identifier: test.latin1\nversion: 1.0\ntitle: Übung\n".encode("latin-1")),
        ("'latin1'", "not UTF-8", "save it as UTF-8"),
    ),
    BadInput(
        "meta_too_large",
        "meta.yaml of 300 KiB (a description pasted in)",
        IMPORT,
        h.raw_meta("huge_meta", "identifier: test.huge\nversion: 1.0\ndescription: " + "x" * 300 * 1024 + "\n"),
        ("'huge_meta'", "at most 256 KiB", "Move long texts into content/index.md"),
    ),
    BadInput(
        "meta_not_a_mapping",
        "meta.yaml that is a list",
        IMPORT,
        h.raw_meta("listed", "- identifier: test.listed\n- version: 1.0\n"),
        ("'listed'", "must be a mapping", "`version: 1.0`"),
    ),
    BadInput(
        "meta_empty",
        "an empty meta.yaml",
        IMPORT,
        h.raw_meta("empty", ""),
        ("'empty'", "meta.yaml is empty", "`version: 1.0`"),
    ),
    # -- meta.yaml with wrong types or values ---------------------------------------------------
    BadInput(
        "meta_wrong_types",
        "`version` a list, `title` a mapping, `keywords` a mapping, `properties` text",
        IMPORT,
        h.meta_overrides("wrong_types", version=[1, 2], title={"en": "x"}, keywords={"a": "b"}, properties="all"),
        (
            "'wrong_types'",
            "4 problems",
            "version: expected a version tag",
            "title: expected text",
            "keywords:",
            "properties: expected a mapping",
        ),
    ),
    BadInput(
        "file_list_not_a_list",
        "`properties.testFiles` is a mapping",
        IMPORT,
        h.file_lists("files_mapping", testFiles={"test.py": True}),
        ("properties.testFiles", "expected a list of relative file paths, got a mapping"),
    ),
    BadInput(
        "dependency_not_an_identifier",
        "`testDependencies: [42]`",
        IMPORT,
        h.dependencies("number_dependency", 42),
        ("properties.testDependencies[0]", "expected an example identifier", "got a number (42)"),
    ),
    BadInput(
        "version_not_a_version",
        "`version: banana`",
        IMPORT,
        h.meta_overrides("banana", version="banana"),
        ("'banana'", "version:", "not a valid version tag", "`1.0`"),
    ),
    BadInput(
        "version_path_traversal",
        "`version: 1.0/../../../outside` (would be a storage folder)",
        IMPORT,
        h.meta_overrides("version_climb", version="1.0/../../../outside"),
        ("version:", "'1.0/../../../outside' is not a valid version tag", "`1.0`"),
    ),
    BadInput(
        "version_missing",
        "meta.yaml without `version`",
        IMPORT,
        h.raw_meta("no_version", "identifier: test.no_version\ntitle: x\n"),
        ("version: missing", "`version: 1.0`"),
    ),
    BadInput(
        "identifier_with_spaces",
        "`identifier: my caesar example`",
        IMPORT,
        h.meta_overrides("spaced", identifier="my caesar example"),
        ("identifier:", "'my caesar example' is not a valid identifier", "dotted labels"),
    ),
    BadInput(
        "identifier_unicode",
        "`identifier: übung.cäsar`",
        IMPORT,
        h.meta_overrides("umlaut", identifier="übung.cäsar"),
        ("'übung.cäsar' is not a valid identifier", "dotted labels"),
    ),
    BadInput(
        "identifier_path_traversal",
        "`identifier: ../../outside` (would be a storage folder)",
        IMPORT,
        h.meta_overrides("climbing_id", identifier="../../outside"),
        ("'../../outside' is not a valid identifier", "dotted labels"),
    ),
    BadInput(
        "identifier_too_long_for_a_partition",
        "a 197-character identifier (`identifier@version` over 200 characters)",
        IMPORT,
        h.meta_overrides("long_id", identifier="t." + "x" * 195),
        ("identifier:", "201 characters", "shorten the identifier"),
    ),
    BadInput(
        "folder_name_not_an_identifier",
        "no `identifier`/`slug`, in a folder named `my example`",
        IMPORT,
        h.raw_meta("my example", "version: 1.0\n"),
        ("identifier: missing", "the folder name 'my example'", "add `identifier:`"),
    ),
    # -- paths named in meta.yaml ----------------------------------------------------------------
    BadInput(
        "template_path_climbs_out",
        "`studentTemplates: [../../outside/victim.txt]`",
        IMPORT,
        h.file_lists("climbing_template", studentTemplates=["../../outside/victim.txt"]),
        ("properties.studentTemplates[0]", "leaves the example folder", "name a file inside it"),
        on_production=True,
    ),
    BadInput(
        "test_file_absolute",
        "`testFiles: [/etc/passwd]`",
        IMPORT,
        h.file_lists("absolute_test", testFiles=["/etc/passwd"]),
        ("properties.testFiles[0]", "'/etc/passwd' is absolute", "relative to the example folder"),
    ),
    BadInput(
        "additional_file_in_git",
        "`additionalFiles: [.git/config]`",
        IMPORT,
        h.file_lists("git_listed", additionalFiles=[".git/config"]),
        ("properties.additionalFiles[0]", "`.git/`", "remove it"),
    ),
    BadInput(
        "submission_file_backslashes",
        "`studentSubmissionFiles: [..\\..\\outside\\victim.txt]`",
        IMPORT,
        h.file_lists("backslashed", studentSubmissionFiles=["..\\..\\outside\\victim.txt"]),
        ("properties.studentSubmissionFiles[0]", "backslashes", "separate folders with '/'"),
    ),
    BadInput(
        "test_file_drive_letter",
        "`testFiles: [C:/Windows/win.ini]`",
        IMPORT,
        h.file_lists("drive", testFiles=["C:/Windows/win.ini"]),
        ("properties.testFiles[0]", "is absolute", "relative to the example folder"),
    ),
    BadInput(
        "template_is_the_folder_itself",
        "`studentTemplates: [./]` (the whole example, solutions included)",
        IMPORT,
        h.file_lists("whole_folder", studentTemplates=["./"]),
        ("properties.studentTemplates[0]", "names the example folder itself", "name a file or folder inside it"),
    ),
    # -- the example folder's files ---------------------------------------------------------------
    BadInput(
        "symlink_to_etc_passwd",
        "`passwd.txt` in the example is a symlink to /etc/passwd",
        IMPORT,
        h.spoiled("passwd_link", h.symlink("passwd.txt", lambda folder, scene: "/etc/passwd")),
        ("'passwd_link'", "'passwd.txt' is a symlink", "replace it with the real file", "nothing was written"),
        on_production=True,
    ),
    BadInput(
        "symlink_to_a_sibling",
        "`copy.py` is a symlink to `solution.py` beside it",
        IMPORT,
        h.spoiled("sibling_link", h.symlink("copy.py", lambda folder, scene: "solution.py")),
        ("'copy.py' is a symlink", "replace it with the real file"),
    ),
    BadInput(
        "symlinked_folder_outside",
        "`data/` is a symlink to a folder outside the example",
        IMPORT,
        h.spoiled("folder_link", h.symlink("data", lambda folder, scene: scene.outside)),
        ("'data' is a symlink", "replace it with the real file"),
    ),
    BadInput(
        "meta_yaml_symlink",
        "meta.yaml itself is a symlink to a meta.yaml outside",
        IMPORT,
        h.spoiled("meta_link", h.meta_symlink),
        ("'meta.yaml' is a symlink", "replace it with the real file"),
    ),
    BadInput(
        "example_folder_symlink",
        "the example folder given is a symlink to another folder",
        IMPORT,
        h.symlinked_example_folder,
        ("'alias'", "the folder itself is a symlink", "import the real folder"),
    ),
    BadInput(
        "git_folder_inside",
        "`.git/config` (with an fsmonitor command) and `.git/hooks/post-checkout` in the example",
        IMPORT,
        h.spoiled("with_git", h.git_folder),
        ("'.git' is a git folder", "copy the example without its '.git/'"),
    ),
    BadInput(
        "named_pipe",
        "a FIFO `pipe` in the example (reading it would block forever)",
        IMPORT,
        h.spoiled("with_fifo", h.fifo),
        ("'pipe' is not a regular file", "pipe"),
    ),
    BadInput(
        "file_name_not_utf8",
        "a file named `caf\\xe9.py` (Latin-1 bytes)",
        IMPORT,
        h.spoiled("latin1_name", h.non_utf8_name),
        ("is not valid UTF-8", "rename it"),
    ),
    BadInput(
        "file_over_the_limit",
        "a 600 KiB `big.bin` (limit 512 KiB per file)",
        IMPORT,
        h.spoiled("big_file", h.big_file(600 * 1024)),
        ("'big.bin' is 614400 bytes", "524288-byte limit per file", "raise EXLIB_MAX_FILE_BYTES"),
    ),
    BadInput(
        "example_over_the_limit",
        "three 400 KiB files (limit 1 MiB per example)",
        IMPORT,
        h.spoiled("big_example", h.many_files(3, 400 * 1024)),
        ("'big_example'", "1048576-byte limit for a whole example", "raise EXLIB_MAX_EXAMPLE_BYTES"),
    ),
    BadInput(
        "tracking_file_planted",
        "a file `sub/.example-library` (exlib's tracking file name) in the example",
        IMPORT,
        h.spoiled("planted", h.planted_tracking_file),
        ("sub/.example-library", "tracking file", "an example cannot hold one: remove it"),
    ),
    BadInput(
        "no_meta_yaml",
        "a folder of code without any meta.yaml",
        IMPORT,
        h.folder_without_meta,
        ("no folder with a meta.yaml under",),
    ),
    BadInput(
        "path_does_not_exist",
        "a path that does not exist",
        IMPORT,
        lambda scene: [str(scene.inputs / "nowhere")],
        ("nowhere does not exist",),
    ),
    BadInput(
        "archives_with_traversal",
        "a .zip and a .tar.gz whose members are `../../outside/victim.txt`, `/etc/cron.d/evil` and a symlink",
        IMPORT,
        h.archives_with_traversal,
        ("example.zip is neither an example folder", "example.tar.gz is neither an example folder"),
    ),
    # -- dependencies ----------------------------------------------------------------------------
    BadInput(
        "dependency_unknown",
        "`testDependencies: [test.ghost]`, which is nowhere",
        IMPORT,
        h.dependencies("needs_ghost", "test.ghost"),
        ("test.needs_ghost@1.0", "'test.ghost' is not in the library", "import it first or in the same run"),
    ),
    BadInput(
        "dependency_version_unmatched",
        "`testDependencies: [test.base@^9]` (the library holds 1.0)",
        IMPORT,
        h.dependencies("needs_nine", "test.base@^9"),
        ("test.base@^9 matches none of its versions (1.0)",),
    ),
    BadInput(
        "dependency_constraint_invalid",
        "`testDependencies: [test.base@>>1]`",
        IMPORT,
        h.dependencies("bad_constraint", "test.base@>>1"),
        ("properties.testDependencies[0]", "'>>1'"),
    ),
    BadInput(
        "dependency_on_itself",
        "an example listing itself in `testDependencies`",
        IMPORT,
        h.dependencies("selfish", "test.selfish"),
        ("the example depends on itself ('test.selfish')", "remove this entry"),
    ),
    BadInput(
        "dependency_cycle_of_two",
        "test.ping needs test.pong, test.pong needs test.ping (one import)",
        IMPORT,
        h.cycle("ping", "pong"),
        ("dependency cycle", "test.ping", "test.pong", "remove one of these testDependencies"),
        on_production=True,
    ),
    BadInput(
        "dependency_cycle_of_three",
        "test.rock -> test.paper -> test.scissors -> test.rock (one import)",
        IMPORT,
        h.cycle("rock", "paper", "scissors"),
        ("dependency cycle", "test.rock", "test.paper", "test.scissors", "remove one of these testDependencies"),
    ),
    BadInput(
        "dependency_cycle_through_the_library",
        "test.base@1.1 needs test.top, which (indexed) needs test.base",
        IMPORT,
        h.cycle_through_the_library,
        ("dependency cycle test.base -> test.top -> test.base", "remove one of these testDependencies"),
    ),
    BadInput(
        "same_tag_other_content",
        "test.base 1.0 again, with another solution.py",
        IMPORT,
        h.same_tag_other_content,
        ("test.base", "1.0", "bump"),
        on_production=True,
    ),
    # -- courses and content paths ---------------------------------------------------------------
    BadInput(
        "course_slug_traversal",
        "course slug `../prog2` (would name `../prog2-assignments.git`)",
        CREATE,
        _args("../prog2"),
        ("course slug '../prog2' is not valid", "e.g. prog1_2026"),
    ),
    BadInput(
        "course_exists",
        "`exlib course create prog1` when prog1 exists",
        CREATE,
        _args(COURSE),
        ("course 'prog1' already exists", "exlib course list"),
    ),
    BadInput(
        "content_path_empty_label",
        "content path `week1..hello`",
        ADD_CONTENT,
        _content("week1..hello"),
        ("'week1..hello' is not valid", "label '' is not allowed", "e.g. week1.hello_world"),
    ),
    BadInput(
        "content_path_empty",
        "content path `` (empty)",
        ADD_CONTENT,
        _content(""),
        ("content path '' is not valid", "empty", "e.g. week1.hello_world"),
    ),
    BadInput(
        "content_path_leading_dash",
        "content path `-x` (after `--`)",
        ADD_CONTENT,
        _args("--", COURSE, "-x"),
        ("label '-x' is not allowed", "lower-case letters, digits and '_'"),
    ),
    BadInput(
        "content_path_label_300",
        "a 300-character label",
        ADD_CONTENT,
        _content("week1." + "a" * 300),
        ("is not allowed", "dot-separated labels"),
    ),
    BadInput(
        "content_path_unicode",
        "content path `wöche1.aufgabe`",
        ADD_CONTENT,
        _content("wöche1.aufgabe"),
        ("label 'wöche1' is not allowed", "lower-case letters"),
    ),
    BadInput(
        "content_path_uppercase",
        "content path `Week1.Hello` (ltree accepts it; folders on case-insensitive disks would clash)",
        ADD_CONTENT,
        _content("Week1.Hello"),
        ("label 'Week1' is not allowed", "lower-case letters"),
    ),
    BadInput(
        "content_path_sql",
        "content path `a');drop table course_contents;--`",
        ADD_CONTENT,
        _content("a');drop table course_contents;--"),
        ("is not valid", "is not allowed", "e.g. week1.hello_world"),
        on_production=True,
    ),
    BadInput(
        "content_path_too_deep",
        "a content path of 17 levels",
        ADD_CONTENT,
        _content(".".join(["l"] * 17)),
        ("too deep", "at most 16 levels"),
    ),
    BadInput(
        "content_path_traversal",
        "content path `../../outside` (would be folder `../../outside`)",
        ADD_CONTENT,
        _content("../../outside"),
        ("'../../outside' is not valid", "is not allowed"),
    ),
    BadInput(
        "content_path_too_long_for_a_partition",
        "four 60-character labels (`prog1/<path>` over 200 characters)",
        ADD_CONTENT,
        _content(".".join(["w" * 60] * 4)),
        ("243 characters long", "136 characters"),
    ),
    BadInput(
        "content_in_unknown_course",
        "`exlib course add-content prog9 week1.x`",
        ADD_CONTENT,
        _args("prog9", "week1.x"),
        ("course 'prog9' does not exist", "exlib course create prog9"),
    ),
    # -- assignments -------------------------------------------------------------------------------
    BadInput(
        "assign_unknown_course",
        "`exlib assign prog9 week1.base test.base`",
        ASSIGN,
        _args("prog9", DEPLOYED_PATH, BASE),
        ("course 'prog9' does not exist", "exlib course create prog9"),
    ),
    BadInput(
        "assign_unknown_content",
        "`exlib assign prog1 week9.nothing test.base`",
        ASSIGN,
        _args(COURSE, "week9.nothing", BASE),
        ("has no content 'week9.nothing'", "exlib course add-content prog1 week9.nothing"),
    ),
    BadInput(
        "assign_unknown_example",
        "`exlib assign prog1 week1.base test.ghost`",
        ASSIGN,
        _args(COURSE, DEPLOYED_PATH, "test.ghost"),
        ("example 'test.ghost' is not in library", "exlib library list"),
    ),
    BadInput(
        "assign_unknown_version",
        "`exlib assign prog1 week1.base test.base@9.9`",
        ASSIGN,
        _args(COURSE, DEPLOYED_PATH, "test.base@9.9"),
        ("9.9", "test.base", "1.0"),
        on_production=True,
    ),
    BadInput(
        "assign_constraint_invalid",
        "`exlib assign prog1 week1.base 'test.base@>>1'`",
        ASSIGN,
        _args(COURSE, DEPLOYED_PATH, "test.base@>>1"),
        ("'>>1'", "`^1.2`"),
    ),
    BadInput(
        "assign_bad_content_path",
        "`exlib assign prog1 'week1/../../x' test.base`",
        ASSIGN,
        _args(COURSE, "week1/../../x", BASE),
        ("content path 'week1/../../x' is not valid", "e.g. week1.hello_world"),
    ),
    # -- deploying -------------------------------------------------------------------------------
    BadInput(
        "deploy_unknown_course",
        "`exlib deploy prog9`",
        DEPLOY,
        _args("prog9"),
        ("course 'prog9' does not exist", "exlib course create prog9"),
    ),
    BadInput(
        "deploy_unknown_path",
        "`exlib deploy prog1 week7.nothing`",
        DEPLOY,
        _args(COURSE, "week7.nothing"),
        ("has no content 'week7.nothing'", "exlib course add-content"),
    ),
    BadInput(
        "deploy_bad_path",
        "`exlib deploy prog1 'week1.base,week2'`",
        DEPLOY,
        _args(COURSE, "week1.base,week2"),
        ("content path 'week1.base,week2' is not valid", "e.g. week1.hello_world"),
    ),
    BadInput(
        "deploy_unassigned_content",
        "`exlib deploy prog1 week2` where week2 holds no example",
        DEPLOY,
        h.then(lambda scene: scene.content_added("week2"), args=[COURSE, "week2"]),
        ("content 'week2' of course 'prog1' has no example assigned", "exlib assign prog1 week2 EXAMPLE"),
    ),
    BadInput(
        "deploy_over_foreign_files",
        "week2/notes/ holds the lecturer's own README; test.other assigned there, no --overwrite",
        DEPLOY,
        h.then(h.pushed(h.foreign_files), h.assigned_example("week2.notes", "other"), args=[COURSE, "week2.notes"]),
        ("week2.notes", "conflict", "notes/ holds 1 files not from the library", "deploy with overwrite"),
        records_refusal=True,
        on_production=True,
    ),
    BadInput(
        "deploy_over_another_example",
        "week1.base (holding test.base) reassigned to test.other, no --overwrite",
        DEPLOY,
        h.then(h.reassigned_base, args=[COURSE, DEPLOYED_PATH]),
        ("base/ holds another example, test.base@1.0", "deploy with overwrite"),
        records_refusal=True,
    ),
    BadInput(
        "deploy_new_version_over_local_edits",
        "week1/base/solution.py edited by the lecturer, then test.base 1.1 deployed without --overwrite",
        DEPLOY,
        h.then(h.pushed(h.edited_deployment), h.newer_base, args=[COURSE, DEPLOYED_PATH]),
        ("base/ holds local edits (~solution.py)", "strategy merge", "overwrite"),
        records_refusal=True,
    ),
    BadInput(
        "deploy_missing_dependency",
        "test.top (needs test.base) assigned in a course where test.base is assigned nowhere",
        DEPLOY,
        h.then(
            lambda scene: scene.unassigned(DEPLOYED_PATH),
            h.assigned_example("week2.top", "top", dependencies=[BASE]),
            args=[COURSE, "week2.top"],
        ),
        ("dependency test.base is not assigned anywhere in course prog1", "deploy with dependencies"),
        records_refusal=True,
    ),
    BadInput(
        "deploy_parent_into_child_folder",
        "content week1 assigned an example with `base/solution.py`: it would overwrite week1.base's files",
        DEPLOY,
        h.then(
            h.assigned_example("week1", "parent", files={"base/solution.py": "# the parent's own\n"}),
            args=[COURSE, "week1"],
        ),
        ("has files in week1/base/, the folder of content week1.base", "move them in the example"),
        records_refusal=True,
    ),
    BadInput(
        "deploy_through_symlinked_folder",
        "week2/linked pushed as a symlink to a folder outside; test.other deployed there with --overwrite",
        DEPLOY,
        h.then(
            h.pushed(h.folder_symlinked_outside),
            h.assigned_example("week2.linked", "other"),
            args=[COURSE, "week2.linked", "--overwrite"],
        ),
        ("week2/linked in the assignments repository is a symlink", "replace it with a real file or folder"),
        records_refusal=True,
        on_production=True,
    ),
    BadInput(
        "deploy_through_symlinked_file",
        "week1/base/solution.py pushed as a symlink to a file outside; test.base 1.1 deployed with --overwrite",
        DEPLOY,
        h.then(h.pushed(h.file_symlinked_outside), h.newer_base, args=[COURSE, DEPLOYED_PATH, "--overwrite"]),
        ("week1/base/solution.py in the assignments repository is a symlink", "replace it with a real file"),
        records_refusal=True,
    ),
    BadInput(
        "deploy_damaged_tracking_file",
        "week1/base/.example-library pushed as broken JSON",
        DEPLOY,
        h.then(h.pushed(h.damaged_tracking_file), args=[COURSE, DEPLOYED_PATH]),
        ("tracking file week1/base/.example-library", "is damaged", "restore it from git history"),
        records_refusal=True,
    ),
    BadInput(
        "deploy_tampered_storage",
        "test.other@1.0's stored solution.py replaced by hand after it was indexed",
        DEPLOY,
        h.then(h.tampered_storage, args=[COURSE, "week2.other"]),
        ("test.other@1.0 in storage no longer matches its index digest", "re-import the example under a new version"),
        records_refusal=True,
    ),
    # -- versions copied into storage by hand ----------------------------------------------------
    BadInput(
        "stored_meta_names_another_example",
        "files under `test.mislabel/1.0/` whose meta.yaml says test.other@1.0",
        INDEX,
        h.stored("test.mislabel", "1.0", {"meta.yaml": h.meta_document(identifier="test.other", version="1.0")}),
        ("meta_yaml_valid", "its meta.yaml says test.other@1.0", "store it under"),
    ),
    BadInput(
        "stored_git_folder",
        "a stored version holding `.git/config`",
        INDEX,
        h.stored(
            "test.gitted", "1.0", {"meta.yaml": b"identifier: test.gitted\nversion: 1.0\n", ".git/config": b"[core]\n"}
        ),
        ("files_safe", "'.git/config'", "'.git/' folder"),
        on_production=True,
    ),
    BadInput(
        "stored_alias_bomb",
        "a stored version whose meta.yaml is the billion-laughs document",
        INDEX,
        h.stored("test.bomb", "1.0", {"meta.yaml": h.alias_bomb().encode()}),
        ("meta_yaml_valid", "anchors and aliases", "write the values out"),
    ),
    BadInput(
        "stored_symlink",
        "a stored version folder holding a symlink to a file outside storage",
        INDEX,
        h.stored_with_symlink,
        ("solution.py in storage is not a regular file", "remove it from storage"),
        embedded_only=True,
    ),
    BadInput(
        "storage_folder_not_a_key",
        "a storage folder `bad,name|x/1.0/` copied in by hand",
        DISCOVERY,
        h.stored_under_a_bad_name,
        ("storage folder bad,name|x/1.0 cannot be a partition key", "rename it"),
    ),
    # -- partition keys added by hand --------------------------------------------------------------
    BadInput(
        "partition_key_comma",
        "course_content_deployments partition `prog1/week1.base,week2.x`",
        CONTENT_PARTITION,
        h.key("prog1/week1.base,week2.x"),
        ("partition key 'prog1/week1.base,week2.x' is not allowed", "without '...', ',' or '|'"),
    ),
    BadInput(
        "partition_key_pipe",
        "course_content_deployments partition `prog1/week1|base`",
        CONTENT_PARTITION,
        h.key("prog1/week1|base"),
        ("partition key 'prog1/week1|base' is not allowed", "without '...', ',' or '|'"),
    ),
    BadInput(
        "partition_key_triple_dot",
        "course_content_deployments partition `prog1/week1...base`",
        CONTENT_PARTITION,
        h.key("prog1/week1...base"),
        ("partition key 'prog1/week1...base' is not allowed", "without '...'"),
    ),
    BadInput(
        "partition_key_over_200",
        "a 206-character course_content_deployments partition",
        CONTENT_PARTITION,
        h.key("prog1/" + "w" * 200),
        ("is not allowed", "at most 200 letters"),
    ),
    BadInput(
        "partition_key_not_course_path",
        "course_content_deployments partition `../prog1/week1.base`",
        CONTENT_PARTITION,
        h.key("../prog1/week1.base"),
        ("'../prog1/week1.base' is not of the form COURSE/PATH", "e.g. prog1_2026/week1.hello_world"),
    ),
    BadInput(
        "partition_key_not_identifier_at_version",
        "example_versions partition `test.base` (no `@version`)",
        INDEX,
        h.key("test.base"),
        ("'test.base' is not of the form IDENTIFIER@VERSION", "e.g. itpcp.py.caesar@1.0"),
    ),
]
