"""Templates lay pages out; the linked model knows the facts they show.

Counting, sorting, filtering and grouping belong to `resolve.py`, computed once (STYLE.md: "Derived
facts ... are computed once in resolve.py, never re-derived in templates"). A template that
counts or sorts would compute a fact the model should own, and a site's own template override
would then have to repeat it.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

TEMPLATES = ROOT / "site_templates"
# Jinja filters that count, sort, filter or group a collection.
COMPUTING = re.compile(
    r"\|\s*(sort|dictsort|length|count|sum|selectattr|rejectattr|select|reject|groupby|"
    r"max|min|unique|reverse)\b"
)


@pytest.mark.parametrize(
    "snippet",
    [
        "{{ site.claims|length }}",
        "{% for c in claims | sort(attribute='id') %}",
        "{{ xs|selectattr('verdict')|list }}",
        "{{ n|sum }}",
    ],
)
def test_the_rule_sees_counting_and_sorting(snippet: str) -> None:
    assert COMPUTING.search(snippet)


def test_no_template_counts_sorts_or_filters() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        # site_templates/vendor/ and fonts/ hold third-party files kept unchanged, not templates.
        if not path.is_file() or {"vendor", "fonts"} & set(path.relative_to(TEMPLATES).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            # Filters only run inside {{ }} and {% %}; a '|' in a Markdown table is layout.
            for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", line):
                if COMPUTING.search(tag):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {tag}")
    assert not found, "compute these in resolve.py and expose them on the model:\n" + "\n".join(
        found
    )
