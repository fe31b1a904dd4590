"""The interface's text.

the catalogue and `t()`, English and Chinese entries, display names of stored codes.
"""
