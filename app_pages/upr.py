"""Unearned premium page (未赚保费准备金): the UPR of a policy listing and the premium adequacy test (PDR)."""

import streamlit as st

from components.core.feedback import attempt
from components.i18n.catalogue import t
from components.statement import adequacy_views, upr_cached, upr_inputs, upr_views

st.title(t("page.upr"))
st.caption(t("upr.caption"))
listing = upr_inputs.listing_controls()
if listing is None:
    st.stop()
settings = upr_inputs.settings_controls(listing.policies)
if settings is None:
    st.stop()
key, mapping, settings_json = listing.blob.sha256, listing.mapping, upr_cached.settings_json(settings)
result = attempt(upr_cached.upr_result, key, mapping, settings_json, listing.policies)
if result is None:
    st.stop()
upr_tab, pdr_tab = st.tabs([t("upr.tab.upr"), t("upr.tab.pdr")])
with upr_tab:
    upr_views.render_tables(result)
    runoff = attempt(upr_cached.runoff, key, mapping, settings_json, listing.policies)
    upr_views.render_charts(result, runoff)
with pdr_tab:
    adequacy_views.render(result, key, mapping)
