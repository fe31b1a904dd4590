"""The translation function: fallbacks, formatting, and every key the app uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from components.i18n import catalogue as i18n

ROOT = Path(__file__).resolve().parents[2]


def test_english_text_with_values():
    assert i18n.translate("data.current", "en", name="RAA") == "Loaded dataset: RAA"


def test_unknown_language_and_missing_keys_fall_back():
    assert i18n.translate("tri.title", "xx") == "Triangles"
    assert i18n.translate("no.such.key", "en") == "no.such.key"


def test_a_new_catalogue_needs_only_a_dict(monkeypatch):
    monkeypatch.setitem(i18n.CATALOGUES, "zh", {"tri.title": "三角形"})
    assert i18n.translate("tri.title", "zh") == "三角形"
    assert i18n.translate("data.title", "zh") == "Data"  # untranslated key: English


def test_bad_placeholders_do_not_raise():
    assert i18n.translate("data.current", "en") == "Loaded dataset: {name}"
    assert i18n.translate("data.current", "en", other=1) == "Loaded dataset: {name}"


def test_t_uses_english_outside_a_running_app():
    assert i18n.t("page.data") == "Data"


def test_labeller_translates_options_and_names_the_empty_one():
    assert i18n.Labeller("grain.")("Q") == "quarter"
    assert i18n.Labeller("grain.", empty="data.mapping.grain.auto")("") == "detect"
    assert i18n.Labeller(empty="segment.all", literal=True)("branch=A") == "branch=A"
    assert i18n.Labeller(empty="segment.all", literal=True)("") == "All segments"


def test_every_language_in_the_picker_has_a_catalogue():
    assert set(i18n.LANGUAGES) == set(i18n.CATALOGUES)


@pytest.mark.parametrize("path", sorted([*ROOT.glob("components/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"]))
def test_every_literal_key_is_in_the_english_catalogue(path):
    keys = re.findall(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8"))
    missing = [key for key in keys if key not in i18n.EN]
    assert not missing, f"{path.name}: {missing}"
