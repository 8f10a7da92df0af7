"""What file names say about an assignment: its programming language and which files are tests.

Only conventions shared by the courses this was written for; whatever is concluded from here is
reported as a guess, never taken as fact.
"""

import posixpath

# File ending (lower case) -> the execution backend slug meta.yaml uses for the language.
LANGUAGE_OF_SUFFIX = {
    ".py": "python",
    ".r": "r",
    ".c": "c",
    ".h": "c",
    ".cpp": "cpp",
    ".cc": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".m": "octave",
    ".jl": "julia",
    ".java": "java",
    ".f90": "fortran",
    ".f95": "fortran",
    ".f03": "fortran",
}
HEADER_SUFFIXES = (".h", ".hpp")
# Folders whose files are tests, never shown to students.
TEST_FOLDERS = ("tests", "test", "localTests")
# Folders that hold what students must not see and need no meta.yaml list to stay hidden.
HIDDEN_FOLDERS = ("reference", "solution", "solutions")
MAKEFILES = ("Makefile", "makefile", "GNUmakefile")


def language_of(path: str) -> str | None:
    """The language of a source file, by its ending; None for anything else."""
    return LANGUAGE_OF_SUFFIX.get(posixpath.splitext(path)[1].lower())


def is_header(path: str) -> bool:
    return path.lower().endswith(HEADER_SUFFIXES)


def is_test_file(path: str) -> bool:
    """`test_x.py`, `x_test.c`, `test-x.R`, `test.m`, `conftest.py`, `runtests.jl`, or any file
    under a tests folder."""
    if path.split("/")[0] in TEST_FOLDERS:
        return True
    if language_of(path) is None:
        return False
    stem = posixpath.splitext(posixpath.basename(path))[0].lower()
    return stem.startswith("test") or stem.endswith(("_test", "-test")) or stem in ("conftest", "runtests")
