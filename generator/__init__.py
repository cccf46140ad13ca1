"""factdesk: editorial YAML and article text in, a MkDocs fact-check site out."""

__version__ = "0.1.0"
