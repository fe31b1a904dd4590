"""Batch page: value many segments at once with the batch engine, a progress bar, and the valuations it stored."""

import streamlit as st

from components.core.feedback import attempt
from components.core.scope import current_selection
from components.governance import batch_views, database
from components.i18n.catalogue import t

st.title(t("batch.title"))
st.caption(t("batch.caption"))
repo = attempt(database.repository)
if repo is None:
    st.stop()
plan = batch_views.render_source(current_selection())
if plan is not None:
    config = batch_views.choose(plan)
    batch_views.run_button(plan, config, repo)
batch_views.render_results(repo)
