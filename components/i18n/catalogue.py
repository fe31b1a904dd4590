"""Every string the user reads, by key, in each language the app speaks.

Pages never hold display text: they call `t("key", **values)`. A language is one dict in
`CATALOGUES`; a key missing from it falls back to English, then to the key itself, so a
half-translated catalogue still gives a working app and an untranslated key is easy to spot.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core import state
from components.i18n.catalogue_zh import ZH
from components.i18n.code_names_en import LABELS_EN
from components.i18n.development_en import DEVELOPMENT_EN
from components.i18n.display_en import DISPLAY_EN
from components.i18n.governance_en import GOVERNANCE_EN
from components.i18n.saved_en import SAVED_EN
from components.i18n.statement_en import STATEMENT_EN
from components.i18n.valuation_en import VALUATION_EN

DEFAULT_LANGUAGE = "en"

EN: dict[str, str] = {
    # app and navigation
    "app.title": "Reserving Workbench",
    "nav.section.data": "Data",
    "nav.section.analysis": "Analysis",
    "nav.section.results": "Results",
    "page.data": "Data",
    "page.triangles": "Triangles",
    # sidebar
    "sidebar.dataset": "Dataset",
    "sidebar.segment": "Segment",
    "sidebar.measure": "Measure",
    "sidebar.language": "Language",
    "sidebar.no_dataset": "No dataset loaded.",
    "segment.all": "All segments",
    "dataset.sample_label": "Sample: {title}",
    "dataset.upload_label": "Upload: {name}",
    # errors
    "error.input": "{message}",
    "error.input_at": "{where}: {message}",
    "error.unexpected": "Something went wrong that the app did not expect. The data you loaded is unchanged; "
    "please try again, and report the steps if it happens again.",
    "error.dataset_unavailable": "The current dataset could not be loaded.",
    # tables
    "table.download": "Download CSV",
    # data page
    "data.title": "Data",
    "data.current": "Loaded dataset: {name}",
    "data.summary.segments": "Segments",
    "data.summary.no_segments": "none (a single portfolio)",
    "data.summary.measures": "Measures",
    "data.summary.origin_grain": "Origin grain",
    "data.summary.development_grain": "Development grain",
    "data.summary.origins": "Origins",
    "data.summary.origins_value": "{count} ({first} to {last})",
    "data.summary.valuation": "Valuation date",
    "data.summary.ages": "Development ages (months)",
    "data.summary.premium": "Premium / exposure",
    "data.summary.premium_yes": "yes ({label})",
    "data.summary.premium_no": "no",
    "data.summary.latest": "Latest diagonal totals",
    "data.summary.warnings": "Warnings recorded when the data was read ({count})",
    "data.source.sample": "Bundled sample",
    "data.source.upload": "Upload a file",
    "data.sample.pick": "Sample dataset",
    "data.sample.facts": "Measures: {measures}. Grain: {grain}.",
    "data.sample.source": "Source: {source}",
    "data.sample.load": "Load this sample",
    "data.sample.loaded": "This sample is the loaded dataset.",
    "data.upload.file": "Loss data file (CSV, Excel .xlsx or Parquet)",
    "data.upload.hint": "Upload a long table (one row per origin and development) or a triangle grid.",
    "data.upload.detected": "Detected: {kind} file, encoding {encoding}, sheet {sheet}.",
    "data.upload.none": "none",
    "data.upload.sheet": "Sheet",
    "data.upload.encoding": "Text encoding",
    "data.upload.encoding_auto": "detect",
    "data.upload.preview": "Preview of the raw table ({rows} rows)",
    "data.upload.read_failed": "The file could not be read; the loaded dataset is unchanged.",
    "data.mapping.title": "Column mapping",
    "data.mapping.help": "Guessed from the column names; correct anything that is wrong.",
    "data.mapping.shape": "Shape",
    "data.mapping.shape.auto": "detect",
    "data.mapping.shape.long": "long (one row per cell)",
    "data.mapping.shape.wide": "wide (triangle grid)",
    "data.mapping.origin": "Origin column",
    "data.mapping.axis": "Development given as",
    "data.mapping.axis.development": "development age",
    "data.mapping.axis.valuation": "valuation date",
    "data.mapping.development": "Development column",
    "data.mapping.valuation": "Valuation column",
    "data.mapping.values": "Value columns",
    "data.mapping.measure_for": "Measure held in '{column}'",
    "data.mapping.wide_measure": "Measure held in the grid",
    "data.mapping.segments": "Segment columns",
    "data.mapping.premium": "Premium or exposure column",
    "data.mapping.cumulative": "Values are",
    "data.mapping.cumulative.cumulative": "cumulative",
    "data.mapping.cumulative.incremental": "incremental",
    "data.mapping.unit": "Development unit",
    "data.mapping.unit.auto": "detect",
    "data.mapping.unit.months": "months",
    "data.mapping.unit.periods": "periods (1, 2, 3 ...)",
    "data.mapping.origin_grain": "Origin grain",
    "data.mapping.development_grain": "Development grain",
    "data.mapping.grain.auto": "detect",
    "data.mapping.none": "(none)",
    "data.premium.title": "Premium or exposure from elsewhere (optional)",
    "data.premium.file": "Premium file",
    "data.premium.sheet": "Premium sheet",
    "data.report.title": "Validation",
    "data.report.ok": "No problems found.",
    "data.report.ok_warnings": "{count} warning(s): they do not block loading.",
    "data.report.blocked": "{count} problem(s) block this dataset: {first}",
    "data.report.severity": "severity",
    "data.report.file": "file",
    "data.report.sheet": "sheet",
    "data.report.row": "row",
    "data.report.column": "column",
    "data.report.message": "message",
    "data.use": "Use this dataset",
    "data.use.done": "Loaded {name}.",
    "grain.Y": "year",
    "grain.S": "half-year",
    "grain.Q": "quarter",
    "grain.M": "month",
    # triangles page
    "tri.title": "Triangles",
    "tri.caption": "{dataset}: {measure}, {segment}",
    "tri.tab.cumulative": "Cumulative",
    "tri.tab.incremental": "Incremental",
    "tri.tab.heatmap": "Heatmap",
    "tri.tab.link_ratios": "Link ratios",
    "tri.tab.curves": "Development curves",
    "tri.tab.diagonals": "Calendar diagonals",
    "tri.tab.ratios": "Ratio triangles",
    "tri.heatmap.view": "Show",
    "tri.heatmap.view.link_ratios": "link ratios",
    "tri.heatmap.view.cumulative": "cumulative",
    "tri.heatmap.view.incremental": "incremental",
    "tri.averages": "Average factors",
    "tri.ratios.none": "This data has no second measure to form ratio triangles from "
    "(paid/incurred needs both; averages need counts).",
    "ratio.paid_to_incurred": "Paid / incurred",
    "ratio.average_case_reserve": "Average case reserve",
    "ratio.average_paid": "Average paid per closed claim",
    "ratio.closure_rate": "Closure rate",
    "ratio.average_incurred": "Average incurred per reported claim",
    "chart.origin": "Origin",
    "chart.age": "Development age (months)",
    "chart.value": "Value",
    # analysis pages
    "page.development": "Development",
    "page.tail": "Tail",
    "page.methods": "Methods",
    "page.selection": "Selection",
    "page.uncertainty": "Uncertainty",
    "assumptions.not_text": "The assumptions file is not UTF-8 JSON text.",
    "assumptions.malformed": "This is not an assumptions file of this app, or a field has the wrong type "
    "(at {detail}). Download the current assumptions to see the expected layout.",
    "assumptions.rejected": "Not changed: {message}",
    "assumptions.file": "Assumptions file (JSON)",
    "assumptions.download": "Download assumptions",
    "assumptions.upload": "Upload assumptions (replaces those of this segment and measure)",
    "dev.title": "Development",
    "dev.average": "Average",
    "dev.average.volume": "volume-weighted",
    "dev.average.simple": "simple",
    "dev.average.geometric": "geometric",
    "dev.n_periods": "Latest periods",
    "dev.n_periods.all": "all",
    "dev.drop_high": "Drop highest",
    "dev.drop_low": "Drop lowest",
    "dev.link_ratios": "Link ratios",
    "dev.click_hint": "Click a link ratio to leave it out of the averages; click it again to bring it back. "
    "Ratios left out are struck through.",
    "dev.excluded_cells": "Link ratios left out (origin @ age)",
    "dev.excluded_valuations": "Diagonals left out (valuation dates)",
    "dev.excluded_none": "none",
    "dev.selected": "Averages, selected factors and CDF",
    "dev.overrides": "Typed factors",
    "dev.overrides_hint": "Type a factor to replace the selected one at that age; clear the cell to go back.",
    "tail.title": "Tail",
    "tail.kind": "Tail",
    "tail.kind.none": "none",
    "tail.kind.constant": "constant",
    "tail.kind.exponential": "exponential curve",
    "tail.kind.inverse_power": "inverse power curve",
    "tail.kind.bondy": "Bondy",
    "tail.kind.clark": "Clark growth curve",
    "tail.factor": "Tail factor",
    "tail.growth": "Growth curve",
    "growth.loglogistic": "loglogistic",
    "growth.weibull": "Weibull",
    "tail.fit_from": "Fit from age",
    "tail.fit_to": "Fit to age",
    "tail.all_ages": "all ages",
    "tail.attachment": "Attachment age",
    "tail.after_last": "after the last age",
    "tail.factor_result": "Tail factor",
    "tail.ibnr_without": "Total IBNR without tail",
    "tail.ibnr_with": "Total IBNR with tail",
    "tail.ibnr_delta": "Effect of the tail",
    "tail.chart.observed": "Selected averages (observed)",
    "tail.chart.fitted": "Factors used, with the tail",
    "tail.chart.link": "Link (months)",
    "tail.chart.factor": "Factor",
    "meth.title": "Methods",
    "meth.lr.title": "A-priori loss ratios",
    "meth.lr.no_premium": "This data has no premium or exposure, so the expected loss ratio, "
    "Bornhuetter-Ferguson, Benktander and Cape Cod methods cannot run.",
    "meth.lr.source": "Loss ratios from",
    "meth.lr.source.manual": "my values",
    "meth.lr.source.cape_cod": "Cape Cod's implied loss ratio",
    "meth.lr.all": "One loss ratio for every origin",
    "meth.lr.apply": "Set for all origins",
    "col.premium": "Premium",
    "col.apriori": "A-priori loss ratio",
    "meth.options": "Method options",
    "meth.cape_cod_decay": "Cape Cod decay",
    "meth.cape_cod_trend": "Cape Cod annual trend",
    "meth.notes": "Some methods did not run on this data:\n\n{lines}",
    "meth.cape_cod_implied": "Cape Cod implied loss ratio: {ratio}",
    "meth.totals": "Totals by method",
    "meth.tab.ultimate": "Ultimate",
    "meth.tab.ibnr": "IBNR",
    "meth.tab.reserve": "Reserve (ultimate - paid)",
    "meth.tab.loss_ratio": "Loss ratio",
    "meth.chart.ultimate": "Ultimate",
    "sel.quick.title": "Quick pick",
    "sel.quick.origins": "Origins",
    "sel.quick.method": "Method",
    "sel.quick.reason": "Reason",
    "sel.quick.apply": "Apply to these origins",
    "sel.title": "Selection",
    "sel.hint": "Pick a method per origin, or 'blend (weighted)' and give weights; write the reason, then apply.",
    "sel.method": "method",
    "sel.reason": "reason",
    "sel.apply": "Apply selection",
    "sel.applied": "Selection applied.",
    "sel.total_ultimate": "Selected ultimate",
    "sel.total_ibnr": "Selected IBNR",
    "sel.total_loss_ratio": "Selected loss ratio",
    "sel.chart.selected": "Selected",
    "sel.summed_note": "These totals develop the summed triangle of all segments. Valued segment by segment, each "
    "with its own assumptions, and added up (as the Overview and the command line report), the selected IBNR is "
    "{ibnr}.",
    "sel.changes": "Change against the previous selection",
    "sel.no_previous": "No earlier selection in this session: apply one to compare.",
    "unc.se_unavailable": "Mack's standard error cannot be estimated here: some development ages have fewer than two "
    "link ratios, so their variance (sigma) is unknown. Pick a segment with a longer history, or use the bootstrap.",
    "unc.title": "Uncertainty",
    "unc.mack": "Mack standard errors and the one-year CDR",
    "unc.total_se.log-linear": "Total s.e. (log-linear sigma)",
    "unc.total_se.mack": "Total s.e. (Mack's sigma)",
    "unc.cdr_note": "cdr_std_err: one-year claims development result (Merz-Wuthrich 2008) on the selected "
    "factors, without the tail.",
    "unc.bootstrap": "ODP bootstrap",
    "unc.n_sims": "Simulations",
    "unc.seed": "Seed",
    "unc.run": "Run bootstrap",
    "unc.progress": "Simulating...",
    "unc.bootstrap_hint": "Choose the number of simulations and the seed, then run the bootstrap.",
    "unc.bootstrap_done": "{n_sims} simulations, seed {seed}.",
    "unc.chart.total_ibnr": "Total IBNR",
    "unc.chart.count": "Simulations",
    "unc.ranges": "Reserve ranges",
    "unc.sigma": "Sigma extrapolation for the Mack range",
    "unc.sigma.log-linear": "log-linear",
    "unc.sigma.mack": "Mack's",
    "unc.range": "Range",
    "unc.range_label": "P{low} to P{high}",
    # retrospection pages and overview
    "page.overview": "Overview",
    "page.ave": "Actual vs expected",
    "page.retro": "Retrospective deviation",
    "page.change": "Analysis of change",
    "retro.caption": "{dataset}: {measure}, {segment}",
    "retro.assumptions": "Assumptions",
    "retro.assumptions.current": "current",
    "retro.assumptions.defaults": "defaults",
    "retro.assumptions.upload": "uploaded JSON",
    "retro.by_segment": "By segment",
    "retro.part_failed": "{segment}, with the data as known at {when}: {message}.",
    "retro.date_failed": "With the data as known at {when}: {message}.",
    "retro.later_date": "Choose a later prior date, or a segment with a longer history.",
    "retro.skipped": "Left out of the total, because they cannot be valued at every date compared:\n\n{lines}",
    "ave.prior": "Prior valuation",
    "ave.prior.cut": "rebuilt by cutting the data back",
    "ave.prior.saved": "a saved valuation",
    "ave.saved": "Saved valuation",
    "ave.as_of": "Prior valuation date",
    "ave.to": "Actual to",
    "ave.k": "Flag origins with |A - E| above k x s.e.",
    "ave.expected": "Expected",
    "ave.actual": "Actual",
    "ave.a_over_e": "Total A/E",
    "ave.a_minus_e": "Total A - E",
    "ave.flags": "Flagged origins",
    "ave.by_origin": "By origin",
    "ave.by_calendar": "By calendar period",
    "ave.heatmap": "A/E by origin and calendar period",
    "ave.saved_note": "Prior: saved valuation #{id} at {date}.",
    "ave.saved_not_before": "Valuation #{id} was made at {date}, not before the current data ({current}): "
    "nothing has emerged since it. Pick a valuation made before {current}, "
    "or rebuild the prior by cutting the data back.",
    "ave.se_note": "s.e.: Mack standard error of the prior IBNR of each origin (not of one period's emergence); "
    "none for a sum of segments.",
    "chart.calendar_period": "Calendar period",
    "chart.emergence": "Emergence",
    "chart.valuation_date": "Valuation date",
    "chart.ultimate": "Ultimate",
    "chart.loss_ratio": "Loss ratio",
    "retro.dates": "Valuation dates (T0 first)",
    "retro.dates_hint": "Pick at least two valuation dates.",
    "retro.original": "Original estimates",
    "retro.original.rebuilt": "rebuilt by cutting the data back",
    "retro.original.saved": "saved valuations, as booked",
    "retro.saved": "Saved valuations (the earliest is T0; the current data gives the last re-estimate)",
    "retro.saved_hint": "Pick at least one saved valuation made before the current data's valuation date.",
    "retro.saved_note": "Original reserve: saved valuation #{id} as booked at {date}; "
    "re-estimate: the current data at {current} with the current assumptions.",
    "retro.threshold": "Flag lines with |deviation rate| above (%)",
    "retro.total_deviation": "Deviation (redundancy + / deficiency -)",
    "retro.total_rate": "Deviation rate",
    "retro.flag_count": "Flagged lines",
    "retro.by_origin": "By origin (against the last date)",
    "retro.by_valuation": "Total at each later date",
    "retro.estimates": "Triangle of estimates: ultimate by origin as seen at each valuation",
    "retro.records": "Cause and corrective measure of the flagged lines",
    "retro.records_hint": "Write the cause and the corrective measure of each flagged line, then keep them. "
    "They stay for this session and are in the CSV download.",
    "retro.records_none": "No line is beyond the threshold.",
    "retro.records_keep": "Keep these records",
    "retro.records_kept": "Records kept.",
    "chg.prior_data": "Prior data",
    "chg.prior_data.cut": "current data cut back",
    "chg.prior_data.sample": "a bundled sample",
    "chg.prior_data.saved": "a saved dataset",
    "chg.sample": "Prior sample",
    "chg.saved": "Saved dataset",
    "chg.prior_date": "Prior valuation date",
    "chg.assumptions_file": "Prior assumptions (JSON)",
    "chg.upload_hint": "Upload the prior assumptions as JSON (as the Development page downloads them).",
    "chg.basis": "Basis",
    "chg.basis.ultimate": "ultimate",
    "chg.basis.reserve": "reserve (ultimate - paid)",
    "chg.basis.ibnr": "IBNR",
    "chg.prior": "Prior",
    "chg.current": "Current",
    "chg.check": "Check: prior {prior} + steps {steps} = {total}; current {current}; difference {difference}",
    "chg.steps": "Steps",
    "chg.by_origin": "Steps by origin",
    "chg.rollforward": "Roll-forward: opening reserve - paid + change = closing reserve",
    "chg.step.new_origins": "New origin periods",
    "chg.step.restatements": "Data restatements",
    "chg.step.experience": "Experience",
    "chg.step.development": "Development pattern",
    "chg.step.tail": "Tail",
    "chg.step.loss_ratios": "A-priori loss ratios",
    "chg.step.selection": "Method selection",
    "chg.step.overrides": "Manual overrides",
    "ov.no_dataset": "No dataset is loaded: start on the Data page.",
    "ov.prior_date": "Compare with the valuation at",
    "ov.ibnr": "Selected IBNR",
    "ov.ibnr_prior": "IBNR at {date}",
    "ov.movement": "Movement",
    "ov.summed_note": "Each segment is valued with its own assumptions and the results added up, as the command "
    "line reports; the Methods and Selection pages develop the summed triangle of all segments, so their totals "
    "differ.",
    "ov.reserve": "Selected IBNR by segment and its movement",
    "ov.loss_ratios": "Selected loss ratio by origin",
    "ov.no_premium": "This data has no premium, so no loss ratios.",
    "ov.ave": "Largest actual vs expected deviations since {date}",
    "ov.retro": "Retrospective deviation flags ({date} to {current})",
    "ov.retro_none": "No line deviates by more than {threshold:.0%}.",
    "ov.open_ave": "Open actual vs expected",
    "ov.open_retro": "Open retrospective deviation",
    "ov.open_change": "Open analysis of change",
    "ov.open_data": "Open the Data page",
}
EN.update(SAVED_EN)  # login, saved work, valuations, compare, audit and exports
EN.update(LABELS_EN)  # names of stored codes: columns, rows, measures, statuses, audit actions
EN.update(VALUATION_EN)  # one catalogue module per feature, so features change their text apart
EN.update(GOVERNANCE_EN)  # one catalogue module per feature, so features change their text apart
EN.update(DISPLAY_EN)  # one catalogue module per feature, so features change their text apart
EN.update(DEVELOPMENT_EN)  # one catalogue module per feature, so features change their text apart
EN.update(STATEMENT_EN)  # one catalogue module per feature, so features change their text apart

CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
"""Catalogues by language code; add a language by adding its dict here and to `LANGUAGES`."""

LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
"""Language codes offered in the picker, with each language's own name for itself."""


def translate(key: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """Text of `key` in `language`, formatted with `values`.

    Falls back to English, then to the key, so a missing translation never breaks a page.
    A template whose placeholders do not match `values` is returned unformatted rather
    than raising, for the same reason.
    """
    template = CATALOGUES.get(language, {}).get(key)
    if template is None:
        template = EN.get(key, key)
    if not values:
        return template
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def has_text(key: str) -> bool:
    """Whether `key` exists in the English catalogue (the reference every language follows)."""
    return key in EN


def t(key: str, /, **values: object) -> str:
    """Text of `key` in the current session's language (see `translate`)."""
    return translate(key, state.language(), **values)


@dataclass(frozen=True)
class Labeller:
    """A picklable ``format_func`` for widgets: option -> text of ``prefix + option``.

    Session state must pickle (see .streamlit/config.toml) and Streamlit keeps each widget's
    ``format_func`` with it, so pages use this instead of a lambda.

    Attributes
    ----------
    prefix : str
        Catalogue key prefix; the option completes the key.
    empty : str or None
        Key of the text shown for an empty option ("" or None).
    literal : bool
        Show non-empty options as they are (column names, file names), untranslated.
    """

    prefix: str = ""
    empty: str | None = None
    literal: bool = False

    def __call__(self, option: object) -> str:
        """Return the text shown for `option`."""
        if option in ("", None) and self.empty:
            return t(self.empty)
        if self.literal:
            return str(option)
        return t(f"{self.prefix}{option}")
