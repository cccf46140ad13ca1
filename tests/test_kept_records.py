"""A one-off build takes back the records of the files its last build read that still hold the
same text (`generator/content/kept_records.py`), as JSON (`generator/content/record_json.py`):
what it checks is what reading every file gives, positions included, and a list that is not as
the last build left it is noticed and read around."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import calls_to, mkdocs_build
from test_kept_pages import edit, tree

from generator import pipeline
from generator.content import kept_records, record_json, yamlsrc
from generator.content import text as text_module
from generator.content.kept_records import NAME, KeptRecords
from generator.content.load import load_content
from generator.content.models import Claim, Content
from generator.site.page_keys import code_digest
from generator.site.write import append_file

LISTING = Path(".cache/factdesk") / NAME
LOOKUPS = "found in "
FIXTURES = ("bundled", "every-field", "desk-ar", "desk-ru", "multilingual", "hostile")


def records(content: Content) -> Iterator[Any]:
    for group in (content.articles, content.claims, content.events, content.contradictions):
        yield from group


def encoded(result: pipeline.Result) -> list[Any]:
    """Every record as JSON, positions included (a record's `==` leaves them out)."""
    assert result.content is not None
    return [(type(r).__name__, record_json.encode(r)) for r in records(result.content)]


def check(site: Path, kept: KeptRecords | None) -> pipeline.Result:
    return pipeline.check(site, kept=kept, identity=False)


def listed(site: Path) -> KeptRecords:
    return KeptRecords.read(site / LISTING, code=code_digest())


def save(site: Path, kept: KeptRecords) -> None:
    changed = kept.changed()
    assert changed is not None
    (site / LISTING).parent.mkdir(parents=True, exist_ok=True)
    (site / LISTING).write_bytes(changed)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_record_reads_back_as_its_file_gave_it(
    copy_site: Callable[[str], Path], name: str
) -> None:
    content, _ = load_content(copy_site(name))
    assert content.claims
    for record in records(content):
        value = json.loads(json.dumps(record_json.encode(record), ensure_ascii=False))
        back = record_json.decode(type(record), value)
        assert back == record
        assert record_json.encode(back) == record_json.encode(record)
        assert back.at == record.at
        assert dict(back.where) == dict(record.where)


def _claim_value(copy_site: Callable[[str], Path]) -> list[Any]:
    content, _ = load_content(copy_site("every-field"))
    claim = next(c for c in content.claims if c.verdict is not None and c.verdict.evidence)
    value: list[Any] = record_json.encode(claim)
    return value


# Each changes a claim's JSON into a shape no claim has: a field's type, a choice outside its
# options, a count of fields or positions, a line no line number can be.
_WRONG: list[tuple[str, Callable[[list[Any]], None]]] = [
    ("number for text", lambda v: v.__setitem__(0, 7)),
    ("null for text", lambda v: v.__setitem__(0, None)),
    ("list for text", lambda v: v.__setitem__(0, ["a"])),
    ("true for text", lambda v: v.__setitem__(1, True)),
    ("a field short", lambda v: v.pop()),
    ("a field over", lambda v: v.append("")),
    ("status outside the choices", lambda v: v.__setitem__(10, "<script>")),
    ("a number in the tags", lambda v: v.__setitem__(7, [1])),
    ("a mapping for the appearances", lambda v: v.__setitem__(3, {"a": 1})),
    ("a citation short", lambda v: v[3][0].pop(0)),
    ("a negative line", lambda v: v[-1][2].__setitem__(0, -1)),
    ("true for a line", lambda v: v[-1][2].__setitem__(0, True)),
    ("a number for a field's name", lambda v: v[-1][1].__setitem__(0, 3)),
    ("a position short", lambda v: v[-1][2].pop()),
    ("a name twice", lambda v: v[-1].__setitem__(1, [v[-1][1][0]] * len(v[-1][1]))),
    ("a location of text", lambda v: v.__setitem__(-2, "content/claims/x.yml")),
    ("a verdict of text", lambda v: v.__setitem__(9, "False")),
    # Values no file could give: the formats the schema reads them by hold for a kept record.
    ("an id with a slash", lambda v: v.__setitem__(1, "../outside")),
    ("a tag with markup", lambda v: v.__setitem__(7, ["<b>tag</b>"])),
    ("an address of a script", lambda v: v[9][5][0].__setitem__(7, "javascript:alert(1)")),
]


@pytest.mark.parametrize("change", [c for _, c in _WRONG], ids=[n for n, _ in _WRONG])
def test_a_value_of_the_wrong_shape_is_refused(
    copy_site: Callable[[str], Path], change: Callable[[list[Any]], None]
) -> None:
    value = _claim_value(copy_site)
    assert record_json.decode(Claim, value) is not None
    change(value)
    with pytest.raises(ValueError):
        record_json.decode(Claim, value)


def test_a_second_check_takes_back_the_records_and_finds_what_the_first_found(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("bundled")
    # A mistake: a file with a problem is read every time, so its problem is reported again.
    broken = site / "content/claims/mccain-russia-is-winning.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "verdit: x\n", encoding="utf-8")
    first = KeptRecords.read(site / LISTING, code=code_digest())
    plain = check(site, first)
    assert first.kept == 0
    assert [d.code for d in plain.errors] == ["FD012"]  # an unknown field
    lines = len(first.now)
    assert "content/claims/mccain-russia-is-winning.yml" not in first.now
    assert sum(1 for key in first.now if key.startswith("content/")) == 36
    save(site, first)

    again = listed(site)
    result = check(site, again)

    # Twenty of the listed files and texts are read all the same, to be compared.
    assert again.kept + again.kept_texts + again.kept_lookups == lines - 20
    assert not again.differing
    assert again.changed() is None
    assert encoded(result) == encoded(plain)
    assert result.diagnostics == plain.diagnostics

    # An edited file is read, and what it gives now is kept for the next build.
    edit(
        site,
        "content/claims/moscow-insists-it-targets-is.yml",
        "claim: Russia",
        "claim: Reworded, Russia",
    )
    edited = listed(site)
    result = check(site, edited)
    assert edited.kept + edited.kept_texts + edited.kept_lookups in (lines - 21, lines - 20)
    assert result.content is not None
    claim = next(
        c for c in result.content.claims if c.at.path.endswith("/moscow-insists-it-targets-is.yml")
    )
    assert claim.claim.startswith("Reworded, ")
    assert encoded(result) == encoded(check(site, None))
    changed = edited.changed()
    assert changed is not None and "Reworded, " in changed.decode()


def _tampered(site: Path, change: Callable[[list[Any]], None]) -> None:
    """Each record and text's sentences in the listing changed by `change`, its file's or
    text's digest kept (the lookups in each text as they were)."""
    head, *lines = (site / LISTING).read_text(encoding="utf-8").split("\n")
    changed = [head]
    for line in lines:
        if line.startswith(LOOKUPS):
            changed.append(line)
            continue
        *before, value = line.split("\t", 3)
        record = json.loads(value)
        change(record)
        changed.append("\t".join([*before, json.dumps(record, ensure_ascii=False)]))
    (site / LISTING).write_text("\n".join(changed), encoding="utf-8")


def _planted(record: list[Any]) -> None:
    record[0] = f"Planted {record[0]}"


def _first_check(site: Path) -> pipeline.Result:
    first = KeptRecords({}, code=code_digest())
    result = check(site, first)
    save(site, first)
    return result


def test_records_that_differ_from_their_files_are_noticed(
    copy_site: Callable[[str], Path],
) -> None:
    site = copy_site("bundled")
    plain = _first_check(site)
    # Every record changed, so that the twenty compared include one.
    _tampered(site, _planted)

    kept = listed(site)
    check(site, kept)

    assert kept.differing
    assert kept.kept > 0  # what the plugin then reads again
    assert encoded(check(site, None)) == encoded(plain)


def test_a_line_that_does_not_read_back_is_noticed(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("bundled")
    plain = _first_check(site)
    _tampered(site, lambda record: record.append("one field too many"))

    kept = listed(site)
    result = check(site, kept)

    assert len(kept.differing) == sum(1 for key in kept.now if not key.startswith(LOOKUPS))
    assert kept.kept == 0
    assert encoded(result) == encoded(plain)


def test_a_build_whose_records_differ_reads_every_file(copy_site: Callable[[str], Path]) -> None:
    site = copy_site("bundled")
    first = mkdocs_build(site)
    assert first.returncode == 0, first.stderr
    assert "record files kept" not in first.stderr
    html = tree(site / "site")
    second = mkdocs_build(site)
    assert second.returncode == 0, second.stderr
    assert re.search(r"\(\d+ of 37 record files and \d+ of \d+ article texts kept\)", second.stderr)
    assert tree(site / "site") == html
    _tampered(site, _planted)

    built = mkdocs_build(site, strict=False)

    assert built.returncode == 0, built.stderr
    assert "every record file is read again" in built.stderr
    assert "Traceback" not in built.stderr
    assert tree(site / "site") == html
    # Strict mode fails on the warning, and keeps the last good site.
    _tampered(site, _planted)
    strict = mkdocs_build(site)
    assert strict.returncode == 1
    assert "every record file is read again" in strict.stderr
    assert tree(site / "site") == html


def test_a_warning_names_the_file_whose_kept_lookups_differ(
    copy_site: Callable[[str], Path],
) -> None:
    """Lookups are kept under their text's digest: the warning names the file holding the text,
    as it names a record's file."""
    site = copy_site("bundled")
    first = mkdocs_build(site)
    assert first.returncode == 0, first.stderr
    _lookups_changed(site, lambda lookups: "[1, 2")

    built = mkdocs_build(site, strict=False)

    assert built.returncode == 0, built.stderr
    assert (
        "the lookup of quotes kept for seeds/000_f7adc2e7615265e7.txt differs from what its file "
        "gives" in " ".join(built.stderr.split())
    )
    assert "every record file is read again" in built.stderr
    assert "found in " not in built.stderr


@pytest.mark.parametrize("form", ["link", "not utf-8", "another code", "a folder", "no tabs"])
def test_a_list_that_cannot_be_read_keeps_no_record(
    copy_site: Callable[[str], Path], tmp_path: Path, form: str
) -> None:
    site = copy_site("bundled")
    plain = _first_check(site)
    listing = site / LISTING
    good = listing.read_bytes()
    if form == "link":
        # A list as good as the last build's, outside the desk: not read through the link.
        outside = tmp_path / "outside.jsonl"
        outside.write_bytes(good)
        listing.unlink()
        os.symlink(outside, listing)
    elif form == "not utf-8":
        listing.write_bytes(good + b"\n\xff\xfe")
    elif form == "another code":
        listing.write_bytes(good.replace(code_digest().encode(), b"0" * 64, 1))
    elif form == "a folder":
        listing.unlink()
        listing.mkdir()
    else:
        listing.write_bytes(good.replace(b"\t", b" "))

    kept = listed(site)
    result = check(site, kept)

    assert kept.kept == 0
    assert not kept.differing
    assert encoded(result) == encoded(plain)
    # A folder in its place cannot be replaced by the new list: the build says so, a warning.
    built = mkdocs_build(site, strict=form != "a folder")
    assert built.returncode == 0, built.stderr
    assert "record files kept" not in built.stderr
    assert ("the next build reads every record file" in built.stderr) == (form == "a folder")
    if form == "link":
        assert outside.read_bytes() == good


def test_articles_keep_their_sentences(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # None compared (the tests above compare them): every text the list has comes back.
    monkeypatch.setattr(kept_records, "_sample", lambda lines: 0)
    site = copy_site("bundled")
    plain = _first_check(site)
    assert plain.site is not None
    texts = {ref: a.text for ref, a in plain.site.articles.items() if a.text is not None}
    assert texts

    kept = listed(site)
    result = check(site, kept)

    assert kept.kept_texts == len(texts)
    assert not kept.differing
    assert result.site is not None
    for ref, text in texts.items():
        again = result.site.articles[ref].text
        assert again is not None
        assert again.sentences == text.sentences
        assert [s.text for s in again.sentences] == [s.text for s in text.sentences]
    assert result.diagnostics == plain.diagnostics


@pytest.mark.parametrize(
    ("change", "compared"),
    [
        # Sentences that could be a text's, found when they are compared with its split.
        (lambda spans: spans.__setitem__(1, spans[1] + 1), True),
        # Sentences that no text has are found whether or not they are compared.
        (lambda spans: spans.append(10**9), False),
        (lambda spans: spans.reverse(), False),
        (lambda spans: spans.__setitem__(0, "0"), False),
    ],
    ids=["a letter longer", "an odd count", "backwards", "text for a number"],
)
def test_sentences_that_differ_from_their_text_are_noticed(
    copy_site: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[list[Any]], None],
    compared: bool,
) -> None:
    monkeypatch.setattr(kept_records, "_sample", lambda lines: len(lines) if compared else 0)
    site = copy_site("bundled")
    plain = _first_check(site)
    head, *lines = (site / LISTING).read_text(encoding="utf-8").split("\n")
    changed = [head]
    for line in lines:
        if line.startswith("sentences of "):
            *before, value = line.split("\t", 3)
            spans = json.loads(value)
            change(spans)
            line = "\t".join([*before, json.dumps(spans)])
        changed.append(line)
    (site / LISTING).write_text("\n".join(changed), encoding="utf-8")

    kept = listed(site)
    check(site, kept)

    assert any(key.startswith("sentences of ") for key in kept.differing)
    assert plain.site is not None


@pytest.mark.parametrize("name", FIXTURES)
def test_articles_keep_what_looking_up_their_quotes_gave(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(kept_records, "_sample", lambda lines: 0)
    site = copy_site(name)
    plain = _first_check(site)
    assert plain.site is not None
    lookups = [key for key in listed(site)._before if key.startswith(LOOKUPS)]
    assert lookups

    # Every quote and date phrase the records look up was looked up last build: no text
    # is normalised to be searched again.
    def refused(text: str) -> None:
        raise AssertionError("an article text was normalised")

    monkeypatch.setattr(text_module, "_normalise_with_maps", refused)
    written = calls_to(monkeypatch, kept_records, "_found_json")
    kept = listed(site)
    result = check(site, kept)

    assert kept.kept_lookups == len(lookups)
    assert not kept.differing
    assert kept.changed() is None
    # Nor are the lookups written again: each text's line is the last build's.
    assert written == []
    assert result.site is not None
    assert result.site.claims == plain.site.claims
    assert result.site.events == plain.site.events
    assert result.diagnostics == plain.diagnostics


def _lookups_changed(site: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    """The lookups of each text in the listing as `change` leaves them (or what it gives)."""
    head, *lines = (site / LISTING).read_text(encoding="utf-8").split("\n")
    changed = [head]
    for line in lines:
        if line.startswith(LOOKUPS):
            *before, value = line.split("\t", 3)
            lookups = json.loads(value)
            given = change(lookups)
            value = given if isinstance(given, str) else json.dumps(lookups, ensure_ascii=False)
            line = "\t".join([*before, value])
        changed.append(line)
    (site / LISTING).write_text("\n".join(changed), encoding="utf-8")


def _first_quote(lookups: dict[str, Any]) -> list[Any]:
    return next(place for place in lookups["quotes"].values() if place is not None)


def _unfound(lookups: dict[str, Any]) -> None:
    quote = next(q for q, place in lookups["quotes"].items() if place is not None)
    lookups["quotes"][quote] = None


def _unmentioned(lookups: dict[str, Any]) -> None:
    phrase = next(iter(lookups["phrases"]))
    lookups["phrases"][phrase] = not lookups["phrases"][phrase]


@pytest.mark.parametrize(
    ("change", "compared"),
    [
        # Lookups that could be the text's, found when they are compared with its own.
        (_unfound, True),
        (lambda lookups: _first_quote(lookups).__setitem__(0, _first_quote(lookups)[0] + 1), True),
        (_unmentioned, True),
        # Lookups that no text could give are found whether or not they are compared.
        (lambda lookups: _first_quote(lookups).__setitem__(2, [10**6]), False),
        (lambda lookups: _first_quote(lookups).__setitem__(1, 10**9), False),
        (lambda lookups: _first_quote(lookups).__setitem__(2, [2, 1]), False),
        (lambda lookups: _first_quote(lookups).__setitem__(0, -1), False),
        (lambda lookups: _first_quote(lookups).append(0), False),
        (lambda lookups: lookups["phrases"].update(planted="yes"), False),
        (lambda lookups: lookups.update(more={}), False),
        (lambda lookups: _DEEP, False),
        (lambda lookups: "[1, 2", False),
    ],
    ids=[
        "a quote not found",
        "a quote a letter later",
        "a phrase not mentioned",
        "a sentence the text lacks",
        "ending past the text",
        "sentences backwards",
        "starting before the text",
        "a quote's place too long",
        "a phrase's answer as text",
        "another field",
        "nested too deep",
        "cut short",
    ],
)
def test_lookups_that_differ_from_their_text_are_noticed(
    copy_site: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any]], Any],
    compared: bool,
) -> None:
    monkeypatch.setattr(kept_records, "_sample", lambda lines: len(lines) if compared else 0)
    site = copy_site("bundled")
    plain = _first_check(site)
    _lookups_changed(site, change)

    kept = listed(site)
    result = check(site, kept)

    assert kept.differing
    assert all(key.startswith(LOOKUPS) for key in kept.differing)
    # What was looked up again is what the text gives, not what the listing said.
    assert result.diagnostics == plain.diagnostics
    assert result.site is not None and plain.site is not None
    assert result.site.claims == plain.site.claims


_DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "form", ["a record nested too deep", "sentences nested too deep", "sentences cut short"]
)
def test_a_hostile_line_is_a_difference_not_a_traceback(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    # None compared: each line is taken back, or found not to read back, on its own.
    monkeypatch.setattr(kept_records, "_sample", lambda lines: 0)
    site = copy_site("bundled")
    plain = _first_check(site)
    head, *lines = (site / LISTING).read_text(encoding="utf-8").split("\n")
    sentences = form.startswith("sentences")
    place = next(n for n, line in enumerate(lines) if line.startswith("sentences of") == sentences)
    fields = lines[place].split("\t", 3)
    if form == "sentences cut short":
        lines[place] = f"{fields[0]}\t{fields[1]}"
    else:
        lines[place] = "\t".join([*fields[:3], _DEEP])
    (site / LISTING).write_text("\n".join([head, *lines]), encoding="utf-8")

    kept = listed(site)
    result = check(site, kept)

    assert kept.differing == [fields[0]]
    assert encoded(result) == encoded(plain)
    assert result.diagnostics == plain.diagnostics


def test_records_kept_with_the_other_yaml_reader_are_not_taken_back(
    copy_site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache restored on a machine whose PyYAML was built without libyaml (or with it, the
    other way round) reads records another way: its list is under another code."""
    site = copy_site("bundled")
    _first_check(site)

    other = "SafeLoader" if yamlsrc.LOADER == "CSafeLoader" else "CSafeLoader"
    monkeypatch.setattr(yamlsrc, "LOADER", other)
    code_digest.cache_clear()
    try:
        with_other = listed(site)
        check(site, with_other)
    finally:
        monkeypatch.undo()
        code_digest.cache_clear()
    assert with_other.kept == 0

    # The same list, read by the reader it was made with: its records come back.
    kept = listed(site)
    check(site, kept)
    assert kept.kept > 0


def test_a_build_after_an_edit_adds_the_changed_lines_to_the_list(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    """After a one-claim edit the list gains the claim's line at its end rather than being
    written whole: read back, it is the list a whole write would give, and the next build takes
    back the records. A list that would hold too many lines no longer read back is written
    whole."""
    site = copy_site("bundled")
    claim = "content/claims/mod-planes-do-not-strike-populated-areas.yml"
    listing = site / LISTING
    assert mkdocs_build(site).returncode == 0
    whole = listing.read_bytes()

    edit(site, claim, "strike populated areas, especially", "strike populated areas, above all")
    kept = listed(site)
    check(site, kept)
    assert mkdocs_build(site).returncode == 0

    grown = listing.read_bytes()
    assert grown.startswith(whole) and grown != whole
    added = grown[len(whole) :].decode().split("\n")
    assert added[0] == "" and [line.split("\t", 1)[0] for line in added[1:]] == [claim]
    written = tmp_path / "written.jsonl"
    written.write_bytes(kept.changed() or b"")
    assert listed(site)._before == KeptRecords.read(written, code=code_digest())._before
    again = mkdocs_build(site)
    assert again.returncode == 0, again.stderr
    assert "differs" not in again.stderr
    assert re.search(r"\(\d+ of 37 record files and \d+ of \d+ article texts kept\)", again.stderr)
    assert listing.read_bytes() == grown

    # Every claim edited: more than an eighth of the lines would no longer be read back.
    for path in (site / "content" / "claims").glob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    kept = listed(site)
    check(site, kept)
    assert kept.added() is None
    assert mkdocs_build(site).returncode == 0
    assert listing.read_bytes() == kept.changed()


def test_the_list_is_added_to_only_while_it_is_the_file_read(tmp_path: Path) -> None:
    listing = tmp_path / "records.jsonl"
    listing.write_bytes(b"head\nline")
    assert not append_file(listing, b"\nmore", 3)
    assert listing.read_bytes() == b"head\nline"
    assert append_file(listing, b"\nmore", 9)
    assert listing.read_bytes() == b"head\nline\nmore"
    link = tmp_path / "link.jsonl"
    link.symlink_to(listing)
    assert not append_file(link, b"\nplanted", 14)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert not append_file(folder, b"planted", 0)
    assert not append_file(tmp_path / "missing.jsonl", b"planted", 0)
    assert listing.read_bytes() == b"head\nline\nmore"
    assert not (tmp_path / "missing.jsonl").exists()
