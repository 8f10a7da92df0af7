"""`core.deployments` is the mechanism `core.updates` drives: it must never import it back."""

import ast
from pathlib import Path

import exlib_assets.core.deployments as deployments

FORBIDDEN = "exlib_assets.core.updates"


def imported_modules(source: Path) -> set[str]:
    """Every module `source` imports, at the top or inside a function, relative ones resolved."""
    package = "exlib_assets.core.deployments"
    found = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_deployments_does_not_import_updates():
    offenders = {
        f"{source.name}: {module}"
        for source in sorted(Path(deployments.__file__).parent.rglob("*.py"))
        for module in imported_modules(source)
        if module == FORBIDDEN or module.startswith(FORBIDDEN + ".")
    }
    assert not offenders, f"core.deployments must not import core.updates (move the piece down instead): {offenders}"


def test_the_check_sees_an_import_of_updates(tmp_path):
    # The check itself must catch the ways such an import can be written.
    source = tmp_path / "example.py"
    source.write_text(
        "from exlib_assets.core.updates.flags import x\n"
        "def f():\n    import exlib_assets.core.updates.scan\n"
        "from ..updates import rollback\n"
    )
    found = imported_modules(source)
    assert {"exlib_assets.core.updates.flags", "exlib_assets.core.updates.scan", "exlib_assets.core.updates"} <= found
