"""The comment syntax markers take in code of a given language (a notebook's kernel, a chunk's engine)."""

from exlib_assets.core.templates.formats.regions import CommentMarkers

# What a language's line comments start with. Only these count, so that e.g. an IPython magic
# (`%timeit`) in a Python cell is never read as an Octave-style comment.
_LEADERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("python", "python3", "ipython", "r", "julia", "bash", "sh", "shell", "zsh", "ruby", "perl", "stan"), ("#",)
    ),
    **dict.fromkeys(
        ("c", "cpp", "c++", "rcpp", "java", "javascript", "js", "typescript", "ts", "rust", "go", "scala", "kotlin"),
        ("//", "/*"),
    ),
    **dict.fromkeys(("csharp", "c#", "swift", "dart", "ojs"), ("//", "/*")),
    **dict.fromkeys(("octave", "matlab", "tex", "latex"), ("%",)),
    **dict.fromkeys(("sql", "haskell", "lua"), ("--",)),
    **dict.fromkeys(("lisp", "scheme", "clojure", "racket"), (";",)),
    "fortran": ("!",),
}
# A language we do not know: every leader source files accept.
_ANY = ("#", "//", "/*", "%", "!", "--", ";")
_PYTHON = ("python", "python3", "ipython")


def comment_markers(language: str | None) -> CommentMarkers:
    """Marker syntax for code in `language` (case-insensitive; unknown or None: any common leader)."""
    name = (language or "").strip().lower()
    return CommentMarkers(_LEADERS.get(name, _ANY), python=name in _PYTHON)
