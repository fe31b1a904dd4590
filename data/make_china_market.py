"""Generate the synthetic China-market sample in data/china_market/ (seeded, byte for byte reproducible).

A fictitious non-life company with three branches (北京, 上海, 广东) and a head office
(总公司) that writes no business, three lines (车险 motor, 企财险 commercial property,
责任险 liability), accident quarters 2019Q1-2024Q4 developed quarterly to 2024-12-31.
Amounts are in 10,000 yuan (万元) with two decimals; counts are integers.

Files written:
- claims.csv: cumulative paid, incurred, case reserve, reported and closed counts and
  earned premium by branch, line, accident quarter and valuation date (Chinese headers).
- claims_reported_2023-12-31.csv: the data as originally reported at 2023-12-31; a few
  cells were later restated, so it differs from claims.csv cut back to that date in
  exactly the cells listed in RESTATEMENTS.
- policies.csv: about 2,000 policies written 2023-2024 for the unearned premium reserve.
- expenses.csv: paid ALAE and ULAE by calendar year and branch, head office included.

Run ``python data/make_china_market.py [--out DIR]``; the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20241231
FIRST_ORIGIN = pd.Period("2019Q1", freq="Q")
N_ORIGINS = 24  # 2019Q1-2024Q4
VALUATION = pd.Timestamp("2024-12-31")
PRIOR_VALUATION = pd.Timestamp("2023-12-31")
OUT_DIR = Path(__file__).resolve().parent / "china_market"

BRANCHES = {"北京": 1.0, "上海": 1.25, "广东": 1.5}  # branch -> size relative to Beijing
HEAD_OFFICE = "总公司"


@dataclass(frozen=True)
class LineProfile:
    """How one line of business behaves; development patterns are Weibull in quarters."""

    name: str
    premium: float  # quarterly earned premium of a size-1 branch in 2019Q1, 10,000 yuan
    loss_ratio: float  # expected ultimate loss ratio
    severity: float  # mean ultimate claim size in 2019, 10,000 yuan
    severity_cv: float  # spread of the average severity of one cell
    report: tuple[float, float]  # (scale, shape) of the claim-count reporting delay
    close: tuple[float, float]  # closing delay of claim counts
    pay: tuple[float, float]  # payment pattern of amounts
    case: tuple[float, float]  # recognition pattern of amounts in incurred
    adequacy: float  # case-reserve adequacy at the first quarter (rises to 1)
    acquisition: float  # acquisition cost ratio of written premium
    policy_premium: float  # mean written premium of one policy, 10,000 yuan
    policy_share: float  # share of the policy count


LINES = (
    LineProfile(
        "车险", 3000.0, 0.66, 0.55, 0.06, (0.45, 1.0), (1.6, 1.3), (1.8, 1.3), (0.8, 1.1), 0.92, 0.12, 0.45, 0.62
    ),
    LineProfile(
        "企财险", 900.0, 0.52, 7.5, 0.15, (1.0, 1.0), (3.5, 1.2), (4.0, 1.2), (1.5, 1.0), 0.88, 0.16, 6.0, 0.23
    ),
    LineProfile(
        "责任险", 600.0, 0.60, 4.0, 0.18, (2.5, 0.9), (9.0, 1.1), (11.0, 1.2), (4.0, 0.9), 0.85, 0.13, 3.0, 0.15
    ),
)
INFLATION = 0.04  # severity trend per year
PREMIUM_GROWTH = 0.018  # per quarter

# Large-loss shocks: (branch, line, accident quarter, amount, claim count, reporting quarter, paying quarters)
SHOCKS = (
    ("广东", "企财险", "2021Q3", 2600.0, 40, 1, 4),  # typhoon
    ("上海", "责任险", "2022Q2", 1500.0, 1, 3, 10),  # one large liability claim reported late
    ("北京", "车险", "2023Q3", 1100.0, 900, 1, 3),  # rainstorm and flood
)

# Cells of the 2023-12-31 snapshot as originally reported, later corrected in claims.csv:
# (branch, line, accident quarter, valuation, measure, original minus corrected value)
RESTATEMENTS = (
    ("上海", "企财险", "2023Q2", "2023-12-31", "case_reserve", 180.0),  # case reserve later reduced
    ("北京", "车险", "2023Q3", "2023-12-31", "paid", -150.0),  # a payment booked in the wrong quarter
    ("广东", "责任险", "2022Q4", "2023-09-30", "reported_count", -3),  # a batch of claims registered late
    ("广东", "责任险", "2022Q4", "2023-12-31", "reported_count", -3),
)

CLAIM_HEADERS = {
    "origin": "事故季度",
    "valuation": "评估日期",
    "branch": "分支机构",
    "line": "险种",
    "paid": "已决赔款",
    "incurred": "已发生赔款",
    "case_reserve": "未决赔款",
    "reported_count": "已报案件数",
    "closed_count": "已结案件数",
    "premium": "已赚保费",
}
POLICY_HEADERS = ("保单号", "分支机构", "险种", "起保日期", "终止日期", "签单保费", "保单获取成本")
EXPENSE_HEADERS = ("日历年度", "分支机构", "已付直接理赔费用", "已付间接理赔费用")


def weibull(ages: np.ndarray, pattern: tuple[float, float]) -> np.ndarray:
    """Share developed by the end of development quarter `ages` (1, 2, ...)."""
    scale, shape = pattern
    return 1.0 - np.exp(-((ages / scale) ** shape))


def delay_counts(rng: np.random.Generator, total: int, pattern: tuple[float, float], n_dev: int) -> np.ndarray:
    """Cumulative number of `total` events that happened by the end of each development quarter."""
    ages = np.arange(0, n_dev + 1, dtype=float)
    cdf = weibull(ages, pattern)
    probs = np.diff(cdf)
    probs = np.append(probs, 1.0 - probs.sum())
    draws = rng.multinomial(total, probs)
    return np.cumsum(draws[:n_dev])


def to_cents(values: np.ndarray) -> np.ndarray:
    """Amounts in 10,000 yuan rounded to two decimals, held as integers so sums are exact."""
    return np.rint(np.asarray(values) * 100).astype(np.int64)


def simulate_cell(rng: np.random.Generator, line: LineProfile, scale: float, q: int) -> dict[str, np.ndarray | float]:
    """One branch x line x accident quarter: cumulative arrays over its observed development quarters."""
    n_dev = N_ORIGINS - q
    ages = np.arange(1, n_dev + 1, dtype=float)
    premium = line.premium * scale * (1 + PREMIUM_GROWTH) ** q * rng.lognormal(0.0, 0.03)
    season = 1.0 + 0.05 * np.cos(2 * np.pi * (q % 4) / 4)  # more claims in winter quarters
    covid = 0.75 if line.name == "车险" and q in (4, 5) else 1.0  # 2020Q1-Q2: less traffic
    severity = line.severity * (1 + INFLATION) ** (q / 4)
    n_claims = int(rng.poisson(premium * line.loss_ratio * season * covid / severity))
    cell_severity = severity * rng.lognormal(-0.5 * line.severity_cv**2, line.severity_cv)
    ultimate = n_claims * cell_severity

    reported = delay_counts(rng, n_claims, line.report, n_dev)
    closed = np.minimum(delay_counts(rng, n_claims, line.close, n_dev), reported)

    pay_cdf = weibull(ages, line.pay)
    increments = np.diff(np.concatenate([[0.0], pay_cdf])) * ultimate
    noise = rng.gamma(shape=25.0, scale=1 / 25.0, size=n_dev)
    paid = np.cumsum(increments * noise)
    adequacy = line.adequacy + (1 - line.adequacy) * weibull(ages, line.pay)
    recognised = ultimate * weibull(ages, line.case) * adequacy * rng.lognormal(0.0, 0.02, size=n_dev)
    case = np.maximum(recognised - paid, 0.0)
    return {"premium": premium, "paid": paid, "case": case, "reported": reported, "closed": closed}


def add_shock(cell: dict[str, np.ndarray | float], amount: float, count: int, report_q: int, pay_qs: int) -> None:
    """Add a large loss reported in development quarter `report_q` and paid evenly over `pay_qs` quarters."""
    n_dev = len(cell["paid"])  # type: ignore[arg-type]
    ages = np.arange(1, n_dev + 1)
    paid_share = np.clip((ages - report_q + 1) / pay_qs, 0.0, 1.0)
    reported = (ages >= report_q).astype(float)
    cell["paid"] = cell["paid"] + amount * paid_share
    cell["case"] = cell["case"] + amount * (reported - paid_share)
    cell["reported"] = cell["reported"] + count * reported.astype(np.int64)
    cell["closed"] = cell["closed"] + np.floor(count * paid_share).astype(np.int64)


def make_claims(rng: np.random.Generator) -> pd.DataFrame:
    """The claims table with canonical column names, amounts as integer hundredths."""
    shocks = {(b, ln, o): rest for b, ln, o, *rest in SHOCKS}
    rows = []
    for branch, scale in BRANCHES.items():
        for line in LINES:
            for q in range(N_ORIGINS):
                origin = FIRST_ORIGIN + q
                cell = simulate_cell(rng, line, scale, q)
                if (branch, line.name, str(origin)) in shocks:
                    add_shock(cell, *shocks[(branch, line.name, str(origin))])
                paid = to_cents(cell["paid"])
                case = to_cents(cell["case"])
                premium = int(to_cents(np.array([cell["premium"]]))[0])
                for k in range(len(paid)):
                    valuation = (origin + k).end_time.normalize()
                    rows.append(
                        {
                            "origin": str(origin),
                            "valuation": valuation.strftime("%Y-%m-%d"),
                            "branch": branch,
                            "line": line.name,
                            "paid": int(paid[k]),
                            "incurred": int(paid[k] + case[k]),
                            "case_reserve": int(case[k]),
                            "reported_count": int(cell["reported"][k]),  # type: ignore[index]
                            "closed_count": int(cell["closed"][k]),  # type: ignore[index]
                            "premium": premium,
                        }
                    )
    return pd.DataFrame(rows)


def make_prior_snapshot(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims as reported at 2023-12-31, before the corrections in RESTATEMENTS."""
    prior = claims[pd.to_datetime(claims["valuation"]) <= PRIOR_VALUATION].copy()
    for branch, line, origin, valuation, measure, delta in RESTATEMENTS:
        hit = (
            (prior["branch"] == branch)
            & (prior["line"] == line)
            & (prior["origin"] == origin)
            & (prior["valuation"] == valuation)
        )
        if hit.sum() != 1:
            raise RuntimeError(f"restatement cell not found: {branch} {line} {origin} {valuation}")
        if measure in ("paid", "case_reserve"):
            prior.loc[hit, measure] += round(delta * 100)
            prior.loc[hit, "incurred"] = prior.loc[hit, "paid"] + prior.loc[hit, "case_reserve"]
        else:
            prior.loc[hit, measure] += int(delta)
    return prior


def make_policies(rng: np.random.Generator, n_policies: int = 2000) -> pd.DataFrame:
    """Policies written 2023-01-01 to 2024-12-31, mostly annual, some short-term property covers."""
    first = pd.Timestamp("2023-01-01")
    n_days = (pd.Timestamp("2024-12-31") - first).days + 1
    branch_names = list(BRANCHES)
    branch_weights = np.array(list(BRANCHES.values())) / sum(BRANCHES.values())
    line_weights = np.array([line.policy_share for line in LINES])
    starts = np.sort(rng.integers(0, n_days, size=n_policies))
    rows = []
    for i, offset in enumerate(starts):
        branch = branch_names[rng.choice(len(branch_names), p=branch_weights)]
        line = LINES[rng.choice(len(LINES), p=line_weights / line_weights.sum())]
        months = 12
        if line.name == "企财险" and rng.random() < 0.1:
            months = int(rng.choice([3, 6]))
        start = first + pd.Timedelta(days=int(offset))
        end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
        premium = line.policy_premium * rng.lognormal(-0.5 * 0.6**2, 0.6) * months / 12
        premium_c = max(int(to_cents(np.array([premium]))[0]), 5)
        acquisition_c = round(float(premium_c * line.acquisition * rng.uniform(0.85, 1.15)))
        rows.append(
            (
                f"P{start.year}{i + 1:05d}",
                branch,
                line.name,
                start.strftime("%Y-%m-%d"),
                end.strftime("%Y-%m-%d"),
                premium_c,
                acquisition_c,
            )
        )
    return pd.DataFrame(rows, columns=["policy_id", "branch", "line", "start", "end", "premium", "acquisition"])


def make_expenses(rng: np.random.Generator, claims: pd.DataFrame) -> pd.DataFrame:
    """Paid ALAE and ULAE by calendar year and branch, scaled to the calendar-year paid losses."""
    frame = claims.sort_values(["branch", "line", "origin", "valuation"])
    incremental = frame.groupby(["branch", "line", "origin"])["paid"].diff().fillna(frame["paid"])
    by_year = incremental.groupby([frame["valuation"].str[:4].astype(int), frame["branch"]]).sum()
    rows = []
    for year in range(FIRST_ORIGIN.year, VALUATION.year + 1):
        company_paid = 0
        for branch in BRANCHES:
            paid = int(by_year.get((year, branch), 0))
            company_paid += paid
            alae = round(float(paid * 0.045 * rng.uniform(0.85, 1.15)))
            ulae = round(float(paid * 0.030 * rng.uniform(0.9, 1.1)))
            rows.append((year, branch, alae, ulae))
        rows.append((year, HEAD_OFFICE, 0, round(float(company_paid * 0.012 * rng.uniform(0.9, 1.1)))))
    return pd.DataFrame(rows, columns=["year", "branch", "alae", "ulae"])


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    path.write_bytes(text.encode("utf-8"))


def write_claims(path: Path, claims: pd.DataFrame) -> None:
    money = {"paid", "incurred", "case_reserve", "premium"}
    columns = list(CLAIM_HEADERS)
    rows = [
        [_money(rec[c]) if c in money else str(rec[c]) for c in columns] for rec in claims[columns].to_dict("records")
    ]
    _write(path, [CLAIM_HEADERS[c] for c in columns], rows)


def write_all(out_dir: Path) -> list[Path]:
    """Generate every file into `out_dir`; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    claims = make_claims(rng)
    prior = make_prior_snapshot(claims)
    policies = make_policies(rng)
    expenses = make_expenses(rng, claims)

    paths = [out_dir / n for n in ("claims.csv", "claims_reported_2023-12-31.csv", "policies.csv", "expenses.csv")]
    write_claims(paths[0], claims)
    write_claims(paths[1], prior)
    _write(
        paths[2],
        list(POLICY_HEADERS),
        [
            [r.policy_id, r.branch, r.line, r.start, r.end, _money(r.premium), _money(r.acquisition)]
            for r in policies.itertuples(index=False)
        ],
    )
    _write(
        paths[3],
        list(EXPENSE_HEADERS),
        [[str(r.year), r.branch, _money(r.alae), _money(r.ulae)] for r in expenses.itertuples(index=False)],
    )
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default data/china_market)")
    args = parser.parse_args()
    for path in write_all(args.out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
