"""Results section.

retrospection runs, caches, tables and charts, the prior picker and deviation records.
"""
