"""Simplified Chinese text of the development part, key for key with `components.i18n.development_en`."""

from __future__ import annotations

DEVELOPMENT_ZH: dict[str, str] = {}
