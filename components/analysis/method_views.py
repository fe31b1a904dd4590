"""Tables the analysis pages show, built from method results: pure functions, no ``st.*``.

Each function takes domain objects (`MethodInputs`, `MethodResult`, assumption objects)
and returns a DataFrame with an ``origin`` (or ``average`` / ``method``) index and stable
column names, so the pages only render and the tests can check the numbers directly.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reserving.assumptions import DevelopmentAssumptions, Selection, TailAssumptions
from reserving.grains import period_start, valuation_at_age
from reserving.methods import METHODS, MethodInputs, MethodResult
from reserving.methods.development import develop
from reserving.methods.results import vector
from reserving.methods.tails import apply_tail, tail_factor

TOTAL = "Total"
COMPARED_METHODS = tuple(name for name, spec in METHODS.items() if not spec.stochastic)
"""Methods compared on the Methods page (Mack and the bootstrap live on the Uncertainty page)."""
OTHER_MEASURE = {"paid": "incurred", "incurred": "paid"}
"""Chain ladder is also run on the other of paid / incurred when the data has it."""
TAIL_COLUMN = "tail"


@dataclass(frozen=True)
class RunSpec:
    """One column of the comparison: a method run on a measure, under a stable key."""

    key: str
    method: str
    measure: str


def comparison_runs(measure: str, measures: Sequence[str]) -> list[RunSpec]:
    """List the runs compared for `measure`: every deterministic method, plus chain ladder on the other measure.

    The key is the method name for the analysed measure and ``method_measure`` for the other
    one (``chainladder_incurred``), so a selection can name either.
    """
    runs = [RunSpec("chainladder", "chainladder", measure)]
    other = OTHER_MEASURE.get(measure)
    if other and other in measures:
        runs.append(RunSpec(f"chainladder_{other}", "chainladder", other))
    runs.extend(RunSpec(name, name, measure) for name in COMPARED_METHODS if name != "chainladder")
    return runs


def run_label(run: RunSpec, measure: str) -> str:
    """Label of a run: the method's label, with the measure for chain ladder ('Chain ladder (paid)')."""
    label = METHODS[run.method].label
    return f"{label} ({run.measure})" if run.method == "chainladder" or run.measure != measure else label


# --------------------------------------------------------------------------- development factors
@dataclass(frozen=True)
class FactorView:
    """Selected factors of one triangle before and after the tail.

    Attributes
    ----------
    factors : DataFrame
        One row per link (index ``link`` such as ``12-24``): ``age`` (from-age, months),
        ``observed`` (the selected average before any tail), ``selected`` (the factor used,
        which a curve fit may replace from its attachment age) and ``cdf`` (to ultimate,
        tail included).
    tail : DataFrame
        Factors beyond the last age (index ``link``, column ``selected``); empty without a tail.
    tail_factor : float
        Product of the factors beyond the last observed age (1.0 without a tail).
    """

    factors: pd.DataFrame
    tail: pd.DataFrame
    tail_factor: float


def factor_view(
    inputs: MethodInputs, development: DevelopmentAssumptions, tail: TailAssumptions, growth: str
) -> FactorView:
    """Fit the selected factors and the tail of the analysed triangle (raises `AssumptionError`)."""
    tri = inputs.triangle
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        developed = develop(tri, development, inputs.origin_labels)
        tailed = apply_tail(developed, tail, growth)
    n_body = len(tri.development) - 1
    observed = np.asarray(developed.ldf_.values, dtype=float)[0, 0, 0][:n_body]
    used = np.nan_to_num(np.asarray(tailed.ldf_.values, dtype=float)[0, 0, 0], nan=1.0)
    links = [str(label) for label in tailed.ldf_.development]
    factor = tail_factor(tailed, n_body)
    cdf = np.cumprod(used[:n_body][::-1])[::-1] * factor
    factors = pd.DataFrame(
        {
            "age": [int(link.split("-")[0]) for link in links[:n_body]],
            "observed": observed,
            "selected": used[:n_body],
            "cdf": cdf,
        },
        index=pd.Index(links[:n_body], name="link"),
    )
    tail_rows = pd.DataFrame({"selected": used[n_body:]}, index=pd.Index(links[n_body:], name="link"))
    return FactorView(factors=factors, tail=tail_rows, tail_factor=factor)


def development_table(averages: pd.DataFrame, view: FactorView) -> pd.DataFrame:
    """Stack the averages with the selected factors and the CDF under them, and a ``tail`` column.

    Rows are ``Selected`` and ``CDF`` first (always in view), then the averages
    (``Volume all`` ...); the tail column holds the tail factor in both (the CDF from beyond
    the last age is the tail).
    """
    links = list(averages.columns)
    selected = view.factors["selected"].reindex(links)
    cdf = view.factors["cdf"].reindex(links)
    head = pd.DataFrame(
        [[*selected.to_numpy(), view.tail_factor], [*cdf.to_numpy(), view.tail_factor]],
        index=["Selected", "CDF"],
        columns=[*links, TAIL_COLUMN],
    )
    body = averages.copy()
    body[TAIL_COLUMN] = np.nan
    table = pd.concat([head, body])
    table.index.name = "average"
    return table


def excluded_links(
    development: DevelopmentAssumptions, valuations: Mapping[tuple[str, int], str]
) -> tuple[tuple[str, int], ...]:
    """Every link ratio left out, as (origin, from-age): the single cells and those on excluded diagonals."""
    cells = set(development.excluded_cells)
    dropped = set(development.excluded_valuations)
    cells.update(cell for cell, valuation in valuations.items() if valuation in dropped)
    return tuple(sorted(cells))


def cell_label(origin: str, age: int) -> str:
    """Text of one link ratio for pickers: the origin and the age it develops from ('1981 @ 12')."""
    return f"{origin} @ {age}"


def parse_cell_label(text: str) -> tuple[str, int]:
    """Inverse of `cell_label`."""
    origin, _, age = text.rpartition(" @ ")
    return origin, int(age)


def link_cells(ratios: pd.DataFrame) -> list[tuple[str, int]]:
    """Every observed link ratio of a link-ratio grid as (origin label, from-age)."""
    cells = []
    for origin, row in ratios.iterrows():
        for link, value in row.items():
            if pd.notna(value):
                cells.append((str(origin), int(str(link).split("-")[0])))
    return cells


def link_valuations(ratios: pd.DataFrame, origin_grain: str) -> dict[tuple[str, int], str]:
    """Valuation date (the diagonal) of each link ratio: the date of its later cell, ``YYYY-MM-DD``."""
    out = {}
    for origin, row in ratios.iterrows():
        start = period_start(_origin_timestamp(str(origin), origin_grain), origin_grain)
        for link, value in row.items():
            if pd.notna(value):
                to_age = int(str(link).split("-")[1])
                out[(str(origin), int(str(link).split("-")[0]))] = valuation_at_age(start, to_age).strftime("%Y-%m-%d")
    return out


def _origin_timestamp(label: str, grain: str) -> pd.Timestamp:
    """First day of an origin label ('1981', '2019Q1', '2019H2', '2019-03')."""
    if grain == "S" and "H" in label:
        year, half = label.split("H")
        return pd.Timestamp(int(year), 1 if half == "1" else 7, 1)
    return pd.Period(label, freq={"Y": "Y", "Q": "Q", "M": "M"}.get(grain, "Y")).to_timestamp(how="s")


def excluded_mask(
    ratios: pd.DataFrame, development: DevelopmentAssumptions, valuations: Mapping[tuple[str, int], str]
) -> pd.DataFrame:
    """Boolean grid shaped like `ratios`: True where a link ratio is left out (by cell or by diagonal)."""
    cells = set(development.excluded_cells)
    diagonals = set(development.excluded_valuations)
    mask = pd.DataFrame(False, index=ratios.index, columns=ratios.columns)
    for origin in ratios.index:
        for link in ratios.columns:
            cell = (str(origin), int(str(link).split("-")[0]))
            if cell in cells or valuations.get(cell) in diagonals:
                mask.loc[origin, link] = True
    return mask


def overrides_row(links: Sequence[str], development: DevelopmentAssumptions) -> pd.DataFrame:
    """One-row frame of typed factors by link (blank where the computed factor is used), for the editor."""
    typed = dict(development.overrides)
    values = [typed.get(int(str(link).split("-")[0])) for link in links]
    row = pd.DataFrame([values], columns=[str(link) for link in links], dtype=float)
    row.index = pd.Index(["override"], name="factor")
    return row


def overrides_from_row(row: pd.DataFrame) -> tuple[tuple[int, float], ...]:
    """Typed factors of the editor row as (from-age, factor); blank or non-positive cells are ignored."""
    pairs = []
    for link, value in row.iloc[0].items():
        if value is not None and pd.notna(value) and float(value) > 0:
            pairs.append((int(str(link).split("-")[0]), float(value)))
    return tuple(sorted(pairs))


# --------------------------------------------------------------------------- method comparison
def latest_of(inputs: MethodInputs, measure: str) -> np.ndarray | None:
    """Latest diagonal of one measure of the inputs, or None when the data lacks it."""
    if not inputs.has(measure):
        return None
    return vector(inputs.triangles[measure].latest_diagonal)


def comparison_tables(
    results: Mapping[str, MethodResult],
    labels: Mapping[str, str],
    inputs: MethodInputs,
) -> dict[str, pd.DataFrame]:
    """Ultimates, IBNR, reserves and loss ratios of every run, origins down, runs across, with a total.

    IBNR is the ultimate less the latest of the analysed measure (the engine's definition,
    applied to every run so a chain ladder on the other measure compares like with like);
    the reserve is the ultimate less paid to date (blank without a paid triangle).
    """
    origins = pd.Index(list(inputs.origin_labels), name="origin")
    latest = vector(inputs.triangle.latest_diagonal)
    paid = latest_of(inputs, "paid")
    premium = inputs.premium
    tables: dict[str, pd.DataFrame] = {}
    ultimates = pd.DataFrame(
        {labels[key]: result.origins["ultimate"].to_numpy(dtype=float) for key, result in results.items()},
        index=origins,
    )
    tables["ultimate"] = _with_total(ultimates)
    tables["ibnr"] = _with_total(ultimates.sub(latest, axis=0))
    reserve = ultimates.sub(paid, axis=0) if paid is not None else ultimates * np.nan
    tables["reserve"] = _with_total(reserve)
    if premium is not None:
        ratios = ultimates.div(premium, axis=0)
        total = ultimates.sum() / float(np.nansum(premium))
        tables["loss_ratio"] = pd.concat([ratios, total.to_frame(TOTAL).T]).rename_axis("origin")
    return tables


def _with_total(frame: pd.DataFrame) -> pd.DataFrame:
    total = frame.sum(min_count=1).to_frame(TOTAL).T
    return pd.concat([frame, total]).rename_axis("origin")


def totals_table(results: Mapping[str, MethodResult], labels: Mapping[str, str], inputs: MethodInputs) -> pd.DataFrame:
    """One row per run: latest, ultimate, IBNR and reserve in total (loss ratios are in their own table)."""
    tables = comparison_tables(results, labels, inputs)
    latest = float(np.nansum(vector(inputs.triangle.latest_diagonal)))
    rows = {}
    for label in tables["ultimate"].columns:
        rows[label] = {
            "latest": latest,
            "ultimate": tables["ultimate"].loc[TOTAL, label],
            "ibnr": tables["ibnr"].loc[TOTAL, label],
            "reserve": tables["reserve"].loc[TOTAL, label],
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "method"
    return frame


# --------------------------------------------------------------------------- selection
def selected_table(selected: pd.DataFrame, inputs: MethodInputs) -> pd.DataFrame:
    """Tabulate the selection by origin with a total: latest, ultimate, IBNR, reserve, loss ratio %, method."""
    frame = selected.set_index("origin")[["latest", "ultimate", "ibnr", "method", "reason"]].copy()
    paid = latest_of(inputs, "paid")
    frame.insert(3, "reserve", frame["ultimate"] - paid if paid is not None else np.nan)
    premium = inputs.premium
    frame.insert(4, "loss_ratio_pct", 100 * frame["ultimate"] / premium if premium is not None else np.nan)
    total = {col: frame[col].sum(min_count=1) for col in ("latest", "ultimate", "ibnr", "reserve")}
    total["loss_ratio_pct"] = 100 * total["ultimate"] / float(np.nansum(premium)) if premium is not None else np.nan
    total.update({"method": "", "reason": ""})
    frame.loc[TOTAL] = total
    frame.index.name = "origin"
    return frame


def selection_changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Tabulate what changed between two selections, by origin: methods, ultimates and the change, with a total."""
    prev = previous.set_index("origin")
    cur = current.set_index("origin")
    frame = pd.DataFrame(
        {
            "previous_method": prev["method"],
            "method": cur["method"],
            "previous_ultimate": prev["ultimate"].astype(float),
            "ultimate": cur["ultimate"].astype(float),
        }
    )
    frame["change"] = frame["ultimate"] - frame["previous_ultimate"]
    frame.loc[TOTAL] = {
        "previous_method": "",
        "method": "",
        "previous_ultimate": frame["previous_ultimate"].sum(),
        "ultimate": frame["ultimate"].sum(),
        "change": frame["change"].sum(),
    }
    frame.index.name = "origin"
    return frame


def long_ultimates(results: Mapping[str, MethodResult], labels: Mapping[str, str]) -> pd.DataFrame:
    """Tidy (origin, method, ultimate) rows of every run, for the comparison chart."""
    rows = [
        {"origin": str(origin), "method": labels[key], "ultimate": float(ult)}
        for key, result in results.items()
        for origin, ult in zip(result.origins["origin"], result.origins["ultimate"], strict=True)
    ]
    return pd.DataFrame(rows, columns=["origin", "method", "ultimate"])


# --------------------------------------------------------------------------- uncertainty
def mack_table(by_sigma: Mapping[str, MethodResult]) -> pd.DataFrame:
    """Mack IBNR and s.e. by origin under each sigma extrapolation, with the one-year CDR s.e. and a total."""
    first = next(iter(by_sigma.values()))
    frame = pd.DataFrame(index=pd.Index(list(first.origins["origin"]), name="origin"))
    frame["latest"] = first.origins["latest"].to_numpy(dtype=float)
    frame["ultimate"] = first.origins["ultimate"].to_numpy(dtype=float)
    frame["ibnr"] = first.origins["ibnr"].to_numpy(dtype=float)
    totals = {"latest": first.total["latest"], "ultimate": first.total["ultimate"], "ibnr": first.total["ibnr"]}
    for sigma, result in by_sigma.items():
        frame[f"std_err_{sigma}"] = result.origins["std_err"].to_numpy(dtype=float)
        totals[f"std_err_{sigma}"] = result.total["std_err"]
    for sigma, result in by_sigma.items():
        frame[f"cdr_std_err_{sigma}"] = result.origins["cdr_std_err"].to_numpy(dtype=float)
        totals[f"cdr_std_err_{sigma}"] = result.total["cdr_std_err"]
    frame.loc[TOTAL] = totals
    return frame


def percentile_table(result: MethodResult) -> pd.DataFrame:
    """Bootstrap IBNR percentiles by origin and in total, with the mean and s.e."""
    origin_pct = result.details["origin_percentiles"].set_index("origin")
    frame = pd.DataFrame(index=origin_pct.index)
    frame["mean"] = result.origins["ibnr"].to_numpy(dtype=float)
    frame["std_err"] = result.origins["std_err"].to_numpy(dtype=float)
    for col in origin_pct.columns:
        frame[f"p{col}"] = origin_pct[col].to_numpy(dtype=float)
    total = {"mean": result.details["mean"], "std_err": result.details["std_err"]}
    total.update({f"p{k}": v for k, v in result.details["percentiles"].items()})
    frame.loc[TOTAL] = total
    frame.index.name = "origin"
    return frame


# --------------------------------------------------------------------------- selection editor frames
BLEND = "blend"
"""Method-column value of an origin whose ultimate is a weighted blend of the weight columns."""


def weight_column(label: str) -> str:
    """Name of the weight column of one run in the selection editor."""
    return f"weight: {label}"


def selection_frame(selection: Selection, origins: Sequence[str], labels: Mapping[str, str]) -> pd.DataFrame:
    """Build the editor table of a selection: per origin the method label (or `BLEND`), the reason and weights."""
    rows = []
    for origin in origins:
        weights, reason = selection.weights_for(origin)
        row: dict[str, object] = {"origin": origin}
        if len(weights) == 1:
            row["method"] = labels.get(weights[0][0], weights[0][0])
        else:
            row["method"] = BLEND
        given = dict(weights) if len(weights) > 1 else {}
        for key, label in labels.items():
            row[weight_column(label)] = given.get(key, np.nan)
        row["reason"] = reason
        rows.append(row)
    return pd.DataFrame(rows).set_index("origin")


def selection_from_frame(frame: pd.DataFrame, labels: Mapping[str, str], default_method: str) -> Selection:
    """Read the editor table back into a `Selection` (raises `AssumptionError` for a blend without weights)."""
    by_label = {label: key for key, label in labels.items()}
    entries = []
    for origin, row in frame.iterrows():
        reason = "" if pd.isna(row.get("reason")) else str(row.get("reason"))
        method = row.get("method")
        if method == BLEND:
            weights = tuple(
                (key, float(row[weight_column(label)]))
                for key, label in labels.items()
                if pd.notna(row.get(weight_column(label))) and float(row[weight_column(label)]) > 0
            )
        else:
            weights = ((by_label.get(str(method), str(method)), 1.0),)
        entries.append((str(origin), weights, reason))
    return Selection(by_origin=tuple(entries), default_method=default_method)
