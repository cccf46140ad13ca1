"""Positions are exact: every line and column the loader reports is the one an editor shows.

Run with libyaml's CSafeLoader (used whenever PyYAML has it) and with the pure-Python SafeLoader
(the fallback), since their marks are computed by different code. Expected positions are found
by searching the file text here, not taken from the loader.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from generator import pipeline
from generator.content import yamlsrc
from generator.content.diagnostics import Positions, SourceLocation, format_diagnostic
from generator.content.load import load_content, read_text
from generator.content.models import Article, Claim
from generator.content.schema import read_record
from generator.content.yamlsrc import MAX_DEPTH, parse_yaml, split_front_matter

MINIMAL = FIXTURES / "minimal"
BROKEN = sorted(p for p in FIXTURES.glob("broken-*") if p.is_dir())


@pytest.fixture(params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml")
        chosen: type = yaml.CSafeLoader
    else:
        chosen = yaml.SafeLoader
    monkeypatch.setattr(yamlsrc, "_Loader", chosen)
    return chosen


def position(text: str, needle: str, *, after: str = "") -> tuple[int, int]:
    """1-based line and column of `needle`, searched from the first `after`."""
    start = text.index(after) if after else 0
    index = text.index(needle, start)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def at(where: SourceLocation) -> tuple[int, int]:
    return where.line, where.column


def test_libyaml_is_used_when_present() -> None:
    if yaml.__with_libyaml__:
        assert yamlsrc._Loader is yaml.CSafeLoader
    else:
        assert yamlsrc._Loader is yaml.SafeLoader


def test_field_positions_of_a_claim(loader: type) -> None:
    path = MINIMAL / "content" / "claims" / "no-strikes-on-towns.yml"
    text = path.read_text(encoding="utf-8")
    content, problems = load_content(MINIMAL)
    assert problems == []
    (claim,) = content.claims
    assert (claim.at.line, claim.at.column) == (1, 1)
    assert at(claim.where["claimant"]) == position(text, "example-spokesman")
    assert at(claim.where["date"]) == position(text, "on Tuesday")
    assert at(claim.where["tags"]) == position(text, "[civilian casualties]")
    (appearance,) = claim.appearances
    assert at(appearance.at) == position(text, "article: example-report")
    assert at(appearance.where["quote"]) == position(text, '"Our planes')
    assert claim.verdict is not None
    assert at(claim.verdict.where["rating"]) == position(text, "false")
    assert at(claim.verdict.where["reviewed"]) == position(text, "2015-11-01")
    (evidence,) = claim.verdict.evidence
    assert at(evidence.where["quote"]) == position(text, "a strike", after="evidence:")


def test_field_positions_are_a_compact_mapping_that_survives_a_loading_copy() -> None:
    """Records come back from the loading copies pickled: their positions must read the same
    there, and records with the same fields share one tuple of names (the memory is why the
    positions are not a dict of locations)."""
    content, problems = load_content(MINIMAL)
    assert problems == []
    (claim,) = content.claims
    path = str(claim.at.path)
    assert "claimant" in claim.where and "no-such-field" not in claim.where
    assert claim.where.get("no-such-field") is None
    with pytest.raises(KeyError):
        claim.where["no-such-field"]
    assert list(claim.where) == [name for name in claim.where]
    assert all(claim.where[name].path == path for name in claim.where)
    copied = pickle.loads(pickle.dumps(claim))
    assert dict(copied.where) == dict(claim.where)
    assert dict(copied.verdict.where) == dict(claim.verdict.where)
    evidence = claim.verdict.evidence[0]
    again = pickle.loads(pickle.dumps(evidence))
    assert again.where._names is evidence.where._names  # one tuple for both
    assert Positions() == {} and len(Positions()) == 0


def test_positions_in_a_list_file(loader: type) -> None:
    text = (MINIMAL / "content" / "entities.yml").read_text(encoding="utf-8")
    content, _ = load_content(MINIMAL)
    for entity in content.entities:
        assert at(entity.at) == position(text, f"id: {entity.id}")
        line, column = position(text, f"kind: {entity.kind}", after=f"id: {entity.id}")
        assert at(entity.where["kind"]) == (line, column + len("kind: "))
    spokesman = next(e for e in content.entities if e.id == "example-spokesman")
    assert at(spokesman.where["affiliation"]) == position(
        text, "example-ministry", after="affiliation"
    )


def test_front_matter_positions_count_from_the_top_of_the_file(loader: type) -> None:
    text = (MINIMAL / "content" / "articles" / "monitor-report.md").read_text(encoding="utf-8")
    content, _ = load_content(MINIMAL)
    article = next(a for a in content.articles if a.id == "monitor-report")
    # The front matter opens on line 2, after the '---' line.
    assert at(article.at) == (2, 1)
    assert at(article.where["title"]) == position(text, "Monitor reports")
    assert at(article.where["published"]) == position(text, "2015-10-07")
    assert article.where["published"].line == 4


def test_front_matter_errors_point_into_the_markdown_file(loader: type, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    article = "---\r\ntitle: Monitor reports\r\noutlet: Example Monitor\r\nautor: Someone\r\n"
    article += "published: 2015-10-07\r\n---\r\nThe Monitor said so.\r\n"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "content" / "articles" / "monitor-report.md").write_bytes(
        b"\xef\xbb\xbf" + article.encode("utf-8")
    )
    _, problems = load_content(site)
    unknown = next(p for p in problems if p.code == "FD012")
    # CRLF line ends and a byte-order mark do not shift the count.
    assert unknown.location == SourceLocation("content/articles/monitor-report.md", 4, 1)


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.name for p in BROKEN])
def test_both_loaders_report_the_expected_positions(loader: type, fixture: Path) -> None:
    expected = [
        line
        for line in (fixture / "expected_errors.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("# ")
    ]
    got = [format_diagnostic(d).split("\n")[0] for d in pipeline.check(fixture).diagnostics]

    def where(line: str) -> str:
        return line.split(": ", 1)[0]

    assert [where(line) for line in got] == [where(line) for line in expected]
    # The wording of a syntax error is the YAML library's own; everything else is factdesk's.
    assert [line for line in got if "[FD001]" not in line] == [
        line for line in expected if "[FD001]" not in line
    ]


def test_line_separators_inside_a_value_do_not_shift_later_lines(loader: type) -> None:
    # YAML 1.1 ends a line at NEL and U+2028; editors (and this file's author) do not.
    text = 'title: "Strikes\u2028on towns"\nautor: "a\x85b"\noutlet: no\n'
    document, problems = parse_yaml("x.yml", text)
    assert problems == [] and document.root is not None
    record, problems = read_record("x.yml", document.root, Article, "the article")
    assert record is None
    assert [(p.code, p.location) for p in problems] == [
        ("FD012", SourceLocation("x.yml", 2, 1)),  # autor is no article field
        ("FD015", SourceLocation("x.yml", 3, 9)),  # outlet: no
        ("FD013", SourceLocation("x.yml", 1, 1)),  # published missing
    ]


def test_syntax_error_after_a_line_separator(loader: type) -> None:
    _, problems = parse_yaml("x.yml", 'title: "a\u2028b"\ntags: [one,\n')
    (problem,) = problems
    assert problem.code == "FD001"
    assert problem.location.line == 3


def test_control_character_position(loader: type) -> None:
    # libyaml counts this position in bytes, the pure reader in characters.
    text = "title: Frappés à Kafr Nabl\nnote: bad\x08here\n"
    _, problems = parse_yaml("x.yml", text)
    (problem,) = problems
    assert problem.code == "FD001"
    assert "U+0008" in problem.message
    assert problem.location == SourceLocation("x.yml", *position(text, "\x08"))


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "claim.yml"
    path.write_bytes("claim: Frappés à\nnote: ok\n".encode() + b"title: caf\xe9\n")
    _, problems = read_text(tmp_path, path)
    (problem,) = problems
    assert problem.code == "FD021"
    assert problem.location == SourceLocation("claim.yml", 3, 11)


def test_split_front_matter_reports_the_first_line_of_the_body() -> None:
    text = "---\ntitle: a\npublished: 2015\n---\nFirst line of the body.\n"
    front, body, body_line = split_front_matter(text) or ("", "", 0)
    assert front == "title: a\npublished: 2015\n"
    assert body == "First line of the body.\n"
    assert text.splitlines()[body_line - 1] == "First line of the body."
    # A form feed or U+2028 inside the front matter is no line end for the split.
    assert split_front_matter("---\na: b\u2028c\n---\nbody") == ("a: b\u2028c\n", "body", 4)
    assert split_front_matter("no front matter\n") is None


def test_deep_nesting_is_refused_without_crashing(loader: type) -> None:
    # The pure composer recursed past Python's limit here; libyaml's crashed the interpreter at
    # 40 000 levels, which the subprocess test below checks.
    text = "tags: " + "[" * 5_000 + "]" * 5_000 + "\n"
    document, problems = parse_yaml("x.yml", text)
    assert document.root is None
    (problem,) = problems
    assert problem.code == "FD003"
    assert f"more than {MAX_DEPTH} levels" in problem.message
    assert problem.location == SourceLocation("x.yml", 1, 7 + MAX_DEPTH)


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 999, 1_500, 5_000])
def test_one_error_for_too_deep_whichever_layer_notices(loader: type, levels: int) -> None:
    # libyaml stops at 1 000 levels by itself (PyYAML 6.0.4); short files go to it directly,
    # long ones through our event walk: the editor sees the same error, at the same place.
    text = "tags: " + "[" * levels + "]" * levels + "\n"
    _, problems = parse_yaml("x.yml", text)
    (problem,) = problems
    assert (problem.code, problem.message) == (
        "FD003",
        f"YAML values are nested more than {MAX_DEPTH} levels deep",
    )
    assert problem.location == SourceLocation("x.yml", 1, 7 + MAX_DEPTH)


def test_very_deep_nesting_does_not_crash_libyaml(tmp_path: Path) -> None:
    # In a subprocess: if this regresses, libyaml takes the interpreter down with it.
    script = (
        "from generator.content.yamlsrc import parse_yaml\n"
        "_, problems = parse_yaml('x.yml', 'a: ' + '[' * 200_000)\n"
        "print(problems[0].code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "FD003"


def test_a_long_file_without_aliases_is_not_an_alias_bomb(loader: type) -> None:
    text = "".join(
        f"- id: entity-{n}\n  name: Entity {n}\n  kind: person\n  aliases: [E{n}, N{n}]\n"
        for n in range(8_000)
    )
    document, problems = parse_yaml("content/entities.yml", text)
    assert problems == []
    assert document.root is not None


def test_a_duplicate_key_keeps_the_record_for_linking(loader: type) -> None:
    text = (MINIMAL / "content" / "claims" / "no-strikes-on-towns.yml").read_text(encoding="utf-8")
    text = text.replace("tags:", "claimant: example-ministry\ntags:")
    document, problems = parse_yaml("c.yml", text)
    assert [(p.code, p.location.line) for p in problems] == [("FD004", 7)]
    assert document.root is not None
    record, problems = read_record("c.yml", document.root, Claim, "the claim")
    assert problems == []
    # As YAML itself would read it: the last value, and the position is that value's.
    assert record is not None and record.claimant == "example-ministry"
    assert (
        record.where["claimant"].line == text.splitlines().index("claimant: example-ministry") + 1
    )
    assert list(record.where).count("claimant") == 1


@pytest.mark.parametrize(
    "trap",
    [
        "extra:\n  <<: {why: 1}\n",
        "tags: [a]\ntags: [b]\n",
        "note: !!python/name:os.system x\n",
        "tags: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
    ],
    ids=["merge key", "duplicate key", "tag", "too deep"],
)
def test_files_with_and_without_anchors_get_the_same_problems(loader: type, trap: str) -> None:
    # A file without '&' takes the walk that keeps no alias bookkeeping; an anchor anywhere in
    # it (here one no value refers to) takes the other. Both report the same traps, in place.
    plain = "claim: x\n" + trap
    anchored = "claim: &unused x\n" + trap
    found = [
        [(p.code, p.location.line, p.location.column) for p in parse_yaml("c.yml", text)[1]]
        for text in (plain, anchored)
    ]
    assert found[0] and found[0] == found[1]
