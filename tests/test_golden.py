"""The minimal fixture's Markdown, byte for byte, against the pages kept beside it.

`tests/fixtures/minimal/expected/` holds every page factdesk generates for the fixture (the
guide page aside: it is the template's own text and the diagnostics catalogue, checked by
test_checker_fixtures and test_site_pages). A change to a template or a stage shows up here as a
diff of the site. After an intended change, rewrite the pages and review the diff:

    FACTDESK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import shutil

from conftest import FIXTURES, UPDATE_GOLDEN

from generator import pipeline

SITE = FIXTURES / "minimal"
GOLDEN = SITE / "expected"
NOT_GOLDEN = {"how-to-add-a-claim.md"}


def _generated() -> dict[str, str]:
    result = pipeline.build(SITE)
    assert not result.errors, result.errors
    return {
        path: text
        for path, text in result.pages.items()
        if path.endswith(".md") and path not in NOT_GOLDEN
    }


def test_the_minimal_site_renders_its_golden_markdown() -> None:
    pages = _generated()
    if UPDATE_GOLDEN:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(text.encode("utf-8"))
    kept = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(GOLDEN.rglob("*.md"))
    }
    assert sorted(kept) == sorted(pages), "pages added or gone: run with FACTDESK_UPDATE_GOLDEN=1"
    changed = [path for path in sorted(pages) if pages[path] != kept[path]]
    assert not changed, (
        f"{changed} differ from tests/fixtures/minimal/expected/; if intended, run with "
        "FACTDESK_UPDATE_GOLDEN=1 and review the diff"
    )
