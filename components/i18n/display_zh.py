"""Simplified Chinese text of the display part, key for key with `components.i18n.display_en`."""

from __future__ import annotations

DISPLAY_ZH: dict[str, str] = {}
