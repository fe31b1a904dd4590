"""Every page of the registry opens from app.py without an exception or an error message."""

from __future__ import annotations

import pytest

from components.core.navigation import PAGES


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.slug)
def test_page_runs_from_the_entry_point(app, spec):
    app.switch_page(spec.path).run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert len(app.main.children) > 0  # the page drew something
    # The shared sidebar is drawn on every page, with RAA as the default dataset.
    assert app.sidebar.selectbox(key="sidebar_dataset").value == "sample:raa"
