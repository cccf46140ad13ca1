"""New content files from the editor's command line: `factdesk new ...` and `add-article`.

Takes a site root and what the editor typed; returns a `Plan` of files to create (or, for
entities, text to append to content/entities.yml), rendered through the Jinja templates in
`site_templates/skeletons/`. `apply()` writes a plan, never overwriting a file, runs the
pipeline's check and reports the diagnostics that concern the written files; a plan whose files
do not check clean is undone unless the caller asks to keep it. Every value that came from the
editor passes the `yaml` filter, which emits a plain scalar only when YAML reads it back as the
same text, and a JSON string (valid YAML) otherwise, so no input can change a file's structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .. import pipeline
from ..content.diagnostics import Diagnostic, did_you_mean
from ..content.load import ARTICLE_SUFFIXES, CONTENT, RECORD_SUFFIXES, SEEDS, load_content
from ..content.models import ID, Article, Content, EntityKind
from ..resources import SKELETONS, template_environment
from ..site.write import replace_file

FOLDERS = {
    "article": "articles",
    "claim": "claims",
    "event": "events",
    "contradiction": "contradictions",
}
ENTITIES_FILE = f"{CONTENT}/entities.yml"
ENTITY_KINDS: tuple[EntityKind, ...] = (
    "person",
    "organisation",
    "government",
    "military",
    "media",
    "monitor",
)
DRAFT_NOTE = "Remove status: draft when it is ready; drafts are checked but never published."

_ID = re.compile(ID.pattern)
_SLUG_GAP = re.compile(r"[^a-z0-9]+")
# A conservative subset of YAML plain scalars; anything else is written as a JSON string.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,'()/&+-]*")
# Characters YAML does not allow raw in a double-quoted scalar, or would read as a line break
# (and so fold into a space): JSON leaves these unescaped when ensure_ascii is off.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


class ScaffoldError(Exception):
    """The request cannot be carried out as asked; the message says why and what to do."""


def yaml_scalar(value: object) -> str:
    """`value` as one YAML scalar that reads back as exactly `str(value)`."""
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and not text.endswith(" ")
        and ": " not in text
        and " #" not in text
        and yaml.safe_load(text) == text
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_comment(value: object) -> str:
    """Text for a `# ...` line: a line break in it would end the comment and start YAML."""
    return " ".join(str(value).split())


@cache
def skeleton_environment(folder: Path = SKELETONS) -> jinja2.Environment:
    """Templates of YAML files (content skeletons, a new desk's files): values go in through
    the `yaml` filter, which keeps each one a single scalar that reads back as written."""
    env = template_environment(folder)
    env.filters["yaml"] = yaml_scalar
    env.filters["comment"] = yaml_comment
    return env


def render_skeleton(template: str, /, **values: Any) -> str:
    """One skeleton from site_templates/skeletons/<template>.yml.j2."""
    return skeleton_environment().get_template(f"{template}.yml.j2").render(**values)


def schema_line_target(kind: str) -> str:
    """The schema path as the yaml-language-server line of a `kind` file gives it."""
    if kind in ("entities", "site"):
        return f"../schemas/{kind}.schema.json"
    return f"../../schemas/{kind}.schema.json"


# Russian letters in Latin ones, so that a Russian title or name gives an id ("Игорь
# Конашенков" -> igor-konashenkov) instead of an empty one. A simple table for ids; it is not
# meant as a transliteration standard.
_CYRILLIC = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
        "ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ю": "yu", "я": "ya", "ъ": "", "ь": "",
    }
)  # fmt: skip


def slug(text: str) -> str:
    """An id made from free text: lowercase letters, digits, single hyphens; Russian letters
    are written in Latin ones."""
    return _SLUG_GAP.sub("-", text.lower().translate(_CYRILLIC)).strip("-")


def check_id(record_id: str, what: str) -> None:
    if not _ID.fullmatch(record_id):
        raise ScaffoldError(
            f"'{record_id}' cannot be a {what} id: {ID.hint}"
            + (f' (try "{slug(record_id)}")' if slug(record_id) else "")
        )


# --------------------------------------------------------------------------------------------
# Plans
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileWrite:
    """A file to create (`append=False`, refused if it exists) or text to add at its end."""

    path: str  # relative to the site root, with forward slashes
    text: str
    append: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    writes: tuple[FileWrite, ...]
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class Applied:
    """What `apply` did: the paths written, the diagnostics about them, whether it was undone."""

    written: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    undone: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def _diagnostic_key(d: Diagnostic) -> tuple[object, ...]:
    return (*d.sort_key(), d.severity.value, d.hint)


def apply(root: Path, plan: Plan, *, keep_on_error: bool = False) -> Applied:
    """Write `plan`, check the site once, and undo the writes if they brought errors (unless
    kept).

    New files are created with "x" mode, so a file that appeared meanwhile is never replaced.
    Only diagnostics the writes brought count: anything in a file created here, and in a file
    appended to (entities.yml), anything from its first appended line on.
    """
    created: list[Path] = []
    previous: dict[Path, bytes] = {}
    appended_after: dict[str, int] = {}  # path -> its last line before the append
    applied = Applied(notes=list(plan.notes))
    try:
        for write in plan.writes:
            path = root / write.path
            if write.append:
                old = path.read_bytes() if path.is_file() else b""
                previous.setdefault(path, old)
                if old:
                    appended_after.setdefault(
                        write.path, old.count(b"\n") + (not old.endswith(b"\n"))
                    )
                joiner = b"" if not old or old.endswith(b"\n") else b"\n"
                replace_file(path, old + joiner + write.text.encode("utf-8"))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "x", encoding="utf-8", newline="\n") as out:
                    created.append(path)
                    out.write(write.text)
            if write.path not in applied.written:
                applied.written.append(write.path)
    except FileExistsError as exc:
        _undo(created, previous)
        raise ScaffoldError(f"{exc.filename} appeared while writing; nothing was written") from None
    paths = set(applied.written)
    applied.diagnostics = [
        d
        for d in pipeline.check(root).diagnostics
        if d.location.path in paths and d.location.line > appended_after.get(d.location.path, -1)
    ]
    if applied.failed and not keep_on_error:
        _undo(created, previous)
        applied.undone = True
    return applied


def _undo(created: Iterable[Path], previous: dict[Path, bytes]) -> None:
    for path in created:
        path.unlink(missing_ok=True)
    for path, data in previous.items():
        if data:
            replace_file(path, data)
        else:
            path.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# The site as it stands
# --------------------------------------------------------------------------------------------


def require_site(root: Path) -> None:
    """Refuse a folder that is not a factdesk site."""
    if not (root / CONTENT / "site.yml").is_file():
        raise ScaffoldError(
            f"{root / CONTENT / 'site.yml'} does not exist: is {root} a factdesk site? "
            "Run the command in the site folder, or give --root"
        )


def load_site(root: Path) -> Content:
    """The site's records, to plan new files from: `apply` checks what the plan writes."""
    require_site(root)
    content, _ = load_content(root)
    return content


def _record_path(root: Path, kind: str, record_id: str) -> str:
    check_id(record_id, kind)
    folder = f"{CONTENT}/{FOLDERS[kind]}"
    suffixes = ARTICLE_SUFFIXES if kind == "article" else RECORD_SUFFIXES
    for suffix in suffixes:
        existing = f"{folder}/{record_id}{suffix}"
        if (root / existing).exists():
            raise ScaffoldError(f"{existing} already exists; factdesk never overwrites a file")
    return f"{folder}/{record_id}.yml"


def find_article(content: Content, article_id: str) -> Article:
    for article in content.articles:
        if article.id == article_id:
            return article
    raise ScaffoldError(
        f"there is no article '{article_id}'; "
        + did_you_mean(article_id, [a.id for a in content.articles], listing="known article ids")
    )


def _schema_notes(root: Path) -> tuple[str, ...]:
    if (root / "schemas").is_dir():
        return ()
    return (
        "schemas/ is missing, so the schema line at the top of the file finds nothing: "
        "run `factdesk schemas` once for completion and inline errors in your editor",
    )


# --------------------------------------------------------------------------------------------
# factdesk new ...
# --------------------------------------------------------------------------------------------


def new_claim(
    root: Path,
    claim_id: str,
    *,
    claimant: str,
    article: str,
    quote: str,
    claim: str | None = None,
    date: str | None = None,
) -> Plan:
    path = _record_path(root, "claim", claim_id)
    source = find_article(load_site(root), article)
    notes = [DRAFT_NOTE]
    if claim is None:
        notes.append("TODO: claim is the quote for now; restate it as one sentence.")
    date_notes = []
    if date is None:
        date_notes.append(
            "TODO: when the claim was made; this is the article's publication date until you "
            "know better (a phrase from the article such as 'on Tuesday' works too)."
        )
    text = render_skeleton(
        "claim",
        schema=schema_line_target("claim"),
        notes=notes,
        claim=claim if claim is not None else quote.strip(),
        claimant=claimant,
        date=date if date is not None else source.published,
        date_notes=date_notes,
        article=article,
        quote=quote,
        location=None,
    )
    return Plan((FileWrite(path, text),), _schema_notes(root))


def new_event(
    root: Path,
    event_id: str,
    *,
    article: str,
    quote: str,
    title: str | None = None,
    date: str | None = None,
    entities: Sequence[str] = (),
) -> Plan:
    path = _record_path(root, "event", event_id)
    source = find_article(load_site(root), article)
    notes = [DRAFT_NOTE]
    if title is None:
        notes.append("TODO: give the event a title of a few words.")
    date_notes = []
    if date is None:
        date_notes.append(
            "TODO: when it happened; this is the article's publication date until you know "
            "better (a phrase from the article such as 'on Wednesday morning' works too)."
        )
    text = render_skeleton(
        "event",
        schema=schema_line_target("event"),
        notes=notes,
        title=title if title is not None else f"TODO: what happened ({event_id})",
        date=date if date is not None else source.published,
        date_notes=date_notes,
        article=article,
        quote=quote,
        entities=list(entities),
    )
    return Plan((FileWrite(path, text),), _schema_notes(root))


def new_article(
    root: Path,
    article_id: str,
    *,
    title: str,
    outlet: str,
    published: str,
    url: str | None = None,
    language: str | None = None,
    text_file: str | None = None,
) -> Plan:
    load_site(root)
    path = _record_path(root, "article", article_id)
    notes = []
    if text_file is None:
        notes.append(
            "No text: add text_file: seeds/<file> (see `factdesk add-article`) to quote from it."
        )
    text = render_skeleton(
        "article",
        schema=schema_line_target("article"),
        notes=notes,
        title=title,
        outlet=outlet,
        published=published,
        url=url,
        language=language,
        text_file=text_file,
    )
    return Plan((FileWrite(path, text),), _schema_notes(root))


@dataclass(frozen=True, slots=True)
class SideRef:
    kind: str
    ref: str
    label: str


def new_contradiction(
    root: Path, contradiction_id: str, *, title: str, sides: Sequence[str]
) -> Plan:
    """`sides` are claim or event ids, each optionally `ID=label`."""
    path = _record_path(root, "contradiction", contradiction_id)
    content = load_site(root)
    claims = {c.id: c for c in content.claims}
    events = {e.id: e for e in content.events}
    if len(sides) < 2:
        raise ScaffoldError("a contradiction needs at least two sides: give --side twice")
    resolved = []
    for side in sides:
        ref, _, label = side.partition("=")
        ref = ref.strip()
        if ref in claims and ref in events:
            raise ScaffoldError(
                f"'{ref}' is both a claim and an event id; rename one so the side is unambiguous"
            )
        if ref in claims:
            resolved.append(SideRef("claim", ref, label.strip() or claims[ref].claim))
        elif ref in events:
            resolved.append(SideRef("event", ref, label.strip() or events[ref].title))
        else:
            raise ScaffoldError(
                f"'{ref}' is neither a claim nor an event; "
                + did_you_mean(ref, [*claims, *events], listing="known claim and event ids")
            )
    text = render_skeleton(
        "contradiction",
        schema=schema_line_target("contradiction"),
        notes=[
            "Contradictions have no draft status: this one is published as soon as it checks "
            "clean. Replace every TODO before you deploy.",
        ],
        title=title,
        sides=resolved,
        note="TODO: how the sides conflict and what the evidence shows.",
        status_note="TODO: one line on why it is still open.",
    )
    notes = (
        f"{path} has TODO placeholders and no draft status: edit them before you deploy",
        *_schema_notes(root),
    )
    return Plan((FileWrite(path, text),), notes)


@dataclass(frozen=True, slots=True)
class NewEntity:
    id: str
    name: str
    kind: str
    description: str = ""
    affiliation: str | None = None
    url: str | None = None
    aliases: tuple[str, ...] = ()
    status: str = "published"


def entity_writes(root: Path, entities: Sequence[NewEntity]) -> tuple[FileWrite, ...]:
    """Text to append to content/entities.yml (with its header if the file is new)."""
    if not entities:
        return ()
    text = ""
    target = root / ENTITIES_FILE
    if not target.is_file() or not target.read_text(encoding="utf-8").strip():
        text = render_skeleton("entities", schema=schema_line_target("entities"))
    for entity in entities:
        text += render_skeleton(
            "entity",
            id=entity.id,
            name=entity.name,
            kind=entity.kind,
            description=entity.description,
            affiliation=entity.affiliation,
            url=entity.url,
            aliases=list(entity.aliases),
            status=entity.status,
        )
    return (FileWrite(ENTITIES_FILE, text, append=True),)


def new_entity(root: Path, entity: NewEntity) -> Plan:
    check_id(entity.id, "entity")
    content = load_site(root)
    if entity.kind not in ENTITY_KINDS:
        raise ScaffoldError(
            f"'{entity.kind}' is not an entity kind; choose one of " + ", ".join(ENTITY_KINDS)
        )
    for known in content.entities:
        if known.id == entity.id:
            raise ScaffoldError(
                f"{ENTITIES_FILE} already has an entity '{entity.id}' ({known.name}, {known.at})"
            )
    return Plan(entity_writes(root, [entity]), _schema_notes(root))


# --------------------------------------------------------------------------------------------
# factdesk add-article
# --------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def first_line_title(text: str) -> str:
    """The first non-blank line, without a Markdown heading's #s."""
    for line in text.splitlines():
        if line.strip():
            return _HEADING.sub("", line).strip().rstrip("#").strip()
    return ""


@dataclass(frozen=True, slots=True)
class Collected:
    """What add-article will do: the plan, and the text to copy into seeds/ (None: in place)."""

    plan: Plan
    seed_path: str
    seed_bytes: bytes | None
    article_id: str


def add_article(
    root: Path,
    source: Path,
    *,
    article_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
) -> Collected:
    """Plan the record for a collected text; the text goes into seeds/ byte for byte."""
    load_site(root)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"cannot read {source}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(
            f"{source} is not UTF-8 (byte {exc.start}); seeds are kept exactly as collected, so "
            "save it as UTF-8 first"
        ) from None
    seed_path = f"{SEEDS}/{source.name}"
    target = root / seed_path
    seed_bytes: bytes | None = data
    if target.exists():
        if target.resolve() != source.resolve() and target.read_bytes() != data:
            raise ScaffoldError(
                f"{seed_path} already exists with different text; rename {source.name} "
                "(seeds are never overwritten)"
            )
        seed_bytes = None  # already there, identical
    record_id = article_id if article_id is not None else slug(source.stem)
    path = _record_path(root, "article", record_id)
    title = title if title is not None else first_line_title(text.removeprefix("\ufeff"))
    notes = []
    missing = [name for name, value in (("outlet", outlet), ("published", published)) if not value]
    if missing:
        notes.append(
            f"TODO: fill in {' and '.join(missing)} (required); then run `factdesk check`."
        )
    record = render_skeleton(
        "article",
        schema=schema_line_target("article"),
        notes=notes,
        title=title,
        outlet=outlet,
        published=published,
        url=url,
        language=language,
        text_file=seed_path,
    )
    return Collected(
        Plan((FileWrite(path, record),), _schema_notes(root)), seed_path, seed_bytes, record_id
    )


def copy_seed(root: Path, collected: Collected) -> bool:
    """Copy the collected text into seeds/; False when the same text was already there."""
    if collected.seed_bytes is None:
        return False
    target = root / collected.seed_path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        out.write(collected.seed_bytes)
    return True
