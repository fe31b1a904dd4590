"""Simplified Chinese text of the valuation part, key for key with `components.i18n.valuation_en`."""

from __future__ import annotations

VALUATION_ZH: dict[str, str] = {}
