"""A saved valuation as booked: what its results store, and AvE against it without recomputing.

`china_prior` is `china` as reported at 2023-12-31; for 北京 车险 its paid of 2023Q3 at
2023-12-31 is 150.00 lower than the corrected figure in `china` (data/README.md), so a
prior booked on it differs from one rebuilt by cutting `china` back.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components.governance.saved_work import valuation_payload
from reserving.assumptions import SegmentAssumptions, TailAssumptions
from reserving.batch import parse_config, run_batch
from reserving.errors import InputError
from reserving.methods import MethodInputs, run_method
from reserving.methods.results import vector
from reserving.reports.valuation_run import compute_exhibits, make_spec, results_json
from reserving.retrospection import (
    Pattern,
    actual_vs_expected,
    booking_json,
    has_booking,
    prior_from_booking,
    prior_from_cut,
)
from reserving.retrospection.booking import BOOKING_KEYS, label_start
from reserving.samples import get_sample
from reserving.storage import Repository, open_database

KEY = (("branch", "北京"), ("line", "车险"))
T0 = pd.Timestamp("2023-12-31")


@pytest.fixture(scope="module")
def china():
    return get_sample("china")


@pytest.fixture(scope="module")
def china_prior():
    return get_sample("china_prior")


@pytest.fixture(scope="module")
def booked(china_prior) -> dict:
    """The results a saved chain-ladder valuation of the segment carries, through JSON as the database keeps them."""
    spec = make_spec("paid", dict(KEY), ["chainladder", "mack"], "chainladder", SegmentAssumptions(measure="paid"))
    return json.loads(json.dumps(results_json(compute_exhibits(china_prior, spec))))


def test_saved_results_carry_date_pattern_mack_and_paid(booked, china_prior):
    assert set(BOOKING_KEYS) <= set(booked)
    assert booked["valuation_date"] == "2023-12-31"
    rebuilt = prior_from_cut(china_prior, "paid", T0, KEY)
    assert booked["pattern"]["ages"] == list(rebuilt.pattern.ages)
    assert booked["pattern"]["cdfs"] == pytest.approx(list(rebuilt.pattern.cdfs), rel=1e-12)
    assert booked["pattern"]["ages"][:3] == [3.0, 6.0, 9.0]  # quarterly development, in months
    assert booked["pattern"]["cdfs"][-1] == 1.0  # ends fully developed
    inputs = MethodInputs.from_dataset(china_prior, "paid", KEY)
    mack = run_method("mack", inputs, SegmentAssumptions(measure="paid"))
    own = mack.origins.set_index("origin")["std_err"]
    assert booked["mack_std_err"]["origins"]["2022Q4"] == pytest.approx(own["2022Q4"])
    assert booked["mack_std_err"]["total"] == pytest.approx(mack.total["std_err"])
    assert booked["reserve_basis"] == "paid"
    latest = {row["origin"]: row["latest"] for row in booked["origins"]}
    assert booked["paid"] == pytest.approx(latest)  # a paid valuation: latest paid is its latest


def test_booked_prior_is_used_exactly_and_differs_from_the_cut_back_prior(booked, china, china_prior):
    prior = prior_from_booking(booked)
    assert prior.valuation_date == T0
    rebuilt = prior_from_cut(china_prior, "paid", T0, KEY)
    np.testing.assert_allclose(prior.ibnr.to_numpy(), rebuilt.ibnr.reindex(prior.ibnr.index).to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(prior.std_err.to_numpy(), rebuilt.std_err.reindex(prior.ibnr.index).to_numpy())
    ave = actual_vs_expected(china, "paid", prior, segment=KEY).origins.set_index("origin")
    same = actual_vs_expected(china, "paid", rebuilt, segment=KEY).origins.set_index("origin")
    pd.testing.assert_series_equal(ave["expected"], same["expected"], rtol=1e-12)
    cut = actual_vs_expected(china, "paid", prior_from_cut(china, "paid", T0, KEY), segment=KEY)
    cut_rows = cut.origins.set_index("origin")
    # 2023Q3 was booked with paid 150 lower at age 6, so its booked IBNR is lower than the cut-back one
    booked_latest = {row["origin"]: row["latest"] for row in booked["origins"]}["2023Q3"]
    corrected = MethodInputs.from_dataset(china.cut(T0), "paid", KEY)
    latest = dict(zip(corrected.origin_labels, vector(corrected.triangle.latest_diagonal), strict=True))
    assert booked_latest == pytest.approx(latest["2023Q3"] - 150.0)
    cdf6 = dict(zip(prior.pattern.ages, prior.pattern.cdfs, strict=True))[6.0]
    assert ave.loc["2023Q3", "ibnr_prior"] == pytest.approx(booked_latest * (cdf6 - 1))  # chain ladder by hand
    assert ave.loc["2023Q3", "ibnr_prior"] < cut_rows.loc["2023Q3", "ibnr_prior"] - 50  # about 150 x (CDF - 1)
    assert ave.loc["2023Q3", "expected"] < cut_rows.loc["2023Q3", "expected"] - 20
    # the actual emergence is the current data's in both
    assert ave.loc["2023Q3", "actual"] == pytest.approx(cut_rows.loc["2023Q3", "actual"])


def test_expected_of_one_origin_by_hand(booked, china):
    """E = IBNR x (p(t1) - p(t0)) / (1 - p(t0)) with p = 1/CDF of the booked pattern, ages 6 -> 18 for 2023Q3."""
    prior = prior_from_booking(booked)
    pattern = dict(zip(booked["pattern"]["ages"], booked["pattern"]["cdfs"], strict=True))
    ibnr = {row["origin"]: row["ibnr"] for row in booked["origins"]}["2023Q3"]
    p0, p1 = 1 / pattern[6.0], 1 / pattern[18.0]
    row = actual_vs_expected(china, "paid", prior, segment=KEY).origins.set_index("origin").loc["2023Q3"]
    assert row["expected"] == pytest.approx(ibnr * (p1 - p0) / (1 - p0), rel=1e-12)


def test_old_results_need_the_rebuilt_date_and_pattern(booked):
    old = {key: value for key, value in booked.items() if key not in BOOKING_KEYS}
    assert not has_booking(old)
    with pytest.raises(InputError, match="no valuation date or pattern"):
        prior_from_booking(old)
    pattern = Pattern.from_cdfs(booked["pattern"]["ages"], booked["pattern"]["cdfs"])
    prior = prior_from_booking(old, valuation_date=T0, pattern=pattern)
    assert prior.pattern == prior_from_booking(booked).pattern
    assert prior.std_err.isna().all()  # chain ladder has no s.e. of its own, and no Mack was stored
    assert prior.ibnr.equals(prior_from_booking(booked).ibnr)


def test_saved_work_payload_stores_the_booking(china_prior):
    assumptions = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.05))
    inputs = MethodInputs.from_dataset(china_prior, "paid", KEY)
    results = {"chainladder": run_method("chainladder", inputs, assumptions)}
    booking = booking_json(china_prior, "paid", KEY, assumptions)
    _, saved = valuation_payload(results, {}, assumptions, "paid", KEY, booking=booking)
    assert saved["valuation_date"] == "2023-12-31"
    cdfs = dict(zip(saved["pattern"]["ages"], saved["pattern"]["cdfs"], strict=True))
    assert cdfs[60.0] == pytest.approx(1.05)  # at the last age of the data only the tail is left
    assert max(cdfs) > 60.0  # the tail's own ages are stored too
    assert cdfs[max(cdfs)] == 1.0
    prior = prior_from_booking(json.loads(json.dumps(saved)))
    chain = results["chainladder"].origins.set_index("origin")["ibnr"]
    assert prior.ibnr.to_numpy() == pytest.approx(chain.reindex(prior.ibnr.index).to_numpy())


def test_batch_valuations_store_the_booking(tmp_path: Path):
    db = open_database(f"sqlite:///{tmp_path}/b.sqlite")
    repo = Repository(db)
    repo.add_user("li", "chief_actuary")
    config = parse_config(
        {"user": "li", "measure": "incurred", "methods": ["chainladder"], "source": {"sample": "raa"}}
    )
    (outcome,) = run_batch(config, repo=repo)
    results = repo.get_valuation(outcome.valuation_id).results
    db.dispose()
    assert results["valuation_date"] == "1990-12-31"
    raa = get_sample("raa")
    rebuilt = prior_from_cut(raa, "incurred", pd.Timestamp("1990-12-31"))
    assert results["pattern"]["cdfs"] == pytest.approx(list(rebuilt.pattern.cdfs))
    assert results["reserve_basis"] == "incurred"  # RAA has no paid: the reserve is net of incurred
    assert results["mack_std_err"]["total"] == pytest.approx(rebuilt.total_std_err)


def test_origin_labels_give_their_first_day():
    assert label_start("1981") == pd.Timestamp("1981-01-01")
    assert label_start("2019H2") == pd.Timestamp("2019-07-01")
    assert label_start("2019Q3") == pd.Timestamp("2019-07-01")
    assert label_start("2019-03") == pd.Timestamp("2019-03-01")
    with pytest.raises(InputError):
        label_start("accident 2019")
