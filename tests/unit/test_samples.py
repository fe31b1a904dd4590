"""The sample registry: metadata agrees with the data, and each sample holds its published figures."""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path

import chainladder as cl
import numpy as np
import pandas as pd
import pytest

from reserving.errors import InputError
from reserving.samples import CLRD_COMPANIES, get_sample, list_samples, sample_info

REPO = Path(__file__).resolve().parents[2]
IDS = [info.id for info in list_samples()]


def test_registry_has_the_public_ids_once():
    assert len(IDS) == len(set(IDS))
    assert {"raa", "genins", "clrd", "clrd_runoff", "xyz", "china", "china_prior", "mcl", "quarterly"} <= set(IDS)
    assert all(re.fullmatch(r"[a-z_]{2,12}", sample_id) for sample_id in IDS)


@pytest.mark.parametrize("sample_id", IDS)
def test_info_matches_the_loaded_dataset(sample_id):
    info = sample_info(sample_id)
    data = get_sample(sample_id)
    assert data.describe_grain() == info.grain
    assert data.measures == info.measures
    assert data.name == info.title
    assert data.content_hash == hashlib.sha256(f"sample:{sample_id}:v1".encode()).hexdigest()
    assert list(data.frame.columns) == [*data.segments, "origin", "valuation", *data.measures]
    # Valuations are date-only period ends: no time of day, last day of a month.
    valuations = pd.DatetimeIndex(data.frame["valuation"])
    assert (valuations == valuations.normalize()).all()
    assert (valuations.is_month_end).all()
    assert not data.frame.duplicated([*data.segments, "origin", "valuation"]).any()
    assert info.description and info.source


def test_unknown_sample_lists_the_valid_ids():
    with pytest.raises(InputError) as err:
        get_sample("nope")
    for sample_id in ("raa", "genins", "clrd", "china"):
        assert sample_id in str(err.value)


def test_samples_are_memoised():
    assert get_sample("raa") is get_sample("raa")


def test_raa_figures():
    raa = get_sample("raa")
    assert raa.origin_labels[0] == "1981" and raa.origin_labels[-1] == "1990"
    assert raa.development_ages == list(range(12, 121, 12))
    assert raa.latest_totals() == {"incurred": 160987.0}
    first = raa.frame.iloc[0]
    assert first["valuation"] == pd.Timestamp("1981-12-31") and first["incurred"] == 5012.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ldf = cl.Development().fit(raa.triangle("incurred")).ldf_.values[0, 0, 0]
    np.testing.assert_allclose(ldf[:3], [2.9994, 1.6235, 1.2709], atol=5e-5)


def test_genins_chain_ladder_reserve():
    genins = get_sample("genins")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = cl.Chainladder().fit(cl.Development().fit_transform(genins.triangle("paid")))
        ibnr = float(model.ibnr_.sum())
    assert ibnr == pytest.approx(18_680_856, abs=1)


def test_xyz_has_counts_case_and_premium():
    xyz = get_sample("xyz")
    assert xyz.premium_by_origin().iloc[0] == 20000.0
    assert xyz.premium_by_origin().index[-1] == pd.Timestamp("2008-01-01")
    rows = xyz.frame.dropna(subset=["paid", "incurred", "case_reserve"])
    # Friedland's case outstanding is reported minus paid (to the dollar, after rounding).
    assert (rows["incurred"] - rows["paid"] - rows["case_reserve"]).abs().max() <= 1.0
    latest_1998 = xyz.frame[xyz.frame["origin"] == pd.Timestamp("1998-01-01")].iloc[-1]
    assert (latest_1998["reported_count"], latest_1998["closed_count"]) == (637.0, 637.0)


def test_clrd_is_cut_at_2007_with_the_2007_diagonal():
    clrd = get_sample("clrd")
    assert clrd.valuation_date == pd.Timestamp("2007-12-31")
    assert clrd.segments == ("company", "line")
    expected = {(company, line) for company, lines in CLRD_COMPANIES.items() for line in lines}
    assert {tuple(dict(key).values()) for key in clrd.segment_keys()} == expected
    assert len(expected) >= 12 and len(CLRD_COMPANIES) >= 6
    # 10 accident years x (10 + 9 + ... + 1) cells per segment: the 2007 diagonal is kept.
    assert clrd.frame.groupby(["company", "line"]).size().eq(55).all()
    cell = clrd.frame[
        (clrd.frame["company"] == "State Farm Mut Grp")
        & (clrd.frame["line"] == "ppauto")
        & (clrd.frame["origin"] == pd.Timestamp("2007-01-01"))
    ].iloc[0]
    # CumPaidLoss 5,365,237; IncurredLosses 12,269,668 less BulkLoss 3,860,846.
    assert (cell["paid"], cell["incurred"]) == (5365237.0, 8408822.0)
    premium = clrd.premium_by_origin({"company": "State Farm Mut Grp", "line": "ppauto"})
    assert premium.loc[pd.Timestamp("2007-01-01")] == 17349072.0


def test_clrd_data_is_clean():
    frame = get_sample("clrd_runoff").frame.sort_values(["company", "line", "origin", "valuation"])
    assert (frame["paid"] > 0).all() and (frame["incurred"] > 0).all()
    assert (frame["paid"] <= frame["incurred"]).all()
    # Paid may fall slightly (salvage and subrogation recoveries), never by 0.1% or more.
    steps = frame.groupby(["company", "line", "origin"])["paid"].diff()
    assert (steps.dropna() > -0.001 * frame.loc[steps.dropna().index, "paid"]).all()
    premium = get_sample("clrd").premium
    assert len(premium) == len(_clrd_pairs()) * 10
    assert (premium["premium"] > 0).all()


def _clrd_pairs():
    return [(c, line) for c, lines in CLRD_COMPANIES.items() for line in lines]


def test_clrd_runoff_is_the_full_square_and_extends_clrd():
    clrd, runoff = get_sample("clrd"), get_sample("clrd_runoff")
    assert runoff.valuation_date == pd.Timestamp("2016-12-31")
    assert runoff.frame.groupby(["company", "line"]).size().eq(100).all()
    cut = runoff.cut("2007-12-31").frame.reset_index(drop=True)
    pd.testing.assert_frame_equal(cut, clrd.frame.reset_index(drop=True))
    last = runoff.frame[
        (runoff.frame["company"] == "Grinnell Mut Grp")
        & (runoff.frame["line"] == "wkcomp")
        & (runoff.frame["valuation"] == pd.Timestamp("2016-12-31"))
    ].iloc[0]
    assert (last["paid"], last["incurred"]) == (18560.0, 18738.0 - 111.0)


def test_mcl_and_quarterly():
    mcl = get_sample("mcl")
    assert mcl.frame.iloc[0][["paid", "incurred"]].tolist() == [576.0, 978.0]
    quarterly = get_sample("quarterly")
    assert (quarterly.origin_grain, quarterly.development_grain) == ("Y", "Q")
    assert quarterly.development_ages[:3] == [3, 6, 9]
    assert quarterly.frame.iloc[0]["valuation"] == pd.Timestamp("1995-03-31")


def test_china_sample_reads_the_committed_files():
    china = get_sample("china")
    assert china.segment_values() == {"branch": ["上海", "北京", "广东"], "line": ["企财险", "责任险", "车险"]}
    assert china.origin_labels[0] == "2019Q1" and china.origin_labels[-1] == "2024Q4"
    assert china.valuation_date == pd.Timestamp("2024-12-31")
    assert china.premium is not None and len(china.premium) == 9 * 24


def test_readme_lists_every_sample():
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for info in list_samples():
        assert f"| `{info.id}` | {info.title} |" in readme
