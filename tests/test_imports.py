"""The package's import graph has no cycles, counting every import statement: at module level,
inside functions (the lazy imports that used to hide cycles) and under TYPE_CHECKING. And
every module imports in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path

import communique

PACKAGE_DIR = Path(communique.__file__).parent


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_modules(name: str, path: Path, modules: Collection[str]) -> set[str]:
    """The modules among ``modules`` that the import statements of a module name, relative
    ones resolved: ``from a.b import c`` names ``a.b.c`` when that is a module, else ``a.b``.
    (The implicit import of a parent package is left out, as is the module itself.)"""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            names.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                         for alias in node.names)
    return {n for n in names if n in modules and n != name}


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports."""
    modules = module_files()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as the modules along it, or [] when there is none."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once finished
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return [*path[path.index(target):], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        state[module] = "done"
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return []


def test_import_graph_has_no_cycles() -> None:
    graph = import_graph()
    assert find_cycle(graph) == [], " -> ".join(find_cycle(graph))


def test_the_cycle_finder_sees_a_lazy_import_cycle(tmp_path: Path) -> None:
    """The graph counts imports inside functions, so a cycle hidden by one is found."""
    (tmp_path / "first.py").write_text("import second\n")
    (tmp_path / "second.py").write_text("def late():\n    from first import x\n    return x\n")
    names = ("first", "second")
    graph = {name: imported_modules(name, tmp_path / f"{name}.py", names) for name in names}
    assert find_cycle(graph) == ["first", "second", "first"]


def test_packages_do_not_import_each_other_in_a_circle() -> None:
    """Stage by stage (a package counts as one, a top-level module as itself), data flows one
    way: the model and the PLOVER vocabulary at the bottom, the orchestrator above the stages,
    the store, API, batch and CLI on top."""
    packages: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        packages.setdefault(stage_of(module), set()).update(
            stage_of(t) for t in targets if stage_of(t) != stage_of(module))
    assert find_cycle(packages) == [], " -> ".join(find_cycle(packages))


def stage_of(module: str) -> str:
    """The stage a module belongs to: its package under communique, or the module itself."""
    return ".".join(module.split(".")[:2])


def test_the_engine_stages_do_not_import_the_orchestrator() -> None:
    graph = import_graph()
    assert "communique.pipeline" not in graph["communique.events.engine"]
    assert graph["communique.plover"] == {"communique.errors"}
    assert "communique.time.mentions" not in graph["communique.time.resolve"]


def test_every_module_imports_in_a_fresh_interpreter() -> None:
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    names = [name for name in module_files() if not name.endswith("__main__")]  # runs the CLI
    done = subprocess.run([sys.executable, "-c", script, *names], capture_output=True,
                          text=True, cwd=PACKAGE_DIR.parent, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
