"""Data page: the loaded dataset's summary, then a bundled sample or an upload to replace it."""

import streamlit as st

from components.i18n import t
from components.sample_picker import render_sample_picker
from components.selection import current_dataset
from components.summary import render_summary
from components.upload import render_upload

st.title(t("data.title"))
dataset = current_dataset()
if dataset is not None:
    render_summary(dataset)

sample_tab, upload_tab = st.tabs([t("data.source.sample"), t("data.source.upload")])
with sample_tab:
    render_sample_picker()
with upload_tab:
    render_upload()
