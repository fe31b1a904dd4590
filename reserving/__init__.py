"""Reserving Workbench domain package: ingestion, triangles, methods, valuation.

Nothing in this package imports streamlit, so the engine runs the same from the
command line, in batch jobs and in tests as it does behind the app.
"""

__version__ = "0.1.0"
