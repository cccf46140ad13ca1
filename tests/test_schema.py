"""The JSON Schemas for editors: valid, in agreement with the checker, and committed as generated.

The schemas come from the same dataclasses the checker reads YAML into
(`generator/content/schemas.py`). Content is loaded here with `yaml.safe_load`, then dates are
turned back into the text they were written as: JSON has no date type, and yaml-language-server
(YAML 1.2) reads `2015-10-07` as a string.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from generator.content.schemas import KINDS, schema_files
from generator.content.yamlsrc import split_front_matter

MINIMAL = FIXTURES / "minimal"
SCHEMAS = {name: json.loads(text) for name, text in schema_files().items()}


def as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def schema_name(site: Path, path: Path) -> str:
    """The schema a content file is checked against, by where it lives."""
    relative = path.relative_to(site / "content")
    if relative.parts == ("site.yml",):
        return "site.schema.json"
    if relative.parts == ("entities.yml",):
        return "entities.schema.json"
    folder = relative.parts[0]
    return {
        "articles": "article",
        "claims": "claim",
        "events": "event",
        "contradictions": "contradiction",
    }[folder] + ".schema.json"


def load_for_schema(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        parts = split_front_matter(text)
        assert parts is not None, path
        text = parts[0]
    return as_json(yaml.safe_load(text))


def errors_of(site: Path, path: Path) -> list[str]:
    validator = Draft202012Validator(SCHEMAS[schema_name(site, path)])
    return [error.message for error in validator.iter_errors(load_for_schema(path))]


def content_files(site: Path) -> list[Path]:
    return sorted(
        p for p in (site / "content").rglob("*") if p.is_file() and p.suffix in (".yml", ".md")
    )


def test_there_is_one_schema_per_file_kind() -> None:
    assert set(SCHEMAS) == {f"{kind}.schema.json" for kind in KINDS}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_valid_draft_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[name])
    assert SCHEMAS[name]["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_minimal_site_validates_against_the_schemas() -> None:
    files = content_files(MINIMAL)
    # Every kind is exercised: site, entities, both article forms, claim, event, contradiction.
    assert {schema_name(MINIMAL, p) for p in files} == set(SCHEMAS)
    assert any(p.suffix == ".md" for p in files)
    for path in files:
        assert errors_of(MINIMAL, path) == [], path


def test_an_unknown_field_fails_the_schema() -> None:
    claim = MINIMAL / "content" / "claims" / "no-strikes-on-towns.yml"
    record = load_for_schema(claim)
    record["verdict"]["reviewr"] = "Desk editor"
    errors = list(Draft202012Validator(SCHEMAS["claim.schema.json"]).iter_errors(record))
    assert errors
    # verdict is optional (anyOf a Verdict or null); the reason underneath is the unknown key.
    reason = best_match(errors)
    assert reason.validator == "additionalProperties"
    assert "'reviewr' was unexpected" in reason.message
    assert list(reason.absolute_path) == ["verdict"]
    # A top-level unknown field is flagged directly.
    record = load_for_schema(claim)
    record["verdcit"] = record.pop("verdict")
    errors = list(Draft202012Validator(SCHEMAS["claim.schema.json"]).iter_errors(record))
    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "'verdcit' was unexpected" in errors[0].message


def test_the_bundled_content_validates_against_the_schemas() -> None:
    files = content_files(ROOT)
    assert files
    for path in files:
        assert errors_of(ROOT, path) == [], path


# The broken fixtures whose one mistake is in the shape of a file: the checker reports it, and
# the editor's schema must flag the same file, or the two have drifted apart.
SHAPE_MISTAKES = {
    "broken-unknown-field": "content/claims/no-strikes-on-towns.yml",
    "broken-list-for-text": "content/contradictions/towns.yml",
    "broken-text-for-list": "content/contradictions/towns.yml",
    "broken-missing-field": "content/contradictions/towns.yml",
    "broken-id-uppercase": "content/contradictions/towns.yml",
    "broken-id-slash": "content/contradictions/towns.yml",
    "broken-id-dotdot": "content/contradictions/towns.yml",
    "broken-colour-comment": "content/site.yml",
    "broken-false-label": "content/site.yml",
    "broken-relative-date-no-published": "content/articles/monitor-report.md",
}


@pytest.mark.parametrize("fixture", sorted(SHAPE_MISTAKES))
def test_shape_mistakes_fail_the_schema_too(fixture: str) -> None:
    site = FIXTURES / fixture
    broken = site / SHAPE_MISTAKES[fixture]
    assert errors_of(site, broken), f"the schema accepts {fixture}'s mistake"
    # ... and only that file: the fixture is the minimal site plus one mistake.
    for path in content_files(site):
        if path != broken:
            assert errors_of(site, path) == [], path


def test_committed_schemas_match_the_models() -> None:
    # Regenerate with `.venv/bin/factdesk schemas` after changing generator/content/models.py.
    committed = {
        p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.schema.json")
    }
    assert committed == schema_files()


def test_the_guides_schema_line_points_at_a_committed_schema() -> None:
    guide = (ROOT / "site_templates" / "pages" / "how-to-add-a-claim.md.j2").read_text(
        encoding="utf-8"
    )
    lines = re.findall(r"# yaml-language-server: \$schema=(\S+)", guide)
    assert lines, "the guide documents the yaml-language-server line"
    for relative in lines:
        # The example line is written for a file in content/claims/.
        target = (ROOT / "content" / "claims" / relative).resolve()
        assert target.is_file(), relative
        assert target.parent == ROOT / "schemas"
    for relative in re.findall(r"`(\.\./schemas/[a-z]+\.schema\.json)`", guide):
        assert (ROOT / "content" / relative).resolve().is_file(), relative
