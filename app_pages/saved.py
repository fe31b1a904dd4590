"""Saved work page: save the current dataset, assumptions and valuation; reopen a saved dataset."""

import streamlit as st

from components.core.feedback import attempt
from components.core.scope import current_selection
from components.governance import database, saved_panels
from components.i18n.catalogue import t

st.title(t("saved.title"))
repo = attempt(database.repository)
if repo is None:
    st.stop()
selection = current_selection()
if selection is not None:
    saved_panels.render_save(repo, selection)
st.divider()
saved_panels.render_reopen(repo)
