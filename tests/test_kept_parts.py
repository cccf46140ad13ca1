"""A one-off `mkdocs build` takes back the parts of the data files and of the search index whose
key did not change (`generator/site/kept_parts.py`), and the files it writes are a build from
nothing's (the edits of `test_kept_pages.py` compare them file by file). Here: what a parts
file that is not as the last build left it does, and the search documents' codec."""

from __future__ import annotations

import math
import re
import shutil
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import calls_to, mkdocs_build, write_large_desk
from test_kept_pages import parts_count, tree

from generator import pipeline
from generator.content import kept_records
from generator.content.kept_records import KeptRecords
from generator.content.linked import Site
from generator.site import kept_parts, search
from generator.site.kept_parts import KeptParts, file_name
from generator.site.layout import Layout
from generator.site.page_keys import Keys, code_digest
from generator.site.render import OVERRIDES

FOLDER = Path(".cache/factdesk")
_ENTRY = re.compile(rb"([0-9a-f]{64}) ([0-9]+)\n")
_HEAD = b'["claim","t","/u","s",null,"d",3.0]'


def built_data(site: Path) -> dict[str, bytes]:
    """The data files and the search index of the built site."""
    return {
        path: data
        for path, data in tree(site / "site").items()
        if path.startswith(("data/", "search/"))
    }


def plant(listing: Path, old: bytes, new: bytes) -> int:
    """Replace `old` by `new` (as long) in every part of the file; returns the parts changed."""
    assert len(old) == len(new)
    data = bytearray(listing.read_bytes())
    changed = 0
    for entry in _ENTRY.finditer(data):
        start, length = entry.end(), int(entry[2])
        part = bytes(data[start : start + length])
        if old in part:
            data[start : start + length] = part.replace(old, new)
            changed += 1
    listing.write_bytes(bytes(data))
    return changed


@pytest.fixture
def built(copy_site: Callable[[str], Path]) -> Path:
    site = copy_site("bundled")
    first = mkdocs_build(site)
    assert first.returncode == 0, first.stderr
    assert parts_count(first.stderr) == 0
    for group in ("export", "search"):
        assert (site / FOLDER / file_name(group)).is_file()
    return site


def test_a_build_takes_back_the_parts_and_writes_the_same_files(built: Path) -> None:
    good = built_data(built)
    again = mkdocs_build(built)
    assert again.returncode == 0, again.stderr
    assert parts_count(again.stderr) > 0
    assert built_data(built) == good


@pytest.mark.parametrize("group", ["export", "search"])
def test_a_planted_part_is_noticed_and_every_part_made(built: Path, group: str) -> None:
    """Every part that names the Russian Ministry changed in the file: the few made all the
    same and compared include one, so none is taken back, and the site is a fresh build's."""
    good = built_data(built)
    listing = built / FOLDER / file_name(group)
    assert plant(listing, b"Russian", b"Planted") > 20

    loose = mkdocs_build(built, strict=False)

    assert loose.returncode == 0, loose.stderr
    assert "differs from what its content makes" in loose.stderr
    assert "Traceback" not in loose.stderr
    assert built_data(built) == good
    assert b"Planted" not in listing.read_bytes()

    # Strict mode fails on the warning and keeps the last good site.
    assert plant(listing, b"Russian", b"Planted") > 20
    html = tree(built / "site")
    strict = mkdocs_build(built)
    assert strict.returncode == 1
    assert "differs from what its content makes" in strict.stderr
    assert tree(built / "site") == html


@pytest.mark.parametrize(
    "content",
    [
        b"not a parts file",
        b"factdesk parts 1\n" + b"0" * 64 + b" 999999\nshort\n",
        b"factdesk parts 1\n" + b"0" * 64 + b" 5\nshort",
        b"factdesk parts 1\nnot an entry\n",
        b"\xff\xfe\x00",
    ],
)
def test_a_parts_file_that_cannot_be_read_keeps_nothing(built: Path, content: bytes) -> None:
    good = built_data(built)
    for group in ("export", "search"):
        (built / FOLDER / file_name(group)).write_bytes(content)

    again = mkdocs_build(built)

    assert again.returncode == 0, again.stderr
    assert parts_count(again.stderr) == 0
    assert "Traceback" not in again.stderr
    assert built_data(built) == good
    # The next build's parts are written whole.
    for group in ("export", "search"):
        assert (built / FOLDER / file_name(group)).read_bytes().startswith(b"factdesk parts 1\n")


def test_a_parts_file_that_is_a_link_is_not_read(built: Path, tmp_path: Path) -> None:
    """A link to a file outside the desk (a cache restored from elsewhere) is neither read nor
    written through: it is replaced."""
    good = built_data(built)
    outside = tmp_path / "outside-parts.bin"
    listing = built / FOLDER / file_name("export")
    shutil.copy(listing, outside)
    plant(outside, b"Russian", b"Planted")
    listing.unlink()
    listing.symlink_to(outside)
    before = outside.read_bytes()

    again = mkdocs_build(built)

    assert again.returncode == 0, again.stderr
    assert "differs" not in again.stderr
    assert built_data(built) == good
    assert not listing.is_symlink() and b"Planted" not in listing.read_bytes()
    assert outside.read_bytes() == before


def test_what_a_stopped_build_left_is_cleared(built: Path) -> None:
    """A forked copy killed while it wrote its parts leaves its temporary file: the next build
    takes it away, and writes its own parts whole."""
    stale = built / FOLDER / f".{file_name('search')}.99999.tmp"
    stale.write_bytes(b"factdesk parts 1\n" + b"half")

    again = mkdocs_build(built)

    assert again.returncode == 0, again.stderr
    assert parts_count(again.stderr) > 0
    assert not stale.exists()
    assert not list((built / FOLDER).glob(".*.tmp"))


@dataclass(frozen=True)
class SearchParts:
    """The bundled case's search index made in-process, from nothing (`fresh`), and the way to
    make it again keeping its documents in `listing` (`made`)."""

    site: Site
    layout: Layout
    keys: Keys
    listing: Path
    fresh: dict[str, str]

    def made(self) -> tuple[dict[str, str], KeptParts]:
        kept = KeptParts.open(self.listing, self.keys)
        files = dict(search.search_files(self.site, self.layout, None, kept))
        kept.close()
        return files, kept


@pytest.fixture
def search_parts(copy_site: Callable[[str], Path]) -> SearchParts:
    root = copy_site("bundled")
    checked = pipeline.check(root)
    assert checked.site is not None
    layout = Layout.of(checked.site, directory_urls=True)
    fresh = dict(search.search_files(checked.site, layout))
    keys = Keys(checked.site, layout, root)
    return SearchParts(checked.site, layout, keys, root / FOLDER / file_name("search"), fresh)


def test_search_documents_read_back_give_the_same_index(search_parts: SearchParts) -> None:
    # The parts of a first build written, then taken back by a second.
    for _ in range(2):
        files, kept = search_parts.made()
        assert files == search_parts.fresh
        assert not kept.differing
    every = len(search.documents(search_parts.site, search_parts.layout))
    assert kept.kept > 0 and kept.kept + kept.made == every


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[]\n\n",
        b'["claim","t","/u","s",null,"d",3.0]\nterm\n',  # a term without its frequency
        b'["claim","t","/u","s",null,"d",3.0]\nterm\n' + b"\x00" * 12,  # not whole doubles
        b'["claim","t","/u","s",null,"d",3.0]\n\xff\n' + b"\x00" * 8,  # not UTF-8
        b'["claim","t","/u","s",null,"d",3.0]\na  b\n' + b"\x00" * 24,  # an empty term
        b'["claim","t","/u","s",["a"],"d",3.0]\n\n',  # a rating is an id and a label
        b'["claim","t","/u","s",null,"d",3]\n\n',  # a length is a float
        b'["claim",1,"/u","s",null,"d",3.0]\n\n',
        b'{"claim": 1}\n\n',
        b"[" * 100_000 + b"\n\n",
        # Numbers counting never gives, which weighing cannot take.
        _HEAD + b"\nterm\n" + struct.pack("<d", math.nan),
        _HEAD + b"\nterm\n" + struct.pack("<d", math.inf),
        _HEAD + b"\nterm\n" + struct.pack("<d", -1.2),
        _HEAD + b"\nterm\n" + struct.pack("<d", 0.0),
        _HEAD + b"\nterm other\n" + struct.pack("<2d", 1.0, math.nan),
        _HEAD.replace(b"3.0", b"NaN") + b"\n\n",
        _HEAD.replace(b"3.0", b"1e999") + b"\n\n",
        _HEAD.replace(b"3.0", b"-1.0") + b"\n\n",
    ],
)
def test_a_search_document_that_does_not_read_back_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        search._kept_document(data)


def test_a_planted_number_never_reaches_the_weighing(
    search_parts: SearchParts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every kept document's frequencies made NaN, and none made all the same to be compared
    (on a small desk every kept part is, which would hide what follows): each fails to read
    back, so the index is made from the documents themselves, not stopped in the weighing."""
    search_parts.made()
    listing = search_parts.listing
    data = bytearray(listing.read_bytes())
    planted = 0
    for entry in _ENTRY.finditer(data):
        end = entry.end() + int(entry[2])
        numbers = bytes(data[entry.end() : end]).split(b"\n", 2)[2]
        data[end - len(numbers) : end] = struct.pack("<d", math.nan) * (len(numbers) // 8)
        planted += 1
    listing.write_bytes(bytes(data))
    assert planted > 20
    monkeypatch.setattr(kept_parts, "_sample", lambda kept: 0)

    files, kept = search_parts.made()
    assert files == search_parts.fresh
    assert kept.differing and kept.kept == 0


def test_each_parts_file_is_read_by_the_process_that_takes_its_parts_back(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build shared with a forked copy makes the search index in the copy: the search parts
    are read there, when first asked for, not by the build before it forks (finding a 10k
    desk's parts took a tenth of a second while a core waited). What the copy took back comes
    back in its account."""
    read_here: list[str] = []
    real = KeptParts._read

    def read(self: KeptParts) -> None:
        read_here.append(self.listing.name)  # the copy appends to its own list
        real(self)

    monkeypatch.setattr(KeptParts, "_read", read)
    # As the plugin checks and generates (mkdocs_plugin.py).
    overrides = built / OVERRIDES
    kept = KeptRecords.read(built / FOLDER / kept_records.NAME, code=code_digest())
    checked = pipeline.check(built, identity=False, templates=overrides, kept=kept)
    result, files = pipeline.generated(
        built, checked, overrides, processes=2, kept_keys={}, parts_folder=built / FOLDER
    )
    made = dict(files)
    assert any(path.startswith("search/") for path in made)
    assert read_here == [file_name("export")]
    # A desk this small has its parts all made again to be compared (at least twenty).
    exports, searched = result.kept_parts
    assert exports.made > 20 and not exports.differing
    assert searched.made > 20 and not searched.differing


def test_a_build_after_an_edit_adds_the_parts_it_made_to_the_files(tmp_path: Path) -> None:
    """After a one-claim edit each parts file gains the parts made for the claim at its end
    rather than being written whole, and the next build takes back every part from it. Once
    most parts are made again, the files are written whole, without the parts left behind.
    (A desk of 300 claims: in the bundled one, a claim's parts are more than an eighth.)"""
    desk = write_large_desk(tmp_path / "desk")
    assert mkdocs_build(desk).returncode == 0
    files = {group: desk / FOLDER / file_name(group) for group in ("export", "search")}
    first = {group: listing.read_bytes() for group, listing in files.items()}
    claim = sorted((desk / "content" / "claims").glob("*.yml"))[0]
    text = claim.read_text(encoding="utf-8")
    assert text.startswith("claim: ")
    claim.write_text(f"claim: Reworded.\n{text.split(chr(10), 1)[1]}", encoding="utf-8")

    second = mkdocs_build(desk)

    assert second.returncode == 0, second.stderr
    grown = {group: listing.read_bytes() for group, listing in files.items()}
    for group, data in grown.items():
        assert data.startswith(first[group]), group
        added = len(_ENTRY.findall(data[len(first[group]) :]))
        assert 0 < added <= len(_ENTRY.findall(first[group])) // 8, group
    good = built_data(desk)
    third = mkdocs_build(desk)
    assert third.returncode == 0, third.stderr
    assert parts_count(third.stderr) > 0 and "differs" not in third.stderr
    assert built_data(desk) == good
    # Every part was in the files already: nothing is added or written.
    assert {group: listing.read_bytes() for group, listing in files.items()} == grown

    for path in (desk / "content" / "claims").glob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    fourth = mkdocs_build(desk)
    assert fourth.returncode == 0, fourth.stderr
    for group, listing in files.items():
        data = listing.read_bytes()
        assert not data.startswith(grown[group]), group
        keys = _ENTRY.findall(data)
        assert len(keys) == len({key for key, _ in keys}) < len(_ENTRY.findall(grown[group]))


def test_parts_are_found_beside_linking_and_not_again(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy that validates while the build links also finds where the parts kept in each
    file lie, and the build and its copies take them from there rather than read each file's
    parts again; a file replaced since is read again."""
    overrides = built / OVERRIDES

    def checked() -> pipeline.Result:
        kept = KeptRecords.read(built / FOLDER / kept_records.NAME, code=code_digest())
        return pipeline.check(
            built, identity=False, templates=overrides, kept=kept, processes=2,
            parts_folder=built / FOLDER,
        )  # fmt: skip

    def generated(result: pipeline.Result) -> tuple[pipeline.Result, dict[str, object]]:
        made, files = pipeline.generated(
            built, result, overrides, processes=2, kept_keys={}, parts_folder=built / FOLDER
        )
        return made, dict(files)

    found = checked()
    listings = {group: built / FOLDER / file_name(group) for group in ("export", "search")}
    assert found.parts_found.keys() == listings.keys()
    for group, listing in listings.items():
        assert found.parts_found[group] == kept_parts.found_parts(listing)
        assert len(found.parts_found[group][1]) > 20
    read = calls_to(monkeypatch, kept_parts, "_entries")  # the build's, not its copies'
    made, files = generated(found)
    assert read == []
    exports, searched = made.kept_parts
    assert exports.made > 20 and not exports.differing
    assert searched.made > 20 and not searched.differing

    found = checked()
    export = listings["export"]
    data = export.read_bytes()
    export.unlink()
    export.write_bytes(data)
    _, files_again = generated(found)
    assert len(read) == 1
    assert files_again == files
