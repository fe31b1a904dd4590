"""The Streamlit layer of Reserving Workbench: state, caching, widgets, tables and charts.

Pages in ``app_pages/`` are thin scripts over these modules; all domain work happens in
the pure `reserving` package, which never imports Streamlit.
"""
