"""An assignments repository as courses keep them before exlib: a real git repository with
Python, R, C and Octave assignments, some with a meta.yaml and most without, README headings,
`.studentfiles` lists, a course-wide helper, and assignments that reach into each other
(`sys.path` tricks, R `source()`, C `#include "../..."`, a Makefile `-I`, Octave `addpath`)."""

from pathlib import Path
from textwrap import dedent

from exlib_assets_tests.repositories import git

HELLO_SOLUTION = """\
def greet(name):
    # BEGIN SOLUTION
    return f"Hello, {name}!"
    # END SOLUTION
"""

CAESAR = """\
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "week1", "strings_util"))
from strings_util import shift_letter  # noqa: E402


def encrypt(text, shift):
    return "".join(shift_letter(c, shift) for c in text)
"""

PALINDROME = """\
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent.parent / "week1" / "strings_util"))

import strings_util  # noqa: E402


def is_palindrome(word):
    return word == word[::-1] and strings_util.shift_letter("a", 0) == "a"
"""

FILES = {
    "README.md": "# Programming 1\n\nAssignments of the course, one folder each.\n",
    ".gitlab-ci.yml": "test:\n  script: pytest\n",
    "conftest.py": "import sys\nsys.path.insert(0, '.')\n",
    # --- week 1: Python, one folder without meta.yaml (shipped by .studentfiles), one with ---
    "week1/hello_world/README.md": "# Hello, world!\n\nWrite `greet(name)`.\n",
    "week1/hello_world/hello.py": HELLO_SOLUTION,
    "week1/hello_world/test_hello.py": "from hello import greet\n\n\ndef test_greet():\n    assert greet('Ada')\n",
    "week1/hello_world/.studentfiles": "hello.py\nREADME.md\n",
    "week1/strings_util/meta.yaml": dedent("""\
        # Kept by hand since 2023.
        identifier: prog1.py.strings_util
        version: "1.0"
        title: String utilities
        language: en
        properties:
          studentSubmissionFiles: [strings_util.py]
          studentTemplates: [studentTemplates/strings_util.py]
          testFiles: [test_strings_util.py]
          executionBackend: {slug: python, version: "3.11"}
        """),
    "week1/strings_util/content/index.md": "# String utilities\n\nShift letters.\n",
    "week1/strings_util/strings_util.py": "def shift_letter(c, n):\n    return chr((ord(c) - 97 + n) % 26 + 97)\n",
    "week1/strings_util/studentTemplates/strings_util.py": "def shift_letter(c, n):\n    ...\n",
    "week1/strings_util/test_strings_util.py": "from strings_util import shift_letter\n\nassert shift_letter('a', 1)\n",
    # --- week 2: Python reaching into week 1; R sourcing a sibling ---------------------------
    "week2/caesar/README.md": "Caesar cipher\n=============\n\nEncrypt with a shift.\n",
    "week2/caesar/caesar.py": CAESAR,
    "week2/caesar/test_caesar.py": "from caesar import encrypt\n\nassert encrypt('ab', 1) == 'bc'\n",
    "week2/caesar/data/alphabet.txt": "abcdefghijklmnopqrstuvwxyz\n",
    "week2/palindrome/meta.yaml": dedent("""\
        identifier: prog1.py.palindrome
        version: "2.0"
        title: Palindromes
        language: en
        properties:
          studentSubmissionFiles: [palindrome.py]
          testFiles: [test_palindrome.py]
          testDependencies: [prog1.py.strings_util]
          executionBackend: {slug: python}
        """),
    "week2/palindrome/palindrome.py": PALINDROME,
    "week2/palindrome/test_palindrome.py": "from palindrome import is_palindrome\n\nassert is_palindrome('abba')\n",
    "week2/stats/README.md": "# Descriptive statistics\n\nCompute the mean.\n",
    "week2/stats/stats.R": 'source("../r_helpers/helpers.R")\n\nmy_mean <- function(x) safe_sum(x) / length(x)\n',
    "week2/stats/test-stats.R": 'source("stats.R")\nstopifnot(my_mean(c(1, 2, 3)) == 2)\n',
    "week2/r_helpers/helpers.R": "safe_sum <- function(x) sum(x, na.rm = TRUE)\n",
    # --- week 3: C, one folder with an old-style meta.yaml, one including from it ------------
    "week3/linked_list/meta.yaml": dedent("""\
        slug: prog1.c.linked_list
        version: "1.0"
        title: Linked list in C
        language: en
        properties:
          studentSubmissionFiles: [list.c]
          additionalFiles: [list.h, Makefile]
          testFiles: [test_list.c]
          executionBackendSlug: c
        """),
    "week3/linked_list/list.c": '#include "list.h"\n\nint list_length(node *n) { return n ? 1 : 0; }\n',
    "week3/linked_list/list.h": "typedef struct node { struct node *next; } node;\nint list_length(node *n);\n",
    "week3/linked_list/test_list.c": '#include "list.h"\nint main(void) { return list_length(0); }\n',
    "week3/linked_list/Makefile": "test: list.c test_list.c\n\tcc -o test list.c test_list.c\n",
    "week3/stack/README.md": "# Stack\n",
    "week3/stack/stack.c": '#include "stack.h"\n#include "../linked_list/list.h"\n\nint stack_size(node *t);\n',
    "week3/stack/stack.h": '#include "../linked_list/list.h"\nint stack_size(node *top);\n',
    "week3/stack/test_stack.c": '#include "stack.h"\nint main(void) { return stack_size(0); }\n',
    "week3/stack/Makefile": "CFLAGS = -I../linked_list\ntest: stack.c\n\tcc $(CFLAGS) stack.c ../linked_list/list.c\n",
    # --- week 4: Octave adding a sibling to its path; a task without code ---------------------
    "week4/vector_norm/README.md": "# Vector norms\n",
    "week4/vector_norm/vector_norm.m": "function n = vector_norm(v)\n  n = sqrt(sum(v .^ 2));\nend\n",
    "week4/vector_norm/test_vector_norm.m": "assert(vector_norm([3 4]) == 5)\n",
    "week4/normalize/normalize.m": "addpath('../vector_norm');\nfunction u = normalize(v)\n  u = v / norm(v);\nend\n",
    "week4/normalize/test_normalize.m": "% addpath('../old_helpers') is gone\nassert(normalize([3 4]) == [0.6 0.8])\n",
    "week4/project/task.md": "# Final project\n\nHand in on paper.\n",
    "week4/project/.studentfiles": "task.md\n",
}

# Folders of FILES and the identifiers `exlib migrate import --prefix prog1` gives them.
IMPORTED = {
    "week1/hello_world": "prog1.week1.hello_world",
    "week1/strings_util": "prog1.py.strings_util",
    "week2/caesar": "prog1.week2.caesar",
    "week2/palindrome": "prog1.py.palindrome",
    "week2/r_helpers": "prog1.week2.r_helpers",
    "week2/stats": "prog1.week2.stats",
    "week3/linked_list": "prog1.c.linked_list",
    "week3/stack": "prog1.week3.stack",
    "week4/normalize": "prog1.week4.normalize",
    "week4/project": "prog1.week4.project",
    "week4/vector_norm": "prog1.week4.vector_norm",
}
WITH_META = {"week1/strings_util", "week2/palindrome", "week3/linked_list"}

# What the course's repository holds besides: an exam written for this course only, and a
# folder whose name is no content path. Neither is in the library.
COURSE_ONLY = {
    "week5/exam/exam.py": "def solve():\n    return 42\n",
    "week5/exam/task.md": "# Exam\n\nSolve it.\n",
    "week5/exam/.studentfiles": "task.md\n",
    "Bonus-Tasks/puzzle.py": "print('a puzzle')\n",
}


def write_files(folder: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def write_existing_repository(folder: Path, files: dict[str, str] | None = None) -> Path:
    """The repository in `folder`, committed on `main` by a lecturer; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "--initial-branch=main", cwd=folder)
    write_files(folder, FILES if files is None else files)
    commit_all(folder, "Assignments of Programming 1")
    return folder


def commit_all(folder: Path, message: str) -> None:
    git("add", "-A", cwd=folder)
    git("commit", "-qm", message, cwd=folder)
