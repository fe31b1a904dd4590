"""Tidy results of every method: one frame per origin with stable columns, plus a total.

chainladder returns triangles whose `to_frame()` names the ultimate column after the
year 2261 and leaves the IBNR of fully developed origins NaN (upstream issue #181). Every
method here hands plain numpy vectors to `build_result`, which is the single place that
shapes them into the public columns, so pages, the CLI and the selection all read the same
names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import chainladder as cl
import numpy as np
import pandas as pd

from reserving.methods.inputs import MethodInputs

BASE_COLUMNS = ("origin", "latest", "ultimate", "ibnr", "std_err", "premium", "loss_ratio", "cdf")
"""Columns every method frame has, in this order; methods may append their own after them."""


@dataclass(frozen=True, eq=False)
class MethodResult:
    """The outcome of one method on one triangle.

    Attributes
    ----------
    method : str
        Method name as the CLI knows it (``chainladder``, ``mack`` ...).
    measure : str
        Measure the ultimates are of (``incurred``, ``paid`` ...).
    origins : pandas.DataFrame
        One row per origin with `BASE_COLUMNS` (NaN where a value is unknown) and extras.
    total : dict
        Totals of the same columns; ``std_err`` is the method's own total (never a sum).
    details : dict
        Method-specific fitted quantities (implied loss ratio, simulated distribution ...).
    warnings : tuple of str
        What the user must know to read the figures: a setting the method ignores, a figure
        it refuses to give, data that distorts it. Shown beside the result by the pages and
        printed by the command line; empty when there is nothing to say.
    """

    method: str
    measure: str
    origins: pd.DataFrame
    total: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def vector(tri: cl.Triangle) -> np.ndarray:
    """Values of a single-index, single-column, one-age triangle (an ultimate, a latest) by origin."""
    values = np.asarray(tri.values, dtype=float)
    return values[0, 0, :, -1].copy()


def latest_ages(tri: cl.Triangle) -> np.ndarray:
    """Index of the latest observed age of each origin (-1 where the origin has no data)."""
    values = np.asarray(tri.values, dtype=float)[0, 0]
    observed = ~np.isnan(values)
    last = np.where(observed.any(axis=1), observed.shape[1] - 1 - np.argmax(observed[:, ::-1], axis=1), -1)
    return last


def cdf_at_latest(developed: cl.Triangle) -> np.ndarray:
    """Cumulative development factor to ultimate from each origin's latest age (tail included)."""
    ldf = np.asarray(developed.ldf_.values, dtype=float)[0, 0, 0]
    ldf = np.nan_to_num(ldf, nan=1.0)
    cdf = np.append(np.cumprod(ldf[::-1])[::-1], 1.0)
    ages = latest_ages(developed)
    return np.array([cdf[k] if 0 <= k < len(cdf) else (1.0 if k >= 0 else np.nan) for k in ages])


def nil_origins(inputs: MethodInputs, ultimate: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Give origins with nothing reported a chain-ladder ultimate (and so IBNR) of 0, and say so.

    Returns the ultimates and the warnings; the latest value stays blank (it may be a zero or
    no data at all, which chainladder does not tell apart).

    chainladder stores a zero cell as missing, so an origin whose values are all zero has no
    latest value and its chain-ladder ultimate comes back NaN (a blank in every table and a
    hole in the total). Developing zero gives zero; the warning tells the user that chain
    ladder cannot see claims that have not been reported, so an a-priori method fits better.
    """
    latest = vector(inputs.triangle.latest_diagonal)
    nil = np.isnan(latest) & np.isnan(np.asarray(ultimate, dtype=float))
    if not nil.any():
        return ultimate, ()
    labels = ", ".join(label for label, flag in zip(inputs.origin_labels, nil, strict=True) if flag)
    warning = (
        f"Nothing is reported yet for {labels} (only zero or empty cells): chain ladder develops that to an "
        "ultimate of 0. Use an a-priori method (expected loss ratio, Bornhuetter-Ferguson) for such origins."
    )
    return np.where(nil, 0.0, ultimate), (warning,)


def build_result(
    method: str,
    inputs: MethodInputs,
    ultimate: np.ndarray,
    *,
    std_err: np.ndarray | None = None,
    total_std_err: float | None = None,
    cdf: np.ndarray | None = None,
    extra_columns: Mapping[str, np.ndarray] | None = None,
    extra_total: Mapping[str, float] | None = None,
    details: Mapping[str, Any] | None = None,
    latest: np.ndarray | None = None,
    warnings: tuple[str, ...] | list[str] = (),
) -> MethodResult:
    """Shape per-origin vectors into a `MethodResult`.

    IBNR is ``ultimate - latest`` computed here, so fully developed origins get 0 rather
    than chainladder's NaN; an ultimate chainladder left NaN on a fully developed origin
    (CDF 1) is the latest value, and an origin without values but with an ultimate has all of it as IBNR.
    """
    latest = vector(inputs.triangle.latest_diagonal) if latest is None else np.asarray(latest, dtype=float)
    ultimate = np.asarray(ultimate, dtype=float).copy()
    if cdf is not None:
        done = np.isnan(ultimate) & np.isclose(np.asarray(cdf, dtype=float), 1.0)
        ultimate[done] = latest[done]
    # an origin with no value yet but an ultimate (from premium) has nothing reported: its IBNR is
    # the whole ultimate, so the total IBNR stays total ultimate - total latest
    reported = np.where(np.isnan(latest) & np.isfinite(ultimate), 0.0, latest)
    premium = inputs.premium if inputs.premium is not None else np.full(len(latest), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        loss_ratio = np.where(premium > 0, ultimate / premium, np.nan)
    frame = pd.DataFrame(
        {
            "origin": list(inputs.origin_labels),
            "latest": latest,
            "ultimate": ultimate,
            "ibnr": ultimate - reported,
            "std_err": np.full(len(latest), np.nan) if std_err is None else np.asarray(std_err, dtype=float),
            "premium": premium,
            "loss_ratio": loss_ratio,
            "cdf": np.full(len(latest), np.nan) if cdf is None else np.asarray(cdf, dtype=float),
        }
    )
    for name, values in (extra_columns or {}).items():
        frame[name] = np.asarray(values, dtype=float)
    total = totals(frame, total_std_err)
    total.update({k: float(v) for k, v in (extra_total or {}).items()})
    return MethodResult(
        method=method,
        measure=inputs.measure,
        origins=frame,
        total=total,
        details=dict(details or {}),
        warnings=tuple(warnings),
    )


def totals(frame: pd.DataFrame, std_err: float | None = None) -> dict[str, float]:
    """Total row of a result frame; the s.e. is passed in because s.e.s do not add up."""
    latest = float(frame["latest"].sum())
    ultimate = float(frame["ultimate"].sum())
    premium = float(frame["premium"].sum(min_count=1)) if frame["premium"].notna().all() else float("nan")
    return {
        "latest": latest,
        "ultimate": ultimate,
        "ibnr": float(frame["ibnr"].sum()),
        "std_err": float("nan") if std_err is None else float(std_err),
        "premium": premium,
        "loss_ratio": ultimate / premium if premium and premium > 0 else float("nan"),
    }
