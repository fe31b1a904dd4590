"""Data page: the loaded dataset's summary, then a bundled sample or an upload to replace it."""

import streamlit as st

from components.core.scope import current_dataset
from components.data.sample_picker import render_sample_picker
from components.data.summary import render_summary
from components.data.upload import render_upload
from components.i18n.catalogue import t

st.title(t("data.title"))
dataset = current_dataset()
if dataset is not None:
    render_summary(dataset)

sample_tab, upload_tab = st.tabs([t("data.source.sample"), t("data.source.upload")])
with sample_tab:
    render_sample_picker()
with upload_tab:
    render_upload()
