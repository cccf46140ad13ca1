"""The MkDocs side of factdesk: what the plugin (`generator/mkdocs_plugin.py`) needs beyond the
pipeline: the incremental `mkdocs serve` rebuild."""
