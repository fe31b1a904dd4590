"""Exports of saved valuations: the workbook's numbers, the HTML report, the working papers, the report command."""

from __future__ import annotations

import io
import json
import shlex
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from reserving.assumptions import LossRatioAssumptions, MethodOptions, SegmentAssumptions
from reserving.batch import load_config, parse_config, run_batch
from reserving.cli import main
from reserving.dataset import segment_key
from reserving.methods import MethodInputs, run_method
from reserving.reports import export, load_valuation_report
from reserving.reports.valuation_run import compute_exhibits, dataset_from_bytes, make_spec
from reserving.samples import get_sample
from reserving.storage import Repository, open_database

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"
RAA_ULTIMATE = 213_122.23  # chain ladder on RAA (Mack 1994; R ChainLadder)
RAA_MACK_SE = 26_880.74  # total Mack s.e., log-linear sigma (R ChainLadder MackChainLadder(RAA) default)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Repository, dict[str, int], str]]:
    """A database with an RAA valuation (Mack selected, bootstrap beside it) and the injection file's four."""
    tmp = tmp_path_factory.mktemp("reports")
    url = f"sqlite:///{tmp}/x.sqlite"
    db = open_database(url)
    repo = Repository(db)
    raa = parse_config(
        {
            "user": "li",
            "measure": "incurred",
            "methods": ["chainladder", "mack", "bootstrap"],
            "selected": "mack",
            "source": {"sample": "raa"},
            "assumptions": {"options": {"n_sims": 200, "seed": 7}},
        }
    )
    ids = {"raa": run_batch(raa, repo=repo, user="li", create_first_user=True)[0].valuation_id}
    for outcome in run_batch(load_config(BATCH / "injection.toml"), repo=repo):
        ids[outcome.segment["line"]] = outcome.valuation_id
    yield repo, ids, url
    db.dispose()


@pytest.fixture(scope="module")
def raa_report(saved):
    repo, ids, _ = saved
    return load_valuation_report(repo, ids["raa"])


@pytest.fixture(scope="module")
def raa_workbook(raa_report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export(raa_report, "xlsx")))


def _total_row(ws, header_text: str = "origin") -> dict[str, object]:
    """The Total row of the first table on a sheet, as {header: value}."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == header_text)
    header = rows[start]
    total = next(row for row in rows[start + 1 :] if row and row[0] == "Total")
    return dict(zip(header, total, strict=False))


def _raa_engine(method: str) -> dict[str, float]:
    assumptions = SegmentAssumptions(measure="incurred", options=MethodOptions(n_sims=200, seed=7))
    return run_method(method, MethodInputs.from_dataset(get_sample("raa"), "incurred"), assumptions).total


def test_workbook_totals_equal_the_engine_and_published_figures(raa_workbook) -> None:
    chainladder = _total_row(raa_workbook["Method chainladder"])
    mack = _total_row(raa_workbook["Method mack"])
    engine = _raa_engine("mack")
    assert chainladder["ultimate"] == pytest.approx(_raa_engine("chainladder")["ultimate"], rel=1e-12)
    assert chainladder["ultimate"] == pytest.approx(RAA_ULTIMATE, abs=0.01)
    assert chainladder["ibnr"] == pytest.approx(RAA_ULTIMATE - 160_987, abs=0.01)
    assert mack["std_err"] == pytest.approx(engine["std_err"], rel=1e-12)
    assert mack["std_err"] == pytest.approx(RAA_MACK_SE, abs=0.5)
    selection = _total_row(raa_workbook["Selection"])
    assert selection["ultimate"] == pytest.approx(engine["ultimate"], rel=1e-12)
    assert selection["std_err"] == pytest.approx(engine["std_err"], rel=1e-12)
    boot = _total_row(raa_workbook["Method bootstrap"])
    assert boot["ibnr"] == pytest.approx(_raa_engine("bootstrap")["ibnr"], rel=1e-12)


def test_workbook_factors_sheet_holds_the_selected_cdf(raa_workbook) -> None:
    rows = list(raa_workbook["Link ratios"].iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "average")
    ldf = dict(zip(header, next(row for row in rows if row and row[0] == "Selected LDF"), strict=False))
    cdf = dict(zip(header, next(row for row in rows if row and row[0] == "CDF to ultimate"), strict=False))
    assert ldf["12-24"] == pytest.approx(2.999359, abs=1e-6)  # RAA volume-weighted 12-24 factor
    assert cdf["12-24"] == pytest.approx(8.920234, abs=1e-6)
    assert cdf["108-120"] == pytest.approx(1.009217, abs=1e-6)


def test_workbook_layout_formats_and_sheets(raa_workbook) -> None:
    names = raa_workbook.sheetnames
    assert names[:4] == ["Summary", "Data", "Link ratios", "Tail"]
    for name in (
        "Method chainladder",
        "Method mack",
        "Method bootstrap",
        "Selection",
        "Uncertainty",
        "Assumptions",
        "Versions",
        "Audit",
    ):
        assert name in names
    data = raa_workbook["Data"]
    assert data.freeze_panes == "B3"
    assert data["B2"].font.bold and data["B2"].value == "12"  # header: age in months
    assert data["B3"].value == 5012 and data["B3"].data_type == "n" and data["B3"].number_format == "#,##0"
    mack = raa_workbook["Method mack"]
    header = [c.value for c in mack[2]]
    cdf_cell = mack.cell(row=3, column=header.index("cdf") + 1)
    assert cdf_cell.number_format == "0.0000"
    uncertainty = [row for row in raa_workbook["Uncertainty"].iter_rows(values_only=True) if row and row[0]]
    assert any(row[0] == "p99.5" for row in uncertainty)
    versions = {row[0]: row[1] for row in raa_workbook["Versions"].iter_rows(values_only=True) if row[0]}
    assert versions["chainladder"] == "0.10.1" and versions["saved_chainladder"] == "0.10.1"
    audit = list(raa_workbook["Audit"].iter_rows(values_only=True))
    assert any(row[3] == "valuation.create" for row in audit if len(row) > 3)


def test_assumptions_sheet_json_reads_back(raa_workbook) -> None:
    ws = raa_workbook["Assumptions"]
    text = next(c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("{"))
    assumptions = SegmentAssumptions.loads(text)
    assert assumptions.options.n_sims == 200
    assert assumptions.selection.default_method == "mack"


def test_no_formula_in_any_cell_and_user_text_kept(saved) -> None:
    repo, ids, _ = saved
    for line in ("=SUM(1+2)", "@cmd|' /C calc'!A0"):
        wb = openpyxl.load_workbook(io.BytesIO(export(load_valuation_report(repo, ids[line]), "xlsx")))
        cells = [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
        assert summary["Segment"] == f"line={line}"
        assert summary["Dataset"] == '=HYPERLINK("http://example.invalid","click")'
        assert summary["Recomputed equals stored"] == "yes"


def test_extra_sheets_hook_reaches_every_export(raa_report) -> None:
    ave = pd.DataFrame(
        {"origin": ["1989", "1990", "Total"], "actual": [10.0, 20.0, 30.0], "expected": [8.0, 25.0, 33.0]}
    )
    report = raa_report.with_sheets({"Actual vs expected": ave})
    wb = openpyxl.load_workbook(io.BytesIO(export(report, "xlsx")))
    assert wb.sheetnames[-1] == "Actual vs expected"
    assert _total_row(wb["Actual vs expected"])["expected"] == 33.0
    assert 'id="extra-0"' in export(report, "html").decode()
    with zipfile.ZipFile(io.BytesIO(export(report, "zip"))) as archive:
        text = archive.read(f"valuation-{report.record.id}/csv/Actual_vs_expected.csv").decode("utf-8-sig")
    assert pd.read_csv(io.StringIO(text))["actual"].sum() == 60.0


def test_html_is_self_contained_printable_and_escaped(saved) -> None:
    repo, ids, _ = saved
    html = export(load_valuation_report(repo, ids[SCRIPT]), "html").decode("utf-8")
    for section in ("summary", "data", "development", "methods", "selection", "uncertainty", "assumptions", "audit"):
        assert f'<section id="{section}">' in html
    assert "@media print" in html and "break-before: page" in html
    assert 'src="http' not in html  # plotly.js is inline: no network needed
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 3  # charts drawn inline
    assert SCRIPT not in html  # the segment name is escaped wherever it appears
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # 1.2 x the base triangle: latest 13,176, chain-ladder ultimate 16,389 (hand computation below).
    assert "16,389" in html and "13,176" in html


def _base_ultimate() -> float:
    """Hand chain ladder on the base triangle of tests/data/batch/injection.csv (volume-weighted, no tail)."""
    f = [8250 / 4600, 6950 / 5950, 4730 / 4450, 2300 / 2250]
    latest = [2300, 2480, 2500, 2300, 1400]
    cdf = [1.0, f[3], f[2] * f[3], f[1] * f[2] * f[3], f[0] * f[1] * f[2] * f[3]]
    return sum(v * c for v, c in zip(latest, cdf, strict=True))


def test_injection_valuations_match_hand_computation(saved) -> None:
    repo, ids, _ = saved
    script = repo.get_valuation(ids[SCRIPT]).results["total"]
    assert script["ultimate"] == pytest.approx(1.2 * _base_ultimate(), rel=1e-12)
    motor = repo.get_valuation(ids["motor"]).results["total"]  # its own file: constant tail 1.05
    assert motor["ultimate"] == pytest.approx(1.05 * _base_ultimate(), rel=1e-12)


def test_working_papers_reproduce_the_valuation(saved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, ids, _ = saved
    vid = ids["=SUM(1+2)"]
    report = load_valuation_report(repo, vid)
    with zipfile.ZipFile(io.BytesIO(export(report, "zip"))) as archive:
        archive.extractall(tmp_path)
        names = set(archive.namelist())
    root = tmp_path / f"valuation-{vid}"
    expected = {
        "README.txt",
        "mapping.json",
        "assumptions.json",
        "versions.json",
        "results.json",
        "audit_log.csv",
        f"valuation-{vid}.xlsx",
        f"valuation-{vid}.html",
        "csv/selection.csv",
        "csv/method_chainladder.csv",
        "csv/method_bf.csv",
        "data/injection.csv",
        "reproduce.toml",
    }
    assert {f"valuation-{vid}/{name}" for name in expected} <= names
    assert (root / "data" / "injection.csv").read_bytes() == (BATCH / "injection.csv").read_bytes()
    versions = json.loads((root / "versions.json").read_text())
    assert {"app", "chainladder", "pandas", "numpy", "python"} <= set(versions)
    stored = json.loads((root / "results.json").read_text())

    # Re-read data + mapping + assumptions, rerun: identical numbers.
    saved_assumptions = json.loads((root / "assumptions.json").read_text())
    dataset = dataset_from_bytes(
        (root / "data" / "injection.csv").read_bytes(), "injection.csv", json.loads((root / "mapping.json").read_text())
    )
    spec = make_spec(
        "paid",
        {"line": "=SUM(1+2)"},
        saved_assumptions["methods"],
        saved_assumptions["method"],
        SegmentAssumptions.from_dict(saved_assumptions),
    )
    again = compute_exhibits(dataset, spec)
    assert again.selected_total["ultimate"] == stored["total"]["ultimate"]
    assert list(again.selected["ultimate"]) == [o["ultimate"] for o in stored["origins"]]
    bf = run_method(
        "bf",
        MethodInputs.from_dataset(dataset, "paid", segment_key({"line": "=SUM(1+2)"})),
        SegmentAssumptions(measure="paid", loss_ratio=LossRatioAssumptions(default=0.6)),
    )
    assert bf.total["ultimate"] == stored["methods"]["bf"]["total"]["ultimate"]

    # The README's command line gives the same totals.
    readme = (root / "README.txt").read_text()
    command = next(
        line.strip() for line in readme.splitlines() if line.strip().startswith("python -m reserving estimate")
    )
    monkeypatch.chdir(root)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert main(shlex.split(command)[3:]) == 0
    printed = json.loads(out.getvalue())
    assert printed["results"][0]["total"]["ultimate"] == pytest.approx(stored["total"]["ultimate"], rel=1e-12)

    # The batch config in the papers re-runs it too (a new valuation with the same numbers).
    rerun = run_batch(load_config(root / "reproduce.toml"), repo=repo, user="li")
    assert [o.segment for o in rerun] == [{"line": "=SUM(1+2)"}]
    assert repo.get_valuation(rerun[0].valuation_id).results == stored

    # CSVs never start a cell with a formula character.
    selection = (root / "csv" / "assumptions.csv").read_text(encoding="utf-8-sig")
    assert "\n=" not in selection and ",=" not in selection


def test_report_command_writes_each_format(saved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _, ids, url = saved
    monkeypatch.setenv("RESERVING_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    vid = ids["motor"]
    assert main(["report", str(vid), "--format", "html"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["valuation_id"] == vid and printed["format"] == "html"
    assert Path(printed["path"]) == tmp_path / f"valuation-{vid}.html"
    # The whole report, charts included, without the 4.8 MB plotly.js it used to carry (it pinned > 1 MB).
    assert 10_000 < printed["bytes"] == (tmp_path / f"valuation-{vid}.html").stat().st_size < HTML_LIMIT
    target = tmp_path / "out" / "papers.zip"
    assert main(["report", str(vid), "--format", "zip", "--output", str(target)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["path"] == str(target) and zipfile.is_zipfile(target)


def test_report_command_unknown_id_exits_2(saved, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _, _, url = saved
    monkeypatch.setenv("RESERVING_DATABASE_URL", url)
    assert main(["report", "9999", "--format", "xlsx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == ["error: no valuation 9999"]


HTML_LIMIT = 250_000
"""Bytes a report may weigh. Measured: RAA (10 x 10, 3 methods, 5 SVG charts) 63 kB; the quarterly sample
(45 x 45 cells, 4 methods) 100 kB. 2.5 x the larger leaves room for more methods and segments' notes, and is
1/20 of the 4.9 MB the RAA report weighed with plotly.js inlined (4.8 MB of it)."""


def test_html_report_is_small_and_has_no_scientific_notation(raa_report) -> None:
    import re

    data = export(raa_report, "html")
    assert len(data) < HTML_LIMIT, len(data)
    html = data.decode("utf-8")
    assert "<script" not in html  # nothing to run: it opens offline and prints as shown
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.findall(r"\d[eE][+-]\d", text)  # was "4.98299e+08" in the summary's value column
    assert "213,122" in text and "26,881" in text  # RAA ultimate and Mack s.e. as amounts (26,880.74 rounds up)
    assert "<td>1.0092</td>" in html  # the 108-120 factor with 4 decimals
    assert 'class="table-wrap' in html  # wide tables scroll in a block instead of running off the page


def test_workbook_cells_carry_the_number_format_of_their_kind(raa_report) -> None:
    ave = pd.DataFrame(
        {
            "origin": ["1989", "Total"],
            "actual": [10.0, 30.0],
            "a_over_e": [1.25, 0.91],
            "deviation_rate": [-0.184, 0.05],
            "loss_ratio_pct": [79.197, 70.6],
        }
    )
    wb = openpyxl.load_workbook(io.BytesIO(export(raa_report.with_sheets({"Checks": ave}), "xlsx")))
    ws = wb["Checks"]
    header = [c.value for c in ws[2]]
    formats = {name: ws.cell(row=3, column=header.index(name) + 1).number_format for name in header[1:]}
    assert formats == {"actual": "#,##0", "a_over_e": "0.0%", "deviation_rate": "0.0%", "loss_ratio_pct": '0.0"%"'}
    assert ws.cell(row=3, column=header.index("deviation_rate") + 1).value == -0.184  # the raw ratio is kept
    summary = {row[0].value: row[1] for row in wb["Summary"].iter_rows(min_col=1, max_col=2) if row[0].value}
    assert summary["Ultimate"].number_format == "#,##0" and summary["Tail factor"].number_format == "0.0000"
    mack = wb["Method mack"]
    mack_header = [c.value for c in mack[2]]
    assert mack.cell(row=3, column=mack_header.index("std_err") + 1).number_format == "#,##0"
    assert mack.cell(row=3, column=mack_header.index("ultimate") + 1).number_format == "#,##0"


def test_a_45_by_45_quarterly_report_stays_small_and_readable(saved) -> None:
    import re

    repo, _, _ = saved
    config = parse_config(
        {
            "user": "li",
            "measure": "incurred",
            "methods": ["chainladder", "mack"],
            "selected": "chainladder",
            "source": {"sample": "quarterly"},
        }
    )
    vid = run_batch(config, repo=repo, user="li")[0].valuation_id
    report = load_valuation_report(repo, vid)
    data = export(report, "html")
    assert len(data) < HTML_LIMIT, len(data)
    html = data.decode("utf-8")
    assert report.exhibits.triangle.shape[1] > 12 and 'class="table-wrap wide"' in html  # printed in a smaller font
    text = re.sub(r"<[^>]+>", " ", html.split('<section id="audit">')[0])  # the audit keeps the stored JSON
    assert not re.findall(r"\d[eE][+-]\d", text)
    assert "characters)" in html  # the audit's long JSON is shortened for print


def _clark_papers_command(repo: Repository, options: dict, into: Path, *, saved_file: bool = False) -> tuple[str, dict]:
    """Save an xyz incurred valuation with Clark selected under `options`, unpack its papers into `into`.

    With `saved_file` the options come from an assumptions file as it was saved (so one without
    ``version`` is read as an option set saved before version 2); otherwise they are typed in the
    config (today's meaning). Returns the papers' command line (run it from ``into``) and the
    stored results.
    """
    assumptions: dict = {"options": options}
    if saved_file:
        (into / "saved_assumptions.json").write_text(json.dumps({"options": options}), encoding="utf-8")
        assumptions = {"file": "saved_assumptions.json"}
    config = parse_config(
        {
            "user": "li",
            "measure": "incurred",
            "methods": ["chainladder", "clark"],
            "selected": "clark",
            "source": {"sample": "xyz"},
            "assumptions": assumptions,
        },
        into,
    )
    vid = run_batch(config, repo=repo, user="li")[0].valuation_id
    report = load_valuation_report(repo, vid)
    with zipfile.ZipFile(io.BytesIO(export(report, "zip"))) as archive:
        archive.extractall(into)
    readme = (into / f"valuation-{vid}" / "README.txt").read_text(encoding="utf-8")
    command = next(
        line.strip() for line in readme.splitlines() if line.strip().startswith("python -m reserving estimate")
    )
    return command, {**repo.get_valuation(vid).results, "root": into / f"valuation-{vid}"}


def _run_command(command: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(root)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert main(shlex.split(command)[3:]) == 0
    return json.loads(out.getvalue())["results"][0]["total"]


def test_working_papers_command_carries_clarks_form_and_truncation(
    saved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clark in its Cape Cod form truncated at 360 months: the command names both and prints the stored ultimate.

    Without them the command would run Clark's LDF form to infinite age: xyz incurred IBNR 381,002 instead of
    the Cape Cod form's (432,811 untruncated), so the papers would not reproduce the valuation.
    """
    repo, _, _ = saved
    options = {"clark_form": "cape_cod", "clark_truncation": 360, "version": 2}
    command, stored = _clark_papers_command(repo, options, tmp_path)
    args = shlex.split(command)
    assert args[args.index("--clark-form") + 1] == "cape_cod"
    assert args[args.index("--clark-truncation") + 1] == "360"
    inputs = MethodInputs.from_dataset(get_sample("xyz"), "incurred", ())
    engine = run_method(
        "clark",
        inputs,
        SegmentAssumptions("incurred", options=MethodOptions(clark_form="cape_cod", clark_truncation=360)),
    ).total
    assert stored["total"]["ultimate"] == pytest.approx(engine["ultimate"], rel=1e-12)
    untruncated = run_method(
        "clark", inputs, SegmentAssumptions("incurred", options=MethodOptions(clark_form="cape_cod"))
    ).total
    assert engine["ibnr"] < untruncated["ibnr"]  # the truncation is a real difference the command must carry
    printed = _run_command(command, stored["root"], monkeypatch)
    assert printed["ultimate"] == pytest.approx(stored["total"]["ultimate"], rel=1e-12)


def test_working_papers_name_the_form_an_old_option_set_let_the_data_choose(
    saved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Options saved before version 2 (no version) chose Cape Cod because xyz has premium; the command says so."""
    repo, _, _ = saved
    command, stored = _clark_papers_command(repo, {"n_sims": 1000}, tmp_path, saved_file=True)
    args = shlex.split(command)
    assert args[args.index("--clark-form") + 1] == "cape_cod"
    assert "--clark-truncation" not in args
    printed = _run_command(command, stored["root"], monkeypatch)
    assert printed["ultimate"] == pytest.approx(stored["total"]["ultimate"], rel=1e-12)
    inputs = MethodInputs.from_dataset(get_sample("xyz"), "incurred", ())
    cape_cod = run_method("clark", inputs, SegmentAssumptions("incurred", options=MethodOptions(clark_form="cape_cod")))
    assert printed["ultimate"] == pytest.approx(cape_cod.total["ultimate"], rel=1e-12)  # 449,626 + 432,811.44
