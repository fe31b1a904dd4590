"""Engine time of the whole method set against bare chainladder doing the same fits.

Cases: RAA (one 10x10 triangle), the quarterly China-market sample (9 segments, 24x24,
every measure and premium) and all 775 CAS Schedule P paid triangles of chainladder's
``clrd`` sample (``CumPaidLoss`` by company and line, net earned premium). For each case:

- ``build inputs``: the engine's `MethodInputs.from_dataset` for every segment, against one
  multi-index ``cl.Triangle`` built from the same tidy frame;
- one row per method the data supports (the engine decides: a method raising a
  `ReservingError` on a triangle is not run there, on either side), the engine's
  `run_method` against the chainladder estimators called directly on the same triangles;
- ``all methods``: the sum of the method rows, run by run, against the 1.5x target;
- for the multi-segment cases, the same total against chainladder fitting all segments at
  once as one multi-index triangle (no target: the engine works one segment at a time).

Assumptions are the defaults plus an a-priori loss ratio of `APRIORI` (without one the
expected-loss, BF and Benktander methods cannot run; bare chainladder gets the same ratio).
"""

from __future__ import annotations

import gc
import sys
import types
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import chainladder as cl
import numpy as np
import pandas as pd
from chainladder.adjustments.bootstrap import _get_process_variance

from bench.common import Elapsed, Row, Timing, parser, print_table, repeats, run_paired, time_each
from reserving.assumptions import LossRatioAssumptions, MethodOptions, SegmentAssumptions
from reserving.dataset import ORIGIN, PREMIUM, VALUATION, Dataset, build_triangle
from reserving.errors import ReservingError
from reserving.grains import valuation_at_age
from reserving.methods import METHODS, MethodInputs, run_method
from reserving.methods.stacked import prepare_segments
from reserving.samples import get_sample

APRIORI = 0.65
"""A-priori loss ratio given to the a-priori methods on both sides."""
QUICK_SIMS = 100
QUICK_SEGMENTS = 2
QUICK_CLRD = 3

Bare = Callable[[MethodInputs, SegmentAssumptions], object]


# ---------------------------------------------------------------------------- bare chainladder, one triangle
def _quiet(fn: Callable[[], object]) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn()


def _dev(tri: cl.Triangle, sigma: str = "log-linear") -> cl.Triangle:
    return cl.Development(sigma_interpolation=sigma).fit_transform(tri)


def _weight(inputs: MethodInputs, ratio: float = 1.0) -> cl.Triangle:
    weight = inputs.triangle.latest_diagonal * 0 + 1
    weight.values = (ratio * inputs.premium).reshape(weight.values.shape)
    return weight


def _bare_chainladder(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    return cl.Chainladder().fit(_dev(inputs.triangle)).ultimate_


def _bare_mack(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    model = cl.MackChainladder().fit(_dev(inputs.triangle))
    return model.mack_std_err_, model.total_mack_std_err_


def _bare_bootstrap(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    return bare_bootstrap(inputs.triangle, a.options.n_sims, a.options.seed)


def bare_bootstrap(tri: cl.Triangle, n_sims: int, seed: int) -> object:
    """`BootstrapODPSample` then Development + Chainladder on the simulated triangles, with process noise.

    chainladder 0.10.1 leaves the gamma process variance off the resampled triangles; the
    engine adds it with chainladder's own `_get_process_variance`, and so does this, once,
    so both sides do the same work.
    """
    sampler = cl.BootstrapODPSample(n_sims=n_sims, random_state=seed).fit(tri)
    sims = sampler.resampled_triangles_
    sims.scale_ = sampler.scale_
    sims.random_state = seed
    sims._get_process_variance = types.MethodType(_get_process_variance, sims)
    return cl.Chainladder().fit(_dev(sims)).ultimate_


def _bare_apriori(estimator: type) -> Bare:
    def run(inputs: MethodInputs, a: SegmentAssumptions) -> object:
        return estimator(apriori=APRIORI).fit(_dev(inputs.triangle), sample_weight=_weight(inputs)).ultimate_

    return run


def _bare_cape_cod(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    return cl.CapeCod().fit(_dev(inputs.triangle), sample_weight=_weight(inputs)).ultimate_


def _bare_clark(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    weight = _weight(inputs) if inputs.premium is not None else None
    fitted = cl.ClarkLDF().fit(inputs.triangle, sample_weight=weight)
    return cl.TailClark().fit_transform(fitted.transform(inputs.triangle)).ldf_


def _bare_average_claim(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    counts = inputs.triangles["reported_count"]
    severity = inputs.triangle / counts
    return cl.Chainladder().fit(_dev(counts)).ultimate_, cl.Chainladder().fit(_dev(severity)).ultimate_


def _bare_case_development(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    both = cl.concat([inputs.triangles["paid"], inputs.triangles["incurred"]], axis=1)
    developed = cl.CaseOutstanding(paid_to_incurred=("paid", "incurred")).fit_transform(both)
    return cl.Chainladder().fit(developed).ultimate_


def _bare_munich(inputs: MethodInputs, a: SegmentAssumptions) -> object:
    both = cl.concat([inputs.triangles["paid"], inputs.triangles["incurred"]], axis=1)
    developed = _dev(both, sigma="mack")
    adjusted = cl.MunichAdjustment(paid_to_incurred=("paid", "incurred")).fit(developed)
    return cl.Chainladder().fit(adjusted.transform(developed)).ultimate_


BARE: dict[str, Bare] = {
    "chainladder": _bare_chainladder,
    "mack": _bare_mack,
    "bootstrap": _bare_bootstrap,
    "expected_loss": _bare_apriori(cl.ExpectedLoss),
    "bf": _bare_apriori(cl.BornhuetterFerguson),
    "benktander": _bare_apriori(cl.Benktander),
    "cape_cod": _bare_cape_cod,
    "average_claim": _bare_average_claim,
    "case_development": _bare_case_development,
    "munich": _bare_munich,
    "clark": _bare_clark,
}
"""The chainladder calls each engine method stands for, on one segment's triangles.

``case_development`` has no chainladder equivalent; `cl.CaseOutstanding` is the nearest
(a simple mean of the ratios where the engine takes a volume-weighted one).
"""

APPROXIMATE = {
    "case_development": "no chainladder equivalent: cl.CaseOutstanding shown, left out of the total",
}
"""Methods whose bare counterpart does different work: timed, but not in the total."""


# ---------------------------------------------------------------------------- bare chainladder, all segments at once
@dataclass(frozen=True)
class Stacked:
    """Every segment as one multi-index triangle per measure, with premium as a weight triangle."""

    triangles: dict[str, cl.Triangle]
    premium: cl.Triangle | None


def _stacked_run(method: str, stacked: Stacked, a: SegmentAssumptions) -> object | None:
    tri = stacked.triangles[a.measure]
    prem = stacked.premium
    if method == "chainladder":
        return cl.Chainladder().fit(_dev(tri)).ultimate_
    if method == "mack":
        return cl.MackChainladder().fit(_dev(tri)).total_mack_std_err_
    if method in ("expected_loss", "bf", "benktander") and prem is not None:
        estimator = {"expected_loss": cl.ExpectedLoss, "bf": cl.BornhuetterFerguson, "benktander": cl.Benktander}
        return estimator[method](apriori=APRIORI).fit(_dev(tri), sample_weight=prem).ultimate_
    if method == "cape_cod" and prem is not None:
        return cl.CapeCod().fit(_dev(tri), sample_weight=prem).ultimate_
    if method == "clark":
        fitted = cl.ClarkLDF().fit(tri, sample_weight=prem)
        return cl.TailClark().fit_transform(fitted.transform(tri)).ldf_
    return None  # bootstrap (memory grows with segments x sims) and the multi-measure methods


# ---------------------------------------------------------------------------- cases
@dataclass
class EngineCase:
    """One dataset: the engine's inputs per segment and what bare chainladder starts from."""

    name: str
    dataset: Dataset
    measure: str
    keys: list[tuple]
    assumptions: SegmentAssumptions
    stacked_source: Callable[[], Stacked] | None = None
    inputs: list[MethodInputs] = field(default_factory=list)

    def build_inputs(self) -> list[MethodInputs]:
        """The engine's way, on a dataset with an empty memo: `prepare_segments`, then `MethodInputs.from_dataset`.

        As ``estimate`` does: segments on the dataset's common grid are cut from one
        multi-index triangle, the others are built one by one.
        """
        dataset = replace(self.dataset)
        if len(self.keys) > 1:
            prepare_segments(dataset, self.measure, self.keys)
        return [MethodInputs.from_dataset(dataset, self.measure, key) for key in self.keys]

    def build_bare(self) -> object:
        """chainladder's way: one multi-index triangle of every measure from the same tidy frame."""
        ds = self.dataset
        index = list(ds.segments) or None
        return build_triangle(ds.frame, list(ds.measures), index=index)


def _assumptions(measure: str, n_sims: int) -> SegmentAssumptions:
    return SegmentAssumptions(
        measure=measure,
        loss_ratio=LossRatioAssumptions(default=APRIORI),
        options=MethodOptions(n_sims=n_sims),
    )


def clrd_dataset(limit: int | None = None) -> Dataset:
    """Every ``CumPaidLoss`` triangle of chainladder's ``clrd`` as a Dataset (company, line; paid; premium)."""
    tri = _quiet(lambda: cl.load_sample("clrd"))
    if limit is not None:
        tri = tri.iloc[:limit]
    raw = _quiet(lambda: tri[["CumPaidLoss", "EarnedPremNet"]].to_frame(keepdims=True).reset_index())
    frame = pd.DataFrame({"company": raw["GRNAME"].astype(str), "line": raw["LOB"].astype(str)})
    frame[ORIGIN] = pd.to_datetime(raw[ORIGIN]).astype("datetime64[ns]")
    ages = {(o, a): valuation_at_age(o, a) for o, a in set(zip(frame[ORIGIN], raw["development"], strict=True))}
    frame[VALUATION] = [ages[(o, a)] for o, a in zip(frame[ORIGIN], raw["development"], strict=True)]
    frame[VALUATION] = frame[VALUATION].astype("datetime64[ns]")
    frame["paid"] = raw["CumPaidLoss"].astype(float)
    frame[PREMIUM] = raw["EarnedPremNet"].astype(float)
    premium = frame.dropna(subset=[PREMIUM]).groupby(["company", "line", ORIGIN], as_index=False)[PREMIUM].first()
    losses = frame.dropna(subset=["paid"]).drop(columns=[PREMIUM]).reset_index(drop=True)
    return Dataset(
        name="CAS Schedule P (clrd), CumPaidLoss",
        frame=losses,
        segments=("company", "line"),
        measures=("paid",),
        origin_grain="Y",
        development_grain="Y",
        premium=premium,
    )


def _clrd_stacked(limit: int | None) -> Callable[[], Stacked]:
    def build() -> Stacked:
        tri = _quiet(lambda: cl.load_sample("clrd"))
        if limit is not None:
            tri = tri.iloc[:limit]
        paid = tri["CumPaidLoss"].rename("columns", ["paid"])
        return Stacked({"paid": paid}, tri["EarnedPremNet"].latest_diagonal)

    return build


def _dataset_stacked(ds: Dataset, keys: list[tuple]) -> Callable[[], Stacked]:
    def build() -> Stacked:
        wanted = {tuple(dict(key)[col] for col in ds.segments) for key in keys}
        mask = [tuple(r) in wanted for r in ds.frame[list(ds.segments)].astype(str).itertuples(index=False)]
        multi = build_triangle(ds.frame[mask], list(ds.measures), index=list(ds.segments))
        triangles = {m: multi[m] for m in ds.measures}
        premium = None
        if ds.premium is not None:
            chosen = [tuple(r) in wanted for r in ds.premium[list(ds.segments)].astype(str).itertuples(index=False)]
            prem = ds.premium[chosen].assign(**{VALUATION: ds.valuation_date})
            premium = build_triangle(prem, [PREMIUM], index=list(ds.segments)).latest_diagonal
        return Stacked(triangles, premium)

    return build


def cases(quick: bool, clrd_limit: int | None) -> list[EngineCase]:
    """RAA, China (9 segments) and clrd (775 triangles); fewer segments and sims when `quick`."""
    n_sims = QUICK_SIMS if quick else MethodOptions().n_sims
    raa = get_sample("raa")
    china = get_sample("china")
    china_keys = china.segment_keys()[: QUICK_SEGMENTS if quick else None]
    limit = QUICK_CLRD if quick else clrd_limit
    clrd = _quiet(lambda: clrd_dataset(limit))
    return [
        EngineCase("raa", raa, "incurred", [()], _assumptions("incurred", n_sims)),
        EngineCase(
            f"china {len(china_keys)} seg",
            china,
            "incurred",
            china_keys,
            _assumptions("incurred", n_sims),
            _dataset_stacked(china, china_keys),
        ),
        EngineCase(
            f"clrd {len(clrd.segment_keys())} tri",
            clrd,
            "paid",
            clrd.segment_keys(),
            _assumptions("paid", n_sims),
            _clrd_stacked(limit),
        ),
    ]


# ---------------------------------------------------------------------------- running
def supported_pairs(
    case: EngineCase, methods: Sequence[str] = tuple(METHODS)
) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Segments (by position) on which each method runs, on the engine *and* on bare chainladder.

    Returns the positions by method and, by method, the first error the engine raised that
    is not a `ReservingError` (a traceback a user would see instead of a message). This
    pass is also the warm-up of both sides (imports, first-call costs).
    """
    pairs: dict[str, list[int]] = {}
    crashes: dict[str, str] = {}
    for method in methods:
        ok = []
        for i, inputs in enumerate(case.inputs):
            gc.collect(1)  # triangles are reference cycles: free the last fits' (young) garbage now
            try:
                _quiet(lambda m=method, x=inputs: run_method(m, x, case.assumptions))
            except ReservingError:
                continue
            except Exception as exc:  # an engine bug: recorded for the report, not timed
                crashes.setdefault(method, f"{type(exc).__name__} on {_label(case, i)}: {exc}"[:160])
                continue
            try:
                _quiet(lambda m=method, x=inputs: BARE[m](x, case.assumptions))
            except Exception:  # bare chainladder fails where the engine copes (sparse clrd triangles)
                continue
            ok.append(i)
        if ok:
            pairs[method] = ok
    return pairs, crashes


def _label(case: EngineCase, i: int) -> str:
    return ", ".join(f"{k}={v}" for k, v in case.keys[i]) or case.name


def _loop(
    fn: Callable[[MethodInputs, SegmentAssumptions], object],
    case: EngineCase,
    which: Sequence[int],
    *,
    fresh: bool = False,
) -> Callable[[], Elapsed]:
    """Time `fn` over the chosen triangles; `fresh` gives the engine inputs with an empty fit memo.

    The engine memoises development fits on its inputs; timing it on inputs warmed by an
    earlier run would measure a cache, not the work bare chainladder does. Each triangle is
    timed on its own and garbage is collected between them, untimed (`time_each`).
    """

    def one(i: object) -> None:
        inputs = replace(case.inputs[i]) if fresh else case.inputs[i]
        fn(inputs, case.assumptions)

    def run() -> Elapsed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return time_each(which, one)

    return run


def _sum(timings: Sequence[Timing], label: str) -> Timing:
    return Timing(label, tuple(float(sum(ts)) for ts in zip(*(t.times for t in timings), strict=True)))


def bench_inputs(case: EngineCase, repeat: int) -> list[Row]:
    """Time the building of one case's inputs: the engine's for every segment against one cl.Triangle."""
    app_build, bare_build = run_paired(
        lambda: _quiet(case.build_inputs), lambda: _quiet(case.build_bare), repeat, warmup=0, labels=("engine", "bare")
    )
    return [
        Row(
            "engine",
            f"{case.name}: build inputs",
            app_build,
            Timing("bare chainladder", bare_build.times),
            note=f"{len(case.keys)} segments: prepare_segments + from_dataset vs one multi-index cl.Triangle",
        )
    ]


def bench_case(case: EngineCase, repeat: int, methods: Sequence[str] = tuple(METHODS)) -> list[Row]:
    """Rows of one case: inputs, each method, the total, and the total against a vectorised fit."""
    rows = bench_inputs(case, repeat)
    n = len(case.keys)
    case.inputs = _quiet(case.build_inputs)
    pairs, crashes = supported_pairs(case, methods)
    app_all, bare_all = [], []
    for method, which in pairs.items():
        app, bare = run_paired(
            _loop(run_method_quiet(method), case, which, fresh=True),
            _loop(BARE[method], case, which),
            repeat,
            warmup=0,
            labels=("engine", "bare chainladder"),
        )
        if method not in APPROXIMATE:
            app_all.append(app)
            bare_all.append(bare)
        notes = [f"{len(which)}/{n} triangles"] if len(which) != n else []
        if method in APPROXIMATE:
            notes.append(APPROXIMATE[method])
        if method in crashes:
            notes.append(f"engine crash: {crashes[method]}")
        rows.append(Row("engine", f"{case.name}: {method}", app, bare, note="; ".join(notes)))
        _progress(rows[-1])
    if not app_all:
        return rows  # nothing comparable to total (only a method without a chainladder equivalent)
    totalled = [m for m in pairs if m not in APPROXIMATE]
    total_app = _sum(app_all, "engine")
    rows.append(
        Row(
            "engine",
            f"{case.name}: all methods",
            total_app,
            _sum(bare_all, "bare chainladder"),
            limit=1.5,
            note=f"sum of: {', '.join(totalled)}",
        )
    )
    for method in sorted(set(crashes) - set(pairs)):
        rows[-1] = replace(rows[-1], note=rows[-1].note + f"; {method} engine crash: {crashes[method]}")
    if case.stacked_source is not None:
        vectorised = _vectorised_row(case, pairs, app_all, repeat)
        if vectorised is not None:
            rows.append(vectorised)
    return rows


def _progress(row: Row) -> None:
    """One line on stderr as each method is timed: a 725-triangle run takes minutes per method."""
    print(
        f"  {row.case}: engine {row.app.median:.2f} s, bare {row.reference.median:.2f} s ({row.ratio:.2f}x)",
        file=sys.stderr,
        flush=True,
    )


def run_method_quiet(method: str) -> Bare:
    """`run_method` of one method name, as a callable of (inputs, assumptions)."""
    return lambda inputs, a: run_method(method, inputs, a)


def _stacked_ok(method: str, stacked: Stacked, a: SegmentAssumptions) -> bool:
    """Whether chainladder fits `method` on all segments at once (also the warm-up of that fit)."""
    try:
        return _quiet(lambda: _stacked_run(method, stacked, a)) is not None
    except (ValueError, ZeroDivisionError, IndexError, KeyError, FloatingPointError, np.linalg.LinAlgError):
        return False


def _vectorised_row(case: EngineCase, pairs: dict[str, list[int]], app_all: list[Timing], repeat: int) -> Row | None:
    """The engine's per-segment total of the methods chainladder can fit on all segments at once, against that fit.

    None when no timed method can be fitted that way (the bootstrap alone, for instance).
    """
    assert case.stacked_source is not None
    stacked = _quiet(case.stacked_source)
    vectorisable = [m for m in pairs if m not in APPROXIMATE and _stacked_ok(m, stacked, case.assumptions)]
    if not vectorisable:
        return None
    totalled = [m for m in pairs if m not in APPROXIMATE]
    app_part = _sum([t for m, t in zip(totalled, app_all, strict=True) if m in vectorisable], "engine")

    def bare() -> None:
        for m in vectorisable:
            _quiet(lambda m=m: _stacked_run(m, stacked, case.assumptions))

    _, bare_time = run_paired(lambda: None, bare, repeat, warmup=0)
    return Row(
        "engine",
        f"{case.name}: vectorised methods",
        app_part,
        Timing("bare chainladder, one multi-index fit", bare_time.times),
        note=f"engine per segment vs chainladder on all segments at once; methods: {', '.join(vectorisable)}",
    )


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Run the engine benchmark, print its table and return its rows."""
    ap = parser(__doc__.splitlines()[0], repeat=3)
    ap.add_argument("--clrd", type=int, default=None, help="use only the first N clrd triangles (default all 775)")
    ap.add_argument("--only", choices=("raa", "china", "clrd"), help="run one case")
    ap.add_argument("--inputs-only", action="store_true", help="time only the building of inputs (seconds, not hours)")
    ap.add_argument(
        "--methods",
        help="comma-separated methods to time (default all); lets the 725-triangle case run as parallel processes",
    )
    args = ap.parse_args(argv)
    repeat = repeats(args)
    rows: list[Row] = []
    for case in cases(args.quick, args.clrd):
        if args.only and not case.name.startswith(args.only):
            continue
        # 775 triangles x every method takes minutes per run: one run unless asked for more.
        case_repeat = repeat if not case.name.startswith("clrd") or args.repeat else 1
        methods = tuple(args.methods.split(",")) if args.methods else tuple(METHODS)
        case_rows = bench_inputs(case, repeat) if args.inputs_only else bench_case(case, case_repeat, methods)
        print_table(f"engine: {case.name} ({case_repeat} runs)", case_rows)
        rows += case_rows
    return rows


if __name__ == "__main__":
    main()
