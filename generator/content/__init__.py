"""The content model: files on disk -> checked, linked records.

yamlsrc reads YAML with positions, load and schema turn it into the frozen records of models,
validate checks values, resolve links ids into the `Site` of linked.py. dates, text and
diagnostics are the vocabulary every stage shares. Nothing here knows about pages.
"""
