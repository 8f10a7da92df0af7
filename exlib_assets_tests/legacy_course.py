"""A legacy course repository as its lecturers kept it, long before exlib: written into a real git
repository by `write_legacy_course`.

One folder per language (`python/`, `r/`, `c/`) and a C namespace folder named like the
identifiers of its exercises (`org.course.c/org.course.c.reverse`). Each exercise has the
student's file beside its master or solution copy (`task.py` + `task_master.py`,
`*_solution.*`, `*_reference.*`), a `test.yaml`, test cases in `localTests/<case>/`, and what
the last test run left behind: `output/testSummary.json`, and results equal to what the
reference produces (`results.json` beside the task, a copy of a test case's expected output).
The task text is only in `content/index_en.md` (and `index_de.md`); every folder also carries
the same boilerplate `README.md`. No folder has a meta.yaml.
"""

from pathlib import Path

from exlib_assets_tests.repositories import git

BOILERPLATE_README = """\
# Exercise

Read the task in `content/`. Run `ci-test` before you hand in; the CI runs the same tests.
"""

TEST_SUMMARY = '{"passed": 3, "failed": 0, "runtime": 0.41}\n'

SUM_LIST = {
    "README.md": BOILERPLATE_README,
    "content/index_en.md": "# Sum of a list\n\nWrite `sum_list(xs)` returning the sum of the numbers in `xs`.\n",
    "content/index_de.md": "# Summe einer Liste\n\nSchreiben Sie `sum_list(xs)`.\n",
    "task.py": "def sum_list(xs):\n    # your code here\n    pass\n",
    "task_master.py": "def sum_list(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total\n",
    "test.yaml": "tests:\n  - name: basic\n    entrypoint: task.py\n    reference: task_master.py\n",
    "localTests/basic/input.json": "[1, 2, 3, 4]\n",
    "localTests/basic/results.json": '{"basic": 10}\n',
    "output/testSummary.json": TEST_SUMMARY,
    "output/results.json": '{"basic": 10}\n',
    # The reference's output, saved after a run: the answers.
    "results.json": '{"basic": 10}\n',
}

WORD_COUNT = {
    "README.md": BOILERPLATE_README,
    "content/index_en.md": "# Counting words\n\nCount how often each word of `data/sample.txt` occurs.\n",
    "word_count.py": "def count_words(text):\n    raise NotImplementedError\n",
    "word_count_solution.py": (
        "from collections import Counter\n\n\ndef count_words(text):\n    return Counter(text.split())\n"
    ),
    "data/sample.txt": "the cat and the hat\n",
    # Someone copied a test case's expected output next to the task while debugging.
    "counts.txt": "a 2\nb 1\n",
    "test.yaml": "tests:\n  - name: sample\n    entrypoint: word_count.py\n",
    "localTests/sample/input.txt": "a b a\n",
    "localTests/sample/expected.txt": "a 2\nb 1\n",
    "output/testSummary.json": TEST_SUMMARY,
    "output/report.html": "<html><body>3 passed</body></html>\n",
}

FIZZBUZZ = {
    # No task text here, only the README every folder has.
    "README.md": BOILERPLATE_README,
    "fizzbuzz.py": "def fizzbuzz(n):\n    pass\n",
    "fizzbuzz_master.py": "def fizzbuzz(n):\n    return 'Fizz' * (n % 3 == 0) + 'Buzz' * (n % 5 == 0) or str(n)\n",
    "test.yaml": "tests:\n  - name: first_fifteen\n    entrypoint: fizzbuzz.py\n",
    "localTests/first_fifteen/expected.txt": "1\n2\nFizz\n4\nBuzz\n",
    "output/testSummary.json": TEST_SUMMARY,
}

MEAN_SD = {
    "README.md": BOILERPLATE_README,
    "content/index_en.md": "# Mean and standard deviation\n\nImplement `mean_sd(x)`.\n",
    "content/index_de.md": "# Mittelwert und Standardabweichung\n\nImplementieren Sie `mean_sd(x)`.\n",
    "mean_sd.R": "mean_sd <- function(x) {\n  # your code here\n}\n",
    "mean_sd_reference.R": "mean_sd <- function(x) {\n  c(mean = mean(x), sd = sd(x))\n}\n",
    "test.yaml": "tests:\n  - name: case1\n    entrypoint: mean_sd.R\n",
    "localTests/case1/input.csv": "x\n1\n2\n3\n",
    "localTests/case1/expected.csv": "mean,sd\n2,1\n",
    "output/testSummary.json": TEST_SUMMARY,
    "testSummary.txt": "3 tests, 3 passed\n",
    "results.csv": "mean,sd\n2,1\n",
}

MATRIX_TRACE = {
    "README.md": BOILERPLATE_README,
    "content/index_en.md": "# Trace of a matrix\n\nImplement `trace` in `trace.c`.\n",
    "matrix.h": "typedef struct { int n; double *a; } matrix;\ndouble trace(const matrix *m);\n",
    "trace.c": '#include "matrix.h"\n\ndouble trace(const matrix *m) {\n    return 0; /* your code here */\n}\n',
    "trace_master.c": (
        '#include "matrix.h"\n\ndouble trace(const matrix *m) {\n    double t = 0;\n'
        "    for (int i = 0; i < m->n; i++) t += m->a[i * m->n + i];\n    return t;\n}\n"
    ),
    "Makefile": "CFLAGS = -Wall -O2\ntrace: trace.c matrix.h\n\tcc $(CFLAGS) -c trace.c\n",
    "test.yaml": "tests:\n  - name: identity\n    entrypoint: trace.c\n",
    "localTests/identity/input.txt": "2\n1 0\n0 1\n",
    "localTests/identity/expected.txt": "2\n",
    "output/testSummary.json": TEST_SUMMARY,
    "build.log": "cc -Wall -O2 -c trace.c\n",
}

REVERSE = {
    "README.md": BOILERPLATE_README,
    "content/index_en.md": "# Reverse a string\n\nReverse `s` in place.\n",
    "reverse.c": "void reverse(char *s) {\n    /* your code here */\n}\n",
    "reverse_solution.c": (
        "#include <string.h>\n\nvoid reverse(char *s) {\n    size_t n = strlen(s);\n"
        "    for (size_t i = 0; i < n / 2; i++) {\n        char c = s[i];\n        s[i] = s[n - 1 - i];\n"
        "        s[n - 1 - i] = c;\n    }\n}\n"
    ),
    "test.yaml": "tests:\n  - name: abc\n    entrypoint: reverse.c\n",
    "localTests/abc/input.txt": "abc\n",
    "localTests/abc/expected.txt": "cba\n",
    "output/testSummary.json": TEST_SUMMARY,
}

# Exercise folder -> its files.
EXERCISES = {
    "python/sum_list": SUM_LIST,
    "python/word_count": WORD_COUNT,
    "python/fizzbuzz": FIZZBUZZ,
    "r/mean_sd": MEAN_SD,
    "c/matrix_trace": MATRIX_TRACE,
    "org.course.c/org.course.c.reverse": REVERSE,
}

COURSE_FILES = {
    "README.md": "# Scientific Programming\n\nExercises, one folder each, by language.\n",
    ".gitlab-ci.yml": "test:\n  script: ci-test --all\n",
}


def legacy_files() -> dict[str, str]:
    """Every file of the legacy repository, by its path from the top."""
    files = dict(COURSE_FILES)
    for folder, exercise in EXERCISES.items():
        files |= {f"{folder}/{path}": text for path, text in exercise.items()}
    return files


def write_legacy_course(folder: Path) -> Path:
    """The legacy repository in `folder`, committed on `main`; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "--initial-branch=main", cwd=folder)
    for relpath, text in legacy_files().items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git("add", "-A", cwd=folder)
    git("commit", "-qm", "Exercises as of last semester", cwd=folder)
    return folder
