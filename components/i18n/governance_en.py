"""English text of the governance part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

GOVERNANCE_EN: dict[str, str] = {
    # Valuations page: every confirmation names the valuation id and version it changed.
    "gov.val.acting_on": "The buttons below act on **valuation {id}, version {version}**.",
    "gov.val.done.submit": "Valuation {id} version {version} submitted for approval.",
    "gov.val.done.approve": "Valuation {id} version {version} approved and locked.",
    "gov.val.done.return": "Valuation {id} version {version} returned to its preparer.",
    "gov.val.done.new_version": "Valuation {id} version {version} created as an editable draft "
    "from approved valuation {parent} version {parent_version}.",
    "gov.val.opened": "Valuation {id} version {version} opened: its dataset and assumptions are current "
    "on the analysis pages.",
    "gov.val.stale": "Valuation {id} version {version} changed after this page showed it (another user "
    "acted on it): look at it again, then repeat the action.",
    "gov.exp.title": "Exports of valuation {id}, version {version}",
    "gov.exp.files": "Files: {files}",
    # Compare valuations
    "gov.cmp.total.ultimate": "Total ultimate, valuation {b} (change from {a})",
    "gov.cmp.total.ibnr": "Total IBNR, valuation {b} (change from {a})",
    "gov.cmp.total_of_a": "Valuation {id}: {value}",
    "gov.cmp.by_origin": "Ultimate and IBNR by origin",
    "gov.cmp.chart_field": "Chart",
    "gov.cmp.field.ultimate": "Ultimate",
    "gov.cmp.field.ibnr": "IBNR",
    "gov.cmp.by_name": "Items are named by what they are, not by position: `methods[clark]` is the Clark "
    "method, `segments[line=motor]` that segment, `selection.by_origin[1990]` that origin's selection.",
    "col.ultimate_a": "Ultimate A",
    "col.ultimate_b": "Ultimate B",
    "col.ultimate_change": "Ultimate change (B - A)",
    "col.ibnr_a": "IBNR A",
    "col.ibnr_b": "IBNR B",
    "col.ibnr_change": "IBNR change (B - A)",
    # A saved valuation as the prior (analysis of change, Overview)
    "chg.prior_data.valuation": "a saved valuation",
    "gov.prior.valuation": "Prior valuation",
    "gov.prior.valuation_label": "Valuation {id} v{version} ({status}) at {date}, by {by}",
    "gov.prior.uses": "The prior is valuation {id} version {version} at {date}: its saved data and its own "
    "assumptions.",
    "gov.prior.sum_differs": "Valuation {id} version {version} sums {count} segments with different assumptions, "
    "so it cannot be one prior for every segment: pick a segment in the sidebar and a valuation of that segment.",
    "gov.prior.kind": "Prior",
    "gov.prior.kind.date": "a date of the data",
    "gov.prior.kind.valuation": "a saved valuation",
    "gov.prior.booked": "Valuation {id} version {version} booked IBNR {ibnr} at {date}.",
    # The Overview's movement against a saved valuation's booked IBNR
    "ov.ibnr_booked": "IBNR booked by valuation {id} v{version}",
    "ov.saved.against": "The movement is against valuation {id} version {version} ({status}) at {date}: the IBNR "
    "it booked (its stored results), not a rebuild with the current data and assumptions. Actual vs expected and "
    "the deviation flags below are rebuilt at {date}.",
    "ov.saved.no_segments": "Valuation {id} version {version} valued All segments as one summed triangle, so it "
    "booked no IBNR per segment: only the total moves against it.",
    "ov.saved.segments_differ": "The segments of valuation {id} version {version} are not those of the current "
    "scope (not in the valuation: {missing}; only in the valuation: {extra}), so the movement is shown only for "
    "the segments in both and there is no total movement.",
    "ov.saved.was_sum": "Valuation {id} version {version} added up its segments, each valued with its own "
    "assumptions; All segments is now the summed triangle developed, so the movement includes that change.",
}
