"""The batch run: stored valuations equal the engine, assumptions sources, users, progress, and Dask parity."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reserving.assumptions import LossRatioAssumptions, SegmentAssumptions, TailAssumptions
from reserving.batch import ConfigError, TextProgress, load_config, parse_config, run_batch
from reserving.cli import main
from reserving.dataset import segment_key
from reserving.methods import MethodInputs, run_method
from reserving.samples import get_sample
from reserving.storage import Repository, open_database

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"
CANAL = {"company": "Canal Ins Co Grp", "line": "comauto"}
ERIE = {"company": "Erie Ins Exchange Grp", "line": "comauto"}


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    db = open_database(f"sqlite:///{tmp_path}/x.sqlite")
    repository = Repository(db)
    repository.add_user("li", "chief_actuary")
    yield repository
    db.dispose()


def _clrd(**changes: object):
    data: dict[str, object] = {
        "user": "li",
        "measure": "paid",
        "methods": ["chainladder", "mack", "bf"],
        "selected": "chainladder",
        "segments": [CANAL, ERIE],
        "source": {"sample": "clrd"},
        "assumptions": {"loss_ratio": {"default": 0.7}},
    }
    data.update(changes)
    return parse_config(data)


def _engine(method: str, segment: dict[str, str], assumptions: SegmentAssumptions) -> dict[str, float]:
    inputs = MethodInputs.from_dataset(get_sample("clrd"), "paid", segment_key(segment))
    return run_method(method, inputs, assumptions).total


def test_serial_run_stores_one_valuation_per_segment_equal_to_the_engine(repo: Repository) -> None:
    calls: list[tuple[int, int, str]] = []
    outcomes = run_batch(_clrd(), progress=lambda *args: calls.append(args), repo=repo)
    assert [o.segment for o in outcomes] == [CANAL, ERIE]
    assert calls == [
        (1, 2, "company=Canal Ins Co Grp, line=comauto"),
        (2, 2, "company=Erie Ins Exchange Grp, line=comauto"),
    ]
    base = SegmentAssumptions(measure="paid", loss_ratio=LossRatioAssumptions(default=0.7))
    for outcome in outcomes:
        expected = _engine("chainladder", outcome.segment, base)
        assert outcome.ultimate == expected["ultimate"]
        assert outcome.latest == expected["latest"] and outcome.ibnr == expected["ibnr"]
        record = repo.get_valuation(outcome.valuation_id)
        assert record.status == "draft" and record.method == "chainladder" and record.created_by == "li"
        assert record.segment == outcome.segment
        assert record.assumptions["methods"] == ["chainladder", "mack", "bf"]
        assert record.results["total"]["ultimate"] == expected["ultimate"]
        bf = _engine("bf", outcome.segment, base)
        assert record.results["methods"]["bf"]["total"]["ultimate"] == bf["ultimate"]
        assert (
            record.results["methods"]["mack"]["total"]["std_err"] == _engine("mack", outcome.segment, base)["std_err"]
        )
    # Published anchor: Canal comauto paid latest diagonal at 2007-12-31.
    assert outcomes[0].latest == 1_032_185.0
    assert outcomes[0].ultimate == pytest.approx(1_418_995.28, abs=0.01)
    assert len(repo.assumption_history(repo.get_valuation(outcomes[0].valuation_id).data_hash)) == 2


def test_saved_assumptions_and_per_segment_files(repo: Repository, tmp_path: Path) -> None:
    first = run_batch(_clrd(segments=[CANAL]), repo=repo)[0]
    data_hash = repo.get_valuation(first.valuation_id).data_hash
    tail = SegmentAssumptions(
        measure="paid", tail=TailAssumptions(kind="constant", factor=1.1), loss_ratio=LossRatioAssumptions(default=0.7)
    )
    repo.save_assumptions(data_hash, CANAL, "paid", tail.to_dict(), user="li", reason="tail study")
    (tmp_path / "erie.json").write_text(
        SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=1.02)).dumps()
    )
    config = parse_config(
        {
            "user": "li",
            "measure": "paid",
            "selected": "chainladder",
            "segments": [CANAL, ERIE, {"company": "Tenn Farmers Mut", "line": "ppauto"}],
            "use_saved_assumptions": True,
            "source": {"sample": "clrd"},
            "segment_assumptions": [{"segment": ERIE, "file": "erie.json"}],
        },
        tmp_path,
    )
    canal, erie, tenn = run_batch(config, repo=repo)
    assert canal.assumptions_source == "saved v2" and erie.assumptions_source == "file"
    assert tenn.assumptions_source == "defaults"
    assert canal.ultimate == pytest.approx(1.1 * first.ultimate, rel=1e-12)
    plain = _engine("chainladder", ERIE, SegmentAssumptions(measure="paid"))
    assert erie.ultimate == pytest.approx(1.02 * plain["ultimate"], rel=1e-12)


def test_unknown_segment_and_failing_method_store_nothing(repo: Repository) -> None:
    with pytest.raises(ConfigError, match=r"^config key 'segments': company=Nobody"):
        run_batch(_clrd(segments=[{"company": "Nobody", "line": "comauto"}]), repo=repo)
    with pytest.raises(ConfigError, match=r"^config key 'measure'"):
        run_batch(_clrd(measure="reported_count"), repo=repo)
    # BF selected without an a-priori loss ratio cannot run: the whole batch fails, nothing is saved.
    with pytest.raises(Exception, match="loss ratio"):
        run_batch(_clrd(selected="bf", assumptions={}), repo=repo)
    assert repo.list_valuations() == [] and repo.list_datasets() == []


def test_user_rules(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path}/empty.sqlite")
    repo = Repository(db)
    config = _clrd(segments=[CANAL], methods=["chainladder"])
    with pytest.raises(ConfigError, match="no users yet; pass --user li"):
        run_batch(config, repo=repo)
    outcome = run_batch(config, repo=repo, user="li", create_first_user=True)[0]
    assert repo.get_user("li").role == "chief_actuary"
    assert repo.get_valuation(outcome.valuation_id).created_by == "li"
    repo.add_user("zhao", "viewer", by="li")
    with pytest.raises(ConfigError, match="'zhao' is a viewer"):
        run_batch(config, repo=repo, user="zhao")
    with pytest.raises(ConfigError, match="no user named 'wang'"):
        run_batch(config, repo=repo, user="wang", create_first_user=True)  # not empty: never created
    db.dispose()


def test_text_progress_bar() -> None:
    stream = io.StringIO()
    bar = TextProgress(stream, width=10)
    bar(1, 4, "a")
    bar(4, 4, "b")
    text = stream.getvalue()
    assert "\r[##--------] 1/4 a" in text
    assert "\r[##########] 4/4 b" in text and text.endswith("\n")


def test_run_command_prints_json_and_progress_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RESERVING_DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite")
    assert main(["run", str(BATCH / "injection.toml"), "--user", "li"]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert [entry["segment"]["line"] for entry in printed] == [
        "<script>alert(1)</script>",
        "=SUM(1+2)",
        "@cmd|' /C calc'!A0",
        "motor",
    ]
    assert [entry["valuation_id"] for entry in printed] == [1, 2, 3, 4]
    assert printed[3]["assumptions_source"] == "file" and printed[0]["assumptions_source"] == "defaults"
    assert printed[1]["latest"] == pytest.approx(1.5 * 10_980)
    assert set(printed[0]) == {
        "valuation_id",
        "segment",
        "measure",
        "method",
        "latest",
        "ultimate",
        "ibnr",
        "std_err",
        "assumptions_source",
    }
    assert "4/4" in captured.err and "[" not in captured.out.split("\n")[0][1:]


@pytest.mark.slow
def test_dask_cluster_gives_the_serial_results(tmp_path: Path) -> None:
    serial_db = open_database(f"sqlite:///{tmp_path}/serial.sqlite")
    parallel_db = open_database(f"sqlite:///{tmp_path}/parallel.sqlite")
    serial, parallel = Repository(serial_db), Repository(parallel_db)
    config = load_config(BATCH / "clrd_cluster.toml")
    one = run_batch(config, repo=serial, user="li", create_first_user=True, workers=1)
    calls: list[int] = []
    two = run_batch(
        config, progress=lambda done, total, label: calls.append(done), repo=parallel, user="li", create_first_user=True
    )
    assert config.workers == 2
    assert sorted(calls) == [1, 2, 3, 4]
    assert [o.segment for o in one] == [o.segment for o in two]
    for a, b in zip(one, two, strict=True):
        assert serial.get_valuation(a.valuation_id).results == parallel.get_valuation(b.valuation_id).results
        assert a.ultimate == b.ultimate
    serial_db.dispose()
    parallel_db.dispose()
