"""Machine-readable files beside the pages: {path: text} for the docs tree.

Takes the linked `Site`; returns data files (see issue 6: ClaimReview feed, TimelineJS JSON,
CSV, verdict feed). Kept apart from `render.py` because these are data, not Markdown pages.
"""

from __future__ import annotations

from .linked import Site


def export_files(site: Site) -> dict[str, str]:
    # Filled in by the exports work; the pipeline already merges what this returns.
    return {}
