"""The method registry: names (the CLI contract), labels, what each needs and reads, and how to run it.

``MethodSpec.reads`` names, by dotted paths of `SegmentAssumptions`, every assumption a
method can read ("development.average", "tail", "options.seed" ...; a path naming a
whole part such as "tail" covers all its fields). `relevant_assumptions` resets all else
to its default, so caches keyed by what it returns are evicted only by an edit that can
change that method's result. Some reads depend on another choice (`CONDITIONAL_READS`):
the Clark growth curve is read by a development-based method only under a Clark tail, and
the Cape Cod options by the a-priori methods only when their loss ratio comes from Cape Cod.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from reserving.assumptions import SegmentAssumptions
from reserving.errors import AssumptionError
from reserving.methods.average_claim import average_claim
from reserving.methods.bootstrap import Progress, bootstrap
from reserving.methods.case_development import case_development
from reserving.methods.clark import clark
from reserving.methods.deterministic import benktander, bf, cape_cod, chainladder, expected_loss
from reserving.methods.development import unapplied_drops
from reserving.methods.guard import check_result
from reserving.methods.inputs import MethodInputs
from reserving.methods.mack import mack
from reserving.methods.munich import munich
from reserving.methods.results import MethodResult

FACTORS = frozenset(
    {
        "development.average",
        "development.n_periods",
        "development.drop_high",
        "development.drop_low",
        "development.excluded_cells",
        "development.excluded_valuations",
        "development.overrides",
    }
)
"""What shapes the selected factors (Mack's sigma extrapolation aside)."""

DEVELOPED = FACTORS | {"tail", "options.clark_growth"}
"""What the development + tail fit reads (the Clark growth only under a Clark tail)."""

CAPE_COD = frozenset({"options.cape_cod_trend", "options.cape_cod_decay"})
APRIORI = DEVELOPED | {"loss_ratio"} | CAPE_COD
"""Expected loss, BF and Benktander: the a-priori loss ratios (from Cape Cod when chosen) and the CDFs."""

CONDITIONAL_READS: dict[str, Callable[[str, SegmentAssumptions], bool]] = {
    "options.clark_growth": lambda method, a: method == "clark" or a.tail.kind == "clark",
    "options.cape_cod_trend": lambda method, a: method == "cape_cod" or a.loss_ratio.source == "cape_cod",
    "options.cape_cod_decay": lambda method, a: method == "cape_cod" or a.loss_ratio.source == "cape_cod",
}
"""Paths a method reads only when another choice calls for them (given the method's name and assumptions)."""


@dataclass(frozen=True)
class MethodSpec:
    """One method: its public name, labels, what data it needs, what assumptions it reads, and its function.

    Attributes
    ----------
    needs : tuple of str
        Data beyond the analysed triangle, in words (for the UI's "needs" note).
    reads : frozenset of str
        Dotted paths of the `SegmentAssumptions` it can read (see the module docstring).
    supports_progress : bool
        Whether ``run`` takes a ``progress`` callback (fraction done, 0..1).
    """

    name: str
    label: str
    label_zh: str
    needs: tuple[str, ...]
    run: Callable[..., MethodResult]
    stochastic: bool = False
    reads: frozenset[str] = frozenset()
    supports_progress: bool = False


METHODS: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        MethodSpec("chainladder", "Chain ladder", "链梯法", (), chainladder, reads=DEVELOPED),
        MethodSpec(
            "mack",
            "Mack chain ladder",
            "Mack链梯法",
            (),
            mack,
            stochastic=True,
            reads=DEVELOPED | {"development.sigma"},
        ),
        MethodSpec(
            "bootstrap",
            "ODP bootstrap",
            "自助法",
            (),
            bootstrap,
            stochastic=True,
            reads=DEVELOPED | {"options.n_sims", "options.seed"},
            supports_progress=True,
        ),
        MethodSpec(
            "expected_loss",
            "Expected loss ratio",
            "赔付率法",
            ("premium", "a-priori loss ratio"),
            expected_loss,
            reads=APRIORI,
        ),
        MethodSpec("bf", "Bornhuetter-Ferguson", "B-F法", ("premium", "a-priori loss ratio"), bf, reads=APRIORI),
        MethodSpec(
            "benktander",
            "Benktander",
            "Benktander法",
            ("premium", "a-priori loss ratio"),
            benktander,
            reads=APRIORI | {"options.benktander_iterations"},
        ),
        MethodSpec("cape_cod", "Cape Cod", "Cape Cod法", ("premium",), cape_cod, reads=DEVELOPED | CAPE_COD),
        MethodSpec(
            "average_claim",
            "Average claim (frequency x severity)",
            "案均赔款法",
            ("reported_count",),
            average_claim,
            reads=DEVELOPED,
        ),
        MethodSpec(
            "case_development",
            "Reserve (case-outstanding) development",
            "准备金进展法",
            ("paid", "case_reserve or incurred"),
            case_development,
            # the tail, drops, exclusions and typed factors are read to say that they are not applied
            reads=FACTORS | {"tail"},
        ),
        MethodSpec(
            "munich", "Munich chain ladder", "Munich链梯法", ("paid", "incurred"), munich, reads=FACTORS | {"tail"}
        ),
        MethodSpec(
            "clark",
            "Clark growth curve",
            "Clark增长曲线法",
            (),
            clark,
            reads=frozenset({"options.clark_growth", "options.clark_form", "options.clark_truncation"}),
        ),
    )
}
"""Every method, in the order the regulation and the UI list them."""


def methods_in_words() -> str:
    """Every method by its name with the key to give for it: what a message about an unknown method lists."""
    listed = "; ".join(f"{spec.label} ({key})" for key, spec in METHODS.items())
    return f"choose one of the methods by the key in brackets: {listed}"


def spec_of(name: str) -> MethodSpec:
    """Return the registered method `name`, or raise an `AssumptionError` listing the methods."""
    spec = METHODS.get(name)
    if spec is None:
        raise AssumptionError(f"unknown method '{name}'; {methods_in_words()}")
    return spec


def reads_now(method: str, assumptions: SegmentAssumptions) -> frozenset[str]:
    """Return the paths `method` reads under these assumptions: its `reads` less conditions not met."""
    spec = spec_of(method)
    return frozenset(
        path for path in spec.reads if path not in CONDITIONAL_READS or CONDITIONAL_READS[path](method, assumptions)
    )


def _kept(value: object, default: object, paths: frozenset[str], prefix: str) -> object:
    """`value` with every field not named by `paths` (under `prefix`) set to its value in `default`."""
    if prefix in paths:
        return value
    changes = {}
    for item in fields(value):  # type: ignore[arg-type]
        path = f"{prefix}.{item.name}"
        mine, theirs = getattr(value, item.name), getattr(default, item.name)
        if path in paths:
            continue
        if any(p.startswith(path + ".") for p in paths):
            changes[item.name] = _kept(mine, theirs, paths, path)
        else:
            changes[item.name] = theirs
    return replace(value, **changes)  # type: ignore[type-var]


def relevant_assumptions(method: str, assumptions: SegmentAssumptions) -> SegmentAssumptions:
    """Return `assumptions` with every field `method` does not read reset to its default.

    The measure is kept (it names the triangle); the selection, chosen from the results,
    never enters. Two assumption sets that give the same `relevant_assumptions` give the same
    result, so a cache keyed by it is evicted only by an edit that matters to the method.
    """
    paths = reads_now(method, assumptions) | {"measure"}
    default = SegmentAssumptions(measure=assumptions.measure)
    changes = {}
    for item in fields(SegmentAssumptions):
        name = item.name
        if name in paths:
            continue
        mine, theirs = getattr(assumptions, name), getattr(default, name)
        if any(p.startswith(name + ".") for p in paths):
            changes[name] = _kept(mine, theirs, paths, name)
        else:
            changes[name] = theirs
    return replace(assumptions, **changes)


def run_method(
    name: str, inputs: MethodInputs, assumptions: SegmentAssumptions, progress: Progress | None = None
) -> MethodResult:
    """Run one method by name.

    A method reading the high/low drops carries a warning where chainladder could not apply
    them (`unapplied_drops`).

    Raises
    ------
    AssumptionError
        Unknown method name.
    MethodDataError
        The data lacks what the method needs (premium, counts, case reserves, a second triangle),
        or the method gave a non-finite or absurd ultimate (`reserving.methods.guard.check_result`).
    """
    spec = spec_of(name)
    if progress is not None and spec.supports_progress:
        result = spec.run(inputs, assumptions, progress=progress)
    else:
        result = spec.run(inputs, assumptions)
    if "development.drop_high" in spec.reads and name != "case_development" and inputs.has(inputs.measure):
        notes = unapplied_drops(inputs.triangle, assumptions.development, inputs.origin_labels)
        if notes:
            result = replace(result, warnings=result.warnings + notes)
    return check_result(result, inputs)
