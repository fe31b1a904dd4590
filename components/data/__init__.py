"""Data section.

the dataset summary, sample picker, upload flow, column mapping and the Triangles tabs.
"""
