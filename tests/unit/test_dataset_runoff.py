"""A portfolio in run-off (no origin in the latest year) keeps exactly its own origins.

chainladder spans origins up to the valuation date; without trimming, a book whose last
accident year is 2022, valued at 2023-12-31, would get an empty 2023 row that methods
would then report as an origin missing premium.
"""

import pandas as pd

from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions
from reserving.dataset import Dataset
from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import run_method

# Origins 2020-2022, valued at 2023-12-31 (ages 48/36/24 on the latest diagonal).
CELLS = [
    ("2020-01-01", "2020-12-31", 100.0), ("2020-01-01", "2021-12-31", 150.0),
    ("2020-01-01", "2022-12-31", 165.0), ("2020-01-01", "2023-12-31", 170.0),
    ("2021-01-01", "2021-12-31", 110.0), ("2021-01-01", "2022-12-31", 160.0),
    ("2021-01-01", "2023-12-31", 176.0),
    ("2022-01-01", "2022-12-31", 120.0), ("2022-01-01", "2023-12-31", 180.0),
]  # fmt: skip


def _dataset() -> Dataset:
    frame = pd.DataFrame(CELLS, columns=["origin", "valuation", "paid"])
    frame["origin"] = pd.to_datetime(frame["origin"])
    frame["valuation"] = pd.to_datetime(frame["valuation"])
    premium = pd.DataFrame({"origin": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]), "premium": 300.0})
    return Dataset("run-off", frame, (), ("paid",), "Y", "Y", premium=premium)


def test_triangle_has_only_the_data_origins() -> None:
    tri = _dataset().triangle("paid")
    assert [str(o) for o in tri.origin] == ["2020", "2021", "2022"]
    assert str(tri.valuation_date.date()) == "2023-12-31"


def test_bf_runs_with_premium_for_every_real_origin() -> None:
    inputs = MethodInputs.from_dataset(_dataset(), "paid")
    assert inputs.origin_labels == ("2020", "2021", "2022")
    assumptions = SegmentAssumptions(measure="paid", loss_ratio=LossRatioAssumptions(default=0.6))
    result = run_method("bf", inputs, assumptions)
    # Volume factors 24-36 = (165+176)/(150+160) and 36-48 = 170/165 carry 2022 and 2021 to ultimate.
    f2, f3 = 341 / 310, 170 / 165
    expected_ibnr_2022 = 0.6 * 300 * (1 - 1 / (f2 * f3))
    expected_ibnr_2021 = 0.6 * 300 * (1 - 1 / f3)
    ibnr = dict(zip(result.origins["origin"], result.origins["ibnr"], strict=True))
    assert abs(ibnr["2022"] - expected_ibnr_2022) < 1e-6
    assert abs(ibnr["2021"] - expected_ibnr_2021) < 1e-6
    assert ibnr["2020"] == 0.0
