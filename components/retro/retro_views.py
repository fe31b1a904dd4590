"""Pure builders of the retrospection tables: domain results in, display DataFrames out.

No ``st.*`` here, so every table is testable as a plain function and the same frame is
both shown and downloaded (see `components.core.tables.show_table`). Tables indexed by origin
or segment end with a ``Total`` row that is the sum (ratios recomputed from the sums).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reserving.retrospection import AveResult, ChangeResult, DeviationResult

TOTAL = "Total"
AVE_COLUMNS = ("ibnr_prior", "expected", "actual", "a_minus_e", "a_over_e", "std_err", "flag")
DEVIATION_COLUMNS = ("original", "paid_since", "reserve", "re_estimate", "deviation", "deviation_rate", "flag")
RECORD_COLUMNS = ("segment", "origin", "deviation", "deviation_rate", "cause", "corrective_measure")


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator) / float(denominator) if np.isfinite(denominator) and abs(denominator) > 1e-12 else np.nan


# --------------------------------------------------------------------------- actual vs expected
def ave_origin_table(result: AveResult) -> pd.DataFrame:
    """Tabulate expected, actual, A - E and A/E per origin (with the prior IBNR, s.e. and flag), then the total."""
    frame = result.origins.set_index("origin")[list(AVE_COLUMNS)].copy()
    total = {name: result.total[name] for name in AVE_COLUMNS}
    frame.loc[TOTAL] = pd.Series(total)
    frame["flag"] = frame["flag"].astype(bool)
    return frame


def ave_calendar_table(result: AveResult) -> pd.DataFrame:
    """Actual and expected per calendar period since the prior, then the total."""
    frame = result.calendar.set_index("period")[["expected", "actual", "a_minus_e", "a_over_e"]].copy()
    actual, expected = frame["actual"].sum(), frame["expected"].sum()
    frame.loc[TOTAL] = [expected, actual, actual - expected, _ratio(actual, expected)]
    return frame


def segment_totals_table(
    segments: Sequence[tuple[str, AveResult | DeviationResult]],
    total: AveResult | DeviationResult,
    columns: Sequence[str],
) -> pd.DataFrame:
    """One row per segment (its total line), then the sum over segments; AvE and deviation alike."""
    rows = {label: {name: result.total[name] for name in columns} for label, result in segments}
    rows[TOTAL] = {name: total.total[name] for name in columns}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "segment"
    frame["flag"] = frame["flag"].astype(bool)
    return frame


def ave_segment_table(segments: Sequence[tuple[str, AveResult]], total: AveResult) -> pd.DataFrame:
    """One row of AvE totals per segment, then the sum over segments."""
    return segment_totals_table(segments, total, AVE_COLUMNS)


def ae_grid(result: AveResult) -> pd.DataFrame:
    """A/E by origin (rows) and calendar period (columns); blank where nothing was expected."""
    cells = result.cells.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        cells["a_over_e"] = np.where(cells["expected"].abs() > 1e-12, cells["actual"] / cells["expected"], np.nan)
    grid = cells.pivot_table(index="origin", columns="period", values="a_over_e", sort=False, dropna=False)
    periods = list(dict.fromkeys(result.calendar["period"]))
    origins = list(result.origins["origin"])
    return grid.reindex(index=origins, columns=periods)


def largest_deviations(segments: Sequence[tuple[str, AveResult]], n: int = 5) -> pd.DataFrame:
    """Return the `n` segment/origin lines with the largest ``|A - E|``, largest first."""
    frames = []
    for label, result in segments:
        part = result.origins[["origin", "expected", "actual", "a_minus_e", "a_over_e", "flag"]].copy()
        part.insert(0, "segment", label)
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["segment", "origin", "expected", "actual", "a_minus_e", "a_over_e", "flag"])
    lines = pd.concat(frames, ignore_index=True)
    order = lines["a_minus_e"].abs().sort_values(ascending=False, kind="stable").index
    return lines.loc[order].head(n).reset_index(drop=True)


# --------------------------------------------------------------------------- retrospective deviation
def deviation_table(result: DeviationResult) -> pd.DataFrame:
    """Original reserve, paid since, re-estimated reserve, deviation and its rate per origin, then the total."""
    columns = [*DEVIATION_COLUMNS, "flag_reason", "cause", "corrective_measure"]
    frame = result.origins.set_index("origin")[[c for c in columns if c in result.origins.columns]].copy()
    frame.loc[TOTAL] = pd.Series({name: result.total.get(name, "") for name in frame.columns})
    frame["flag"] = frame["flag"].astype(bool)
    if "flag_reason" in frame.columns:
        frame["flag_reason"] = frame["flag_reason"].fillna("").astype(str)
    return frame


def ave_left_out_table(result: AveResult) -> pd.DataFrame:
    """Origins the comparison leaves out (no prior for them), why, and what emerged on them since."""
    frame = result.left_out.set_index("origin")[["reason", "actual"]]
    return frame.rename(columns={"reason": "left_out_reason"})


def deviation_segment_table(segments: Sequence[tuple[str, DeviationResult]], total: DeviationResult) -> pd.DataFrame:
    """One row of deviation totals per segment, then the sum over segments."""
    return segment_totals_table(segments, total, DEVIATION_COLUMNS)


def deviation_by_valuation(result: DeviationResult) -> pd.DataFrame:
    """Tabulate the total line against every later valuation date (how the re-estimate moved over time)."""
    frame = pd.DataFrame(result.total_by_valuation)
    frame["valuation"] = pd.to_datetime(frame["valuation"]).dt.strftime("%Y-%m-%d")
    return frame.set_index("valuation")[list(DEVIATION_COLUMNS)]


def flagged_lines(
    segments: Sequence[tuple[str, DeviationResult]], records: dict[tuple[str, str], dict[str, str]] | None = None
) -> pd.DataFrame:
    """Every flagged line (segment, origin), with the cause and corrective measure recorded for it so far."""
    records = records or {}
    rows = []
    for label, result in segments:
        flagged = result.origins[result.origins["flag"].astype(bool)]
        for origin, deviation, rate in zip(
            flagged["origin"], flagged["deviation"], flagged["deviation_rate"], strict=True
        ):
            record = records.get((label, origin), {})
            rows.append(
                {
                    "segment": label,
                    "origin": origin,
                    "deviation": float(deviation),
                    "deviation_rate": float(rate),
                    "cause": record.get("cause", ""),
                    "corrective_measure": record.get("corrective_measure", ""),
                }
            )
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def records_from_frame(frame: pd.DataFrame) -> dict[tuple[str, str], dict[str, str]]:
    """Read the edited records table as {(segment, origin): {"cause", "corrective_measure"}}, empty lines left out."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for row in frame.itertuples(index=False):
        cause = "" if pd.isna(row.cause) else str(row.cause).strip()
        measure = "" if pd.isna(row.corrective_measure) else str(row.corrective_measure).strip()
        if cause or measure:
            out[(str(row.segment), str(row.origin))] = {"cause": cause, "corrective_measure": measure}
    return out


# --------------------------------------------------------------------------- analysis of change
def change_steps_table(result: ChangeResult, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Prior, each step with the running total, and current: the waterfall as a table."""
    labels = labels or {}
    rows = [{"step": labels.get("prior", "Prior"), "change": np.nan, "running": result.prior}]
    for step, label, change, running in result.steps[["step", "label", "change", "running"]].itertuples(index=False):
        rows.append({"step": labels.get(step, label), "change": float(change), "running": float(running)})
    rows.append(
        {"step": labels.get("current", "Current"), "change": result.current - result.prior, "running": result.current}
    )
    return pd.DataFrame(rows).set_index("step")


def change_check(result: ChangeResult) -> dict[str, float]:
    """Reconcile: prior + sum of the steps vs current (``difference`` ought to be 0)."""
    steps = float(result.steps["change"].sum())
    return {
        "prior": result.prior,
        "steps": steps,
        "current": result.current,
        "difference": result.prior + steps - result.current,
    }


def change_segment_table(segments: Sequence[tuple[str, ChangeResult]], total: ChangeResult) -> pd.DataFrame:
    """Prior, each step and current per segment, then the sum."""
    rows = {}
    for label, result in [*segments, (TOTAL, total)]:
        rows[label] = {"prior": result.prior, **result.step_values(), "current": result.current}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "segment"
    return frame


def by_origin_table(result: ChangeResult) -> pd.DataFrame:
    """Tabulate the steps per origin (prior, steps, current), then the total."""
    frame = result.by_origin.set_index("origin")
    frame.loc[TOTAL] = frame.sum(numeric_only=True)
    return frame


def rollforward_table(result: ChangeResult) -> pd.DataFrame:
    """Tabulate opening reserve - paid + change = closing reserve per origin, the total last."""
    frame = result.rollforward.set_index("origin")
    return frame.rename(index={"total": TOTAL})


# --------------------------------------------------------------------------- overview
def reserve_movement_table(rows: Sequence[tuple[str, float, float]]) -> pd.DataFrame:
    """Per segment (label, prior IBNR, selected IBNR): the movement and its rate, then the total."""
    frame = pd.DataFrame(rows, columns=["segment", "ibnr_prior", "ibnr"]).set_index("segment")
    frame.loc[TOTAL] = frame.sum()
    frame["movement"] = frame["ibnr"] - frame["ibnr_prior"]
    frame["movement_rate"] = [_ratio(m, p) for m, p in zip(frame["movement"], frame["ibnr_prior"], strict=True)]
    return frame


def booked_movement_table(rows: Sequence[tuple[str, float, float]], total: tuple[float, float]) -> pd.DataFrame:
    """Per segment (label, booked IBNR, selected IBNR) then the given total: the movement against a saved valuation.

    The total is given, not summed: it is the valuation's own booked total (NaN, like a
    segment's booked figure, where the saved record has none to compare with), and a blank
    prior leaves the movement and its rate blank rather than reading it as 0.
    """
    frame = pd.DataFrame(rows, columns=["segment", "ibnr_prior", "ibnr"]).set_index("segment")
    frame.loc[TOTAL] = list(total)
    frame["movement"] = frame["ibnr"] - frame["ibnr_prior"]
    frame["movement_rate"] = [_ratio(m, p) for m, p in zip(frame["movement"], frame["ibnr_prior"], strict=True)]
    return frame


def loss_ratio_frame(ultimate: pd.Series, premium: pd.Series) -> pd.DataFrame:
    """Tabulate the selected ultimate, premium and loss ratio per origin label (blank where there is no premium)."""
    premium = premium.reindex(ultimate.index).astype(float)
    frame = pd.DataFrame({"ultimate": ultimate.astype(float), "premium": premium})
    frame["loss_ratio"] = [_ratio(u, p) for u, p in zip(frame["ultimate"], frame["premium"], strict=True)]
    frame.index.name = "origin"
    return frame
