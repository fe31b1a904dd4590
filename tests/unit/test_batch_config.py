"""The batch config: parsing, defaults, and one `error:` line naming the key for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from reserving.batch import ConfigError, load_config, parse_config
from reserving.cli import main
from reserving.mapping import ColumnMapping

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"


def _config(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {"user": "li", "measure": "paid", "selected": "chainladder", "source": {"sample": "clrd"}}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_example_config_reads_every_key() -> None:
    config = load_config(BATCH / "injection.toml")
    assert config.measure == "paid"
    assert config.methods == ("chainladder", "mack", "bf")
    assert config.selected == "chainladder"
    assert config.segments is None  # "all"
    assert config.source.path == BATCH / "injection.csv"
    assert config.source.mapping == ColumnMapping(
        origin="accident_year",
        development="development_year",
        values=(("paid", "paid"),),
        segments=("line",),
        premium="premium",
        development_unit="periods",
    )
    assert config.defaults.loss_ratio.default == 0.6
    ((key, motor),) = config.per_segment.items()
    assert key == (("line", "motor"),)
    assert motor.tail.kind == "constant" and motor.tail.factor == 1.05
    assert config.workers == 1 and config.scheduler is None


def test_defaults_selected_only_and_listed_segments() -> None:
    config = parse_config(_config(segments=[{"company": "Canal Ins Co Grp", "line": "comauto"}], workers=3))
    assert config.methods == ("chainladder",)
    assert config.segments == ((("company", "Canal Ins Co Grp"), ("line", "comauto")),)
    assert config.workers == 3
    assert config.defaults.measure == "paid"


def test_assumption_defaults_merge_over_a_file(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_bytes((BATCH / "motor_tail.json").read_bytes())
    config = parse_config(_config(assumptions={"file": "base.json", "development": {"n_periods": 5}}), tmp_path)
    assert config.defaults.tail.factor == 1.05  # from the file
    assert config.defaults.development.n_periods == 5  # the inline key wins
    assert config.defaults.development.average == "volume"  # the rest of the table is kept


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"measure": None}, "measure"),
        ({"selected": None}, "selected"),
        ({"methods": ["chainladder", "chain"]}, "methods"),
        ({"selected": "mack", "methods": ["chainladder"]}, "selected"),
        ({"metods": ["chainladder"]}, "metods"),
        ({"source": None}, "source"),
        ({"source": {"sample": "nope"}}, "source.sample"),
        ({"source": {"path": "missing.csv"}}, "source.path"),
        ({"source": {"sample": "clrd", "colour": "red"}}, "source.colour"),
        ({"segments": "some"}, "segments"),
        ({"segments": [{}]}, "segments"),
        ({"workers": 0}, "workers"),
        ({"use_saved_assumptions": "yes"}, "use_saved_assumptions"),
        ({"assumptions": {"tail": {"kind": "sideways"}}}, "assumptions"),
        ({"assumptions": {"file": "missing.json"}}, "assumptions.file"),
        ({"segment_assumptions": [{"segment": {"line": "x"}}]}, "segment_assumptions[0]"),
    ],
)
def test_bad_config_names_the_key(changes: dict[str, object], key: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(_config(**changes), tmp_path)
    assert str(caught.value).startswith(f"config key '{key}'")


def test_invalid_toml_and_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('measure = "paid\n')
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="cannot read the config file"):
        load_config(tmp_path / "absent.toml")


def test_cli_prints_one_error_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.toml"
    path.write_text('user = "li"\nmeasure = "paid"\nmethods = ["chainladder", "bogus"]\n[source]\nsample = "clrd"\n')
    assert main(["run", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: config key 'methods': unknown method 'bogus'")


def test_per_segment_file_must_hold_assumptions(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"tail": {"kind": "constant", "factor": 0.0}}')
    entry = {"segment": {"line": "motor"}, "file": "x.json"}
    with pytest.raises(ConfigError, match=r"config key 'segment_assumptions\[0\].file'.*factor"):
        parse_config(_config(segment_assumptions=[entry]), tmp_path)


def test_options_typed_in_a_config_mean_today_and_a_saved_file_means_what_it_meant(tmp_path: Path) -> None:
    """Benktander steps typed in a config count from BF; a file saved before version 2 counted n_iters (1 = BF)."""
    typed = parse_config(_config(assumptions={"options": {"benktander_iterations": 1}}), tmp_path)
    assert typed.defaults.options.benktander_iterations == 1  # one Benktander step, as the docs say
    (tmp_path / "old.json").write_text('{"options": {"benktander_iterations": 1, "n_sims": 500}}', encoding="utf-8")
    old = parse_config(_config(assumptions={"file": "old.json"}), tmp_path)
    assert (old.defaults.options.benktander_iterations, old.defaults.options.n_sims) == (0, 500)
    assert old.defaults.options.clark_form == "by_data"
    both = parse_config(_config(assumptions={"file": "old.json", "options": {"seed": 7}}), tmp_path)
    assert (both.defaults.options.benktander_iterations, both.defaults.options.seed) == (0, 7)
