"""English text of the Statement section (unearned premium, premium adequacy), merged by `components.i18n.catalogue`."""

from __future__ import annotations

STATEMENT_EN: dict[str, str] = {}
