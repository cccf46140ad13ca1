"""Random and mutated YAML never makes the checker raise: it only reports diagnostics.

Random text, and the minimal site's real files with lines deleted or duplicated, characters
swapped, indentation changed and tags, anchors and odd scalars inserted, go through
`pipeline.check` on a real site folder. Every diagnostic must name a file, and one about a YAML
or Markdown file must point at a line and column inside it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.content.diagnostics import format_diagnostic
from generator.content.yamlsrc import parse_yaml

MINIMAL = FIXTURES / "minimal"
FILES = sorted(
    p.relative_to(MINIMAL).as_posix()
    for p in (MINIMAL / "content").rglob("*")
    if p.suffix in (".yml", ".md")
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EDITOR_LINE = re.compile(r"\r\n|\r|\n")

# Pieces that mean something to YAML, so random text is mostly near-YAML, not noise.
YAML_PIECES = [*":-?[]{},#&*!|>'\"%@`~ \n\t\r", "  ", "- ", ": ", "\n  ", "---", "..."]
SCALARS = [
    "yes", "no", "~", "null", "2015-13-01", "2015-02-30", "[]", "{}", "''", "0o17", "1:30",
    ".nan", "!!binary aGk=", "&a x", "*a", "*nowhere", "<<: *a", '"\\x07"', "\u2028", "é",
]  # fmt: skip
TAGS = [
    "!!python/object:os.system ", "!!python/name:os.system ", "!foo ", "!!binary ", "!!set ",
    "!!omap ", "!!str ", "!!int ", "!!map ", "!!seq ", "&anchor ", "*anchor ", "! ",
]  # fmt: skip

any_text = st.lists(
    st.one_of(st.sampled_from(YAML_PIECES), st.characters(codec="utf-8")), max_size=150
).map("".join)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "site"
    shutil.copytree(MINIMAL, target)
    return target


@contextmanager
def replaced(site: Path, relative: str, text: str) -> Iterator[Path]:
    """`relative` holds `text` for the duration; the site is restored afterwards."""
    path = site / relative
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        yield path
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


def assert_only_reports(site: Path) -> None:
    result = pipeline.check(site)  # must not raise
    for diagnostic in result.diagnostics:
        where = diagnostic.location
        assert where.path, diagnostic
        assert diagnostic.message and diagnostic.code.startswith("FD"), diagnostic
        head = format_diagnostic(diagnostic).split("\n")
        assert len(head) == (2 if diagnostic.hint else 1), diagnostic
        if where.path.endswith((".yml", ".md")):
            assert where.line >= 1 and where.column >= 1, diagnostic
            lines = EDITOR_LINE.split((site / where.path).read_text(encoding="utf-8"))
            assert where.line <= len(lines), diagnostic
            assert where.column <= len(lines[where.line - 1]) + 1, diagnostic
    assert (result.site is None) == any(d.is_error for d in result.diagnostics)


@FUZZ
@given(
    target=st.sampled_from(
        [
            "content/claims/fuzz.yml",
            "content/site.yml",
            "content/entities.yml",
            "content/contradictions/towns.yml",
        ]
    ),
    text=any_text,
)
# Found by this test: a bare '---' composed to an empty value placed on a line past the end.
@example(target="content/claims/fuzz.yml", text="---")
def test_random_text_in_a_yaml_file(site: Path, target: str, text: str) -> None:
    with replaced(site, target, text):
        assert_only_reports(site)


@FUZZ
@given(text=any_text, body=st.text(max_size=80))
def test_random_front_matter(site: Path, text: str, body: str) -> None:
    with replaced(site, "content/articles/fuzz.md", f"---\n{text}\n---\n{body}"):
        assert_only_reports(site)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """One of the minimal site's files with one to four small edits."""
    relative = draw(st.sampled_from(FILES))
    lines = (MINIMAL / relative).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(
            st.sampled_from(["delete", "duplicate", "swap", "indent", "tag", "scalar", "insert"])
        )
        line = lines[at]
        if edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, line)
        elif edit == "swap" and len(line) >= 2:
            i = draw(st.integers(0, len(line) - 2))
            lines[at] = line[:i] + line[i + 1] + line[i] + line[i + 2 :]
        elif edit == "indent":
            stripped = line.lstrip(" ")
            lines[at] = " " * draw(st.integers(0, 8)) + stripped
        elif edit == "tag":
            i = line.find(": ") + 2 if ": " in line else draw(st.integers(0, len(line)))
            lines[at] = line[:i] + draw(st.sampled_from(TAGS)) + line[i:]
        elif edit == "scalar" and ": " in line:
            lines[at] = line[: line.index(": ") + 2] + draw(st.sampled_from(SCALARS))
        else:
            i = draw(st.integers(0, len(line)))
            lines[at] = line[:i] + draw(any_text) + line[i:]
    return relative, "\n".join(lines)


@FUZZ
@given(case=mutated())
def test_mutated_minimal_site(site: Path, case: tuple[str, str]) -> None:
    relative, text = case
    with replaced(site, relative, text):
        assert_only_reports(site)


@settings(max_examples=300, deadline=None, database=None)
@given(text=any_text, offset=st.integers(0, 3))
def test_parse_yaml_positions_stay_inside_the_text(text: str, offset: int) -> None:
    document, problems = parse_yaml("x.yml", text, line_offset=offset)
    lines = EDITOR_LINE.split("\n" * offset + text)
    for problem in problems:
        assert problem.location.path == "x.yml"
        assert offset < problem.location.line <= len(lines), (problem, text)
        assert 1 <= problem.location.column <= len(lines[problem.location.line - 1]) + 1
    assert document.root is None or all(p.code == "FD004" for p in problems)
