"""Round trip: what is saved reads back identically from a fresh engine on the same database."""

from __future__ import annotations

import datetime as dt

import numpy as np
from storage_helpers import ACTUARY, CHIEF, MEASURE, SEGMENT, storage_results

from reserving.mapping import ColumnMapping
from reserving.storage import Repository, dataset_content_hash, open_database

SOURCE = "origin,dev,paid,地区\n2020,12,1000.5,北京\n2020,24,1500.25,北京\n".encode() + bytes(range(256))
MAPPING = ColumnMapping(origin="origin", development="dev", values=(("paid", "paid"),), segments=("地区",))
ASSUMPTIONS = {
    "method": "chainladder",
    "development": {"average": "volume", "n_periods": 5, "ldf": [1.0123456789012345, 0.1 + 0.2, 1e-300, 12345.678]},
    "tail": {"type": "constant", "factor": 1.05},
    "excluded": [["2020", 12]],
    "flag": True,
    "note": None,
}
RESULTS = storage_results({"2020": 1234.5678901234567, "2021": 2000.0, "2022": 0.1 + 0.7})


def test_everything_saved_reloads_identically_after_reopening(storage_url):
    db = open_database(storage_url)
    repo = Repository(db)
    repo.add_user(CHIEF, "chief_actuary")
    repo.add_user(ACTUARY, "actuary", by=CHIEF)
    ds = repo.save_dataset("Motor 2025", SOURCE, user=ACTUARY, mapping=MAPPING, file_name="motor.csv")
    saved_set = repo.save_assumptions(ds.content_hash, SEGMENT, MEASURE, ASSUMPTIONS, user=ACTUARY, reason="first")
    saved = repo.create_valuation(
        ds.content_hash, SEGMENT, MEASURE, ASSUMPTIONS, RESULTS, user=ACTUARY, assumption_set_id=saved_set.id
    )
    db.dispose()

    again = Repository(open_database(storage_url))
    try:
        dataset = again.get_dataset(ds.content_hash)
        assert dataset.source == SOURCE
        assert dataset.column_mapping == MAPPING
        assert dataset.file_name == "motor.csv"
        assert dataset.size == len(SOURCE)
        assert dataset.content_hash == dataset_content_hash(SOURCE, MAPPING)
        assert again.get_dataset(ds.id).content_hash == ds.content_hash

        latest = again.latest_assumptions(ds.content_hash, SEGMENT, MEASURE)
        assert latest.assumptions == ASSUMPTIONS
        assert latest.version == 1 and latest.reason == "first"

        valuation = again.get_valuation(saved.id)
        assert valuation.assumptions == ASSUMPTIONS
        assert valuation.results == RESULTS
        # floats come back bit for bit, not merely close
        assert valuation.results["origins"][0]["ultimate"] == 1234.5678901234567
        assert valuation.results["total"]["ultimate"] == 1234.5678901234567 + 2000.0 + (0.1 + 0.7)
        assert valuation.segment == SEGMENT and valuation.measure == MEASURE
        assert valuation.method == "chainladder"
        assert valuation.status == "draft" and valuation.version == 1 and valuation.parent_id is None
        assert valuation.assumption_set_id == saved_set.id
        assert valuation.app_version == "0.1.0"
        assert valuation.chainladder_version == "0.10.1"
        assert valuation.created_at == saved.created_at
        assert valuation.created_at.tzinfo == dt.UTC
        assert abs(dt.datetime.now(dt.UTC) - valuation.created_at) < dt.timedelta(minutes=5)
    finally:
        again.db.dispose()


def test_numpy_and_pandas_values_are_saved_as_plain_json(storage_repo):
    import pandas as pd

    ds = storage_repo.save_dataset("d", b"x", user=ACTUARY)
    results = {
        "origins": [{"origin": pd.Timestamp("2020-01-01"), "ultimate": np.float64(10.5), "std_err": np.nan}],
        "total": {"ultimate": np.float64(10.5), "count": np.int64(3), "ok": np.bool_(True)},
    }
    saved = storage_repo.create_valuation(ds.content_hash, (("line", "motor"),), MEASURE, {}, results, user=ACTUARY)
    back = storage_repo.get_valuation(saved.id)
    assert back.results == {
        "origins": [{"origin": "2020-01-01T00:00:00", "ultimate": 10.5, "std_err": None}],
        "total": {"ultimate": 10.5, "count": 3, "ok": True},
    }
    # a segment given as SegmentKey pairs is the same segment as the dict
    assert back.segment == SEGMENT
    assert [v.id for v in storage_repo.list_valuations(segment=SEGMENT)] == [saved.id]


def test_saving_the_same_dataset_twice_keeps_one_copy(storage_repo):
    first = storage_repo.save_dataset("a", b"1,2", user=ACTUARY, mapping={"origin": "a"})
    second = storage_repo.save_dataset("renamed", b"1,2", user=ACTUARY, mapping={"origin": "a"})
    other_mapping = storage_repo.save_dataset("b", b"1,2", user=ACTUARY, mapping={"origin": "b"})
    assert second.id == first.id and second.name == "a"
    assert other_mapping.id != first.id
    listed = storage_repo.list_datasets()
    assert [d.id for d in listed] == [other_mapping.id, first.id]
    assert all(d.source is None for d in listed)
    assert len(storage_repo.audit_log(action="dataset.save")) == 2
