"""UPR of 1,000,000 synthetic policies, vectorised, against a plain pandas computation of the same.

Cases (each against its own reference, interleaved run by run):

- ``1/365``: `reserving.unexpired.compute_upr` (row-level shares, cancellations, acquisition
  cost, per branch x line, per line and total) against pandas alone computing remaining days
  over cover days and summing by branch and line; the target is 3 s on the 2-core machine;
- ``rule of 78``: the same with the rule of 78 by whole months;
- ``with opening date``: the statement with earned premium (two valuations of every row);
- ``read listing``: `read_listing_bytes` on a 200,000-row CSV with Chinese headers (the
  project's reader, column recognition, parsing and validation) against ``pandas.read_csv``
  with parsed dates.

The figures are also compared: the engine's 1/365 total must equal the plain pandas total.
Not a timed test (`tests/unit/test_bench_smoke.py` style): it prints a table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bench.common import Row, Timing, parser, print_table, repeats, run_paired
from reserving.unexpired import UprSettings, compute_upr, read_listing_bytes
from reserving.unexpired.listing import POLICY_COLUMNS

N_POLICIES = 1_000_000
QUICK_POLICIES = 10_000
N_LISTING = 200_000
QUICK_LISTING = 2_000
TARGET_SECONDS = 3.0
VALUATION = "2024-12-31"


def synthetic_policies(n: int, seed: int = 2024) -> pd.DataFrame:
    """A policy frame as `read_listing` returns it: 3 lines x 30 branches, 2023-2025 starts, some short terms."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365, n), unit="D")
    days = np.where(rng.random(n) < 0.1, rng.choice([90, 182], n), 365)
    end = start + pd.to_timedelta(days - 1, unit="D")
    premium = rng.lognormal(0, 0.6, n).round(2)
    cancelled = rng.random(n) < 0.02
    cancel = pd.Series(start + pd.to_timedelta(days // 2, unit="D")).where(cancelled)
    frame = pd.DataFrame(
        {
            "row": np.arange(2, n + 2),
            "policy_id": np.char.add("P", np.arange(n).astype(str)),
            "branch": np.char.add("B", rng.integers(0, 30, n).astype(str)),
            "line": np.array(["motor", "property", "liability"])[rng.integers(0, 3, n)],
            "start_date": start.astype("datetime64[s]"),
            "end_date": end.astype("datetime64[s]"),
            "written_premium": premium,
            "acquisition_cost": (premium * 0.12).round(2),
            "cancel_date": cancel.astype("datetime64[s]"),
            "refund": np.where(cancelled, (premium / 2).round(2), 0.0),
            "ceded_premium": np.nan,
            "ceded_commission": np.nan,
            "compulsory": False,
            "endorsement": False,
        }
    )
    frame["earn_start"] = frame["start_date"]
    frame["written_date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    return frame[list(POLICY_COLUMNS)]


def listing_csv(frame: pd.DataFrame) -> bytes:
    """The frame as a UTF-8 CSV policy listing with the china sample's Chinese headers."""
    out = frame[["policy_id", "branch", "line", "start_date", "end_date", "written_premium", "acquisition_cost"]].copy()
    for col in ("start_date", "end_date"):
        out[col] = out[col].dt.strftime("%Y-%m-%d")
    out.columns = ["保单号", "分支机构", "险种", "起保日期", "终止日期", "签单保费", "保单获取成本"]
    return out.to_csv(index=False).encode("utf-8")


def plain_read(data: bytes) -> pd.DataFrame:
    """pandas alone reading the same CSV with its two date columns."""
    return pd.read_csv(io.BytesIO(data), parse_dates=["起保日期", "终止日期"])


def plain_daily(frame: pd.DataFrame, valuation: str) -> pd.DataFrame:
    """1/365 with pandas alone: remaining days after 24:00 of V over cover days, none once cancelled."""
    when = pd.Timestamp(valuation)
    cover = (frame["end_date"] - frame["start_date"]).dt.days + 1
    remaining = (frame["end_date"] - when).dt.days.clip(lower=0, upper=cover)
    share = (remaining / cover).where(~(frame["cancel_date"] <= when), 0.0)
    out = frame[["branch", "line"]].assign(
        upr_gross=frame["written_premium"] * share, unexpired_acquisition_cost=frame["acquisition_cost"] * share
    )
    return out.groupby(["branch", "line"]).sum()


def plain_rule78(frame: pd.DataFrame, valuation: str) -> pd.DataFrame:
    """Rule of 78 with pandas alone (whole months by year/month/day arithmetic)."""
    when = pd.Timestamp(valuation) + pd.Timedelta(days=1)
    start, end1 = frame["start_date"], frame["end_date"] + pd.Timedelta(days=1)
    n = ((end1.dt.year - start.dt.year) * 12 + end1.dt.month - start.dt.month + (end1.dt.day > start.dt.day)).clip(
        lower=1
    )
    k = (when.year - start.dt.year) * 12 + when.month - start.dt.month - (when.day < start.dt.day)
    k = k.clip(lower=0).clip(upper=n)
    share = ((n - k) * (n - k + 1) / (n * (n + 1))).where(frame["end_date"] > pd.Timestamp(valuation), 0.0)
    share = share.where(~(frame["cancel_date"] <= pd.Timestamp(valuation)), 0.0)
    return (
        frame[["branch", "line"]].assign(upr_gross=frame["written_premium"] * share).groupby(["branch", "line"]).sum()
    )


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Time the cases, check the totals agree, print the table and return its rows."""
    args = parser(__doc__.splitlines()[0], repeat=5).parse_args(argv)
    n = QUICK_POLICIES if args.quick else N_POLICIES
    frame = synthetic_policies(n)
    daily, r78 = UprSettings(VALUATION), UprSettings(VALUATION, method="78")
    opening = UprSettings(VALUATION, opening_date="2023-12-31")
    engine = compute_upr(frame, daily).total["upr_gross"]
    plain = plain_daily(frame, VALUATION)["upr_gross"].sum()
    engine78 = compute_upr(frame, r78).total["upr_gross"]
    plain78 = plain_rule78(frame, VALUATION)["upr_gross"].sum()
    for name, a, b in (("1/365", engine, plain), ("rule of 78", engine78, plain78)):
        if not np.isclose(a, b, rtol=1e-10):
            raise SystemExit(f"{name}: the engine's total {a!r} differs from the plain pandas total {b!r}")
    r = repeats(args)
    rows = []
    labels = ("engine", "plain pandas")
    app, ref = run_paired(lambda: compute_upr(frame, daily), lambda: plain_daily(frame, VALUATION), r, labels=labels)
    rows.append(Row("upr", f"1/365, {n:,} policies", app, ref, note=f"UPR {engine:,.2f} = pandas {plain:,.2f}"))
    rows.append(
        Row(
            "upr",
            f"1/365, {n:,} policies vs {TARGET_SECONDS:g} s",
            app,
            Timing.fixed("target", TARGET_SECONDS),
            limit=1.0,
        )
    )
    app, ref = run_paired(lambda: compute_upr(frame, r78), lambda: plain_rule78(frame, VALUATION), r, labels=labels)
    rows.append(
        Row("upr", f"rule of 78, {n:,} policies", app, ref, note=f"UPR {engine78:,.2f} = pandas {plain78:,.2f}")
    )
    app, ref = run_paired(lambda: compute_upr(frame, opening), lambda: plain_daily(frame, VALUATION), r, labels=labels)
    rows.append(Row("upr", f"1/365 + opening date, {n:,} policies", app, ref, note="two valuations of every row"))
    data = listing_csv(frame.iloc[: QUICK_LISTING if args.quick else N_LISTING])
    app, ref = run_paired(
        lambda: read_listing_bytes(data, "p.csv").require(), lambda: plain_read(data), r, labels=labels
    )
    rows.append(Row("upr", f"read listing, {len(data) / 2**20:.0f} MB CSV", app, ref, note="reader + validation"))
    print_table(f"upr ({r} runs)", rows)
    return rows


if __name__ == "__main__":
    main()
