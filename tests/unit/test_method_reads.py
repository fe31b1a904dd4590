"""The registry knows what each method reads (issue 16): `MethodSpec.reads` and `relevant_assumptions`.

For every method and every assumption field: a field it reads changes its result when changed
(on data chosen so that it can), and a field it does not read leaves both the result and
`relevant_assumptions` unchanged, so caches keyed by the latter are right in both directions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields, replace

import numpy as np
import pytest
from methods_helpers import sample

from reserving.assumptions import LossRatioAssumptions, MethodOptions, SegmentAssumptions, Selection, TailAssumptions
from reserving.errors import ReservingError
from reserving.methods import METHODS, MethodInputs, run_method
from reserving.methods.registry import reads_now, relevant_assumptions
from reserving.samples import get_sample

Change = Callable[[SegmentAssumptions, MethodInputs], SegmentAssumptions]


def part(name: str, **values: object) -> Change:
    """Change fields of one part (development, tail ...) of the assumptions."""
    return lambda a, _inputs: replace(a, **{name: replace(getattr(a, name), **values)})


def excluded_cell(a: SegmentAssumptions, inputs: MethodInputs) -> SegmentAssumptions:
    """Leave out the first link ratio of the third origin from the last."""
    return replace(a, development=replace(a.development, excluded_cells=((inputs.origin_labels[-3], 12),)))


def excluded_diagonal(a: SegmentAssumptions, inputs: MethodInputs) -> SegmentAssumptions:
    """Leave out the latest diagonal."""
    valuation = str(inputs.triangle.valuation_date)[:10]
    return replace(a, development=replace(a.development, excluded_valuations=(valuation,)))


XYZ = MethodInputs.from_dataset(get_sample("xyz"), "incurred")
XYZ_PAID = MethodInputs.from_dataset(get_sample("xyz"), "paid")
MCL = MethodInputs.from_triangles("paid", {"paid": sample("mcl")["paid"], "incurred": sample("mcl")["incurred"]})
RAA = MethodInputs.from_triangles("incurred", {"incurred": sample("raa")}, premium=40000)

INPUTS = {"case_development": XYZ_PAID, "munich": MCL, "clark": RAA}
"""Data each method runs on (xyz incurred with premium and counts otherwise)."""

BASE = SegmentAssumptions(loss_ratio=LossRatioAssumptions(default=0.65), options=MethodOptions(n_sims=10))


def measure_of(method: str) -> str:
    return INPUTS.get(method, XYZ).measure


CHANGES: dict[str, Change] = {
    "development.average": part("development", average="simple"),
    "development.n_periods": part("development", n_periods=3),
    "development.drop_high": part("development", drop_high=1),
    "development.drop_low": part("development", drop_low=1),
    "development.excluded_cells": excluded_cell,
    "development.excluded_valuations": excluded_diagonal,
    "development.overrides": part("development", overrides=((12, 5.0),)),
    "development.sigma": part("development", sigma="mack"),
    "tail.kind": part("tail", kind="constant", factor=1.1),
    "tail.factor": part("tail", factor=1.2),
    "tail.fit_from": part("tail", fit_from=36),
    "tail.fit_to": part("tail", fit_to=96),
    "tail.attachment_age": part("tail", attachment_age=96),
    "tail.projection_months": part("tail", projection_months=36),
    "loss_ratio.default": part("loss_ratio", default=0.8),
    "loss_ratio.by_origin": part("loss_ratio", by_origin=(("2008", 0.9),)),
    "loss_ratio.source": part("loss_ratio", source="cape_cod"),
    "options.benktander_iterations": part("options", benktander_iterations=2),
    "options.cape_cod_decay": part("options", cape_cod_decay=0.5),
    "options.cape_cod_trend": part("options", cape_cod_trend=0.05),
    "options.n_sims": part("options", n_sims=12),
    "options.seed": part("options", seed=7),
    "options.clark_growth": part("options", clark_growth="weibull"),
    "options.clark_form": part("options", clark_form="cape_cod"),
    "options.clark_truncation": part("options", clark_truncation=240),
    "selection.by_origin": part("selection", by_origin=(("2008", (("bf", 1.0),), "young"),)),
    "selection.default_method": part("selection", default_method="bf"),
}
"""One change of every leaf field of `SegmentAssumptions` (the measure names the data and is kept)."""

SETTINGS: dict[str, Change] = {
    "tail": part("tail", kind="constant", factor=1.1),
    "loss_ratio": part("loss_ratio", default=0.8),
}
"""Changes of the parts that some methods read whole."""


def base_for(method: str, path: str) -> SegmentAssumptions:
    """The assumptions a change is made from: with the setting that makes the field matter where one does."""
    base = replace(BASE, measure=measure_of(method))
    if path.startswith("tail.") and path != "tail.kind":
        base = replace(base, tail=TailAssumptions(kind="constant", factor=1.05))
    if path in ("tail.fit_from", "tail.fit_to"):
        base = replace(base, tail=TailAssumptions(kind="exponential"))
    if path == "options.clark_growth" and method != "clark":
        base = replace(base, tail=TailAssumptions(kind="clark"))
    if path in ("options.cape_cod_decay", "options.cape_cod_trend"):
        base = replace(base, loss_ratio=LossRatioAssumptions(source="cape_cod"))
    return base


def outcome(method: str, assumptions: SegmentAssumptions) -> str:
    """Everything a user sees of a run: the figures, the totals, the scalar details and warnings, or the error."""
    try:
        result = run_method(method, INPUTS.get(method, XYZ), assumptions)
    except ReservingError as exc:
        return f"error: {exc}"
    details = {k: v for k, v in result.details.items() if isinstance(v, str | int | float | bool)}
    frame = result.origins.select_dtypes("number").round(6).to_json()
    total = {k: round(v, 6) for k, v in result.total.items() if isinstance(v, float) and np.isfinite(v)}
    return json.dumps([frame, total, details, list(result.warnings)], sort_keys=True, default=str)


def covering(path: str, reads: frozenset[str]) -> str | None:
    """The read path covering a leaf field (the field itself, or the part it belongs to)."""
    if path in reads:
        return path
    whole = path.split(".", maxsplit=1)[0]
    return whole if whole in reads else None


CASES = [(method, path) for method in METHODS for path in CHANGES]


@pytest.mark.parametrize(("method", "path"), CASES)
def test_a_field_read_changes_the_result_and_a_field_not_read_changes_nothing(method, path):
    base = base_for(method, path)
    changed = CHANGES[path](base, INPUTS.get(method, XYZ))
    reads = reads_now(method, base)
    if covering(path, reads) is None:
        assert relevant_assumptions(method, changed) == relevant_assumptions(method, base)
        assert outcome(method, changed) == outcome(method, base), f"{method} reads {path} without declaring it"
    elif path in reads or path in ("tail.kind",):
        assert relevant_assumptions(method, changed) != relevant_assumptions(method, base)
        assert outcome(method, changed) != outcome(method, base), f"{method} declares {path} but ignores it"


@pytest.mark.parametrize(("method", "whole"), [(m, w) for m in METHODS for w in SETTINGS if w in METHODS[m].reads])
def test_a_part_read_whole_changes_the_result(method, whole):
    base = replace(BASE, measure=measure_of(method))
    changed = SETTINGS[whole](base, INPUTS.get(method, XYZ))
    assert relevant_assumptions(method, changed) != relevant_assumptions(method, base)
    assert outcome(method, changed) != outcome(method, base)


def test_every_read_path_names_a_field_of_the_assumptions():
    known = set()
    for part_field in fields(SegmentAssumptions):
        known.add(part_field.name)
        value = getattr(SegmentAssumptions(), part_field.name)
        if hasattr(value, "__dataclass_fields__"):
            known.update(f"{part_field.name}.{f.name}" for f in fields(value))
    for spec in METHODS.values():
        assert spec.reads <= known, spec.name
    # ``options.version`` says what the fields mean (how a saved file is read), no method reads it
    leaves = {k for k in known if "." in k} - {"options.version"}
    assert set(CHANGES) == leaves, "every leaf field has a change in CHANGES"


def test_the_selection_never_enters_and_the_measure_always_does():
    chosen = replace(BASE, selection=Selection(default_method="bf"), measure="paid")
    for method in METHODS:
        kept = relevant_assumptions(method, chosen)
        assert kept.selection == Selection()
        assert kept.measure == "paid"


def test_cape_cod_options_reach_bf_when_its_loss_ratio_comes_from_cape_cod():
    """components.cached.relevant_assumptions dropped them: xyz BF IBNR is 105,607 with decay 0.5, 103,930 without."""
    from_cape_cod = SegmentAssumptions(loss_ratio=LossRatioAssumptions(source="cape_cod"))
    decayed = replace(from_cape_cod, options=MethodOptions(cape_cod_decay=0.5))
    kept = relevant_assumptions("bf", decayed)
    assert kept.options.cape_cod_decay == 0.5
    assert run_method("bf", XYZ, from_cape_cod).total["ibnr"] == pytest.approx(103929.73, abs=0.01)
    assert run_method("bf", XYZ, kept).total["ibnr"] == pytest.approx(105606.71, abs=0.01)
    # with manual loss ratios the Cape Cod options are not read, and do not split the cache
    manual = replace(decayed, loss_ratio=LossRatioAssumptions(default=0.65))
    assert relevant_assumptions("bf", manual).options == MethodOptions()


def test_progress_is_declared_not_inspected():
    assert [name for name, spec in METHODS.items() if spec.supports_progress] == ["bootstrap"]
    seen: list[float] = []
    run_method("bootstrap", XYZ, BASE, progress=seen.append)
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
