"""English text of the display part of the interface, merged into the catalogue by `components.i18n.catalogue`."""

from __future__ import annotations

DISPLAY_EN: dict[str, str] = {}
