"""Simplified Chinese text of the Statement section, key for key with `components.i18n.statement_en`."""

from __future__ import annotations

STATEMENT_ZH: dict[str, str] = {}
