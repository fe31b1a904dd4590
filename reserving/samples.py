"""The bundled sample datasets: one registry for the loader, the picker, the docs and the tests.

Each sample is registered once with its metadata (`SampleInfo`) and a builder that turns
the source (a chainladder sample or the committed China-market CSV files) into a `Dataset`.
The command line lists the registry, the app offers it in its picker, ``data/README.md`` is
checked against it, and ``sample:ID`` sources resolve through `get_sample`.

The builders create `Dataset` objects directly from tidy frames: chainladder triangles are
converted with ``to_frame(keepdims=True)`` and their development ages mapped to date-only
valuations, so nothing here depends on the general file-ingestion code.
"""

from __future__ import annotations

import functools
import hashlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import chainladder as cl
import pandas as pd

from reserving.dataset import ORIGIN, PREMIUM, VALUATION, Dataset
from reserving.errors import InputError
from reserving.grains import valuation_at_age

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
CHINA_DIR = DATA_DIR / "china_market"
CHINA_CLAIMS = CHINA_DIR / "claims.csv"
CHINA_PRIOR_CLAIMS = CHINA_DIR / "claims_reported_2023-12-31.csv"
CHINA_POLICIES = CHINA_DIR / "policies.csv"
CHINA_EXPENSES = CHINA_DIR / "expenses.csv"

# Chinese headers of the China-market claims file -> canonical names of the dataset model.
CHINA_CLAIM_COLUMNS: dict[str, str] = {
    "事故季度": "origin_quarter",
    "评估日期": "valuation_date",
    "分支机构": "branch",
    "险种": "line",
    "已决赔款": "paid",
    "已发生赔款": "incurred",
    "未决赔款": "case_reserve",
    "已报案件数": "reported_count",
    "已结案件数": "closed_count",
    "已赚保费": "premium",
}
CHINA_POLICY_COLUMNS: dict[str, str] = {
    "保单号": "policy_id",
    "分支机构": "branch",
    "险种": "line",
    "起保日期": "start_date",
    "终止日期": "end_date",
    "签单保费": "written_premium",
    "保单获取成本": "acquisition_cost",
}
CHINA_EXPENSE_COLUMNS: dict[str, str] = {
    "日历年度": "calendar_year",
    "分支机构": "branch",
    "已付直接理赔费用": "paid_alae",
    "已付间接理赔费用": "paid_ulae",
}
CHINA_MEASURES = ("paid", "incurred", "case_reserve", "reported_count", "closed_count")

# Schedule P companies and lines bundled as `clrd`: the large groups whose net triangles are
# positive in every cell, have paid <= reported incurred everywhere, cumulative paid that
# never falls by 0.1% or more (small falls are salvage recoveries), and earned premium in
# every accident year (checked in the tests).
CLRD_COMPANIES: dict[str, tuple[str, ...]] = {
    "State Farm Mut Grp": ("comauto", "othliab", "ppauto", "wkcomp"),
    "Grinnell Mut Grp": ("comauto", "othliab", "ppauto", "wkcomp"),
    "Employers Mut Co Of Des Moines": ("comauto", "othliab", "prodliab"),
    "New Jersey Manufacturers Grp": ("comauto", "ppauto"),
    "Erie Ins Exchange Grp": ("comauto",),
    "Canal Ins Co Grp": ("comauto",),
    "FL Farm Bureau Grp": ("ppauto",),
    "Tenn Farmers Mut": ("ppauto",),
    "Pennsylvania Natl Ins Grp": ("wkcomp",),
}
CLRD_CUT = pd.Timestamp("2007-12-31")


@dataclass(frozen=True)
class SampleInfo:
    """What a bundled sample is, without loading it.

    Attributes
    ----------
    id : str
        Short public identifier, used as ``sample:ID`` on the command line.
    title : str
        Name shown in pickers and listings.
    measures : tuple of str
        Canonical measure names the dataset holds.
    grain : str
        `Dataset.describe_grain` words ('year', 'year x quarter').
    description : str
        One line on shape and purpose.
    source : str
        One line of provenance.
    """

    id: str
    title: str
    measures: tuple[str, ...]
    grain: str
    description: str
    source: str


# ---------------------------------------------------------------------------- builders
def _sample_hash(sample_id: str) -> str:
    """Stable content hash of a bundled sample: the data only changes with the version tag."""
    return hashlib.sha256(f"sample:{sample_id}:v1".encode()).hexdigest()


def _load_cl(name: str) -> cl.Triangle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cl.load_sample(name)


def _tidy_from_triangle(
    tri: cl.Triangle,
    measures: dict[str, str],
    segments: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Tidy frame (segments, origin, valuation, measures) from a chainladder triangle.

    Development ages become date-only valuations so that cutting and ages follow by date
    arithmetic; rows where every requested measure is missing (cells outside the observed
    data) are dropped.
    """
    segments = segments or {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = tri[list(measures)].to_frame(keepdims=True).reset_index()
    frame = pd.DataFrame({new: raw[old].astype(str) for old, new in segments.items()})
    frame[ORIGIN] = pd.to_datetime(raw[ORIGIN]).astype("datetime64[ns]")
    frame[VALUATION] = [valuation_at_age(o, a) for o, a in zip(frame[ORIGIN], raw["development"], strict=True)]
    frame[VALUATION] = frame[VALUATION].astype("datetime64[ns]")
    for old, new in measures.items():
        frame[new] = raw[old].astype(float)
    frame = frame.dropna(subset=list(measures.values()), how="all")
    return frame.sort_values([*segments.values(), ORIGIN, VALUATION]).reset_index(drop=True)


def _premium_from_triangle(tri: cl.Triangle, column: str, segments: dict[str, str] | None = None) -> pd.DataFrame:
    """Premium by origin from a chainladder premium column (repeated at every age)."""
    tidy = _tidy_from_triangle(tri, {column: PREMIUM}, segments)
    keys = [*(segments or {}).values(), ORIGIN]
    return tidy.dropna(subset=[PREMIUM]).groupby(keys, as_index=False)[PREMIUM].first()


def _dataset(
    sample_id: str,
    frame: pd.DataFrame,
    segments: tuple[str, ...],
    measures: tuple[str, ...],
    *,
    grains: tuple[str, str] = ("Y", "Y"),
    premium: pd.DataFrame | None = None,
) -> Dataset:
    """Wrap a tidy frame as the registered sample `sample_id` (title, stable hash, provenance)."""
    info = _INFOS[sample_id]
    return Dataset(
        name=info.title,
        frame=frame[[*segments, ORIGIN, VALUATION, *measures]].reset_index(drop=True),
        segments=segments,
        measures=measures,
        origin_grain=grains[0],
        development_grain=grains[1],
        premium=None if premium is None else premium.reset_index(drop=True),
        content_hash=_sample_hash(sample_id),
        source={"sample": sample_id, "provenance": info.source},
    )


def _build_raa() -> Dataset:
    frame = _tidy_from_triangle(_load_cl("raa"), {"values": "incurred"})
    return _dataset("raa", frame, (), ("incurred",))


def _build_genins() -> Dataset:
    frame = _tidy_from_triangle(_load_cl("genins"), {"values": "paid"})
    return _dataset("genins", frame, (), ("paid",))


def _build_xyz() -> Dataset:
    tri = _load_cl("friedland_xyz_auto_bi")
    measures = {
        "Paid Claims": "paid",
        "Reported Claims": "incurred",
        "Case Outstanding": "case_reserve",
        "Reported Claim Counts": "reported_count",
        "Closed Claim Counts": "closed_count",
    }
    frame = _tidy_from_triangle(tri, measures)
    premium = _premium_from_triangle(tri, "Earned Premium")
    return _dataset("xyz", frame, (), tuple(measures.values()), premium=premium)


def _build_mcl() -> Dataset:
    frame = _tidy_from_triangle(_load_cl("mcl"), {"paid": "paid", "incurred": "incurred"})
    return _dataset("mcl", frame, (), ("paid", "incurred"))


def _build_quarterly() -> Dataset:
    frame = _tidy_from_triangle(_load_cl("quarterly"), {"paid": "paid", "incurred": "incurred"})
    return _dataset("quarterly", frame, (), ("paid", "incurred"), grains=("Y", "Q"))


@functools.cache
def _clrd_full() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the selected clrd2025 companies to age 120: tidy loss frame and net earned premium."""
    tri = _load_cl("clrd2025")
    wanted = {(company, line) for company, lines in CLRD_COMPANIES.items() for line in lines}
    index = tri.index
    mask = [(c, lob) in wanted for c, lob in zip(index["GRNAME"], index["LOB"], strict=True)]
    tri = tri.iloc[mask]
    segments = {"GRNAME": "company", "LOB": "line"}
    columns = {"CumPaidLoss": "paid", "IncurredLosses": "incurred_total", "BulkLoss": "bulk"}
    frame = _tidy_from_triangle(tri, columns, segments)
    # Schedule P incurred includes bulk and IBNR reserves; reported (case) incurred excludes them.
    # chainladder stores a zero bulk reserve as missing, so missing bulk counts as zero.
    frame["incurred"] = frame["incurred_total"] - frame["bulk"].fillna(0.0)
    frame = frame.drop(columns=["incurred_total", "bulk"])
    premium = _premium_from_triangle(tri, "EarnedPremNet", segments)
    return frame, premium


def _build_clrd() -> Dataset:
    frame, premium = _clrd_full()
    cut = frame[frame[VALUATION] <= CLRD_CUT]
    return _dataset("clrd", cut, ("company", "line"), ("paid", "incurred"), premium=premium)


def _build_clrd_runoff() -> Dataset:
    frame, premium = _clrd_full()
    return _dataset("clrd_runoff", frame, ("company", "line"), ("paid", "incurred"), premium=premium)


def read_china_claims(path: Path = CHINA_CLAIMS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a China-market claims file (Chinese headers) into a tidy frame and premium by origin.

    Returns
    -------
    frame : DataFrame
        ``branch``, ``line``, ``origin``, ``valuation`` and the measures of `CHINA_MEASURES`.
    premium : DataFrame
        ``branch``, ``line``, ``origin``, ``premium`` (earned premium, 10,000 yuan).
    """
    raw = pd.read_csv(path, encoding="utf-8", dtype={"分支机构": str, "险种": str, "事故季度": str})
    missing = sorted(set(CHINA_CLAIM_COLUMNS) - set(raw.columns))
    if missing:
        raise InputError(f"China-market file {path.name} lacks columns {missing}")
    raw = raw.rename(columns=CHINA_CLAIM_COLUMNS)
    frame = pd.DataFrame({"branch": raw["branch"], "line": raw["line"]})
    frame[ORIGIN] = pd.PeriodIndex(raw["origin_quarter"], freq="Q").to_timestamp(how="start").astype("datetime64[ns]")
    frame[VALUATION] = pd.to_datetime(raw["valuation_date"]).astype("datetime64[ns]")
    for measure in CHINA_MEASURES:
        frame[measure] = raw[measure].astype(float)
    premium = (
        pd.concat([frame[["branch", "line", ORIGIN]], raw[PREMIUM].astype(float)], axis=1)
        .groupby(["branch", "line", ORIGIN], as_index=False, sort=True)[PREMIUM]
        .first()
    )
    return frame, premium


def _build_china() -> Dataset:
    frame, premium = read_china_claims(CHINA_CLAIMS)
    return _dataset("china", frame, ("branch", "line"), CHINA_MEASURES, grains=("Q", "Q"), premium=premium)


def _build_china_prior() -> Dataset:
    frame, premium = read_china_claims(CHINA_PRIOR_CLAIMS)
    return _dataset("china_prior", frame, ("branch", "line"), CHINA_MEASURES, grains=("Q", "Q"), premium=premium)


def china_policies() -> pd.DataFrame:
    """Read the China-market policy listing for the unearned premium reserve, with English column names.

    Columns: ``policy_id``, ``branch``, ``line``, ``start_date``, ``end_date`` (the last day
    covered, inclusive), ``written_premium`` and ``acquisition_cost`` (10,000 yuan).
    """
    raw = pd.read_csv(CHINA_POLICIES, encoding="utf-8", dtype={"保单号": str, "分支机构": str, "险种": str})
    frame = raw.rename(columns=CHINA_POLICY_COLUMNS)
    for col in ("start_date", "end_date"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    return frame


def china_expenses() -> pd.DataFrame:
    """Paid ALAE and ULAE of the China-market company by calendar year and branch (10,000 yuan).

    The head office (总公司) writes no business but bears indirect claim expenses, so it
    appears here and nowhere else.
    """
    raw = pd.read_csv(CHINA_EXPENSES, encoding="utf-8", dtype={"分支机构": str})
    return raw.rename(columns=CHINA_EXPENSE_COLUMNS)


# ---------------------------------------------------------------------------- registry
_SAMPLES: tuple[tuple[SampleInfo, Callable[[], Dataset]], ...] = (
    (
        SampleInfo(
            "raa",
            "RAA (Mack 1994)",
            ("incurred",),
            "year",
            "Reinsurance Association of America incurred losses, accident years 1981-1990, 10x10.",
            "chainladder sample 'raa'; Mack (1993, 1994), R ChainLadder RAA.",
        ),
        _build_raa,
    ),
    (
        SampleInfo(
            "genins",
            "Taylor-Ashe (GenIns)",
            ("paid",),
            "year",
            "General insurance cumulative paid claims, 10 origin years x 10 development years.",
            "chainladder sample 'genins'; Taylor & Ashe (1983), Mack (1993), R ChainLadder GenIns.",
        ),
        _build_genins,
    ),
    (
        SampleInfo(
            "clrd",
            "CAS Schedule P companies, valued 2007-12-31",
            ("paid", "incurred"),
            "year",
            "Nine US groups x lines, accident years 1998-2007 cut at 2007-12-31, net paid, reported "
            "incurred (incurred less bulk/IBNR) and net earned premium.",
            "chainladder sample 'clrd2025' (CAS loss reserving database, NAIC Schedule P, Meyers & Shi).",
        ),
        _build_clrd,
    ),
    (
        SampleInfo(
            "clrd_runoff",
            "CAS Schedule P companies, actual run-off to 2016",
            ("paid", "incurred"),
            "year",
            "The same companies and lines as 'clrd' with the full 10x10 squares (valuations to 2016), "
            "to check estimates made at 2007 against what happened.",
            "chainladder sample 'clrd2025' (CAS loss reserving database, NAIC Schedule P, Meyers & Shi).",
        ),
        _build_clrd_runoff,
    ),
    (
        SampleInfo(
            "xyz",
            "Friedland XYZ auto bodily injury",
            ("paid", "incurred", "case_reserve", "reported_count", "closed_count"),
            "year",
            "XYZ Insurer auto BI, accident years 1998-2008: paid, reported, case outstanding, "
            "reported and closed claim counts, earned premium.",
            "chainladder sample 'friedland_xyz_auto_bi'; Friedland, Estimating Unpaid Claims Using "
            "Basic Techniques (CAS 2010), chapters 6-12.",
        ),
        _build_xyz,
    ),
    (
        SampleInfo(
            "china",
            "China market (synthetic), valued 2024-12-31",
            CHINA_MEASURES,
            "quarter",
            "Synthetic company: 3 branches x 3 lines (车险, 企财险, 责任险), accident quarters "
            "2019Q1-2024Q4, paid, incurred, case reserve, claim counts, earned premium (10,000 yuan).",
            "Generated by data/make_china_market.py (seeded); see data/README.md.",
        ),
        _build_china,
    ),
    (
        SampleInfo(
            "china_prior",
            "China market (synthetic), as reported at 2023-12-31",
            CHINA_MEASURES,
            "quarter",
            "The 2023-12-31 snapshot of 'china' as originally reported, before a few cells were "
            "restated; the prior valuation for analysis of change.",
            "Generated by data/make_china_market.py (seeded); see data/README.md.",
        ),
        _build_china_prior,
    ),
    (
        SampleInfo(
            "mcl",
            "Munich chain ladder (Quarg-Mack)",
            ("paid", "incurred"),
            "year",
            "Paid and incurred triangles, accident years 2001-2007, for Munich chain ladder.",
            "chainladder sample 'mcl'; Quarg & Mack (2004), R ChainLadder MCLpaid/MCLincurred.",
        ),
        _build_mcl,
    ),
    (
        SampleInfo(
            "quarterly",
            "Quarterly development",
            ("paid", "incurred"),
            "year x quarter",
            "Paid and incurred, accident years 1995-2006 developed quarterly.",
            "chainladder sample 'quarterly'.",
        ),
        _build_quarterly,
    ),
)
_INFOS: dict[str, SampleInfo] = {info.id: info for info, _ in _SAMPLES}
_BUILDERS: dict[str, Callable[[], Dataset]] = {info.id: build for info, build in _SAMPLES}


def list_samples() -> list[SampleInfo]:
    """Every bundled sample, in the order pickers and listings show them."""
    return [info for info, _ in _SAMPLES]


def sample_info(sample_id: str) -> SampleInfo:
    """Metadata of one sample; `InputError` listing the valid ids when unknown."""
    if sample_id not in _INFOS:
        raise InputError(f"unknown sample '{sample_id}'; samples are {', '.join(_INFOS)}")
    return _INFOS[sample_id]


@functools.cache
def _get_sample_cached(sample_id: str) -> Dataset:
    return _BUILDERS[sample_id]()


def get_sample(sample_id: str) -> Dataset:
    """Return the bundled sample `sample_id` as a `Dataset`, built once per process.

    Raises
    ------
    InputError
        When `sample_id` is not registered; the message lists the valid ids.
    """
    sample_info(sample_id)
    return _get_sample_cached(sample_id)
