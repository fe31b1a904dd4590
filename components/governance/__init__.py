"""Saved work section.

login, the database, saving and reopening, valuations workflow, exports, batch, audit.
"""
