"""Drafts are checked like everything else but stay off the site, and nothing published may
depend on one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import run_factdesk

from generator import pipeline

DRAFT_ENTITY = """- id: proposed-speaker
  name: Proposed Speaker
  kind: person
  status: draft
"""


def test_a_draft_entity_is_off_the_site(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    with open(site / "content/entities.yml", "a", encoding="utf-8") as handle:
        handle.write(DRAFT_ENTITY)
    result = pipeline.build(site)
    assert not result.errors
    assert "entities/proposed-speaker.md" not in result.pages
    assert "Proposed Speaker" not in result.pages["entities/index.md"]


def test_a_published_claim_cannot_name_a_draft_claimant(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    with open(site / "content/entities.yml", "a", encoding="utf-8") as handle:
        handle.write(DRAFT_ENTITY)
    claim = site / "content/claims/no-strikes-on-towns.yml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace(
            "claimant: example-spokesman", "claimant: proposed-speaker"
        ),
        encoding="utf-8",
    )
    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 1
    assert (
        "content/claims/no-strikes-on-towns.yml:2:11: error: entity 'proposed-speaker' is a "
        "draft and will not be published [FD042]"
    ) in checked.stderr


def test_a_draft_claim_leaves_no_trace_on_article_pages(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    source = site / "content/claims/no-strikes-on-towns.yml"
    draft = source.read_text(encoding="utf-8") + "status: draft\n"
    (site / "content/claims/draft-claim.yml").write_text(draft, encoding="utf-8")
    result = pipeline.build(site)
    assert not result.errors
    assert "claims/draft-claim.md" not in result.pages
    # Generated files are text or bytes (vendored scripts, images): look in both.
    generated = [v if isinstance(v, bytes) else v.encode("utf-8") for v in result.pages.values()]
    assert not any(b"draft-claim" in content for content in generated)
