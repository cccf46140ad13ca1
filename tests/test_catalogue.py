"""The catalogue of diagnostic codes is complete, and each entry says what the checker does.

Every code the generator can report is an entry of `generator/content/catalogue.py`; every entry
is used; no code or title is there twice; each entry's example, put into a copy of the minimal
fixture, makes `factdesk check` print exactly what the entry shows. The guide page's list is
checked in tests/test_site_pages.py, on the built site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_factdesk

from generator import pipeline
from generator.content import load
from generator.content.catalogue import CATALOGUE, ENTRIES, Entry, Severity, explain
from generator.content.diagnostics import (
    SourceLocation,
    UncataloguedCode,
    error,
    format_diagnostic,
    warning,
)
from generator.site import share_images
from generator.site.render import TemplateProblem

CODE_LITERAL = re.compile(r"""["'](FD\d{3})["']""")
# The one example no file's text can show: the system refusing to read a file.
UNREADABLE = "FD020"
# Nor a Pillow without complex text layout, on a machine that has it.
NO_COMPLEX_LAYOUT = "FD181"
# The plugin's default folder of a site's own page templates.
OVERRIDES = "overrides/factdesk"


def _codes_in_source() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "catalogue.py":
            continue
        for code in CODE_LITERAL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_code_the_generator_reports_is_catalogued() -> None:
    uncatalogued = {c: where for c, where in _codes_in_source().items() if c not in CATALOGUE}
    assert not uncatalogued, f"add these codes to generator/content/catalogue.py: {uncatalogued}"


def test_every_catalogued_code_is_reported_somewhere() -> None:
    unused = sorted(set(CATALOGUE) - set(_codes_in_source()))
    assert not unused, f"catalogued but never reported by generator/: {unused}"


def test_codes_and_titles_are_each_listed_once_in_order() -> None:
    codes = [e.code for e in ENTRIES]
    assert len(codes) == len(set(codes)), "a code is catalogued twice"
    assert codes == sorted(codes), "keep the catalogue in code order: the guide lists it so"
    titles = [e.title.lower() for e in ENTRIES]
    assert len(titles) == len(set(titles)), "two entries share a title"
    assert all(re.fullmatch(r"FD\d{3}", c) for c in codes)
    for entry in ENTRIES:
        assert entry.explanation and entry.example.says, entry.code
        assert f" [{entry.code}]" in entry.example.says.splitlines()[0], entry.code


def test_error_and_warning_refuse_a_code_outside_the_catalogue() -> None:
    where = SourceLocation("content/claims/x.yml", 1, 1)
    with pytest.raises(UncataloguedCode, match="FD999"):
        error("FD999", where, "no such code")
    # A code is an error or a warning, as the catalogue says, wherever it is reported.
    with pytest.raises(UncataloguedCode, match="catalogued as error"):
        warning("FD044", where, "a quote not found is never a mere warning")
    with pytest.raises(UncataloguedCode, match="catalogued as warning"):
        error("FD037", where, "a verdict without evidence is never an error")
    assert error("FD044", where, "quote not found").severity is Severity.ERROR


def _site_with_example(entry: Entry, target: Path) -> Path:
    root = target / "site"
    shutil.copytree(FIXTURES / "minimal", root)
    for example in entry.example.files:
        path = root / example.path
        if example.link is not None:
            path.symlink_to(example.link)
            continue
        if example.text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(example.text.encode(example.encoding))
    return root


@pytest.mark.parametrize(
    "entry",
    [e for e in ENTRIES if e.code not in (UNREADABLE, NO_COMPLEX_LAYOUT)],
    ids=lambda e: e.code,
)
def test_each_example_makes_the_check_say_what_its_entry_shows(
    entry: Entry, tmp_path: Path
) -> None:
    assert entry.example.files, f"{entry.code} needs an example the test can build"
    root = _site_with_example(entry, tmp_path)
    if any(f.path.startswith(OVERRIDES) for f in entry.example.files):
        # A template's mistake shows when the site is built with the site's templates.
        with pytest.raises(TemplateProblem) as raised:
            pipeline.build(root, root / OVERRIDES)
        diagnostics = [raised.value.diagnostic]
    else:
        diagnostics = pipeline.check(root).diagnostics
    said = [format_diagnostic(d) for d in diagnostics if d.code == entry.code]
    assert entry.example.says in said, "\n".join(said) or "the code was not reported at all"


def test_the_unreadable_file_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, where no permission keeps a file unreadable; the refusal the
    # system would give is made at the one call that reads content files.
    entry = CATALOGUE[UNREADABLE]
    assert not entry.example.files and entry.example.note
    root = _site_with_example(entry, tmp_path)
    locked = root / "content" / "events" / "locked.yml"
    shutil.copy(root / "content" / "events" / "strike.yml", locked)
    real_read_bytes = load.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(load, "read_bytes", read_bytes)
    result = pipeline.check(root)
    said = [format_diagnostic(d) for d in result.diagnostics if d.code == UNREADABLE]
    assert said == [entry.example.says]


def test_the_no_complex_layout_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's wheels load FriBiDi from the system; this machine has it, so its absence is
    # made at the one question factdesk asks Pillow.
    entry = CATALOGUE[NO_COMPLEX_LAYOUT]
    root = _site_with_example(entry, tmp_path)
    assert not [d for d in pipeline.check(root).diagnostics if d.code == NO_COMPLEX_LAYOUT]
    monkeypatch.setattr(share_images.features, "check", lambda feature: feature != "raqm")
    result = pipeline.check(root)
    said = [format_diagnostic(d) for d in result.diagnostics if d.code == NO_COMPLEX_LAYOUT]
    assert said == [entry.example.says]


def test_explain_prints_the_entry(tmp_path: Path) -> None:
    result = run_factdesk("check", "--explain", "fd044", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == explain(CATALOGUE["FD044"])
    lines = result.stdout.splitlines()
    assert lines[0] == "FD044 (error): A quote that is not in its article"
    assert "  content/events/misquote.yml:" in lines
    assert "factdesk check says:" in lines
    assert f"  {CATALOGUE['FD044'].example.says.splitlines()[0]}" in lines
    # --explain checks nothing: there is no site in tmp_path, and no complaint about it.
    assert result.stderr == ""


def test_explain_of_an_unknown_code_names_the_closest(tmp_path: Path) -> None:
    result = run_factdesk("check", "--explain", "FD45", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "factdesk: no diagnostic code 'FD45' (did you mean \"FD045\"?)"
    assert "Traceback" not in result.stderr
