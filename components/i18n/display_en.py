"""English text of the display part of the interface, merged into the catalogue by `components.i18n.catalogue`.

Column headers of the tables the catalogue had no name for, and the words that replace the
engine's field paths (``TailAssumptions.kind:``) in messages (see `components.core.feedback`).
"""

from __future__ import annotations

DISPLAY_EN: dict[str, str] = {
    # column headers
    "col.previous_method": "Previous method",
    "col.previous_ultimate": "Previous ultimate",
    "col.process_std_err": "Process s.e.",
    "col.parameter_std_err": "Parameter s.e.",
    "col.cv": "Coefficient of variation",
    "col.paid_to_incurred": "Paid / incurred",
    "col.closure_rate": "Closure rate",
    "col.percentile": "{level}th percentile",
    "col.sigma": "Sigma extrapolation",
    "col.tail_factor": "Tail factor",
    "col.ldf": "Link factor",
    "col.trended_apriori": "Trended a-priori loss ratio",
    # where in the assumptions a message points
    "field.DevelopmentAssumptions": "Development",
    "field.TailAssumptions": "Tail",
    "field.LossRatioAssumptions": "A-priori loss ratios",
    "field.MethodOptions": "Method options",
    "field.SegmentAssumptions": "Assumptions",
    "field.Selection": "Selection",
    "field.average": "average",
    "field.n_periods": "number of periods",
    "field.excluded_cells": "excluded link ratios",
    "field.excluded_valuations": "excluded diagonals",
    "field.overrides": "typed factors",
    "field.drop_high": "drop highest",
    "field.drop_low": "drop lowest",
    "field.sigma": "sigma extrapolation",
    "field.kind": "kind of tail",
    "field.factor": "tail factor",
    "field.fit_from": "fit from age",
    "field.fit_to": "fit to age",
    "field.fit_from/fit_to": "fit range",
    "field.attachment_age": "attachment age",
    "field.projection_months": "projection months",
    "field.default": "default loss ratio",
    "field.by_origin": "loss ratio by origin",
    "field.source": "source",
    "field.trend": "trend",
    "field.clark_truncation": "Clark truncation age",
    "field.clark_form": "Clark form",
    "field.benktander_iterations": "Benktander steps",
    "field.n_sims": "number of simulations",
    "field.seed": "seed",
    "field.apriori_lr": "a-priori loss ratio",
    "field.at": "{area} ({field})",
    "field.message": "{where}: {message}",
    "col.flag_reason": "Why flagged",
    "flag_reason.deficiency": "deficiency (re-estimate above the reserve held)",
    "flag_reason.redundancy": "redundancy (re-estimate below the reserve held)",
    "flag_reason.nil_reserve": "emergence on a nil reserve",
    "list.none": "none",
    "col.left_out_reason": "Why left out",
    "left_out.after_as_of": "started after the as-of date",
    "left_out.not_in_prior": "not in the saved prior",
    "ave.left_out": "Origins left out",
    "ave.left_out_note": (
        "These origins have no prior estimate, so actual vs expected cannot compare them: {origins}. "
        "What emerged on them since is shown here and is not in the totals above."
    ),
}
