"""The app's frame.

session state, caches over the engine, the current scope, sidebar, navigation, feedback, tables and the chart theme.
"""
