"""Analysis section.

assumption state and editors, method runs, analysis tables and charts, the selection editor.
"""
