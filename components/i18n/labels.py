"""Display names of the codes the app stores: methods, measures, statuses, audit actions, columns, rows, samples.

State, saved work and downloads keep the stable codes (``chainladder``, ``ibnr``, ``draft``,
``user.add``); only what the user reads goes through these functions, so a choice made in
one language survives a switch to another and a CSV keeps its machine-readable header.
A code the catalogue does not know (a user's own column or measure) is shown as it is.
"""

from __future__ import annotations

import re

from components.core import state
from components.i18n.catalogue import has_text, t
from components.i18n.samples_zh import SAMPLES_ZH, SampleText
from reserving import samples
from reserving.dataset import segment_label
from reserving.methods import METHODS

AVERAGE_ROW = re.compile(r"^(Volume|Simple|Geometric) (all|\d+|ex hi/lo)$")
"""Row labels of the average-factor tables (``Volume all``, ``Simple 5``, ``Simple ex hi/lo``)."""


PERCENTILE_COLUMN = re.compile(r"^p(\d+(?:\.\d+)?)$")
"""A bootstrap percentile column (``p75``, ``p99.5``)."""


def coded(prefix: str, code: object) -> str:
    """Text of ``prefix + code`` when the catalogue has it, else the code itself (user data)."""
    key = f"{prefix}{code}"
    return t(key) if has_text(key) else str(code)


def method_text(method: str) -> str:
    """Name of a method in the session's language (the registry's Chinese name in Chinese)."""
    spec = METHODS.get(method)
    if spec is None:
        return method
    return spec.label_zh if state.language() == "zh" else spec.label


def run_text(method: str, measure: str, analysed: str) -> str:
    """Label of a compared run: the method's name, with the measure for chain ladder or another measure.

    Mirrors `components.analysis.method_views.run_label` in the session's language ('链梯法（已决赔款）').
    """
    name = method_text(method)
    if method == "chainladder" or measure != analysed:
        return t("meth.run_measure", method=name, measure=measure_text(measure))
    return name


def run_key_text(key: object) -> str:
    """Name of a stored method or run key ('mack', 'chainladder_incurred'); a blank or missing one is a dash.

    Tables keep the keys (and the CSV downloads them); this is what the grid shows instead.
    """
    text = "" if key is None else str(key)
    if text in ("", "None", "nan"):
        return "" if key == "" else "—"
    if text in METHODS:
        return method_text(text)
    method, _, measure = text.rpartition("_")
    if method in METHODS and has_text(f"measure.{measure}"):
        return t("meth.run_measure", method=method_text(method), measure=measure_text(measure))
    return text


def measure_text(measure: str) -> str:
    """Name of a measure ('paid' -> 'Paid' / '已决赔款'); a measure of the user's own is shown as named."""
    return coded("measure.", measure)


def measures_text(measures: object) -> str:
    """Names of several measures, joined as the language joins a list."""
    return t("list.join").join(measure_text(str(m)) for m in measures)  # type: ignore[union-attr]


def status_text(status: str) -> str:
    """Name of a valuation status code ('draft' -> 'draft' / '草稿')."""
    return coded("status.", status)


def action_text(action: str) -> str:
    """Name of an audit action code ('user.add' -> 'user added' / '新增用户')."""
    return coded("action.", action)


def object_text(kind: str) -> str:
    """Name of an audited object type ('valuation' -> '评估')."""
    return coded("object.", kind)


def column_text(name: object) -> str:
    """Header of a table column: the catalogue's ``col.<name>`` or, for user data, the name itself."""
    text = str(name)
    if text.startswith("weight: "):
        return t("sel.weight", label=text.removeprefix("weight: "))
    percentile = PERCENTILE_COLUMN.match(text)
    if percentile and not has_text(f"col.{text}"):
        return t("col.percentile", level=percentile.group(1))
    return coded("col.", text)


def row_text(value: object) -> str:
    """Label of a table row: totals, selected factors and averages are translated; origins and names are not."""
    text = str(value)
    found = AVERAGE_ROW.match(text)
    if found:
        kind, periods = found.groups()
        if periods == "ex hi/lo":
            return t("row.average_ex_hilo", kind=t(f"row.average.{kind}"))
        return t(f"row.average_{'all' if periods == 'all' else 'n'}", kind=t(f"row.average.{kind}"), n=periods)
    return coded("row.", text)


def sample_text(info: object) -> SampleText:
    """Return a sample's metadata in the session's language (`reserving.samples.SampleInfo` holds the English)."""
    english = SampleText(info.title, info.description, info.source)  # type: ignore[attr-defined]
    if state.language() != "zh":
        return english
    return SAMPLES_ZH.get(info.id, english)  # type: ignore[attr-defined]


def dataset_text(name: str) -> str:
    """Name of a dataset: a bundled sample's title in the session's language, an upload's file name as it is."""
    if state.language() != "zh":
        return name
    for info in samples.list_samples():
        if info.title == name and info.id in SAMPLES_ZH:
            return SAMPLES_ZH[info.id].title
    return name


def segment_name(text: str) -> str:
    """Name a stored segment label in the session's language: the whole portfolio is named by the catalogue."""
    return t("segment.all") if text == segment_label(()) else text


GRAIN_WORDS = {"year": "Y", "half-year": "S", "quarter": "Q", "month": "M"}
"""Grain codes of the English grain words of the samples' metadata."""


def grain_words(text: str) -> str:
    """Name a sample's grain ('year', 'year x quarter') in the session's language, one grain word at a time."""
    parts = [part.strip() for part in text.split(" x ")]
    return " × ".join(t(f"grain.{GRAIN_WORDS[part]}") if part in GRAIN_WORDS else part for part in parts)


def caption_values(selection: object) -> dict[str, str]:
    """Values of the pages' ``{dataset}: {measure}, {segment}`` caption, in the session's language."""
    return {
        "dataset": dataset_text(selection.dataset.name),  # type: ignore[attr-defined]
        "measure": measure_text(selection.measure),  # type: ignore[attr-defined]
        "segment": selection.segment_label,  # type: ignore[attr-defined]
    }
