"""A feature never imports another feature's views or JSON routes: what two share has its own
package (kiosk/status, kiosk/printing, …)."""

from __future__ import annotations

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parent.parent / "kiosk"
ROUTE_MODULES = {"views", "api"}


def features() -> set[str]:
    """Packages directly under kiosk/ (the shared API infrastructure included)."""
    return {path.parent.name for path in KIOSK.glob("*/__init__.py")}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, absolute dotted names (`from a import b` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def crossings() -> list[str]:
    """`file → module` for each import of another feature's views or api module."""
    found = []
    for path in sorted(KIOSK.rglob("*.py")):
        parts = path.relative_to(KIOSK).parts
        if len(parts) < 2:
            continue  # kiosk/__init__.py and friends wire the features together
        own = parts[0]
        for module in imported_modules(path):
            pieces = module.split(".")
            if (
                len(pieces) >= 3
                and pieces[0] == "kiosk"
                and pieces[1] != own
                and pieces[2] in ROUTE_MODULES
            ):
                found.append(f"{path.relative_to(KIOSK)} → {module}")
    return found


def test_no_feature_imports_another_features_routes():
    assert len(features()) >= 8
    assert not crossings(), "\n".join(crossings())


def test_the_check_sees_an_import_of_another_features_views(tmp_path):
    """The walker finds `from kiosk.x import views` and `import kiosk.x.api` alike."""
    sample = tmp_path / "sample.py"
    sample.write_text("from kiosk.queue import views\nimport kiosk.files.api\n")
    assert {"kiosk.queue.views", "kiosk.files.api"} <= imported_modules(sample)
