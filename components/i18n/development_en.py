"""English text of the development part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

DEVELOPMENT_EN: dict[str, str] = {}
