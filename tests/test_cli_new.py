"""`factdesk new article|claim|event|contradiction|entity`, run as an editor runs it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import run_factdesk
from hypothesis import given
from hypothesis import strategies as st

from generator import pipeline
from generator.tools import scaffold
from generator.tools.scaffold import yaml_scalar

QUOTE = "Our planes do not strike populated areas"


def _check_clean(site: Path) -> list[dict[str, object]]:
    """`factdesk check` passes; returns its diagnostics (warnings only)."""
    result = run_factdesk("check", "--format", "json", cwd=site)
    found: list[dict[str, object]] = json.loads(result.stdout)
    assert result.returncode == 0, found
    return found


def _load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the YAML filter every editor value passes through --------------------------------------


@given(st.text())
def test_any_text_reads_back_unchanged_as_a_yaml_value(value: str) -> None:
    document = f"key: {yaml_scalar(value)}\nnext: 1\n"
    assert yaml.safe_load(document) == {"key": value, "next": 1}


@given(st.text())
def test_any_text_reads_back_unchanged_as_a_list_item(value: str) -> None:
    document = f"items:\n  - {yaml_scalar(value)}\n  - end\n"
    assert yaml.safe_load(document) == {"items": [value, "end"]}


def test_plain_where_yaml_keeps_the_text_quoted_where_it_would_not() -> None:
    assert yaml_scalar("maria-zakharova") == "maria-zakharova"
    assert yaml_scalar("on Wednesday morning") == "on Wednesday morning"
    for tricky in ("no", "yes", "null", "2015", "2015-10-07", "a: b", "x #y", "- item", "'q'"):
        assert yaml_scalar(tricky).startswith('"'), tricky


# --- claims ----------------------------------------------------------------------------------


def test_new_claim_writes_a_draft_that_checks(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "claim", "ministry-denial", "--claimant", "example-spokesman",
        "--article", "example-report", "--quote", QUOTE, cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = site / "content" / "claims" / "ministry-denial.yml"
    assert "wrote content/claims/ministry-denial.yml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/claim.schema.json"
    )
    record = _load(path)
    assert record == {
        "status": "draft",
        "claim": QUOTE,
        "claimant": "example-spokesman",
        "date": "2015-10-07",
        "appearances": [{"article": "example-report", "quote": QUOTE}],
    }
    assert "TODO" in text
    assert _check_clean(site) == []


def test_new_claim_takes_the_claim_and_a_date_phrase(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "claim", "denial", "--claimant", "example-spokesman", "--article",
        "example-report", "--quote", f"“{QUOTE}”", "--claim",
        "Example jets do not strike towns: the ministry", "--date", "on Tuesday", cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = _load(site / "content" / "claims" / "denial.yml")
    assert isinstance(record, dict)
    assert record["claim"] == "Example jets do not strike towns: the ministry"
    assert record["date"] == "on Tuesday"
    assert record["appearances"][0]["quote"] == f"“{QUOTE}”"
    _check_clean(site)


def test_new_claim_never_overwrites(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    path = site / "content" / "claims" / "no-strikes-on-towns.yml"
    before = path.read_bytes()
    result = run_factdesk(
        "new", "claim", "no-strikes-on-towns", "--claimant", "example-spokesman",
        "--article", "example-report", "--quote", QUOTE, cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "content/claims/no-strikes-on-towns.yml already exists" in result.stderr
    assert path.read_bytes() == before


def test_a_misquote_writes_nothing_and_shows_the_closest_passage(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "claim", "misquoted", "--claimant", "example-spokesman",
        "--article", "example-report", "--quote", "Our jets do not strike populated areas",
        cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "content/claims/misquoted.yml:" in result.stderr
    assert "quote not found in article 'example-report'" in result.stderr
    assert f'closest passage: "“{QUOTE}”, the spokesman said on Tuesday."' in result.stderr
    assert "nothing was written" in result.stderr
    assert not (site / "content" / "claims" / "misquoted.yml").exists()


def test_an_unknown_claimant_writes_nothing(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "claim", "who", "--claimant", "example-spokesmen", "--article",
        "example-report", "--quote", QUOTE, cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "unknown entity 'example-spokesmen'" in result.stderr
    assert 'did you mean "example-spokesman"?' in result.stderr
    assert not (site / "content" / "claims" / "who.yml").exists()


def test_an_unknown_article_is_refused_with_a_hint(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "claim", "x", "--claimant", "example-spokesman", "--article", "example-reprot",
        "--quote", QUOTE, cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "there is no article 'example-reprot'" in result.stderr
    assert 'did you mean "example-report"?' in result.stderr


def test_a_bad_id_is_refused(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "event", "Strike On Towns", "--article", "monitor-report", "--quote", "a strike",
        cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "'Strike On Towns' cannot be a event id" in result.stderr
    assert 'try "strike-on-towns"' in result.stderr
    assert list((site / "content" / "events").iterdir()) == [
        site / "content" / "events" / "strike.yml"
    ]


def test_outside_a_site_it_says_so(tmp_path: Path) -> None:
    result = run_factdesk("new", "entity", "x", "--name", "X", "--kind", "person", cwd=tmp_path)
    assert result.returncode == 1
    assert "is " in result.stderr and "a factdesk site?" in result.stderr
    assert not (tmp_path / "content").exists()


# --- events, articles, contradictions ------------------------------------------------------------


def test_new_event_is_a_draft_with_the_articles_date(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "event", "village-strike", "--article", "monitor-report", "--quote",
        "killed two civilians", "--entity", "example-monitor", "--root", str(site),
        cwd=site.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = site / "content" / "events" / "village-strike.yml"
    record = _load(path)
    assert isinstance(record, dict)
    assert record["status"] == "draft"
    assert record["date"] == "2015-10-07"
    assert record["title"].startswith("TODO")
    assert record["sources"] == [{"article": "monitor-report", "quote": "killed two civilians"}]
    assert record["entities"] == ["example-monitor"]
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/event.schema.json\n"
    )
    _check_clean(site)


def test_new_article_record_checks(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    title = 'Ministry: "no strikes" on towns # first denial'
    result = run_factdesk(
        "new", "article", "ministry-statement", "--title", title, "--outlet", "Example Wire",
        "--published", "2015-10-06", "--url", "https://example.org/news/3", "--language", "en",
        "--text-file", "seeds/report.txt", cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = site / "content" / "articles" / "ministry-statement.yml"
    assert _load(path) == {
        "title": title,
        "outlet": "Example Wire",
        "published": "2015-10-06",
        "url": "https://example.org/news/3",
        "language": "en",
        "text_file": "seeds/report.txt",
    }
    checked = run_factdesk("check", cwd=site)
    assert checked.returncode == 0, checked.stderr
    assert "content/articles/ministry-statement.yml: 0 of 3 sentences cited" in checked.stdout


def test_new_article_with_a_bad_date_writes_nothing(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "article", "bad-date", "--title", "T", "--outlet", "O", "--published",
        "2015-02-30", cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "content/articles/bad-date.yml:" in result.stderr and "2015-02-30" in result.stderr
    assert not (site / "content" / "articles" / "bad-date.yml").exists()


def test_new_contradiction_between_published_records(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk(
        "new", "contradiction", "towns-again", "--title", "Strikes on towns, again",
        "--side", "no-strikes-on-towns", "--side", "strike=The monitor: two civilians killed",
        cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "TODO placeholders and no draft status" in result.stderr
    record = _load(site / "content" / "contradictions" / "towns-again.yml")
    assert isinstance(record, dict)
    assert record["sides"] == [
        {"claim": "no-strikes-on-towns",
         "label": "The Example air force does not strike populated areas."},
        {"event": "strike", "label": "The monitor: two civilians killed"},
    ]  # fmt: skip
    assert record["status"] == "open"
    _check_clean(site)


def test_a_contradiction_needs_two_known_sides(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    one = run_factdesk("new", "contradiction", "c", "--title", "T", "--side", "strike", cwd=site)
    assert one.returncode == 1 and "at least two sides" in one.stderr
    unknown = run_factdesk(
        "new", "contradiction", "c", "--title", "T", "--side", "strike", "--side", "strikes",
        cwd=site,
    )  # fmt: skip
    assert unknown.returncode == 1
    assert "'strikes' is neither a claim nor an event" in unknown.stderr
    assert not (site / "content" / "contradictions" / "c.yml").exists()


def test_a_contradiction_with_a_draft_side_writes_nothing(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    drafted = run_factdesk(
        "new", "event", "draft-strike", "--article", "monitor-report", "--quote",
        "killed two civilians", cwd=site,
    )  # fmt: skip
    assert drafted.returncode == 0, drafted.stderr
    result = run_factdesk(
        "new", "contradiction", "early", "--title", "T", "--side", "no-strikes-on-towns",
        "--side", "draft-strike", cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "event 'draft-strike' is a draft" in result.stderr
    assert not (site / "content" / "contradictions" / "early.yml").exists()


# --- entities --------------------------------------------------------------------------------


def test_new_entity_appends_to_entities_yml(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    path = site / "content" / "entities.yml"
    before = path.read_text(encoding="utf-8")
    description = 'Spokeswoman of the "foreign ministry": briefings #weekly\nsecond line'
    result = run_factdesk(
        "new", "entity", "maria-zakharova", "--name", "Maria Zakharova", "--kind", "person",
        "--description", description, "--affiliation", "example-ministry",
        "--alias", "Zakharova", "--alias", "no", cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    entries = _load(path)
    assert isinstance(entries, list) and len(entries) == 4
    assert entries[-1] == {
        "id": "maria-zakharova",
        "name": "Maria Zakharova",
        "kind": "person",
        "description": description,
        "affiliation": "example-ministry",
        "aliases": ["Zakharova", "no"],
    }
    assert _check_clean(site) == []


def test_new_entity_refuses_a_duplicate_id(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    path = site / "content" / "entities.yml"
    before = path.read_bytes()
    result = run_factdesk(
        "new", "entity", "example-monitor", "--name", "Another", "--kind", "monitor", cwd=site
    )
    assert result.returncode == 1
    assert "already has an entity 'example-monitor'" in result.stderr
    assert path.read_bytes() == before


def test_new_entity_with_unknown_affiliation_is_undone(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    path = site / "content" / "entities.yml"
    before = path.read_bytes()
    result = run_factdesk(
        "new", "entity", "someone", "--name", "Someone", "--kind", "person",
        "--affiliation", "example-ministri", cwd=site,
    )  # fmt: skip
    assert result.returncode == 1
    assert "unknown entity 'example-ministri'" in result.stderr
    assert path.read_bytes() == before


def test_new_entities_start_a_missing_entities_yml(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    (site / "content" / "entities.yml").unlink()
    for args in (
        ("example-ministry", "--name", "Example Ministry of Defence", "--kind", "military"),
        ("example-spokesman", "--name", "Jan Example", "--kind", "person",
         "--affiliation", "example-ministry"),
        ("example-monitor", "--name", "Example Monitor", "--kind", "monitor"),
    ):  # fmt: skip
        result = run_factdesk("new", "entity", *args, cwd=site)
        assert result.returncode == 0, result.stderr
    text = (site / "content" / "entities.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/entities.schema.json\n")
    assert [line for line in text.splitlines() if line.startswith("- id:")] == [
        "- id: example-ministry",
        "- id: example-spokesman",
        "- id: example-monitor",
    ]
    # The claim and event that name these entities check clean again.
    assert _check_clean(site) == []


def test_schemas_give_the_schema_lines_a_target(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    written = run_factdesk("schemas", cwd=site)
    assert written.returncode == 0, written.stderr
    claim = run_factdesk(
        "new", "claim", "c", "--claimant", "example-spokesman", "--article", "example-report",
        "--quote", QUOTE, cwd=site,
    )  # fmt: skip
    assert claim.returncode == 0, claim.stderr
    assert "factdesk schemas" not in claim.stderr  # no note once schemas/ exists
    (site / "content" / "entities.yml").unlink()
    entity = run_factdesk("new", "entity", "e", "--name", "E", "--kind", "person", cwd=site)
    assert entity.returncode == 0, entity.stderr
    for path in (site / "content" / "claims" / "c.yml", site / "content" / "entities.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file() and target.parent == site / "schemas", first


def test_help_lists_the_options_of_each_kind() -> None:
    result = run_factdesk("new", "claim", "--help", cwd=Path.cwd())
    assert result.returncode == 0
    for option in ("--claimant", "--article", "--quote", "--claim", "--date", "--root"):
        assert option in result.stdout


# --- apply: one check, and only what the writes brought ----------------------------------------


def test_a_new_file_costs_one_check_of_the_site(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site("minimal")
    checks: list[Path] = []
    real_check = pipeline.check

    def counted(root: Path, cache: object = None) -> pipeline.Result:
        checks.append(root)
        return real_check(root)

    monkeypatch.setattr(pipeline, "check", counted)
    plan = scaffold.new_entity(
        site, scaffold.NewEntity(id="maria-zakharova", name="Maria Zakharova", kind="person")
    )
    applied = scaffold.apply(site, plan)
    assert applied.written == ["content/entities.yml"] and not applied.undone
    assert checks == [site]


def test_a_mistake_already_in_entities_yml_is_not_blamed_on_the_new_entry(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("minimal")
    path = site / "content" / "entities.yml"
    # An editor's unfinished entry, before the new one is appended: its error stays theirs.
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: half-done\n  name: Half\n  kind: persn\n",
        encoding="utf-8",
    )
    plan = scaffold.new_entity(
        site, scaffold.NewEntity(id="maria-zakharova", name="Maria Zakharova", kind="person")
    )
    applied = scaffold.apply(site, plan)
    assert not applied.undone and applied.diagnostics == []
    assert "maria-zakharova" in path.read_text(encoding="utf-8")
    # A mistake in the appended entry itself still undoes the write: see
    # test_new_entity_with_unknown_affiliation_is_undone.


def test_appending_keeps_the_files_permissions(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    path = site / "content" / "entities.yml"
    path.chmod(0o664)
    result = run_factdesk(
        "new", "entity", "maria-zakharova", "--name", "Maria Zakharova", "--kind", "person",
        cwd=site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert path.stat().st_mode & 0o777 == 0o664
    assert not [p.name for p in path.parent.iterdir() if p.name.startswith(".")]
