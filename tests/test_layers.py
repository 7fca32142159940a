"""The package's layers: each subpackage imports only those below it.

The pipeline reads top to bottom: records → geo → check → export → render → add → the CLI, over
the foundation modules (errors, atomic writes, data paths, worker processes). A module that imports a layer above its
own would make a newcomer's map of the package wrong, and usually an import cycle later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import journeys

PACKAGE = Path(journeys.__file__).parent
FOUNDATION = ("errors", "atomic", "data_paths", "workers", "__init__")
#: Each layer and the layers it may import (besides itself and the foundation).
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "records": set(),
    "geo": {"records"},
    "check": {"geo", "records"},
    "export": {"check", "geo", "records"},
    "render": {"export", "check", "geo", "records"},
    "add": {"check", "geo", "records"},
    "cli": {"add", "render", "export", "check", "geo", "records"},
}


def layer_of(module: str) -> str:
    """The layer of a dotted module name inside the package, e.g. journeys.geo.route → geo."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in FOUNDATION:
        return "foundation"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1]


def imported_modules(tree: ast.AST, package: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of the package's own modules, at any depth (lazy imports too)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("journeys")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("journeys"):
            if node.module == "journeys":  # from journeys import x: x may be a module, or a name like __version__
                found += [(node.lineno, f"journeys.{a.name}" if (package / a.name).is_dir()
                           or (package / f"{a.name}.py").is_file() else "journeys") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def violations(package: Path, name: str = "journeys") -> list[str]:
    """Every import in the package that reaches a layer its module may not import."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        module = ".".join((name, *path.relative_to(package).with_suffix("").parts))
        own = layer_of(module)
        for line, target in imported_modules(ast.parse(path.read_text(encoding="utf-8")), package):
            other = layer_of(target)
            if other not in (own, "foundation") and other not in ALLOWED[own]:
                problems.append(f"{path.relative_to(package)}:{line}: {own} imports {target} ({other})")
    return problems


def test_every_module_belongs_to_a_known_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("journeys", *path.relative_to(PACKAGE).with_suffix("").parts))
        assert layer_of(module) in ALLOWED, module


def test_each_layer_imports_only_those_below_it() -> None:
    assert violations(PACKAGE) == []


@pytest.mark.parametrize(("low", "high", "statement"), [
    ("records/model.py", "geo", "from journeys.geo.route import route_trip"),
    ("geo/route.py", "check", "import journeys.check.calculator"),
    ("check/calculator.py", "render", "    from journeys.render.maps import write_maps"),
    ("render/maps.py", "cli", "from journeys import cli"),
    ("errors.py", "records", "from journeys.records.files import load_records"),
])
def test_a_lower_layer_importing_a_higher_one_is_caught(tmp_path: Path, low: str, high: str, statement: str) -> None:
    copy = tmp_path / "journeys"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bad = copy / low
    text = bad.read_text(encoding="utf-8")
    if statement.startswith(" "):  # a lazy import inside a function is still an import
        text += f"\n\ndef _late() -> None:\n{statement}\n"
    else:
        text += f"\n{statement}\n"
    bad.write_text(text, encoding="utf-8")
    (problem,) = violations(copy)
    assert problem.startswith(f"{low}:") and f"({high})" in problem
