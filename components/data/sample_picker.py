"""Picking a bundled sample on the Data page: its title, description and provenance, then load."""

from __future__ import annotations

import streamlit as st

from components.core import cached, state
from components.i18n.catalogue import t
from components.i18n.labels import grain_words, measures_text, sample_text


def render_sample_picker() -> None:
    """Draw a sample selector with the sample's description, and a button that makes it current."""
    infos = {info.id: info for info in cached.sample_list()}
    ref = state.dataset_ref()
    current = ref.id if ref.kind == "sample" and ref.id in infos else next(iter(infos))
    sample_id = st.selectbox(
        t("data.sample.pick"),
        list(infos),
        index=list(infos).index(current),
        format_func={ident: sample_text(info).title for ident, info in infos.items()}.__getitem__,
        key="data_sample",
    )
    info = infos[sample_id]
    text = sample_text(info)
    st.write(text.description)
    st.caption(t("data.sample.facts", measures=measures_text(info.measures), grain=grain_words(info.grain)))
    st.caption(t("data.sample.source", source=text.source))
    target = state.DatasetRef("sample", sample_id)
    if target == ref:
        st.success(t("data.sample.loaded"))
    else:
        st.button(
            t("data.sample.load"),
            key="data_load_sample",
            type="primary",
            on_click=state.select_dataset,
            args=(target,),
        )
