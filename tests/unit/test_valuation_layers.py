"""The valuation has one home: who may import whom around it, and no second writer of its JSON.

Imports are read from the source (including those inside functions, which hide cycles
from a plain ``import``), module by module.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


GRAPH = {_module(p): _imports(p) for p in [*(ROOT / "reserving").rglob("*.py"), *(ROOT / "components").rglob("*.py")]}


def _edges(source_prefix: str) -> dict[str, set[str]]:
    return {name: deps for name, deps in GRAPH.items() if name.startswith(source_prefix)}


def test_reports_do_not_import_the_commands():
    offenders = {
        name: sorted(d for d in deps if d.startswith("reserving.commands"))
        for name, deps in _edges("reserving.reports").items()
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_assumption_options_and_estimate_no_longer_import_each_other():
    assert not any(d.startswith("reserving.commands.estimate") for d in GRAPH["reserving.commands.assumption_options"])


def test_the_valuation_is_pure_domain_below_reports_batch_and_commands():
    for name, deps in _edges("reserving.valuation").items():
        bad = sorted(
            d
            for d in deps
            if d.split(".")[0] in {"streamlit", "components"}
            or d.startswith(("reserving.reports", "reserving.batch", "reserving.commands"))
        )
        assert not bad, (name, bad)


def test_no_other_module_keeps_its_own_nan_to_none_helper_for_the_valuation():
    for path in (
        "components/governance/saved_work.py",
        "reserving/reports/valuation_run.py",
        "reserving/commands/estimate.py",
    ):
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert not names & {"_number", "_json_number", "_value", "_result_json", "_origins_json", "_method_json"}, path
