"""Audit page: the append-only log of every saved change, filtered by user, action, object and date."""

import streamlit as st

from components.core.feedback import attempt
from components.core.tables import show_table
from components.governance import audit_filters, database, storage_views
from components.i18n.catalogue import t

st.title(t("audit.title"))
st.caption(t("audit.caption"))
repo = attempt(database.repository)
if repo is None:
    st.stop()
everything = attempt(repo.audit_log)
if everything is None:
    st.stop()
filters = audit_filters.render_filters(everything)
log = attempt(repo.audit_log, **filters)
if log is None:
    st.stop()
st.caption(t("audit.count", shown=len(log), total=len(everything)))
show_table(storage_views.audit_display(log), "audit_log", number_format=None)
