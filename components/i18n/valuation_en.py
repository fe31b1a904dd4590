"""English text of the valuation part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

VALUATION_EN: dict[str, str] = {}
