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
}
