"""English text of the governance part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

GOVERNANCE_EN: dict[str, str] = {}
