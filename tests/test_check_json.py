"""`factdesk check --format json` for editors' tools and CI annotations, and `--root` placement."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import run_factdesk

KEYS = {"path", "line", "column", "severity", "code", "message", "hint"}


def _diagnostics(stdout: str) -> list[dict[str, object]]:
    # The whole of stdout must be one JSON document: tools read it without filtering.
    parsed = json.loads(stdout)
    assert isinstance(parsed, list)
    return parsed


def test_clean_site_gives_an_empty_list_and_exit_0(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    result = run_factdesk("check", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stderr
    assert _diagnostics(result.stdout) == []


def test_errors_are_objects_with_positions_and_exit_1(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    text = text.replace("Our planes do not strike", "Our jets do not strike")
    text = text.replace("tags: [civilian casualties]", "tags: [civilian casualties]\nverdikt: x")
    claim.write_text(text, encoding="utf-8")

    result = run_factdesk("check", "--format", "json", cwd=site)

    assert result.returncode == 1
    found = _diagnostics(result.stdout)
    assert found, "errors must be reported"
    for diagnostic in found:
        assert set(diagnostic) == KEYS
        assert isinstance(diagnostic["line"], int) and isinstance(diagnostic["column"], int)
        assert diagnostic["severity"] in ("error", "warning")
    by_message = {str(d["message"]): d for d in found}
    misquote = next(d for m, d in by_message.items() if m.startswith("quote not found"))
    assert misquote["path"] == "content/claims/no-strikes-on-towns.yml"
    assert misquote["severity"] == "error"
    assert (misquote["line"], misquote["column"]) == (6, 12)
    assert "Our planes do not strike populated areas" in str(misquote["hint"])
    unknown = next(d for d in found if "verdikt" in str(d["message"]))
    assert unknown["line"] == 8
    assert 'did you mean "verdict"' in str(unknown["hint"])


def test_warnings_fail_only_with_strict(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    # A verdict that cites no evidence: a warning, something the editor should fix.
    start, end = text.index("  evidence:"), text.index("  reviewer:")
    claim.write_text(text[:start] + text[end:], encoding="utf-8")

    relaxed = run_factdesk("check", "--format", "json", cwd=site)
    strict = run_factdesk("check", "--format", "json", "--strict", cwd=site)

    assert relaxed.returncode == 0
    assert strict.returncode == 1
    warnings = _diagnostics(relaxed.stdout)
    assert [d["severity"] for d in warnings] == ["warning"]
    assert warnings[0]["code"] == "FD037"
    assert _diagnostics(strict.stdout) == warnings


def test_yaml_syntax_error_is_still_valid_json(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("minimal")
    event = site / "content" / "events" / "strike.yml"
    event.write_text("title: Strike: two killed\ndate: 2015-10-07\n", encoding="utf-8")

    result = run_factdesk("check", "--format", "json", cwd=site)

    assert result.returncode == 1
    found = _diagnostics(result.stdout)
    syntax = [d for d in found if d["path"] == "content/events/strike.yml"]
    assert syntax and syntax[0]["code"] == "FD001"
    assert syntax[0]["line"] == 1


def test_root_is_accepted_before_and_after_the_command(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = run_factdesk("--root", str(site), "check", cwd=elsewhere)
    after = run_factdesk("check", "--root", str(site), cwd=elsewhere)
    assert before.returncode == after.returncode == 0, (before.stderr, after.stderr)
    assert "1 claims, 1 events" in before.stdout
    assert after.stdout == before.stdout
    # The folder given after the command wins over one given before it.
    both = run_factdesk("--root", str(elsewhere), "check", "--root", str(site), cwd=elsewhere)
    assert both.returncode == 0 and both.stdout == before.stdout
    nowhere = run_factdesk("check", "--root", str(elsewhere), "--format", "json", cwd=site)
    assert nowhere.returncode == 1
    assert any("site.yml is missing" in str(d["message"]) for d in _diagnostics(nowhere.stdout))
