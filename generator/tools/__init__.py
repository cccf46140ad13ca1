"""The editor's tools behind `factdesk new`, `add-article` and `extract`: they write content
files for the pipeline to check, and are not part of building a site."""
