"""Valuations page: saved valuations with filters; review workflow by role; exports of the one picked."""

import streamlit as st

from components.core.feedback import attempt
from components.governance import database, exports, valuation_actions
from components.i18n.catalogue import t

st.title(t("val.title"))
repo = attempt(database.repository)
if repo is None:
    st.stop()
record = valuation_actions.render_list(repo)
if record is None:
    st.stop()
st.divider()
valuation_actions.render_detail(repo, record)
st.divider()
exports.render_exports(record)
