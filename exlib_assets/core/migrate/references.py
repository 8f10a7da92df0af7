"""What one source file says about other folders: the modules it imports and the paths it
includes, sources or adds to its search path, each with the line it is on.

Only the text is read here. Whether a reference lands in another assignment folder is decided
in dependencies.py.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from exlib_assets.core.migrate.languages import MAKEFILES, language_of

PYTHON_IMPORT = "python import"
PYTHON_PATH = "python path"
R_SOURCE = "R source()"
C_INCLUDE = "C #include"
OCTAVE_PATH = "Octave addpath"
MAKE_PATH = "Makefile path"

_SHOWN_LINE = 120
_STRING = re.compile(r"""(["'])(.*?)(?<!\\)\1""")
_R_SOURCE = re.compile(r"\b(?:sys\.)?source\s*\((?P<args>.*)\)")
_C_INCLUDE = re.compile(r'^\s*#\s*include\s*"(?P<path>[^"]+)"')
_OCTAVE_PATH = re.compile(r"\b(?:addpath|run|source)\s*\((?P<args>.*)\)")
_PARENT_PATH = re.compile(r"(?:\.\./)+[A-Za-z0-9_.\-/]*")
_PATH_FUNCTIONS = {"join", "joinpath", "Path", "PurePath", "PosixPath", "abspath", "realpath", "normpath"}


@dataclass(frozen=True)
class Reference:
    kind: str
    # A path relative to the file's folder (`../strings_util`), or for PYTHON_IMPORT a dotted module name.
    target: str
    line: int
    text: str


def file_references(path: str, data: bytes) -> list[Reference]:
    """The references in the file at `path` (its name picks the language); none for other files."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    name = PurePosixPath(path).name
    language = language_of(path)
    if language == "python":
        return python_references(text)
    if language == "r":
        return _call_references(text, _R_SOURCE, R_SOURCE, ("#",), joiner="file.path(")
    if language in ("c", "cpp"):
        matches = ((number, line, _C_INCLUDE.match(line)) for number, line in _lines(text, ("//",)))
        return [_reference(C_INCLUDE, match["path"], number, line) for number, line, match in matches if match]
    if language == "octave":
        return _call_references(text, _OCTAVE_PATH, OCTAVE_PATH, ("%", "#"), joiner="fullfile(")
    if name in MAKEFILES or name.endswith(".mk"):
        return [
            _reference(MAKE_PATH, match.group(0), number, line)
            for number, line in _lines(text, ("#",))
            for match in _PARENT_PATH.finditer(line)
        ]
    return []


def python_references(text: str) -> list[Reference]:
    """Imported modules (absolute imports only: relative ones stay in the package) and path
    expressions that climb out of the file's folder, such as the `sys.path` entries of
    `os.path.join(os.path.dirname(__file__), "..", "helpers")` or `Path(__file__).parent.parent / "helpers"`."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []  # not Python that runs: nothing it imports can be trusted
    lines = text.splitlines()
    found: dict[tuple[str, str, int], Reference] = {}

    def add(kind: str, target: str | None, node: ast.AST) -> None:
        if target:
            number = getattr(node, "lineno", 0)
            shown = lines[number - 1] if 0 < number <= len(lines) else ""
            found.setdefault((kind, target, number), _reference(kind, target, number, shown))

    inner_divisions: set[int] = set()  # `a / "b"` inside `a / "b" / "c"`: only the whole path counts
    for node in ast.walk(tree):  # outer nodes come before the nodes inside them
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(PYTHON_IMPORT, alias.name, node)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            add(PYTHON_IMPORT, node.module, node)
            for alias in node.names:
                add(PYTHON_IMPORT, f"{node.module}.{alias.name}", node)
        elif isinstance(node, ast.Call) and _called_name(node) in _PATH_FUNCTIONS:
            add(PYTHON_PATH, _climbing(_joined_constants(node.args)), node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and id(node) not in inner_divisions:
            inner_divisions.update(id(left) for left in _left_divisions(node))
            add(PYTHON_PATH, _climbing(_path_division(node)), node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            add(PYTHON_PATH, _climbing(node.value), node)
    return sorted(found.values(), key=lambda reference: (reference.line, reference.kind, reference.target))


def _called_name(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else None


def _joined_constants(arguments: list[ast.expr]) -> str | None:
    """`join(HERE, "..", "x")` -> `../x`: leading non-constant arguments are taken as the file's folder."""
    parts = []
    for argument in arguments:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            parts.append(argument.value)
        elif parts:
            return None  # a variable after the constants: the path is not known
    return "/".join(parts) or None


def _path_division(node: ast.BinOp) -> str | None:
    """`Path(__file__).parent.parent / "x"` -> `../x`; `Path(__file__).resolve().parents[1] / "x"` -> `../x`."""
    segments = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
            return None
        segments.insert(0, node.right.value)
        node = node.left
    ups = _levels_above_file(node)
    return None if ups is None else "/".join([".."] * ups + segments)


def _left_divisions(node: ast.BinOp) -> list[ast.BinOp]:
    found = []
    while isinstance(node.left, ast.BinOp) and isinstance(node.left.op, ast.Div):
        node = node.left
        found.append(node)
    return found


def _levels_above_file(node: ast.AST) -> int | None:
    """How many folders above the file's own folder an expression built on `__file__` points."""
    parents = 0
    while True:
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            parents, node = parents + 1, node.value
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
            index = node.slice
            if not (isinstance(index, ast.Constant) and isinstance(index.value, int)):
                return None
            parents, node = parents + index.value + 1, node.value.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args:
            node = node.func.value  # `.resolve()`, `.absolute()`
        elif isinstance(node, ast.Call) and len(node.args) == 1:
            node = node.args[0]  # `Path(__file__)`
        else:
            break
    if not (isinstance(node, ast.Name) and node.id == "__file__") or parents == 0:
        return None
    return parents - 1


def _climbing(path: str | None) -> str | None:
    """`path` if it leaves the folder it is read from (`../x`), else None."""
    if not path or "\n" in path or len(path) > 300:
        return None
    parts = path.replace("\\", "/").split("/")
    # A lone ".." is one argument of a join whose whole path is found as well.
    return path if ".." in parts and any(part not in ("", ".", "..") for part in parts) else None


def _call_references(
    text: str, pattern: re.Pattern[str], kind: str, comments: tuple[str, ...], *, joiner: str
) -> list[Reference]:
    """`source("../x/y.R")`, `source(file.path("..", "x", "y.R"))`, `addpath(genpath('../x'))`,
    `addpath(fullfile('..', 'x'))`: the first string, or all strings of the joining call, joined by '/'."""
    found = []
    for number, line in _lines(text, comments):
        for match in pattern.finditer(line):
            strings = [string for _, string in _STRING.findall(match["args"])]
            if not strings:
                continue
            target = "/".join(strings) if joiner in match["args"] else strings[0]
            found.append(_reference(kind, target, number, line))
    return found


def _lines(text: str, comments: tuple[str, ...]):
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith(comments):
            yield number, line


def _reference(kind: str, target: str, line: int, text: str) -> Reference:
    shown = text.strip()
    return Reference(kind, target, line, shown if len(shown) <= _SHOWN_LINE else shown[: _SHOWN_LINE - 3] + "...")
