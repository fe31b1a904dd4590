"""Reserving Workbench: the Streamlit entry point.

Run with ``streamlit run app.py``. This script configures the page once, initialises the
session's state, draws the shared sidebar and hands over to the page the user chose; the
pages themselves live in ``app_pages/`` and are listed in ``components/core/navigation.py``.
"""

import streamlit as st

from components.core import state
from components.core.navigation import build_navigation
from components.core.sidebar import render_sidebar
from components.governance import auth
from components.i18n.catalogue import t

st.set_page_config(page_title=t("app.title"), page_icon=":material/stacked_line_chart:", layout="wide")
state.init()
page = build_navigation()
user = auth.login_gate()
render_sidebar()
auth.render_user_box(user)
auth.show_notice()
page.run()
