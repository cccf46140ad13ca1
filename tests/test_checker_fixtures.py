"""`factdesk check` on broken sites: every editor mistake gives exact `path:line:column` lines.

Each `tests/fixtures/broken-<what>/` is a copy of `tests/fixtures/minimal` with one mistake. Beside
it, `expected_errors.txt` holds the diagnostic lines `factdesk check` must print on stderr, in
order (`path:line:column: error: message [FDxxx]`); hints (the indented `  hint:` lines) are not
in the file, but HINTS below pins the ones that matter most. Lines starting with `# ` say what
the mistake is and are kept as they are.

After an intended change to the messages, rewrite the expected files and review the diff:

    FACTDESK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_checker_fixtures.py

To add a case, copy `tests/fixtures/minimal` to `tests/fixtures/broken-<what>/`, make one
mistake, write `# <the mistake>` into `expected_errors.txt` and run the command above. A mistake
that is only a warning is checked with `--strict` (as publishing does): start its comment with
`# --strict:`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, UPDATE_GOLDEN, run_factdesk

BROKEN = sorted(p for p in FIXTURES.glob("broken-*") if p.is_dir())

# `path[:line:column]: error|warning: message [FDnnn]`, one line each.
DIAGNOSTIC = re.compile(r"^\S[^:]*(?::\d+:\d+)?: (?:error|warning): .+ \[FD\d{3}\]$")
SUMMARY = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\)$")
# The source line under a diagnostic, and the caret under its column.
SOURCE = re.compile(r"^ +(\d+)? \|( |$)")

# fixture -> (a diagnostic line of its expected output, the hint printed under it)
HINTS = {
    "broken-unknown-field": (
        "content/claims/no-strikes-on-towns.yml:8:1: error: unknown field 'verdcit' in the claim "
        "[FD012]",
        'did you mean "verdict"?',
    ),
    "broken-unknown-claimant": (
        "content/claims/no-strikes-on-towns.yml:2:11: error: unknown entity 'example-spokesmen' "
        "[FD041]",
        'did you mean "example-spokesman"?',
    ),
    "broken-unknown-rating": (
        "content/claims/no-strikes-on-towns.yml:9:11: error: unknown rating 'misleading' [FD048]",
        "ratings on the scale: accurate, false, unproven",
    ),
    "broken-misquote": (
        "content/claims/no-strikes-on-towns.yml:6:12: error: quote not found in article "
        "'example-report' [FD044]",
        'closest passage: "“Our planes do not strike populated areas”, the spokesman said on '
        'Tuesday."',
    ),
    "broken-text-file-missing": (
        "content/articles/example-report.yml:4:12: error: text_file 'seeds/reprot.txt' does not "
        "exist [FD026]",
        'did you mean "seeds/report.txt"?',
    ),
    "broken-no-unquoted": (
        "content/site.yml:7:11: error: 'language' is read by YAML as true/false (no), not as text "
        "[FD015]",
        'put it in quotes: "no"',
    ),
    "broken-tag-markup": (
        "content/claims/no-strikes-on-towns.yml:7:18: error: the tag "
        "'<img src=x onerror=alert(document.domain)>' holds '<' (U+003C), which a tag cannot "
        "hold [FD122]",
        "a tag is a topic in words: letters and digits of any script, spaces, hyphens and "
        "dashes, and . , ' ’ ( )",
    ),
    "broken-short-quote": (
        "content/claims/no-strikes-on-towns.yml:6:12: error: the quote has 1 word: so short a "
        "quote is found in almost any text and proves nothing (at least 3 are needed) [FD127]",
        "quote more of the sentence, or add 'term: true' when a single word or name is quoted "
        "as a term",
    ),
    "broken-resolved-unconfirmed-event": (
        "content/contradictions/towns.yml:10:12: error: resolved in favour of event 'strike', "
        "which the desk has not confirmed [FD161]",
        "add confirmed: (by, date, basis, evidence beyond its own sources) to event 'strike' "
        "once independent evidence bears it out, or set status: open",
    ),
    "broken-resolved-unupheld-claim": (
        "content/contradictions/towns.yml:10:12: error: resolved in favour of claim "
        "'no-strikes-on-towns', whose verdict (False) does not uphold it [FD160]",
        "a claim supports a resolution only when rated Accurate; otherwise set status: open",
    ),
    "broken-resolved-without-supported": (
        "content/contradictions/towns.yml:9:9: error: a resolved contradiction must name the side "
        "the evidence supports [FD040]",
        "add supported: with one of no-strikes-on-towns, strike",
    ),
}


def _split(stderr: str) -> tuple[list[str], dict[str, str], str | None]:
    """stderr -> (diagnostic lines, {diagnostic line: its hint}, summary line)."""
    diagnostics: list[str] = []
    hints: dict[str, str] = {}
    summary = None
    for line in stderr.splitlines():
        if SOURCE.match(line):
            assert diagnostics, f"a source line before any diagnostic: {line!r}"
        elif line.startswith("  hint: "):
            assert diagnostics, f"a hint before any diagnostic: {line!r}"
            hints[diagnostics[-1]] = line.removeprefix("  hint: ")
        elif SUMMARY.match(line):
            summary = line
        else:
            # Anything else would be a message broken over lines, or stray output.
            assert DIAGNOSTIC.match(line), f"not a one-line diagnostic: {line!r}"
            diagnostics.append(line)
    return diagnostics, hints, summary


def _expected(fixture: Path) -> tuple[list[str], list[str]]:
    path = fixture / "expected_errors.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    comments = [line for line in lines if line.startswith("# ")]
    return comments, [line for line in lines if line and not line.startswith("# ")]


def test_there_are_enough_broken_fixtures() -> None:
    assert len(BROKEN) >= 24
    for fixture in BROKEN:
        assert (fixture / "content" / "site.yml").is_file(), fixture.name
        comments, _ = _expected(fixture)
        assert comments, f"{fixture.name}/expected_errors.txt should say what the mistake is"


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_site_reports_exact_positions(fixture: Path) -> None:
    comments, expected = _expected(fixture)
    strict = any(comment.startswith("# --strict:") for comment in comments)
    result = run_factdesk("check", *(("--strict",) if strict else ()), cwd=fixture)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    diagnostics, hints, summary = _split(result.stderr)
    if UPDATE_GOLDEN:
        (fixture / "expected_errors.txt").write_text(
            "".join(f"{line}\n" for line in comments + diagnostics), encoding="utf-8"
        )
        expected = diagnostics
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected, f"{fixture.name}: expected_errors.txt lists no diagnostics"
    assert diagnostics == expected
    errors = sum(1 for line in diagnostics if ": error: " in line)
    # Without --strict a warning alone would pass; a warning-only mistake fails only strictly.
    assert errors >= 1 or (strict and diagnostics)
    assert summary == f"{errors} error(s), {len(diagnostics) - errors} warning(s)"
    # Every diagnostic of a content mistake comes with advice.
    missing = [line for line in diagnostics if not hints.get(line)]
    assert not missing, f"diagnostics without a hint: {missing}"
    # A failed check leaves nothing behind in stdout (no half-made summary). With warnings only,
    # the site was read in full, so its complete summary is printed before --strict fails it.
    if strict and not errors:
        assert result.stdout.startswith("1 claims, 1 events, 1 contradictions")
    else:
        assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(HINTS))
def test_hints_name_the_fix(name: str) -> None:
    diagnostic, hint = HINTS[name]
    result = run_factdesk("check", cwd=FIXTURES / name)
    diagnostics, hints, _ = _split(result.stderr)
    assert diagnostic in diagnostics
    assert hints[diagnostic] == hint
    # Under the diagnostic: the line it points at, a caret under its column, then the hint.
    lines = result.stderr.splitlines()
    at = lines.index(diagnostic)
    line, column = (int(n) for n in diagnostic.split(":")[1:3])
    source, caret = lines[at + 1], lines[at + 2]
    assert re.match(rf"^ +{line} \| ", source), source
    assert caret.index("^") == caret.index("|") + 1 + column
    assert lines[at + 3] == f"  hint: {hint}"


def test_the_minimal_site_checks_clean() -> None:
    for strict in ((), ("--strict",)):
        result = run_factdesk("check", *strict, cwd=FIXTURES / "minimal")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "Traceback" not in result.stdout
        assert result.stdout.startswith("1 claims, 1 events, 1 contradictions, 2 articles")


# --- the examples of "How to add a claim" -------------------------------------------------------

GUIDE = ROOT / "site_templates" / "pages" / "how-to-add-a-claim.md.j2"
FENCE = re.compile(r"^```(yaml|markdown)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
HEADING_FILES = {"site.yml": "content/site.yml", "entities.yml": "content/entities.yml"}
FILE_IN_PROSE = re.compile(r"`(content/[^`\s]+\.(?:yml|md))`")


def guide_files(guide: str) -> tuple[dict[str, str], list[str]]:
    """{path: text} of the guide's complete examples, and the blocks that name no file.

    A block names its file in a first line `# content/...`, or under the heading `## site.yml` /
    `## entities.yml`, or in a `content/...` path in backticks on the last line of prose before
    it. A block holding nothing but YAML comments (the `$schema` line) is not a file.
    """
    files: dict[str, str] = {}
    unnamed: list[str] = []
    for match in FENCE.finditer(guide):
        kind, body = match.group(1), match.group(2)
        if all(not line.strip() or line.lstrip().startswith("#") for line in body.splitlines()):
            continue
        before = guide[: match.start()]
        heading = re.findall(r"^## (.+)$", before, re.M)
        first = body.splitlines()[0]
        prose = [line for line in before.splitlines() if line.strip()]
        named = (
            FILE_IN_PROSE.search(prose[-1]) if prose and not prose[-1].startswith("```") else None
        )
        if kind == "yaml" and first.startswith("# content/"):
            files[first.removeprefix("# ").strip()] = body
        elif kind == "yaml" and heading and heading[-1].strip() in HEADING_FILES:
            files[HEADING_FILES[heading[-1].strip()]] = body
        elif named:
            files[named.group(1)] = body
        else:
            unnamed.append(f"```{kind} block at line {guide[: match.start()].count(chr(10)) + 1}")
    return files, unnamed


def _quotes_by_article(files: dict[str, str]) -> dict[str, list[str]]:
    quotes: dict[str, list[str]] = {}
    for path, text in files.items():
        if not path.endswith(".yml"):
            continue
        record = yaml.safe_load(text)
        if not isinstance(record, dict):
            continue
        verdict = record.get("verdict") or {}
        figures = [*verdict.get("figures", []), *record.get("figures", [])]
        for citation in [
            *record.get("appearances", []),
            *record.get("sources", []),
            *verdict.get("evidence", []),
            *(record.get("confirmed") or {}).get("evidence", []),
            *(a["source"] for f in figures for a in f.get("attributions", [])),
        ]:
            if "article" in citation and "quote" in citation:
                quotes.setdefault(citation["article"], []).append(citation["quote"])
    return quotes


def guide_site(target: Path) -> list[str]:
    """Write the guide's examples as a site under `target`; return the blocks it could not place."""
    files, unnamed = guide_files(GUIDE.read_text(encoding="utf-8"))
    for path, text in files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text, encoding="utf-8")
    quotes = _quotes_by_article(files)
    for path, text in files.items():
        record = yaml.safe_load(text) if path.endswith(".yml") else None
        if not isinstance(record, dict) or "text_file" not in record:
            continue
        article = record.get("id") or Path(path).stem
        cited = [
            n
            for group in record.get("background", []) + record.get("origins", [])
            for n in group["sentences"]
        ]
        # One sentence a line (a line break always ends a sentence), each quote in its own, and
        # as many lines as the background and origins ask for.
        sentences = [f"“{quote}”, the spokesman said." for quote in quotes.get(article, [])]
        while len(sentences) < max(cited, default=0):
            sentences.append(f"Sentence {len(sentences) + 1} of the report gives context.")
        seed = target / record["text_file"]
        seed.parent.mkdir(parents=True, exist_ok=True)
        seed.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    return unnamed


def test_guide_files_are_found_by_their_names(tmp_path: Path) -> None:
    # The extraction itself: every file kind of the guide lands where the guide says.
    files, _ = guide_files(GUIDE.read_text(encoding="utf-8"))
    assert {"content/site.yml", "content/entities.yml"} <= set(files)
    kinds = {Path(p).parent.name for p in files}
    assert {"articles", "claims", "events", "contradictions"} <= kinds
    guide_site(tmp_path)
    seed_files = list((tmp_path / "seeds").iterdir())
    assert seed_files, "the guide's .yml article names a seed file"


def test_the_guide_examples_check_clean(tmp_path: Path) -> None:
    site = tmp_path / "guide"
    site.mkdir()
    unnamed = guide_site(site)
    assert not unnamed, f"examples that name no file: {unnamed}"
    result = run_factdesk("check", "--strict", cwd=site)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr


def test_a_fixture_copy_with_its_mistake_undone_checks_clean(tmp_path: Path) -> None:
    # Guards the premise of the fixtures: each differs from minimal only by its mistake, so the
    # errors come from that mistake. One representative is enough; it is undone by hand here.
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "broken-misquote", site)
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("civilian areas", "populated areas"), encoding="utf-8")
    result = run_factdesk("check", "--strict", cwd=site)
    assert result.returncode == 0, result.stderr
