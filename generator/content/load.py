"""Files on disk -> records.

Takes a site's root folder (the one holding `content/` and `seeds/`) and returns the
`Content` read from it plus every problem found on the way: unreadable or non-UTF-8 files, YAML
traps (through `yamlsrc`), and schema mistakes (through `schema`). Paths in diagnostics are
relative to the root, with forward slashes, as an editor would type them.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from .. import forked
from ..incremental import BuildCache, Stat
from .boundary import display_path, read_bytes, read_problem
from .diagnostics import Diagnostic, SourceLocation, a_or_an, did_you_mean, error
from .kept_records import LATER, KeptRecords, Read
from .models import ID, Article, Claim, Content, Contradiction, Entity, Event, SiteConfig
from .schema import read_list, read_record
from .yamlsrc import parse_yaml, split_front_matter

T = TypeVar("T")

CONTENT = "content"
SEEDS = "seeds"
# How the files read in content/ end: record files, and an article in Markdown besides.
RECORD_SUFFIXES = (".yml", ".yaml")
ARTICLE_SUFFIXES = (*RECORD_SUFFIXES, ".md")


def read_text(
    root: Path, path: Path, shown: str | None = None, *, looked: bool = False
) -> tuple[str | None, list[Diagnostic]]:
    """A content or seed file's text, or a diagnostic saying why it cannot be read. `looked`:
    the caller has found no link on the way to `path` (`read_problem`, or a listing of a folder
    it checked), so the way is not walked again."""
    shown = shown if shown is not None else display_path(root, path)
    if not looked:
        outside = read_problem(root, path)
        if outside is not None:
            return None, [outside]
    try:
        raw = read_bytes(path)
    except OSError as exc:
        return None, [error("FD020", SourceLocation(shown), f"cannot read file: {exc.strerror}")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            error(
                "FD021",
                SourceLocation(shown, 1, 1),
                "file is saved as UTF-16, not UTF-8",
                "save the file as UTF-8 in your editor",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors do, not the bytes of the good UTF-8 before.
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return None, [
            error(
                "FD021",
                SourceLocation(shown, line, column),
                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                "save the file as UTF-8 in your editor",
            )
        ]
    return text.removeprefix("\ufeff"), []


def _yaml_files(folder: Path, suffixes: Iterable[str] = RECORD_SUFFIXES) -> list[Path]:
    return [folder / name for name, _ in _yaml_entries(folder, suffixes)]


def _yaml_entries(
    folder: Path, suffixes: Iterable[str] = RECORD_SUFFIXES
) -> list[tuple[str, bool]]:
    """The folder's record files by name, each with whether it is a symbolic link."""
    if not folder.is_dir():
        return []
    wanted = tuple(suffixes)
    # Links are listed too (is_file() follows them, or drops a dangling one), so that read_text
    # reports them instead of skipping them silently. Names are sorted as text (the order of
    # sorting the paths, and much faster for a folder of ten thousand claims).
    with os.scandir(folder) as entries:
        return sorted(
            (e.name, e.is_symlink())
            for e in entries
            if e.name.endswith(wanted) and (e.is_file() or e.is_symlink())
        )


def _exists(path: Path) -> bool:
    return path.is_file() or path.is_symlink()


def _with_default_id(record: T, path: Path, shown: str, problems: list[Diagnostic]) -> T | None:
    """The record with its id taken from the file name when it gives none.

    The file name is checked like any id, so a record never gets one that could name a path.
    """
    if getattr(record, "id", None) != "":
        return record
    if not re.match(ID.pattern, path.stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
        problems.append(
            error(
                "FD016",
                SourceLocation(shown, 1, 1),
                f"the file name '{path.name}' does not give a valid id",
                f"{ID.hint}; rename the file to {suggestion}{path.suffix} or add 'id: {suggestion}'"
                if suggestion
                else f"{ID.hint}; rename the file",
            )
        )
        return None
    return dataclasses.replace(record, id=path.stem)  # type: ignore[type-var]


def _read_record_file(
    path: Path, shown: str, text: str, model: type[T], what: str
) -> tuple[T | None, list[Diagnostic]]:
    """One record file's text -> its record and problems: a pure function of its arguments."""
    problems: list[Diagnostic] = []
    document, issues = parse_yaml(shown, text)
    problems.extend(issues)
    if document.root is None:
        if not issues:
            problems.append(
                error(
                    "FD022",
                    SourceLocation(shown, 1, 1),
                    "file is empty",
                    f"{a_or_an(what)} file needs its fields; see 'How to add a claim'",
                )
            )
        return None, problems
    record, issues = read_record(shown, document.root, model, f"the {what}")
    problems.extend(issues)
    if record is not None:
        record = _with_default_id(record, path, shown, problems)
    return record, problems


def _load_records(
    root: Path,
    folder: Path,
    model: type[T],
    what: str,
    problems: list[Diagnostic],
    cache: BuildCache | None = None,
    processes: int = 1,
    kept: KeptRecords | None = None,
) -> list[T]:
    """The records of the files in `folder`. A one-off build (no `cache`) may read them in
    `processes` processes, and take back those `kept` from its last build."""
    records: list[T] = []
    prefix = display_path(root, folder)

    # The listing says which files are links: in a folder with no link on the way to it, the
    # others need no walk of their own (a tenth of loading, at 10k claims).
    folder_readable = folder.is_dir() and read_problem(root, folder) is None

    def produce(name: str, shown: str, link: bool) -> tuple[T | None, list[Diagnostic]]:
        record, issues, _, _ = read(name, shown, link)
        return record, issues

    def read(name: str, shown: str, link: bool, later: bool = False) -> Read[T]:
        path = folder / name
        text, issues = read_text(root, path, shown, looked=folder_readable and not link)
        if text is None:
            return None, issues, None, "read"

        def fresh() -> tuple[T | None, list[Diagnostic]]:
            return _read_record_file(path, shown, text, model, what)

        if kept is None:
            record, more = fresh()
            return record, [*issues, *more], None, "read"
        record, more, line, how = kept.record(model, shown, text, fresh, later=later)
        return record, [*issues, *more], line, how

    def take_back(name: str, shown: str, link: bool, got: Read[T]) -> Read[T]:
        """A copy's read of a file, with the kept record it left to the build (LATER) read
        back; a line that does not read back has its file read again here."""
        if got[3] != LATER:
            return got
        assert kept is not None
        taken = kept.take_back(model, shown)
        if taken is None:
            return read(name, shown, link)
        return taken[0], got[1], taken[1], "kept"

    # Under `mkdocs serve` most files are unchanged between rebuilds: the record and problems
    # of each file are kept by name with its listed (mtime, size), and reused while it is the
    # same. One dict per folder costs a third of `BuildCache.made` per file (10k claims). A
    # folder in which no file changed gives what it gave last build, without a walk of its
    # files (25,000 events at 50k claims).
    if cache is not None and cache.changed is not None:
        last = cache.folder_loads.get(prefix)
        if last is not None and not any(p.startswith(f"{prefix}/") for p in cache.changed):
            problems.extend(last[1])
            return list(last[0])
    entries = _yaml_entries(folder)
    if cache is None:
        # When most of the folder's records were kept, the build reads back those its copies
        # found the same and reads no file itself.
        listed = kept is not None and 2 * sum(
            kept.listed(f"{prefix}/{name}") for name, _ in entries
        ) > len(entries)
        results = _read_all(entries, prefix, read, processes, take_back if listed else None)
        for (name, _), (record, issues, line, how) in zip(entries, results, strict=True):
            problems.extend(issues)
            if record is not None:
                records.append(record)
            if kept is not None:
                kept.add(f"{prefix}/{name}", line, how)
        return records
    before = cache.folder_records.get(prefix, {})
    now: dict[str, tuple[Stat | None, tuple[T | None, list[Diagnostic]]]] = {}
    start = len(problems)
    for name, link in entries:
        shown = f"{prefix}/{name}"
        stat = cache.stat(shown)
        known = before.get(name)
        if known is None or stat is None or known[0] != stat:
            known = (stat, produce(name, shown, link))
        now[name] = known
        record, issues = known[1]
        problems.extend(issues)
        if record is not None:
            records.append(record)
    cache.folder_records[prefix] = now
    cache.folder_loads[prefix] = (tuple(records), tuple(problems[start:]))
    return records


# Reading a record file (YAML, then the schema) takes about a third of a millisecond, and
# taking its record back from a forked copy about a fifth of that (10k claims): a one-off build
# of a large desk reads a folder in as many processes as it may use. Below this many files the
# fork is not worth it.
_SHARED_FROM = 1_000
# Files a copy sends at a time: one pickle and one message a batch, not a file.
_BATCH = 250


def _read_all(
    entries: Sequence[tuple[str, bool]],
    prefix: str,
    produce: Callable[[str, str, bool, bool], Read[T]],
    processes: int,
    take_back: Callable[[str, str, bool, Read[T]], Read[T]] | None = None,
) -> list[Read[T]]:
    """Each file's record and problems, in the order of `entries`; with more than one process,
    batches of them read by forked copies (see `forked`) while the build reads its own. A
    batch a copy did not send is read by the build, which so reports any error itself.
    With `take_back`, the copies read every file and leave the records kept to the build
    (`produce`'s last argument), which reads them back (`take_back`) as each batch comes."""

    def read(batch: Sequence[tuple[str, bool]], later: bool = False) -> list[Read[T]]:
        return [produce(name, f"{prefix}/{name}", link, later) for name, link in batch]

    if processes < 2 or len(entries) < _SHARED_FROM or not forked.can_fork():
        return read(entries)
    batches = {
        str(number): entries[start : start + _BATCH]
        for number, start in enumerate(range(0, len(entries), _BATCH))
    }
    if take_back is None:
        dealt = forked.shares(list(batches), processes, 1.0)
    else:
        dealt = [[], *forked.shares(list(batches), processes - 1, 1.0)]
    later = take_back is not None
    copies = [
        forked.Copy(functools.partial(_copy_reads, functools.partial(read, later=later),
                                      batches, share))
        for share in dealt[1:]
    ]  # fmt: skip
    done: dict[str, list[Read[T]]] = {}
    try:
        for key in dealt[0]:
            done[key] = read(batches[key])
        for copy, share in zip(copies, dealt[1:], strict=True):
            for key in share:
                taken = copy.take(key)
                if taken is None:
                    done[key] = read(batches[key])
                elif take_back is None:
                    done[key] = taken
                else:
                    done[key] = [
                        take_back(name, f"{prefix}/{name}", link, got)
                        for (name, link), got in zip(batches[key], taken, strict=True)
                    ]
    finally:
        for copy in copies:
            copy.stop()
    return [result for key in batches for result in done[key]]


def _copy_reads(
    read: Callable[[Sequence[tuple[str, bool]]], list[Read[T]]],
    batches: dict[str, Sequence[tuple[str, bool]]],
    share: Sequence[str],
) -> Iterator[tuple[str, list[Read[T]]]]:
    for key in share:
        yield key, read(batches[key])


def _load_articles(
    root: Path,
    problems: list[Diagnostic],
    cache: BuildCache | None = None,
    processes: int = 1,
    kept: KeptRecords | None = None,
) -> list[Article]:
    folder = root / CONTENT / "articles"
    articles = _load_records(root, folder, Article, "article", problems, cache, processes, kept)
    for path in _yaml_files(folder, (".md",)):
        shown = display_path(root, path)

        def produce(
            path: Path = path, shown: str = shown
        ) -> tuple[Article | None, list[Diagnostic]]:
            found: list[Diagnostic] = []
            return _read_markdown_article(root, path, shown, found), found

        article, issues = (
            produce() if cache is None else cache.made(f"article:{shown}", [shown], produce)
        )
        problems.extend(issues)
        if article is not None:
            articles.append(article)
    with_texts = []
    seeds = _SeedFiles(root)
    for article in articles:

        def read(article: Article = article) -> tuple[Article, list[Diagnostic]]:
            found: list[Diagnostic] = []
            return _with_text_file(root, article, found, seeds), found

        files = [article.at.path] + ([article.text_file] if article.text_file else [])
        with_text, issues = (
            read() if cache is None else cache.made(f"text:{article.at.path}", files, read)
        )
        problems.extend(issues)
        if kept is not None and with_text.text_file is not None and not issues:
            kept.text_read(with_text.text_file, with_text.text)
        with_texts.append(with_text)
    return sorted(with_texts, key=lambda a: a.at.path)


def _read_markdown_article(
    root: Path, path: Path, shown: str, problems: list[Diagnostic]
) -> Article | None:
    text, issues = read_text(root, path)
    problems.extend(issues)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.append(
            error(
                "FD023",
                SourceLocation(shown, 1, 1),
                "an article in Markdown must open with YAML front matter between '---' lines",
                "put title, outlet and published between two '---' lines at the top",
            )
        )
        return None
    front, body, _ = parts
    document, issues = parse_yaml(shown, front, line_offset=1)
    problems.extend(issues)
    if document.root is None:
        if not issues:
            problems.append(
                error(
                    "FD022",
                    SourceLocation(shown, 2, 1),
                    "front matter is empty",
                    "give at least title, outlet and published",
                )
            )
        return None
    record, issues = read_record(shown, document.root, Article, "the article")
    problems.extend(issues)
    if record is None:
        return None
    if record.text_file is not None:
        problems.append(
            error(
                "FD024",
                record.where["text_file"],
                "a Markdown article has its text in its body; text_file is for .yml records",
                "remove text_file, or move the record to a .yml file",
            )
        )
        return None
    return _with_default_id(dataclasses.replace(record, text=body), path, shown, problems)


class _SeedFiles:
    """The plain files directly in seeds/, listed once when first asked for, while no link is
    on the way to the folder: a text file among them needs no walk of its own (checking the
    way to each of 2,000 texts took half of reading them, at 10,000 claims)."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._names: frozenset[str] | None = None

    def holds(self, relative: Path) -> bool:
        """Whether `relative` (from the desk's folder) is one of them."""
        if len(relative.parts) != 2:
            return False
        if self._names is None:
            folder = self._root / SEEDS
            names: frozenset[str] = frozenset()
            if folder.is_dir() and read_problem(self._root, folder) is None:
                with os.scandir(folder) as entries:
                    names = frozenset(e.name for e in entries if e.is_file(follow_symlinks=False))
            self._names = names
        return relative.parts[1] in self._names


def _with_text_file(
    root: Path, article: Article, problems: list[Diagnostic], seeds: _SeedFiles | None = None
) -> Article:
    if article.text_file is None:
        return article
    where = article.where["text_file"]
    relative = Path(article.text_file)
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != (SEEDS,):
        problems.append(
            error(
                "FD025",
                where,
                f"text_file '{article.text_file}' is not inside seeds/",
                "keep collected texts in seeds/ and give the path from the site root, "
                "e.g. seeds/article.txt",
            )
        )
        return article
    path = root / relative
    # A plain file listed in a link-free seeds/ is read without following a link that
    # appeared since (`read_bytes`); any other is checked on its way first.
    if seeds is None or not seeds.holds(relative):
        outside = read_problem(root, path, where)
        if outside is not None:
            problems.append(outside)
            return article
        if not path.is_file():
            folder = root / SEEDS
            candidates = (
                sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file())
                if folder.is_dir()
                else []
            )
            problems.append(
                error(
                    "FD026",
                    where,
                    f"text_file '{article.text_file}' does not exist",
                    did_you_mean(article.text_file, candidates, listing="files in seeds/"),
                )
            )
            return article
    text, issues = read_text(root, path, looked=True)
    problems.extend(issues)
    return dataclasses.replace(article, text=text or "")


def load_site_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """content/site.yml alone: what the plugin needs before MkDocs builds anything."""
    problems: list[Diagnostic] = []
    site_path = root / CONTENT / "site.yml"
    shown = display_path(root, site_path)
    if not _exists(site_path):
        problems.append(
            error(
                "FD027",
                SourceLocation(shown),
                "content/site.yml is missing",
                "every site needs content/site.yml with title, description, "
                "publisher and rating_scale",
            )
        )
        return None, problems
    text, issues = read_text(root, site_path)
    problems.extend(issues)
    if text is None:
        return None, problems
    document, issues = parse_yaml(shown, text)
    problems.extend(issues)
    if document.root is None:
        if not issues:
            problems.append(
                error(
                    "FD022",
                    SourceLocation(shown, 1, 1),
                    "file is empty",
                    "give title, description, publisher and rating_scale",
                )
            )
        return None, problems
    site, issues = read_record(shown, document.root, SiteConfig, "site.yml")
    problems.extend(issues)
    return site, problems


def load_content(
    root: Path,
    cache: BuildCache | None = None,
    *,
    processes: int = 1,
    kept: KeptRecords | None = None,
) -> tuple[Content, list[Diagnostic]]:
    """The desk's records and every problem found reading them. `processes`: how many a one-off
    build may read record files in (a `cache` reads only what changed, in this one); `kept`:
    the records of its last build, for a one-off build (`kept_records.py`)."""
    if cache is not None:
        kept = None
    content_dir = root / CONTENT
    if cache is None:
        site, problems = load_site_config(root)
    else:
        site, found = cache.made("site", [f"{CONTENT}/site.yml"], lambda: load_site_config(root))
        problems = list(found)

    def read_entities() -> tuple[list[Entity], list[Diagnostic]]:
        entities: list[Entity] = []
        found: list[Diagnostic] = []
        entities_path = content_dir / "entities.yml"
        if _exists(entities_path):
            shown = display_path(root, entities_path)
            text, issues = read_text(root, entities_path)
            found.extend(issues)
            if text is not None:
                document, issues = parse_yaml(shown, text)
                found.extend(issues)
                if document.root is not None:
                    entities, issues = read_list(shown, document.root, Entity, "entity")
                    found.extend(issues)
        return entities, found

    entities, issues = (
        read_entities()
        if cache is None
        else cache.made("entities", [f"{CONTENT}/entities.yml"], read_entities)
    )
    problems.extend(issues)

    content = Content(
        site=site,
        entities=tuple(entities),
        articles=tuple(_load_articles(root, problems, cache, processes, kept)),
        claims=tuple(
            _load_records(
                root, content_dir / "claims", Claim, "claim", problems, cache, processes, kept
            )
        ),
        events=tuple(
            _load_records(
                root, content_dir / "events", Event, "event", problems, cache, processes, kept
            )
        ),
        contradictions=tuple(
            _load_records(
                root,
                content_dir / "contradictions",
                Contradiction,
                "contradiction",
                problems,
                cache,
                processes,
                kept,
            )
        ),
    )
    if cache is not None:
        cache.finish_loading()
    return dataclasses.replace(content, broken=_broken(content, problems)), problems


def _broken(content: Content, problems: list[Diagnostic]) -> frozenset[tuple[str, str]]:
    """Records whose file had errors and yielded nothing, so that the mistake is reported once,
    where it is, and not again at every reference to the record."""
    failed = {d.location.path for d in problems if d.is_error}
    loaded = {
        record.at.path
        for group in (content.articles, content.claims, content.events, content.contradictions)
        for record in group
    }
    broken: set[tuple[str, str]] = set()
    folders = {
        "articles": "article",
        "claims": "claim",
        "events": "event",
        "contradictions": "contradiction",
    }
    for path in failed - loaded:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == CONTENT and parts[1] in folders:
            broken.add((folders[parts[1]], Path(parts[2]).stem))
    if f"{CONTENT}/entities.yml" in failed:
        broken.add(("entity", "*"))
    for article in content.articles:
        if (
            article.text_file is not None
            and not article.text
            and (article.where["text_file"].path in failed or article.text_file in failed)
        ):
            broken.add(("article-text", article.id))
    return frozenset(broken)
