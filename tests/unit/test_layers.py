"""Which package may import which, and no import cycles: the layout of ARCHITECTURE.md, checked.

The import graph is read statically (every ``import`` and ``from ... import`` in a module,
including those inside functions), so a cycle hidden behind a function-level import counts
too: it still means two modules that cannot be understood or tested one without the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOPS = ("reserving", "components", "app_pages")

# The domain layers, lowest first. A package may import its own layer and those below it.
DOMAIN_LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "reserving",
            "reserving.errors",
            "reserving.grains",
            "reserving.parsing",
            "reserving.mapping",
            "reserving.columns",
            "reserving.readers",
            "reserving.validation",
            "reserving.dataset",
            "reserving.samples",
            "reserving.assumptions",
            "reserving.stats",
            "reserving.formats",
            "reserving.ingest",
        }
    ),
    frozenset({"reserving.storage"}),
    frozenset({"reserving.methods", "reserving.unexpired"}),
    frozenset({"reserving.retrospection", "reserving.valuation"}),
    frozenset({"reserving.reports"}),
    frozenset({"reserving.batch"}),
    frozenset({"reserving.commands"}),
    frozenset({"reserving.cli", "reserving.__main__"}),
)
"""The database sits just above the base: a valuation reads its records, and it needs nothing of the engine."""

STORAGE_MAY_IMPORT = frozenset({"reserving", "reserving.errors", "reserving.mapping", "reserving.storage"})
"""The database layer stores bytes, JSON and workflow state; it knows nothing of methods or reports."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for top in TOPS for p in (ROOT / top).rglob("*.py")}


def _imported(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every project module `path` imports (``from pkg import mod`` counts as importing ``pkg.mod``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names]
            # ``from pkg import submodule`` depends on the submodule, not on what pkg/__init__ gathers.
            if all(name in known for name in submodules):
                yield from submodules
            else:
                yield node.module
                yield from (name for name in submodules if name in known)


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {
        name: {dep for dep in _imported(path, known) if dep in known and dep != name} for name, path in known.items()
    }


def _package(module: str) -> str:
    """``reserving.methods.mack`` -> ``reserving.methods``; a top module is its own package."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _layer(package: str) -> int:
    for level, members in enumerate(DOMAIN_LAYERS):
        if package in members:
            return level
    raise AssertionError(f"{package} is in no domain layer: add it to DOMAIN_LAYERS in this test and ARCHITECTURE.md")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root, children_of_root in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(children_of_root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_known_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_domain_never_imports_the_app() -> None:
    offenders = [
        f"{mod} imports {dep}"
        for mod, deps in _graph().items()
        if mod.startswith("reserving")
        for dep in deps
        if dep.startswith(("components", "app_pages"))
    ]
    assert not offenders


def test_components_never_import_pages() -> None:
    offenders = [
        f"{mod} imports {dep}"
        for mod, deps in _graph().items()
        if mod.startswith("components")
        for dep in deps
        if dep.startswith("app_pages")
    ]
    assert not offenders


def test_pages_do_not_import_each_other() -> None:
    offenders = [
        f"{mod} imports {dep}"
        for mod, deps in _graph().items()
        if mod.startswith("app_pages")
        for dep in deps
        if dep.startswith("app_pages")
    ]
    assert not offenders


@pytest.mark.parametrize("rule", ["layers", "storage"])
def test_domain_packages_import_only_downwards(rule: str) -> None:
    offenders = []
    for mod, deps in _graph().items():
        if not mod.startswith("reserving"):
            continue
        here = _package(mod)
        for dep in deps:
            there = _package(dep)
            if rule == "layers" and _layer(there) > _layer(here):
                offenders.append(f"{mod} imports {dep}")
            if rule == "storage" and here == "reserving.storage" and there not in STORAGE_MAY_IMPORT:
                offenders.append(f"{mod} imports {dep}")
    assert not offenders
