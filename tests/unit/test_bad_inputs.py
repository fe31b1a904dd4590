"""The bad-input corpus (tests/data/bad): every file is refused or flagged at the right place, never a traceback.

Each corpus file has one expectation below: the rule and place of the report's first error
(or of a warning, for files that are merely suspicious), or the totals a valid but odd file
must load with. The same files go through `python -m reserving inspect`, in this process for
speed and in a real child process for a handful, which must exit 2 with a single `error:`
line naming the place. The 100 MB file and the zip bomb are made here in tmp_path.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reserving.cli import main
from reserving.errors import Location, ReservingError
from reserving.ingest import LoadResult, load_bytes, load_path
from reserving.mapping import ColumnMapping
from reserving.readers import MAX_FILE_BYTES, MAX_UNZIPPED_BYTES
from reserving.validation import Issue
from tests.data.bad.make_corpus import BIG_ORIGINS, big_csv, big_value, zip_bomb

ROOT = Path(__file__).parents[2]
BAD = ROOT / "tests" / "data" / "bad"
NOT_CORPUS = {"make_corpus.py", "README.md", "__pycache__"}
INJECTIONS = ["+1+1", "-2+3", "=cmd|' /C calc'!A0", "@SUM(A1)"]


@dataclass(frozen=True)
class Refused:
    """The report's first error: its rule, a fragment of its message, and its place."""

    rule: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    options: tuple[str, ...] = ()

    def place(self, name: str) -> Location:
        return Location(name, self.sheet, self.row, self.column)


@dataclass(frozen=True)
class Flagged:
    """A warning the file must carry, and the latest totals it still loads with."""

    rule: str
    message: str
    latest: dict[str, float]
    row: int | None = None
    column: str | None = None

    def place(self, name: str) -> Location:
        return Location(name, None, self.row, self.column)


@dataclass(frozen=True)
class Loads:
    """A valid but odd file: it loads, without warnings unless listed, with these totals and segments."""

    latest: dict[str, float]
    segments: dict[str, list[str]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


EXPECTED: dict[str, Refused | Flagged | Loads] = {
    # ---------------------------------------------------------------- unreadable
    "empty.csv": Refused("unreadable", "the file is empty"),
    "whitespace_only.csv": Refused("unreadable", "the file is empty"),
    "binary_renamed.csv": Refused("unreadable", "the file is binary, not a CSV text file"),
    "png_renamed.xlsx": Refused("unreadable", "the file is not an Excel .xlsx workbook (it is not a zip archive)"),
    "nul_bytes.csv": Refused("unreadable", "the file is binary, not a CSV text file"),
    "nul_bytes_late.csv": Refused("unreadable", "the file is binary, not a CSV text file"),
    "gbk_forced_utf8.csv": Refused(
        "unreadable", "the file is not valid utf-8 text (line 1)", row=1, options=("--encoding", "utf-8")
    ),
    "ragged_rows.csv": Refused("unreadable", "line 4 has 4 fields but the header has 3 (separator ',')", row=4),
    "extremely_long_line.csv": Refused("unreadable", "the CSV is malformed: field larger than field limit", row=4),
    "old_format.xls": Refused("unreadable", "old Excel .xls workbooks are not supported"),
    "truncated.xlsx": Refused("unreadable", "the file is a damaged zip/.xlsx archive"),
    "zip_not_workbook.xlsx": Refused("unreadable", "the file is a zip archive but not an Excel .xlsx workbook"),
    "text_renamed.parquet": Refused("unreadable", "the file is not a Parquet file (no PAR1 marker)"),
    "missing_sheet.xlsx": Refused(
        "unreadable", "no sheet 'Triangle'; the workbook has ['Claims', 'Premium']", options=("--sheet", "Triangle")
    ),
    "empty_sheet.xlsx": Refused("unreadable", "the sheet is empty", sheet="Blank"),
    "formula_no_cache.xlsx": Refused(
        "unreadable", "cell C3 holds a formula (=C2+50) with no saved value", sheet="Claims", row=3
    ),
    "formula_injection_cells.xlsx": Refused(
        "unreadable", "cell A2 holds a formula (=cmd|' /C calc'!A0) with no saved value", sheet="Claims", row=2
    ),
    "empty.parquet": Refused("unreadable", "the file has no rows"),
    # ---------------------------------------------------------------- no usable mapping
    "header_only.csv": Refused("empty", "the table has no data rows"),
    "title_only.csv": Refused("no-origin", "no origin column (accident year, quarter or date) found among"),
    "only_separators.csv": Refused("no-origin", "no origin column"),
    "missing_origin_column.csv": Refused(
        "no-origin", "no origin column (accident year, quarter or date) found among ['development', 'paid']"
    ),
    "measure_column_empty.csv": Refused("empty-measure", "the paid column is empty", column="paid"),
    "wide_text_header.csv": Refused(
        "no-development", "no development age or valuation date column found among ['AY', 'twelve', 'twenty-four']"
    ),
    "one_by_one_wide.csv": Refused("no-development", "no development age or valuation date column found"),
    # ---------------------------------------------------------------- bad cells
    "text_in_numeric.csv": Refused("bad-number", "not a number: '1l0'", row=5, column="paid"),
    "inf_number.csv": Refused("bad-number", "not a finite number: '1e400'", row=7, column="paid"),
    "decimal_comma.csv": Refused("bad-number", "not a number: '1.234,50'", row=2, column="paid"),
    "three_date_formats.csv": Refused(
        "bad-valuation",
        "dates mix day-first ('31/12/2019') and month-first ('12/31/2019') order",
        column="valuation_date",
    ),
    "ambiguous_dates.csv": Refused("bad-valuation", "ambiguous date '01/02/2019'", row=2, column="valuation_date"),
    "mixed_origin_grains.csv": Refused(
        "bad-origin", "the column mixes quarter and year values", column="accident_period"
    ),
    "bad_development.csv": Refused("bad-development", "not a development age: '-36'", row=4, column="development"),
    "development_overflow.csv": Refused(
        "bad-development", "development age 99999 months is beyond any date", row=4, column="development"
    ),
    "origin_out_of_range.csv": Refused("bad-origin", "not a period or date: '1066'", row=7, column="accident_year"),
    "missing_origin_value.csv": Refused("bad-origin", "the origin is missing", row=5, column="accident_year"),
    "far_future_date.csv": Refused("bad-valuation", "not a valid date: '2262-04-01'", row=4, column="valuation_date"),
    "far_future_dates.xlsx": Refused(
        "bad-origin", "not a valid date: '9999-01-01", sheet="Claims", row=3, column="accident_date"
    ),
    "merged_cells.xlsx": Refused("bad-origin", "the origin is missing", sheet="Claims", row=3, column="accident_year"),
    "wrong_types.parquet": Refused("bad-origin", "not a period or date: '2019.5'", row=4, column="accident_year"),
    # ---------------------------------------------------------------- not a triangle
    "duplicate_cells.csv": Refused(
        "duplicate-cell",
        "duplicate cell (origin 2019, valuation 2020-12-31): rows 6 and 8",
        row=8,
        column="development",
    ),
    "wide_duplicate_origin.csv": Refused(
        "duplicate-cell", "duplicate cell (origin 2018, valuation 2018-12-31): rows 2 and 4", row=4, column="12"
    ),
    "origin_after_valuation.csv": Refused(
        "valuation-before-origin", "the valuation 2019-12-31 is before its origin 2021", row=5, column="valuation_date"
    ),
    "one_by_one.csv": Refused("single-origin", "the triangle has a single origin (2019); at least two are needed"),
    "one_origin.csv": Refused("single-origin", "the triangle has a single origin (2019); at least two are needed"),
    # ---------------------------------------------------------------- suspicious
    "negative_values.csv": Flagged(
        "negative", "negative paid -160 (origin 2019, valuation 2020-12-31)", {"paid": 170 - 160 + 120}, 6, "paid"
    ),
    "decreasing_paid.csv": Flagged(
        "decreasing",
        "cumulative paid decreases from 150 to 140 (origin 2018, valuation 2020-12-31)",
        {"paid": 140 + 160 + 120},
        4,
        "paid",
    ),
    "wide_nonnumeric_header.csv": Flagged(
        "unused-column", "columns not used: ['thirty-six']", {"amount": 150 + 160 + 120}
    ),
    "total_row.csv": Flagged(
        "total-row", "row 'Total' looks like a total and is skipped", {"paid": 170 + 160 + 120}, 8, "accident_year"
    ),
    "blank_segment.csv": Flagged(
        "blank-segment", "the segment value is blank (read as '(blank)')", {"paid": 150 + 110}, 4, "line"
    ),
    "duplicate_header.csv": Flagged("unused-column", "columns not used: ['paid.2']", {"paid": 150 + 110}),
    "gaps_in_triangle.csv": Flagged(
        "missing-cell",
        "amount is missing inside the triangle (origin 2018, valuation 2019-12-31, age 24 months)",
        {"amount": 170 + 160 + 120},
        2,
        "24",
    ),
    "csv_10000_columns.csv": Flagged(
        "unused-column",
        "columns not used: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9'] and 9987 more",
        {"paid": 170 + 160 + 120},
    ),
    # ---------------------------------------------------------------- odd but valid
    "bom_twice.csv": Loads({"paid": 170 + 160 + 120}),
    "bom_mid_file.csv": Loads({"paid": 170 + 160 + 120}),
    "utf16_excel_text.csv": Loads({"paid": 170 + 160 + 120}),
    "names_spaces_cn_punct.csv": Loads({"paid": 150 + 110 + 60 + 70}, {"险种：": ["车险", "非车险"]}),
    "dates_three_consistent_formats.csv": Loads({"paid": 150 + 110}),
    "formula_injection_segments.csv": Loads({"paid": 35 * (1 + 2 + 3 + 4)}, {"line": INJECTIONS}),
    "formula_injection_text.xlsx": Loads({"paid": 35 * (1 + 2 + 3 + 4)}, {"line": INJECTIONS}),
    "html_script_segment.csv": Loads(
        {"paid": 150 + 110 + 2 + 3}, {"line": ["<img src=x onerror=alert(2)>", "<script>alert(1)</script>"]}
    ),
    "formula_with_cache.xlsx": Loads({"paid": 170 + 160 + 120}),
    "big_200x200.csv": Loads({"amount": float(sum(big_value(i, BIG_ORIGINS - 1 - i) for i in range(BIG_ORIGINS)))}),
}
REFUSED = sorted(name for name, exp in EXPECTED.items() if isinstance(exp, Refused))
FLAGGED = sorted(name for name, exp in EXPECTED.items() if isinstance(exp, Flagged))
LOADS = sorted(name for name, exp in EXPECTED.items() if isinstance(exp, Loads))


def mapping_of(expected: Refused | Flagged | Loads) -> ColumnMapping:
    """The mapping the CLI options of a case stand for (encoding or sheet forced by the user)."""
    options = (
        dict(zip(expected.options[::2], expected.options[1::2], strict=True)) if isinstance(expected, Refused) else {}
    )
    return ColumnMapping(encoding=options.get("--encoding"), sheet=options.get("--sheet"))


@functools.cache
def load(name: str) -> LoadResult:
    """Load a corpus file once per test session (the big triangle takes seconds)."""
    return load_bytes((BAD / name).read_bytes(), name, mapping_of(EXPECTED[name]))


def cli(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> tuple[int, str, str]:
    status = main(["inspect", str(path), *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_error_line(err: str, place: Location, message: str) -> None:
    """Stderr is exactly `error: <place>: <message>...` on one line, with no traceback."""
    lines = err.splitlines()
    assert len(lines) == 1, err[:2000]
    assert err.endswith("\n")
    assert lines[0].startswith(f"error: {place.describe()}: "), lines[0][:300]
    assert message in lines[0]
    assert "Traceback" not in err


# ---------------------------------------------------------------------------- the corpus itself
def test_every_corpus_file_has_an_expectation_and_a_readme_line():
    files = {p.name for p in BAD.iterdir() if p.name not in NOT_CORPUS}
    assert files == set(EXPECTED)
    assert len(files) >= 40
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    listed = [line.split("`")[1] for line in readme.splitlines() if line.startswith("- `")]
    assert sorted(listed) == sorted(files)


def test_committed_corpus_is_small_and_reproducible(tmp_path, monkeypatch):
    from tests.data.bad import make_corpus

    total = sum(p.stat().st_size for p in BAD.iterdir() if p.is_file())
    assert total < 2 * 1024 * 1024
    for name, data in make_corpus.corpus().items():
        assert (BAD / name).read_bytes() == data, f"{name} differs from what make_corpus.py writes"


# ---------------------------------------------------------------------------- load_bytes
@pytest.mark.parametrize("name", REFUSED)
def test_refused_file_names_the_rule_and_the_place(name):
    expected = EXPECTED[name]
    assert isinstance(expected, Refused)
    result = load(name)
    assert result.dataset is None
    assert all(isinstance(issue, Issue) for issue in result.report.issues)
    first = result.report.errors[0]
    assert (first.rule, first.severity) == (expected.rule, "error"), [i.describe() for i in result.report.issues]
    assert expected.message in first.message
    assert first.location == expected.place(name)
    with pytest.raises(ReservingError) as caught:
        result.report.raise_if_errors()
    assert caught.value.location == expected.place(name)


@pytest.mark.parametrize("name", FLAGGED)
def test_suspicious_file_loads_with_a_placed_warning(name):
    expected = EXPECTED[name]
    assert isinstance(expected, Flagged)
    result = load(name)
    assert result.report.ok, [i.describe() for i in result.report.errors]
    found = [i for i in result.report.warnings if i.rule == expected.rule]
    assert found, [i.describe() for i in result.report.issues]
    assert expected.message in found[0].message
    assert found[0].location == expected.place(name)
    assert found[0].describe() in result.dataset.warnings
    assert result.dataset.latest_totals() == expected.latest


@pytest.mark.parametrize("name", LOADS)
def test_odd_but_valid_file_loads_with_the_right_totals(name):
    expected = EXPECTED[name]
    assert isinstance(expected, Loads)
    result = load(name)
    assert result.report.ok, [i.describe() for i in result.report.issues]
    assert list(result.dataset.warnings) == list(expected.warnings)
    assert result.dataset.latest_totals() == expected.latest
    assert result.dataset.segment_values() == expected.segments


def test_merged_cells_are_also_reported_as_a_warning():
    result = load("merged_cells.xlsx")
    (merged,) = [i for i in result.report.warnings if i.rule == "merged-cells"]
    assert "merged cells A2:A4" in merged.message
    assert merged.location == Location("merged_cells.xlsx", "Claims")
    rows = [i.location.row for i in result.report.errors if i.rule == "bad-origin"]
    assert rows == [3, 4]


def test_wrong_parquet_types_report_every_bad_cell():
    result = load("wrong_types.parquet")
    bad_numbers = [
        (i.location.row, i.location.column, i.message) for i in result.report.errors if i.rule == "bad-number"
    ]
    assert bad_numbers == [(3, "paid", "not a number: 'lots'")]


def test_gbk_file_loads_when_the_encoding_is_detected():
    ds = load_bytes((BAD / "gbk_forced_utf8.csv").read_bytes(), "gbk_forced_utf8.csv").dataset
    assert ds.source["encoding"] == "gb18030"
    assert ds.measures == ("paid",)
    assert ds.latest_totals() == {"paid": 150 + 110}


def test_names_with_spaces_and_chinese_punctuation_are_recognised():
    result = load("names_spaces_cn_punct.csv")
    mapping = result.mapping
    assert (mapping.origin, mapping.development) == ("Accident Year", "「进展期」")
    assert mapping.values == (("paid", "已决赔款（元）"),)
    assert mapping.segments == ("险种：",)


def test_big_triangle_has_every_origin_and_age():
    ds = load("big_200x200.csv").dataset
    assert (ds.origin_grain, ds.development_grain) == ("Q", "Q")
    assert len(ds.origins) == BIG_ORIGINS
    assert ds.origin_labels[0] == "1975Q1"
    assert ds.origin_labels[-1] == "2024Q4"
    assert ds.development_ages == [3 * (j + 1) for j in range(BIG_ORIGINS)]
    assert len(ds.frame) == BIG_ORIGINS * (BIG_ORIGINS + 1) // 2
    assert ds.latest("amount").iloc[0] == big_value(0, BIG_ORIGINS - 1)


# ---------------------------------------------------------------------------- generated at run time
def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "huge.csv"
    big_csv(path, MAX_FILE_BYTES + 1)
    assert path.stat().st_size > MAX_FILE_BYTES
    result = load_path(path)
    (issue,) = result.report.errors
    assert (issue.rule, issue.location) == ("unreadable", Location("huge.csv"))
    assert issue.message == "the file is larger than 100 MB"
    in_memory = load_bytes(path.read_bytes(), "huge.csv")
    (issue,) = in_memory.report.errors
    assert issue.message == "the file is 100.0 MB; the limit is 100 MB"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "report.xlsx"
    path.write_bytes(zip_bomb())
    return path


def test_zip_bomb_disguised_as_xlsx_is_refused_before_inflating(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = load_path(bomb)
    (issue,) = result.report.errors
    assert (issue.rule, issue.location) == ("unreadable", Location("report.xlsx"))
    assert "refusing it as a possible zip bomb" in issue.message
    expanded_mb = int(issue.message.split("expand to ")[1].split(" MB")[0])
    assert expanded_mb * 1e6 > MAX_UNZIPPED_BYTES


# ---------------------------------------------------------------------------- the command line
@pytest.mark.parametrize("name", REFUSED)
def test_cli_refuses_with_one_error_line(name, capsys):
    expected = EXPECTED[name]
    assert isinstance(expected, Refused)
    status, out, err = cli(capsys, BAD / name, *expected.options)
    assert status == 2
    assert out == ""
    assert_one_error_line(err, expected.place(name), expected.message)


@pytest.mark.parametrize("name", FLAGGED + LOADS)
def test_cli_loads_odd_files_and_lists_the_warnings(name, capsys):
    expected = EXPECTED[name]
    assert isinstance(expected, Flagged | Loads)
    status, out, err = cli(capsys, BAD / name)
    assert (status, err) == (0, "")
    payload = json.loads(out)
    assert payload["latest"] == expected.latest
    if isinstance(expected, Flagged):
        warning = expected.place(name).describe() + ": " + expected.message
        assert any(text.startswith(warning) for text in payload["warnings"]), payload["warnings"]
    else:
        assert payload["warnings"] == list(expected.warnings)


def test_cli_keeps_hostile_segment_names_verbatim(capsys):
    status, out, _ = cli(capsys, BAD / "formula_injection_segments.csv")
    assert status == 0
    assert sorted(seg["line"] for seg in json.loads(out)["segments"]) == INJECTIONS


def run_inspect(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reserving", "inspect", str(path), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "name",
    ["empty.csv", "png_renamed.xlsx", "extremely_long_line.csv", "development_overflow.csv", "merged_cells.xlsx"],
)
def test_real_process_exits_2_with_one_line(name):
    expected = EXPECTED[name]
    assert isinstance(expected, Refused)
    proc = run_inspect(BAD / name, *expected.options)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert_one_error_line(proc.stderr, expected.place(name), expected.message)


def test_real_process_refuses_the_zip_bomb_and_the_huge_file(bomb, tmp_path):
    proc = run_inspect(bomb)
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr, Location("report.xlsx"), "refusing it as a possible zip bomb")
    huge = tmp_path / "huge.csv"
    big_csv(huge, MAX_FILE_BYTES + 1)
    proc = run_inspect(huge)
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr, Location("huge.csv"), "the file is larger than 100 MB")
