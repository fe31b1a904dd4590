"""Simplified Chinese text of the governance part, key for key with `components.i18n.governance_en`."""

from __future__ import annotations

GOVERNANCE_ZH: dict[str, str] = {}
