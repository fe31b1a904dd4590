"""The page registry: every page of the app, as data.

app.py builds `st.navigation` from `PAGES`, the AppTest smoke test is parametrised over
it, and ARCHITECTURE.md must list each of its files (a unit test checks). Adding a page
means adding one `PageSpec` here and one script under ``app_pages/``; nothing else.

Page scripts live in ``app_pages/``, not ``pages/``: Streamlit treats a ``pages/`` folder
beside app.py as its legacy multipage mechanism, which would run a deep-linked page
without app.py (no sidebar, no state) on a freshly started server.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from components.i18n.catalogue import has_text, t

SECTION_THRESHOLD = 7
"""With more pages than this, the sidebar groups them under section headers."""


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, its English title, icon and sidebar section.

    Attributes
    ----------
    path : str
        Script path relative to the repository root (``app_pages/data.py``).
    title : str
        English title; a catalogue key ``page.<slug>`` translates it when present.
    icon : str
        Streamlit icon (an emoji or ``:material/name:``).
    section : str
        Section key (``data``, ``analysis``, ``results``); titled by ``nav.section.<key>``.
    default : bool
        The page a bare URL opens.
    """

    path: str
    title: str
    icon: str
    section: str = "analysis"
    default: bool = False

    @property
    def slug(self) -> str:
        """The script's stem, which is also its URL path ('triangles')."""
        return self.path.rsplit("/", 1)[-1].removesuffix(".py")

    def label(self) -> str:
        """Title in the session's language (the English title when no translation exists)."""
        key = f"page.{self.slug}"
        return t(key) if has_text(key) else self.title


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/data.py", "Data", ":material/upload_file:", section="data"),
    PageSpec("app_pages/triangles.py", "Triangles", ":material/grid_on:", section="data"),
    PageSpec("app_pages/development.py", "Development", ":material/trending_up:", section="analysis"),
    PageSpec("app_pages/tail.py", "Tail", ":material/show_chart:", section="analysis"),
    PageSpec("app_pages/methods.py", "Methods", ":material/functions:", section="analysis"),
    PageSpec("app_pages/selection.py", "Selection", ":material/rule:", section="analysis"),
    PageSpec("app_pages/uncertainty.py", "Uncertainty", ":material/ssid_chart:", section="analysis"),
    PageSpec("app_pages/overview.py", "Overview", ":material/dashboard:", section="results", default=True),
    PageSpec("app_pages/ave.py", "Actual vs expected", ":material/compare:", section="results"),
    PageSpec("app_pages/retro.py", "Retrospective deviation", ":material/history_toggle_off:", section="results"),
    PageSpec("app_pages/change.py", "Analysis of change", ":material/waterfall_chart:", section="results"),
    PageSpec("app_pages/upr.py", "Unearned premium", ":material/receipt_long:", section="statement"),
    PageSpec("app_pages/saved.py", "Saved work", ":material/save:", section="governance"),
    PageSpec("app_pages/valuations.py", "Valuations", ":material/approval:", section="governance"),
    PageSpec("app_pages/batch.py", "Batch valuation", ":material/dynamic_feed:", section="governance"),
    PageSpec("app_pages/compare.py", "Compare valuations", ":material/compare_arrows:", section="governance"),
    PageSpec("app_pages/audit.py", "Audit log", ":material/history:", section="governance"),
)


def build_navigation(pages: tuple[PageSpec, ...] = PAGES) -> StreamlitPage:
    """`st.navigation` over the registry: a flat list, or sections once there are many pages."""
    st_pages = [
        (spec.section, st.Page(spec.path, title=spec.label(), icon=spec.icon, default=spec.default, url_path=spec.slug))
        for spec in pages
    ]
    if len(pages) <= SECTION_THRESHOLD:
        return st.navigation([page for _, page in st_pages])
    sections: dict[str, list[StreamlitPage]] = {}
    for section, page in st_pages:
        sections.setdefault(t(f"nav.section.{section}"), []).append(page)
    # Every page stays in view: a reviewer should not have to unfold "View more" to find one.
    return st.navigation(sections, expanded=True)
