"""The published site: the linked `Site` -> Markdown pages, data files, and writing them out.

render lays pages out through site_templates/, claimreview and exports turn the same model into
data (JSON-LD, TimelineJS, CSV, Atom), dependencies says which content files each page shows,
write puts a finished tree on disk. Nothing here reads content files or reports content mistakes.
"""
