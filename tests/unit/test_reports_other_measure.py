"""Exports of a valuation whose selection uses chain ladder on paid while incurred is analysed.

The app's Methods page compares chain ladder on the other of paid / incurred under the run
key ``chainladder_paid``, with the paid triangle's own assumptions, and the Selection page
may pick it for some origins. The saved valuation declares that run (method, measure and
assumptions), so the exports recompute exactly the totals the app showed.
"""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from components.governance.saved_work import valuation_payload
from reserving.assumptions import SegmentAssumptions, Selection, TailAssumptions
from reserving.methods import MethodInputs, run_method, select
from reserving.reports import MeasureRun, export, load_valuation_report, run_key
from reserving.reports.valuation_run import canonical_csv, dataset_from_bytes
from reserving.samples import get_sample
from reserving.storage import Repository, open_database

PAID_TAIL = 1.03  # the paid triangle's own tail: the run must use it, not incurred's (none)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory):
    """The mcl sample as the app saves it, and the Selection page's figures for incurred."""
    tmp = tmp_path_factory.mktemp("other_measure")
    db = open_database(f"sqlite:///{tmp}/x.sqlite")
    repo = Repository(db)
    repo.add_user("li", "chief_actuary")
    data, mapping = canonical_csv(get_sample("mcl"))
    dataset = dataset_from_bytes(data, "mcl.csv", mapping)
    record = repo.save_dataset("Munich chain ladder", data, user="li", mapping=mapping.to_dict(), file_name="mcl.csv")
    yield repo, dataset, record.content_hash
    db.dispose()


def _app_valuation(dataset, paid: SegmentAssumptions, declare: bool):
    """What the app computes and saves: chain ladder on incurred and on paid, paid picked for the latest origins."""
    incurred_inputs = MethodInputs.from_dataset(dataset, "incurred")
    origins = list(incurred_inputs.origin_labels)
    key = run_key("chainladder", "paid")
    selection = Selection(
        by_origin=(
            (origins[-1], ((key, 1.0),), "incurred distorted by a large case reserve"),
            (origins[-2], ((key, 1.0),), "paid more stable"),
            (origins[-3], (("chainladder", 1.0), (key, 1.0)), "halfway"),
        ),
        default_method="chainladder",
    )
    incurred = SegmentAssumptions(measure="incurred", selection=selection)
    results = {
        "chainladder": run_method("chainladder", incurred_inputs, incurred),
        key: run_method("chainladder", MethodInputs.from_dataset(dataset, "paid"), paid),
    }
    shown = select({name: result.origins for name, result in results.items()}, selection)  # the Selection page
    runs = {key: MeasureRun(key, "chainladder", "paid", paid)} if declare else None
    payload = valuation_payload(results, {}, incurred, "incurred", (), runs=runs)
    return shown, payload, results


def _save(repo, data_hash, payload) -> int:
    assumptions, results = payload
    return repo.create_valuation(data_hash, {}, "incurred", assumptions, results, user="li").id


def _workbook_rows(data: bytes, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def _total(rows: list[tuple], column: str) -> float:
    header = next(row for row in rows if row and row[0] == "origin")
    total = next(row for row in rows if row and row[0] == "Total")
    return float(dict(zip(header, total, strict=False))[column])


def test_the_exports_equal_the_app_selection(saved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo, dataset, data_hash = saved
    paid = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=PAID_TAIL))
    shown, payload, results = _app_valuation(dataset, paid, declare=True)
    app_ultimate = float(shown["ultimate"].sum())
    app_ibnr = float(shown["ibnr"].sum())
    assert payload[1]["total"]["ultimate"] == pytest.approx(app_ultimate, rel=1e-12)
    # by hand: the latest origin is exactly paid's chain ladder with the 1.03 tail
    paid_row = results["chainladder_paid"].origins.iloc[-1]
    assert float(shown["ultimate"].iloc[-1]) == pytest.approx(float(paid_row["ultimate"]), rel=1e-12)
    assert payload[0]["runs"]["chainladder_paid"]["assumptions"]["tail"]["factor"] == PAID_TAIL

    report = load_valuation_report(repo, _save(repo, data_hash, payload))
    exhibits = report.exhibits
    assert exhibits.matches_stored is True
    assert exhibits.spec.methods == ("chainladder", "chainladder_paid")
    assert exhibits.selected_total["ultimate"] == pytest.approx(app_ultimate, rel=1e-12)
    assert list(exhibits.selected["ultimate"]) == pytest.approx(list(shown["ultimate"]), rel=1e-12)

    workbook = export(report, "xlsx")
    assert _total(_workbook_rows(workbook, "Selection"), "ultimate") == pytest.approx(app_ultimate, rel=1e-12)
    assert _total(_workbook_rows(workbook, "Selection"), "ibnr") == pytest.approx(app_ibnr, rel=1e-9)
    method_sheet = _workbook_rows(workbook, "Method chainladder_paid")
    assert method_sheet[0][0] == "Chain ladder (paid) (chainladder_paid) on paid"
    assert _total(method_sheet, "ultimate") == pytest.approx(results["chainladder_paid"].total["ultimate"])

    html = export(report, "html").decode("utf-8")
    assert "<h3>Chain ladder (paid) (chainladder_paid)</h3>" in html
    assert f"{app_ultimate:,.0f}" in html

    with zipfile.ZipFile(io.BytesIO(export(report, "zip"))) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / f"valuation-{report.record.id}"
    recomputed = json.loads((root / "results_recomputed.json").read_text())
    assert recomputed["total"]["ultimate"] == pytest.approx(app_ultimate, rel=1e-12)
    readme = (root / "README.txt").read_text()
    assert "chainladder_paid (chainladder on paid)" in readme
    assert "chainladder_paid" not in re.search(r"methods = \[.*\]", (root / "reproduce.toml").read_text()).group()

    # The README's Python lines rebuild the same selection from the papers alone.
    lines = readme.split("Or in Python:")[1].split("Files:")[0]
    code = "\n".join(line[4:] for line in lines.splitlines() if line.startswith("    "))
    monkeypatch.chdir(root)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    exec(compile(code, "README.txt", "exec"), {})
    printed = ast.literal_eval(out.getvalue().strip())
    assert printed["ultimate"] == pytest.approx(app_ultimate, rel=1e-12)


def test_a_record_that_names_the_run_without_declaring_it_still_exports(saved):
    repo, dataset, data_hash = saved
    # paid at its defaults: the run key alone says enough to recompute it exactly
    shown, payload, _ = _app_valuation(dataset, SegmentAssumptions(measure="paid"), declare=False)
    assert "runs" not in payload[0]
    report = load_valuation_report(repo, _save(repo, data_hash, payload))
    assert report.exhibits.matches_stored is True
    assert report.exhibits.selected_total["ultimate"] == pytest.approx(float(shown["ultimate"].sum()), rel=1e-12)

    # paid had its own tail but the record does not say so: exported, and the report says it differs
    paid = SegmentAssumptions(measure="paid", tail=TailAssumptions(kind="constant", factor=PAID_TAIL))
    _, payload, _ = _app_valuation(dataset, paid, declare=False)
    report = load_valuation_report(repo, _save(repo, data_hash, payload))
    assert report.exhibits.matches_stored is False
    assert b"NO: stored ultimate" in export(report, "html")
