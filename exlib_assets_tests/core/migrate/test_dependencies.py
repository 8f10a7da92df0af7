"""References between assignment folders become testDependencies suggestions, with evidence;
what cannot be pinned to one folder is listed as unresolved, never guessed."""

from exlib_assets.core.migrate.dependencies import DependencySuggestion, UnresolvedReference, discover_dependencies
from exlib_assets_tests.core.migrate.existing_course import FILES, IMPORTED


def folders_of(files: dict[str, str], folders) -> dict[str, dict[str, bytes]]:
    return {
        folder: {p.removeprefix(folder + "/"): t.encode() for p, t in files.items() if p.startswith(folder + "/")}
        for folder in folders
    }


def test_every_kind_of_cross_folder_reference_in_the_existing_course():
    findings = discover_dependencies(
        folders_of(FILES, IMPORTED), IMPORTED, {"week2/palindrome": {"prog1.py.strings_util"}}
    )

    assert findings.suggestions == [
        DependencySuggestion(
            folder="week2/caesar",
            needs="week1/strings_util",
            identifier="prog1.py.strings_util",
            kinds=["python import", "python path"],
            evidence=[
                'week2/caesar/caesar.py:4: sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", '
                '"week1", "strings_util"))',
                "week2/caesar/caesar.py:5: from strings_util import shift_letter  # noqa: E402",
            ],
            declared=False,
        ),
        DependencySuggestion(
            folder="week2/palindrome",
            needs="week1/strings_util",
            identifier="prog1.py.strings_util",
            kinds=["python import", "python path"],
            evidence=[
                "week2/palindrome/palindrome.py:4: sys.path.append(str(Path(__file__).resolve().parent.parent.parent "
                '/ "week1" / "strings_util"))',
                "week2/palindrome/palindrome.py:6: import strings_util  # noqa: E402",
            ],
            declared=True,
        ),
        DependencySuggestion(
            folder="week2/stats",
            needs="week2/r_helpers",
            identifier="prog1.week2.r_helpers",
            kinds=["R source()"],
            evidence=['week2/stats/stats.R:1: source("../r_helpers/helpers.R")'],
            declared=False,
        ),
        DependencySuggestion(
            folder="week3/stack",
            needs="week3/linked_list",
            identifier="prog1.c.linked_list",
            kinds=["C #include", "Makefile path"],
            evidence=[
                "week3/stack/Makefile:1: CFLAGS = -I../linked_list",
                "week3/stack/Makefile:3: cc $(CFLAGS) stack.c ../linked_list/list.c",
                'week3/stack/stack.c:2: #include "../linked_list/list.h"',
                'week3/stack/stack.h:1: #include "../linked_list/list.h"',
            ],
            declared=False,
        ),
        DependencySuggestion(
            folder="week4/normalize",
            needs="week4/vector_norm",
            identifier="prog1.week4.vector_norm",
            kinds=["Octave addpath"],
            evidence=["week4/normalize/normalize.m:1: addpath('../vector_norm');"],
            declared=False,
        ),
    ]
    # A commented-out addpath and each folder's own modules (`from hello import greet`) are no references.
    assert findings.unresolved == []


def test_what_cannot_be_pinned_to_one_folder_is_unresolved():
    files = {
        "a/utils.py": "X = 1\n",
        "b/utils.py": "X = 2\n",
        "c/main.py": "import utils\n",
        "d/main.py": "import random\nsys.path.append('../../outside')\n",
        "e/random.py": "",
        "f/run.R": 'source(file.path("..", "shared", "common.R"))\n',
        "shared/README.md": "",
    }

    findings = discover_dependencies(folders_of(files, "abcdef"), {f: f"x.{f}" for f in "abcdef"}, {})

    assert findings.suggestions == []
    assert findings.unresolved == [
        UnresolvedReference(
            "c",
            "c/main.py:1: import utils",
            "imports utils, which a, b all define; add the one it needs to testDependencies",
        ),
        UnresolvedReference("d", "d/main.py:2: sys.path.append('../../outside')", "points outside the repository"),
        UnresolvedReference(
            "f",
            'f/run.R:1: source(file.path("..", "shared", "common.R"))',
            "reaches shared/common.R, which is in no assignment folder, so it will not be in the library",
        ),
    ]


def test_a_path_settles_an_ambiguous_import_and_packages_resolve_by_folder():
    files = {
        "w1/a/utils.py": "",
        "w1/b/utils.py": "",
        "w2/c/main.py": "import sys\nsys.path.insert(0, '../../w1/b')\nimport utils\n",
        "w2/d/main.py": "from w1.a.utils import X\n",
    }

    findings = discover_dependencies(folders_of(files, ["w1/a", "w1/b", "w2/c", "w2/d"]), {}, {})

    assert [(s.folder, s.needs, s.kinds, s.identifier) for s in findings.suggestions] == [
        ("w2/c", "w1/b", ["python import", "python path"], None),
        ("w2/d", "w1/a", ["python import"], None),
    ]
    assert findings.unresolved == []
