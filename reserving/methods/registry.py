"""The method registry: names (the CLI contract), labels, what each needs, and how to run it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError
from reserving.methods.average_claim import average_claim
from reserving.methods.bootstrap import Progress, bootstrap
from reserving.methods.case_development import case_development
from reserving.methods.clark import clark
from reserving.methods.deterministic import benktander, bf, cape_cod, chainladder, expected_loss
from reserving.methods.guard import check_result
from reserving.methods.inputs import MethodInputs
from reserving.methods.mack import mack
from reserving.methods.munich import munich
from reserving.methods.results import MethodResult


@dataclass(frozen=True)
class MethodSpec:
    """One method: its public name, a label, the Chinese name, what it needs, and its function."""

    name: str
    label: str
    label_zh: str
    needs: tuple[str, ...]
    run: Callable[..., MethodResult]
    stochastic: bool = False


METHODS: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        MethodSpec("chainladder", "Chain ladder", "链梯法", (), chainladder),
        MethodSpec("mack", "Mack chain ladder", "Mack链梯法", (), mack, stochastic=True),
        MethodSpec("bootstrap", "ODP bootstrap", "自助法", (), bootstrap, stochastic=True),
        MethodSpec(
            "expected_loss", "Expected loss ratio", "赔付率法", ("premium", "a-priori loss ratio"), expected_loss
        ),
        MethodSpec("bf", "Bornhuetter-Ferguson", "B-F法", ("premium", "a-priori loss ratio"), bf),
        MethodSpec("benktander", "Benktander", "Benktander法", ("premium", "a-priori loss ratio"), benktander),
        MethodSpec("cape_cod", "Cape Cod", "Cape Cod法", ("premium",), cape_cod),
        MethodSpec(
            "average_claim", "Average claim (frequency x severity)", "案均赔款法", ("reported_count",), average_claim
        ),
        MethodSpec(
            "case_development",
            "Reserve (case-outstanding) development",
            "准备金进展法",
            ("paid", "case_reserve or incurred"),
            case_development,
        ),
        MethodSpec("munich", "Munich chain ladder", "Munich链梯法", ("paid", "incurred"), munich),
        MethodSpec("clark", "Clark growth curve", "Clark增长曲线法", (), clark),
    )
}
"""Every method, in the order the regulation and the UI list them."""


def run_method(
    name: str, inputs: MethodInputs, assumptions: SegmentAssumptions, progress: Progress | None = None
) -> MethodResult:
    """Run one method by name.

    Raises
    ------
    AssumptionError
        Unknown method name.
    MethodDataError
        The data lacks what the method needs (premium, counts, case reserves, a second triangle),
        or the method gave a non-finite or absurd ultimate (`reserving.methods.guard.check_result`).
    """
    spec = METHODS.get(name)
    if spec is None:
        raise AssumptionError(f"unknown method '{name}'; methods are {', '.join(METHODS)}")
    if progress is not None and "progress" in inspect.signature(spec.run).parameters:
        result = spec.run(inputs, assumptions, progress=progress)
    else:
        result = spec.run(inputs, assumptions)
    return check_result(result, inputs)
