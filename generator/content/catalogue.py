"""Every diagnostic code factdesk reports: its severity, title, explanation and an example.

`diagnostics.error()` and `diagnostics.warning()` accept only a code listed here, with the
severity listed here; the guide page ("How to add a claim") lists every entry, and
`factdesk check --explain FD044` prints one. tests/test_catalogue.py puts each example into a
copy of tests/fixtures/minimal (the same ids as the guide's examples) and checks that
`factdesk check` says exactly what the entry says it does, so the catalogue cannot drift from
the checker.

Each issue adds codes from its own range only, so codes never collide (see the coordination
notes): FD001-FD099 are the original checks; FD100-FD119 issue 11's (the site's identity);
FD120-FD139 issue 12's (the desk's boundary, tags, and checks of what cannot be true);
FD180-FD189 issue 15's (the reader's site: source links, share images);
FD160-FD179 issue 14's (contradictions resolved beyond their evidence, event confirmations,
figures and their sources); FD220-FD229 issue 19's (large desks: index paging).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """One file of an example, as its path from the site root and its text.

    `text` None: the example is that this file is missing, or, with `link`, that it is a
    symbolic link to `link`. `encoding` other than UTF-8: the example is the same text saved in
    that encoding.
    """

    path: str
    text: str | None
    encoding: str = "utf-8"
    link: str | None = None

    @property
    def language(self) -> str:
        """The fenced-code language the guide shows the file in."""
        return {".yml": "yaml", ".md": "markdown"}.get(self.path[self.path.rfind(".") :], "text")


@dataclass(frozen=True, slots=True)
class Example:
    """Files that, put into the guide's example site, make `factdesk check` print `says`.

    `note` says what the example shows when its files alone cannot (an encoding, a missing
    file, a file the system refuses to read: such an example has no files).
    """

    files: tuple[ExampleFile, ...]
    says: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    severity: Severity
    title: str
    explanation: str
    example: Example

    @property
    def anchor(self) -> str:
        return self.code.lower()


def _file(path: str, text: str | None, encoding: str = "utf-8") -> ExampleFile:
    return ExampleFile(path, text, encoding)


def _link(path: str, target: str) -> ExampleFile:
    return ExampleFile(path, None, link=target)


def _entry(
    code: str,
    severity: Severity,
    title: str,
    explanation: str,
    files: tuple[ExampleFile, ...],
    says: str,
    note: str = "",
) -> Entry:
    # Explanations are written as wrapped paragraphs; one line each for the guide's Markdown.
    paragraphs = [" ".join(p.split()) for p in explanation.strip().split("\n\n")]
    return Entry(code, severity, title, "\n\n".join(paragraphs), Example(files, says, note))


E, W = Severity.ERROR, Severity.WARNING

# A complete event, the smallest record with no warnings of its own: most examples change it.
_EVENT = """\
date: 2026-10-07
title: Strike kills two civilians
sources:
  - article: monitor-report
    quote: a strike on Wednesday morning killed two civilians
"""

# The example site's two articles with the guide's dates (the site itself keeps its own), for
# the examples that compare a date with an article's.
_EXAMPLE_REPORT = """\
title: Ministry denies strikes on towns
outlet: Example Wire
published: 2026-10-07
text_file: seeds/report.txt
background:
  - sentences: [1, 3]
    reason: headline and context
"""
_MONITOR_REPORT = """\
---
title: Monitor reports civilian deaths
outlet: Example Monitor
published: 2026-10-07
---
The Monitor said a strike on Wednesday morning killed two civilians.
"""

_CLAIM = """\
claim: The Example air force does not strike populated areas.
claimant: example-spokesman
date: on Tuesday
appearances:
  - article: example-report
    quote: "Our planes do not strike populated areas"
"""

_VERDICT = """\
verdict:
  rating: false
  conclusion: The monitor documented civilians killed.
  evidence:
    - article: monitor-report
      quote: a strike on Wednesday morning killed two civilians
      note: The monitor's report.
  reviewer: Desk editor
  reviewed: 2026-11-01
"""

_SITE_START = """\
title: Example desk
description: Fact-checks of statements about an example conflict.
publisher:
  name: Example Desk
  url: https://example.org/
language: en
"""

_SCALE = """\
rating_scale:
  - id: accurate
    label: Accurate
    meaning: The claim is correct and nothing significant is missing.
    colour: "#2e7d32"
  - id: false
    label: "False"
    meaning: The evidence contradicts the claim.
    colour: "#c62828"
"""

_ENTITIES = """\
- id: example-ministry
  name: Example Ministry of Defence
  kind: military
- id: example-spokesman
  name: Jan Example
  kind: person
  affiliation: example-ministry
"""

ENTRIES: tuple[Entry, ...] = (
    # --- reading YAML ---------------------------------------------------------------------------
    _entry(
        "FD001",
        E,
        "The file is not valid YAML",
        """
        YAML could not read the file: a missing colon, an indent that does not line up, a tab
        used for indenting, a quotation mark that is never closed, or an invisible control
        character pasted in from a web page or a PDF. Nothing in the file is read until it is
        fixed. The position is where YAML noticed the problem, which can be just after the
        real mistake.
        """,
        (_file("content/events/strike-typo.yml", _EVENT.replace("title:", "title")),),
        "content/events/strike-typo.yml:3:1: error: YAML syntax error: could not find expected ':' [FD001]\n"
        "  hint: check indentation and quoting around this position",
    ),
    _entry(
        "FD002",
        E,
        "A YAML tag or merge key",
        """
        Tags such as `!!python/object` ask the reader to build objects or run code, and merge
        keys (`<<`) copy values in from elsewhere in the file. Content files are plain data that
        anyone may contribute, so factdesk refuses both. Write the values out in full.
        """,
        (
            _file(
                "content/events/tagged.yml",
                _EVENT.replace(
                    "title: Strike kills two civilians",
                    'title: !!python/object/apply:os.system ["echo owned"]',
                ),
            ),
        ),
        "content/events/tagged.yml:2:8: error: YAML tag '!!python/object/apply:os.system' is not allowed [FD002]\n"
        "  hint: content files use plain YAML only; remove '!!python/object/apply:os.system'",
    ),
    _entry(
        "FD003",
        E,
        "YAML nested too deep, or aliases that never end",
        """
        An alias (`*name`) that refers to the value containing it never ends; aliases that
        expand to more than ten thousand values (the "billion laughs" trick), or values nested
        more than a few dozen levels deep, would exhaust memory. Content files need only a few
        levels: write the values out instead of using `&anchor` and `*alias`.
        """,
        (_file("content/events/loop.yml", _EVENT + "tags: &loop [civilian casualties, *loop]\n"),),
        "content/events/loop.yml:6:7: error: a YAML alias refers to the value that contains it, which never ends [FD003]\n"
        "  hint: write the values out instead of using '&anchor' / '*alias'",
    ),
    _entry(
        "FD004",
        E,
        "The same key twice in one mapping",
        """
        YAML would silently keep only the last of two values given for one key, and the
        editor's first value would be lost without a word. Merge the two into one.
        """,
        (_file("content/events/twice.yml", _EVENT + "title: Two civilians killed\n"),),
        "content/events/twice.yml:6:1: error: duplicate key 'title' (first given on line 2) [FD004]\n"
        "  hint: YAML would silently keep only the last value; merge the two",
    ),
    # --- the shape of a record ------------------------------------------------------------------
    _entry(
        "FD011",
        E,
        "A value of the wrong kind",
        """
        The field holds a different kind of value from the one it takes: a list where one piece
        of text is expected, text where a list is expected (start each item with `- `), a
        mapping, or a number or true/false where something else belongs.
        """,
        (
            _file(
                "content/events/title-list.yml",
                _EVENT.replace("title: Strike", "title:\n  - Strike"),
            ),
        ),
        "content/events/title-list.yml:3:3: error: 'title' should be text, not a list [FD011]\n"
        "  hint: quote the value if it is meant as text",
    ),
    _entry(
        "FD012",
        E,
        "An unknown field",
        """
        The record has a field factdesk does not know, usually a misspelling; the hint names
        the closest field, or lists the fields allowed there. Unknown fields are refused rather
        than ignored, so a misspelt `verdict` never quietly publishes a claim without one.
        """,
        (_file("content/events/typo.yml", _EVENT + "descripton: The monitor reports a strike.\n"),),
        "content/events/typo.yml:6:1: error: unknown field 'descripton' in the event [FD012]\n"
        '  hint: did you mean "description"?',
    ),
    _entry(
        "FD013",
        E,
        "A required field is missing",
        """
        The record lacks a field every record of its kind needs; the hint says what the field
        holds. The file's other fields are still checked.
        """,
        (
            _file(
                "content/events/untitled.yml",
                _EVENT.replace("title: Strike kills two civilians\n", ""),
            ),
        ),
        "content/events/untitled.yml:1:1: error: the event is missing the required field 'title' [FD013]\n"
        "  hint: add 'title:' — what happened, in a few words",
    ),
    _entry(
        "FD014",
        E,
        "A value that is not one of the choices",
        """
        The field takes one of a fixed set of values (an entity's `kind`, a record's `status`,
        a contradiction's `status`); the hint names the closest one or lists them all.
        """,
        (_file("content/events/status.yml", _EVENT + "status: drafted\n"),),
        "content/events/status.yml:6:9: error: 'status' cannot be 'drafted' [FD014]\n"
        '  hint: did you mean "draft"?',
    ),
    _entry(
        "FD015",
        E,
        "YAML reads the value as something other than text",
        """
        Unquoted, YAML reads `no`, `yes`, `on`, `off`, `true` and `false` as true/false, an
        empty value or `~` as nothing, and `2026-10-07` as a date, where the field wants text
        (`language: no` for Norwegian becomes false). Put the value in quotation marks.
        """,
        (
            _file(
                "content/events/dated-title.yml",
                _EVENT.replace("title: Strike kills two civilians", "title: 2026-10-07"),
            ),
        ),
        "content/events/dated-title.yml:2:8: error: 'title' is read by YAML as a date, not as text [FD015]\n"
        '  hint: put it in quotes: "2026-10-07"',
    ),
    _entry(
        "FD016",
        E,
        "A value in the wrong format, or empty",
        """
        The value does not have the form the field requires: ids are lowercase letters, digits
        and single hyphens (`example-monitor`, which is also what a file name must give when
        the record has no `id`), colours are `"#rrggbb"`, addresses start with `https://` or
        `http://`, languages are codes such as `en`, `ru`, `ar`. A required text field may not
        be empty. In YAML, ` #` starts a comment, so an unquoted colour reads as nothing.
        """,
        (_file("content/events/named.yml", _EVENT + "entities: [Example Monitor]\n"),),
        "content/events/named.yml:6:12: error: an item of 'entities' 'Example Monitor' is not a valid id [FD016]\n"
        "  hint: ids use lowercase letters, digits and single hyphens, e.g. russian-mod",
    ),
    # --- files ----------------------------------------------------------------------------------
    _entry(
        "FD020",
        E,
        "A file cannot be read",
        """
        The system refused to read a content or seed file, most often because of its
        permissions. The message gives the system's reason. Make the file readable by the
        user who runs factdesk.
        """,
        (),
        "content/events/locked.yml: error: cannot read file: Permission denied [FD020]",
        note="content/events/locked.yml exists, but its permissions let nobody read it.",
    ),
    _entry(
        "FD021",
        E,
        "A file is not UTF-8",
        """
        Content files and seed texts are read as UTF-8, the encoding of every current editor's
        default. A file saved as UTF-16 (Windows Notepad's "Unicode") or in a legacy encoding
        such as Windows-1251 or ISO-8859-6 cannot be read. Save it as UTF-8; the position is
        the first byte that is not UTF-8.
        """,
        (_file("content/events/notepad.yml", _EVENT, encoding="utf-16"),),
        "content/events/notepad.yml:1:1: error: file is saved as UTF-16, not UTF-8 [FD021]\n"
        "  hint: save the file as UTF-8 in your editor",
        note='An event file saved as UTF-16, as Windows Notepad\'s "Unicode" saves it.',
    ),
    _entry(
        "FD022",
        E,
        "A file is empty",
        """
        A content file, or a Markdown article's front matter, holds nothing. Give it its
        fields, or delete the file.
        """,
        (_file("content/events/empty.yml", ""),),
        "content/events/empty.yml:1:1: error: file is empty [FD022]\n"
        "  hint: an event file needs its fields; see 'How to add a claim'",
        note="content/events/empty.yml is there, with nothing in it.",
    ),
    _entry(
        "FD023",
        E,
        "A Markdown article without front matter",
        """
        An article written as a `.md` file opens with its record (title, outlet, published)
        between two `---` lines; the text follows. Without them factdesk cannot tell the
        record from the text.
        """,
        (
            _file(
                "content/articles/bare.md",
                "The Monitor said a strike on Wednesday morning killed two civilians.\n",
            ),
        ),
        "content/articles/bare.md:1:1: error: an article in Markdown must open with YAML front matter between '---' lines [FD023]\n"
        "  hint: put title, outlet and published between two '---' lines at the top",
    ),
    _entry(
        "FD024",
        E,
        "A Markdown article with a text_file",
        """
        A `.md` article's text is its body, so it cannot also name a `text_file`. Remove
        `text_file`, or move the record into a `.yml` file.
        """,
        (
            _file(
                "content/articles/both.md",
                "---\ntitle: Monitor reports civilian deaths\noutlet: Example Monitor\n"
                "published: 2026-10-07\ntext_file: seeds/report.txt\n---\n"
                "The Monitor said a strike on Wednesday morning killed two civilians.\n",
            ),
        ),
        "content/articles/both.md:5:12: error: a Markdown article has its text in its body; text_file is for .yml records [FD024]\n"
        "  hint: remove text_file, or move the record to a .yml file",
    ),
    _entry(
        "FD025",
        E,
        "A text_file outside seeds/",
        """
        Collected texts live in `seeds/`, exactly as collected, and `text_file` gives the path
        from the site's folder. factdesk reads nothing outside the site's folder, so a path
        that leaves `seeds/` (an absolute path, or one with `..`) is refused.
        """,
        (
            _file(
                "content/articles/elsewhere.yml",
                "title: Ministry denies strikes on towns\noutlet: Example Wire\n"
                "published: 2026-10-07\ntext_file: ../report.txt\n",
            ),
        ),
        "content/articles/elsewhere.yml:4:12: error: text_file '../report.txt' is not inside seeds/ [FD025]\n"
        "  hint: keep collected texts in seeds/ and give the path from the site root, e.g. seeds/article.txt",
    ),
    _entry(
        "FD026",
        E,
        "A text_file that does not exist",
        """
        The article names a text in `seeds/` that is not there; the hint names the closest
        file in `seeds/`, or lists them.
        """,
        (
            _file(
                "content/articles/misnamed.yml",
                "title: Ministry denies strikes on towns\noutlet: Example Wire\n"
                "published: 2026-10-07\ntext_file: seeds/reprot.txt\n",
            ),
        ),
        "content/articles/misnamed.yml:4:12: error: text_file 'seeds/reprot.txt' does not exist [FD026]\n"
        '  hint: did you mean "seeds/report.txt"?',
    ),
    _entry(
        "FD027",
        E,
        "content/site.yml is missing",
        """
        Every site needs `content/site.yml`: its title, description, publisher and rating
        scale. Run factdesk in the site's folder (the one holding `content/`), or give
        `--root`.
        """,
        (_file("content/site.yml", None),),
        "content/site.yml: error: content/site.yml is missing [FD027]\n"
        "  hint: every site needs content/site.yml with title, description, publisher and rating_scale",
        note="The site has no content/site.yml.",
    ),
    # --- values the types cannot express --------------------------------------------------------
    _entry(
        "FD030",
        E,
        "Two records with the same id",
        """
        Every record of a kind needs its own id: pages and references are found by it. A file
        copied to start a new record often keeps the old `id:`. Rename one.
        """,
        (_file("content/events/copy.yml", "id: strike\n" + _EVENT),),
        "content/events/copy.yml:1:5: error: event id 'strike' is already used by content/events/strike.yml:1:1 [FD030]\n"
        "  hint: each event needs its own id; rename one",
    ),
    _entry(
        "FD031",
        E,
        "A rating scale that rates nothing",
        """
        `rating_scale` in `content/site.yml` lists the ratings best first, and at least one of
        them must be scored (`scored: false` is for ratings outside the true-false scale, such
        as unproven). ClaimReview's numbers come from the order of the scored ones.
        """,
        (
            _file(
                "content/site.yml",
                _SITE_START + "site_url: https://example.org/factcheck/\nrating_scale: []\n",
            ),
        ),
        "content/site.yml:8:15: error: the rating scale is empty [FD031]\n"
        "  hint: list the ratings best first, each with id, label, meaning, colour",
    ),
    _entry(
        "FD032",
        E,
        "Evidence that is incomplete or mixed",
        """
        A piece of evidence is either an article of this site with the quote that shows it, or
        an external source with at least its title and url. It cannot be both, and a quote can
        only be checked against an article of the site.
        """,
        (
            _file(
                "content/claims/no-strikes-on-towns.yml",
                _CLAIM
                + _VERDICT.replace(
                    "      quote: a strike on Wednesday morning killed two civilians\n", ""
                ),
            ),
        ),
        "content/claims/no-strikes-on-towns.yml:11:7: error: evidence from an article needs its quote [FD032]\n"
        "  hint: add quote: with the article's exact words",
    ),
    _entry(
        "FD033",
        E,
        "A claim without an appearance, or an event without a source",
        """
        Everything on the site is tied to where it was said or reported: a claim needs at least
        one appearance (article and verbatim quote), an event at least one source.
        """,
        (
            _file(
                "content/events/unsourced.yml",
                "date: 2026-10-07\ntitle: Strike kills two civilians\nsources: []\n",
            ),
        ),
        "content/events/unsourced.yml:3:10: error: an event needs at least one source [FD033]\n"
        "  hint: add the article and the verbatim quote that reports it",
    ),
    _entry(
        "FD034",
        E,
        "More than one appearance marked first",
        """
        `first: true` marks the appearance where a claim was first made, when that is not the
        earliest article; only one can be first.
        """,
        (
            _file(
                "content/claims/twice-first.yml",
                _CLAIM.replace(
                    '    quote: "Our planes do not strike populated areas"\n',
                    '    quote: "Our planes do not strike populated areas"\n    first: true\n'
                    "  - article: example-report\n    quote: the spokesman said\n    first: true\n",
                )
                + _VERDICT,
            ),
        ),
        "content/claims/twice-first.yml:10:12: error: only one appearance can be marked first [FD034]\n"
        "  hint: the first one is marked at content/claims/twice-first.yml:7:12",
    ),
    _entry(
        "FD035",
        W,
        "A claim too long for search engines",
        """
        ClaimReview's `claimReviewed`, which search engines show, should be at most about 75
        characters. factdesk uses `claim_short` when given, otherwise `claim`. Add a shorter
        `claim_short`. Drafts are not checked.
        """,
        (
            _file(
                "content/claims/long.yml",
                _CLAIM.replace(
                    "claim: The Example air force does not strike populated areas.",
                    "claim: The Example air force says that its planes do not strike populated "
                    "areas anywhere in the country.",
                )
                + _VERDICT,
            ),
        ),
        "content/claims/long.yml:1:8: warning: claim is 97 characters; ClaimReview recommends at most about 75 [FD035]\n"
        "  hint: add claim_short: with a shorter wording for search engines",
    ),
    _entry(
        "FD037",
        W,
        "A verdict that cites no evidence",
        """
        Readers are told what a verdict rests on. Add evidence: quotes from articles of the
        site, or external sources with title and url.
        """,
        (
            _file(
                "content/claims/unsupported.yml",
                _CLAIM
                + "verdict:\n  rating: false\n  conclusion: The monitor documented civilians "
                "killed.\n  reviewer: Desk editor\n  reviewed: 2026-11-01\n",
            ),
        ),
        "content/claims/unsupported.yml:8:3: warning: the verdict cites no evidence [FD037]\n"
        "  hint: add evidence: article quotes or external sources",
    ),
    _entry(
        "FD038",
        E,
        "A contradiction with fewer than two sides",
        """
        A contradiction sets claims or events against each other, so it needs at least two
        sides.
        """,
        (
            _file(
                "content/contradictions/one-sided.yml",
                "title: Strikes on towns\nsides:\n  - claim: no-strikes-on-towns\n"
                "    label: The ministry says it does not strike populated areas\n"
                "note: The two conflict.\nstatus: open\n",
            ),
        ),
        "content/contradictions/one-sided.yml:3:3: error: a contradiction needs at least two sides, this one has 1 [FD038]\n"
        "  hint: add the claim or event that conflicts with it",
    ),
    _entry(
        "FD039",
        E,
        "A side that names both a claim and an event, or neither",
        """
        Each side of a contradiction is one claim (`claim: id`) or one event (`event: id`).
        """,
        (
            _file(
                "content/contradictions/crowded.yml",
                "title: Strikes on towns\nsides:\n  - claim: no-strikes-on-towns\n"
                "    event: strike\n    label: Both at once\n  - event: strike\n"
                "    label: The monitor reports civilians killed\n"
                "note: The two conflict.\nstatus: open\n",
            ),
        ),
        "content/contradictions/crowded.yml:3:5: error: each side names exactly one claim or one event [FD039]\n"
        "  hint: give either claim: <id> or event: <id>",
    ),
    _entry(
        "FD040",
        E,
        "A contradiction's status and supported side disagree",
        """
        A resolved contradiction names the side the evidence supports (`supported:`), which
        must be one of its sides; an open one names none.
        """,
        (
            _file(
                "content/contradictions/unsettled.yml",
                "title: Strikes on towns\nsides:\n  - claim: no-strikes-on-towns\n"
                "    label: The ministry says it does not strike populated areas\n"
                "  - event: strike\n    label: The monitor reports civilians killed\n"
                "note: The two conflict.\nstatus: resolved\n",
            ),
        ),
        "content/contradictions/unsettled.yml:8:9: error: a resolved contradiction must name the side the evidence supports [FD040]\n"
        "  hint: add supported: with one of no-strikes-on-towns, strike",
    ),
    # --- linking ------------------------------------------------------------------------------
    _entry(
        "FD041",
        E,
        "A reference to something that does not exist",
        """
        An id names an entity, article, claim or event the site does not have, usually a
        misspelling; the hint names the closest id. A record whose own file has errors is
        reported there, not again at each reference to it.
        """,
        (_file("content/events/misspelt.yml", _EVENT + "entities: [example-monitr]\n"),),
        "content/events/misspelt.yml:6:11: error: unknown entity 'example-monitr' [FD041]\n"
        '  hint: did you mean "example-monitor"?',
    ),
    _entry(
        "FD042",
        E,
        "A published record refers to a draft",
        """
        A draft (`status: draft`) stays off the published site, so a published record may not
        quote a draft article or name a draft entity: its page would show something that is not
        there. Publish the draft (remove `status: draft`) or drop the reference.
        """,
        (
            _file(
                "content/entities.yml",
                _ENTITIES + "- id: example-monitor\n  name: Example Monitor\n  kind: monitor\n"
                "  status: draft\n",
            ),
        ),
        "content/events/strike.yml:7:11: error: entity 'example-monitor' is a draft and will not be published [FD042]\n"
        "  hint: publish the entity (remove status: draft) or drop this reference",
        note="The site's event `strike` names `example-monitor`, a draft in this entities.yml.",
    ),
    _entry(
        "FD043",
        E,
        "A quote from an article that has no text",
        """
        Quotes are checked against the article's text, so an article quoted by a claim,
        event or evidence needs a `text_file` in `seeds/` or, for a `.md` article, a body.
        """,
        (
            _file(
                "content/articles/no-text.yml",
                "title: Monitor reports civilian deaths\noutlet: Example Monitor\n"
                "published: 2026-10-07\n",
            ),
            _file("content/events/quoted.yml", _EVENT.replace("monitor-report", "no-text")),
        ),
        "content/events/quoted.yml:5:12: error: article 'no-text' has no text to quote from [FD043]\n"
        "  hint: give the article a text_file under seeds/ or a Markdown body",
    ),
    _entry(
        "FD044",
        E,
        "A quote that is not in its article",
        """
        Every quote must be the article's exact words. They are compared after normalising
        quotation marks, apostrophes, dashes and white space, never case or words. The hint
        shows the closest passage of the article.
        """,
        (
            _file(
                "content/events/misquote.yml",
                _EVENT.replace("killed two civilians", "killed three civilians"),
            ),
        ),
        "content/events/misquote.yml:5:12: error: quote not found in article 'monitor-report' [FD044]\n"
        '  hint: closest passage: "The Monitor said a strike on Wednesday morning killed two civilians."',
    ),
    _entry(
        "FD045",
        W,
        "A quote without a translation",
        """
        The article is in another language than the site's, so readers need the quote in the
        site's language too. Add `translation:` beside the quote, in appearances, event sources
        and evidence alike; the original stays as it was said, and pages and exports show the
        translation next to it as the desk's.
        """,
        (
            _file(
                "content/articles/monitor-report.md",
                "---\ntitle: Monitor reports civilian deaths\noutlet: Example Monitor\n"
                "published: 2026-10-07\nlanguage: fr\n---\n"
                "The Monitor said a strike on Wednesday morning killed two civilians.\n",
            ),
            _file("content/events/strike.yml", _EVENT),
        ),
        "content/events/strike.yml:5:12: warning: the quote is in French (fr) and has no translation into English (en), the site's language [FD045]\n"
        "  hint: add 'translation:' beside 'quote:' (same indentation) with the desk's English translation of these words; pages and exports show it next to the original, marked as the desk's",
        note="The site's article `monitor-report`, marked as French: the site's event `strike` "
        "quotes it with no translation.",
    ),
    _entry(
        "FD046",
        E,
        "A record that refers to itself",
        """
        An entity cannot be affiliated with itself, and an article cannot be its own origin
        (the earlier report its sentences were taken from).
        """,
        (
            _file(
                "content/entities.yml",
                _ENTITIES.replace("affiliation: example-ministry", "affiliation: example-spokesman")
                + "- id: example-monitor\n  name: Example Monitor\n  kind: monitor\n",
            ),
        ),
        "content/entities.yml:7:16: error: entity 'example-spokesman' is affiliated with itself [FD046]\n"
        "  hint: name the organisation it belongs to, or remove affiliation",
    ),
    _entry(
        "FD047",
        E,
        "A sentence number the article does not have",
        """
        `background` and `origins` name an article's sentences by number, from 1, as its page
        shows them; the hint says how many sentences the article has.
        """,
        (
            _file(
                "content/articles/example-report.yml",
                "title: Ministry denies strikes on towns\noutlet: Example Wire\n"
                "published: 2026-10-07\ntext_file: seeds/report.txt\nbackground:\n"
                "  - sentences: [1, 3, 4]\n    reason: headline and context\n",
            ),
        ),
        "content/articles/example-report.yml:6:16: error: article 'example-report' has no sentence 4 [FD047]\n"
        "  hint: its sentences are numbered 1 to 3",
    ),
    _entry(
        "FD048",
        E,
        "A rating that is not on the scale",
        """
        A verdict's `rating` (and a history entry's `previous_rating`) is the id of a rating in
        `content/site.yml`'s `rating_scale`; the hint names the closest one or lists them.
        """,
        (
            _file(
                "content/claims/no-strikes-on-towns.yml",
                _CLAIM + _VERDICT.replace("rating: false", "rating: mostly-false"),
            ),
        ),
        "content/claims/no-strikes-on-towns.yml:8:11: error: unknown rating 'mostly-false' [FD048]\n"
        "  hint: ratings on the scale: accurate, false, unproven",
    ),
    _entry(
        "FD049",
        E,
        "site_url is missing",
        """
        Once a claim has a verdict, its ClaimReview needs the claim page's full address, so
        `content/site.yml` must give the address the site is published at.
        """,
        (_file("content/site.yml", _SITE_START + _SCALE),),
        "content/site.yml:1:1: error: site_url is required once a claim has a verdict [FD049]\n"
        "  hint: ClaimReview needs each claim page's address; add site_url: https://example.org/ to site.yml",
    ),
    # --- dates ----------------------------------------------------------------------------------
    _entry(
        "FD050",
        E,
        "A date factdesk cannot read",
        """
        A date is a day (`2026-10-06`), a month (`2026-10`), a year, approximate
        (`~2026-10-06`), a range (`2026-09-30/2026-10-07`), or a phrase from the article ("on
        Wednesday", "last week", "since September 30"), read in the article's language
        ("во вторник", "يوم الاثنين"). The message says what is wrong with this one: a day the
        month does not have, a range that ends before it starts, a phrase factdesk does not know
        (the hint then names the article's language and lists its phrases, and says so when the
        phrase reads in another language), a day named twice that disagrees with itself.
        """,
        (_file("content/events/thirteenth-month.yml", _EVENT.replace("2026-10-07", "2026-13-07")),),
        "content/events/thirteenth-month.yml:1:7: error: bad date '2026-13-07': '2026-13-07' has month 13; months run from 01 to 12 [FD050]\n"
        "  hint: accepted forms: 2026-10-06 (a day), 2026-10 (a month), 2026 (a year), ~ once in front for an approximate date (~2026-10-06), and START/END for a range (2026-09-30/2026-10-07, 2026-09/2026-11)",
    ),
    _entry(
        "FD051",
        E,
        "A date phrase with no publication date to read it against",
        """
        A phrase such as "on Wednesday" is read against the publication date of the article
        quoted (or the one named in `date_article`). That article's `published` date could not
        be read, so the phrase cannot be either: fix the article's date, or give an explicit
        date here.
        """,
        (
            _file(
                "content/articles/monitor-report.md",
                "---\ntitle: Monitor reports civilian deaths\noutlet: Example Monitor\n"
                "published: last autumn\n---\n"
                "The Monitor said a strike on Wednesday morning killed two civilians.\n",
            ),
        ),
        "content/events/strike.yml:1:7: error: 'on Wednesday morning' is relative, and article 'monitor-report' has no usable publication date to read it against [FD051]\n"
        "  hint: fix the article's published: date, or give an explicit date here",
        note="The site's article `monitor-report`, with a publication date factdesk cannot read: "
        "the site's event `strike` is dated 'on Wednesday morning' from it.",
    ),
    _entry(
        "FD052",
        W,
        "A date phrase the article does not use",
        """
        A date phrase is copied from the article, so that readers can follow the reasoning from
        the article's words to the day. This one does not occur in the article quoted. Copy the
        phrase as the article words it, or give an explicit date.
        """,
        (
            _file(
                "content/events/other-day.yml",
                _EVENT.replace("date: 2026-10-07", "date: on Tuesday"),
            ),
        ),
        "content/events/other-day.yml:1:7: warning: the phrase 'on Tuesday' does not occur in article 'monitor-report' [FD052]\n"
        "  hint: copy the date phrase as the article words it, e.g. 'on Wednesday'",
    ),
    # Issue 11: the site's identity, written once in content/site.yml.
    _entry(
        "FD100",
        E,
        "mkdocs.yml names the site otherwise than site.yml",
        """
        The site's title, description, address and language are written once, in
        content/site.yml, and the factdesk plugin gives them to MkDocs. mkdocs.yml keeps
        `site_name: ""` (MkDocs wants the key before it loads any plugin) and no
        `site_description`, `site_url` or `theme.language`. Where it sets one of them to
        something else, that is this error, naming both places, and nothing is built: remove
        the value from mkdocs.yml, or change content/site.yml if that is the one to correct.
        """,
        (_file("mkdocs.yml", "site_name: Example desk (old name)\nplugins:\n  - factdesk\n"),),
        "mkdocs.yml:1:12: error: site_name 'Example desk (old name)' in mkdocs.yml differs from the title 'Example desk' in content/site.yml:1:8 [FD100]\n"
        '  hint: the site\'s title is written once, in content/site.yml: leave site_name: "" in mkdocs.yml',
    ),
    _entry(
        "FD101",
        E,
        "A quote that is never closed",
        """
        A value that opens with a quote runs until the next quote of the same kind, across
        lines if need be, so a quote left open swallows the lines after it and YAML stumbles
        far away, where that next quote happens to be. factdesk reports the place where the
        quote was opened. Close it at the end of its value; a double quote inside a
        double-quoted value is written \\", a single quote inside a single-quoted one ''.
        """,
        (_file("content/claims/unclosed.yml", _CLAIM.replace("claim: The", 'claim: "The')),),
        'content/claims/unclosed.yml:1:8: error: this quote (") is not closed on its line: YAML reads on to the next " at line 6, column 12 [FD101]\n'
        '  hint: end the value with " on this line; a " inside it is written \\"',
    ),
    _entry(
        "FD102",
        E,
        "A bracket that is never closed",
        """
        A list written on one line between [ and ] (or a mapping between { and }) must be
        closed on that line. Left open, YAML reads the following lines as part of it and gives
        up further on; factdesk reports the bracket that was opened. Close it, or write the
        list one item a line, each starting with "- ".
        """,
        (
            _file(
                "content/events/unclosed.yml",
                _EVENT.replace(
                    "title: Strike kills two civilians\n",
                    "title: Strike kills two civilians\ntags: [civilian casualties\n",
                ),
            ),
        ),
        "content/events/unclosed.yml:3:7: error: this '[' is never closed: YAML reads the lines after it as part of the list, up to line 4, column 8 [FD102]\n"
        "  hint: close the list with ']' at the end of this line",
    ),
    # Issue 12: the desk's boundary, tags, and what cannot be true.
    _entry(
        "FD120",
        E,
        "A file that leads out of the desk",
        """
        factdesk reads only files inside the desk's folder (the one holding `content/` and
        `seeds/`): a symbolic link, or a path, that leads out of it would publish whatever it
        points at, such as `/etc/passwd` or, in a CI build, `/proc/self/environ` with the
        build's tokens. A link into `.git`, where a checkout may keep its credentials, counts as
        leading out. The message names the link and where it points. Put the file itself into
        the desk. This holds for content, seeds, `site.yml`, template overrides and, when
        building with MkDocs, the files of `docs/`. See factdesk's SECURITY.md.
        """,
        (
            _file(
                "content/articles/passwords.yml",
                "title: A leaked list\noutlet: Example Wire\npublished: 2026-10-07\n"
                "text_file: seeds/passwords.txt\n",
            ),
            _link("seeds/passwords.txt", "/etc/passwd"),
        ),
        "content/articles/passwords.yml:4:12: error: seeds/passwords.txt is a symbolic link to /etc/passwd, outside the desk [FD120]\n"
        "  hint: factdesk reads nothing outside the desk's folder: put the file itself in the desk (see factdesk's SECURITY.md)",
    ),
    _entry(
        "FD121",
        E,
        "A symbolic link among the desk's files",
        """
        factdesk reads no symbolic links in `content/`, `seeds/` or the template overrides,
        even ones that stay inside the desk: a reviewer does not see a link's target in a pull
        request's diff, and a checkout on Windows turns links into small text files. Put the
        file itself where the link is (copy it, or give the other file's path, such as
        `text_file: seeds/report.txt`). MkDocs' own `docs/` may link within the desk.
        """,
        (
            _file(
                "content/articles/copy.yml",
                "title: Ministry denies strikes on towns\noutlet: Example Wire\n"
                "published: 2026-10-07\ntext_file: seeds/copy.txt\n",
            ),
            _link("seeds/copy.txt", "report.txt"),
        ),
        "content/articles/copy.yml:4:12: error: seeds/copy.txt is a symbolic link to seeds/report.txt [FD121]\n"
        "  hint: factdesk reads no symbolic links in content/, seeds/ or the templates: put the file itself there (see factdesk's SECURITY.md)",
    ),
    _entry(
        "FD122",
        E,
        "A tag that is not a topic in words",
        """
        Tags are printed in many places (the claim page, Material's tag list, search results,
        the timeline's filters and TimelineJS's groups), some of which show them as they are.
        So a tag holds only letters, combining marks and digits of any script, dashes, single
        spaces between words, and `. , ' ’ ( )`. A zero-width non-joiner may stand between two
        letters, as Persian spelling needs; other invisible and direction characters are
        refused, named by code point.
        """,
        (
            _file(
                "content/events/strike.yml",
                _EVENT + 'tags: [Latamneh, "<img src=x onerror=alert(1)>"]\n',
            ),
        ),
        "content/events/strike.yml:6:18: error: the tag '<img src=x onerror=alert(1)>' holds '<' (U+003C), which a tag cannot hold [FD122]\n"
        "  hint: a tag is a topic in words: letters and digits of any script, spaces, hyphens and dashes, and . , ' ’ ( )",
    ),
    _entry(
        "FD123",
        E,
        "A claim or event dated after the article that reports it",
        """
        An article reports only what was said or done by the day it came out, so a claim or
        event cannot be dated after an article that carries it. Dates are compared by their
        widest reading: a month, a range or a year that may fall on or before the article's
        day is allowed. Check the date, and the article's `published`.
        """,
        (
            _file("content/articles/monitor-report.md", _MONITOR_REPORT),
            _file("content/events/strike.yml", _EVENT.replace("2026-10-07", "2026-10-09", 1)),
        ),
        "content/events/strike.yml:1:7: error: the event is dated 9 October 2026, but article 'monitor-report', published 7 October 2026, already reports it [FD123]\n"
        "  hint: check the event's date and the article's published date: an article reports only what was done by the day it came out",
    ),
    _entry(
        "FD124",
        E,
        "A verdict before the claim, or a correction before the verdict",
        """
        `reviewed` is the day the verdict was first published: it cannot come before the claim
        was made. Corrections and re-ratings (`history`) come after the verdict they change.
        """,
        (
            _file("content/articles/example-report.yml", _EXAMPLE_REPORT),
            _file(
                "content/claims/early-verdict.yml",
                _CLAIM + _VERDICT.replace("reviewed: 2026-11-01", "reviewed: 2026-10-01"),
            ),
        ),
        "content/claims/early-verdict.yml:15:13: error: the verdict is dated 1 October 2026, before the claim was made (6 October 2026) [FD124]\n"
        "  hint: check 'reviewed' and the claim's date: a claim is reviewed after it is made",
    ),
    _entry(
        "FD125",
        E,
        "A date in the future",
        """
        factdesk records what has happened, so no date may fall after the day of the build:
        the clock's day (a day later, for desks east of UTC), or the day `SOURCE_DATE_EPOCH`
        gives when it is set. An article published 9999-12-31 would otherwise also become the
        date of the verdicts feed.
        """,
        (_file("content/events/strike.yml", _EVENT.replace("2026-10-07", "2999-10-07", 1)),),
        "content/events/strike.yml:1:7: error: the event's date 7 October 2999 is after the day of the build [FD125]\n"
        "  hint: check the year; factdesk takes the day of the build from the clock, or from SOURCE_DATE_EPOCH when it is set",
    ),
    _entry(
        "FD126",
        E,
        "A contradiction that names one record on two sides",
        """
        A contradiction sets different claims or events against each other: naming the same
        one twice would let it contradict, and be resolved in favour of, itself.
        """,
        (
            _file(
                "content/contradictions/itself.yml",
                "title: Strikes on towns\nsides:\n  - claim: no-strikes-on-towns\n"
                "    label: The ministry says it does not strike populated areas\n"
                "  - claim: no-strikes-on-towns\n    label: The ministry again\n"
                "note: The two conflict.\nstatus: open\n",
            ),
        ),
        "content/contradictions/itself.yml:5:12: error: side 2 names claim 'no-strikes-on-towns', which side 1 already names [FD126]\n"
        "  hint: a contradiction sets different claims or events against each other; name the one that conflicts with it",
    ),
    _entry(
        "FD127",
        E,
        "A quote too short to prove anything",
        """
        A quote of one or two words is found in almost any text, so finding it in the article
        proves nothing, and the site would show it as a quotation. A quote needs at least three
        words (wire copy's shortest partial quotations have three); quote more of the sentence.
        When the article's single word or name is what matters, quoted as a term, add
        `term: true` beside the quote.
        """,
        (
            _file(
                "content/events/strike.yml",
                _EVENT.replace(
                    "quote: a strike on Wednesday morning killed two civilians", "quote: civilians"
                ),
            ),
        ),
        "content/events/strike.yml:5:12: error: the quote has 1 word: so short a quote is found in almost any text and proves nothing (at least 3 are needed) [FD127]\n"
        "  hint: quote more of the sentence, or add 'term: true' when a single word or name is quoted as a term",
    ),
    # --- languages (issue 13: FD140-FD159) ------------------------------------------------
    _entry(
        "FD140",
        E,
        "A date phrase in a language factdesk cannot read",
        """
        A phrase such as "on Wednesday" is read in the language of the article it comes from,
        with that language's table of date words. factdesk has tables for Arabic, English and
        Russian; for an article in any other language, give the date in one of the explicit
        forms (`2026-10-06`, `~2026-10-06`), or correct the article's `language:` if it is
        wrong.
        """,
        (
            _file(
                "content/articles/monitor-report.md",
                "---\ntitle: Monitor reports civilian deaths\noutlet: Example Monitor\n"
                "published: 2026-10-07\nlanguage: de\n---\n"
                "The Monitor said a strike on Wednesday morning killed two civilians.\n",
            ),
            _file(
                "content/events/strike.yml",
                _EVENT.replace("date: 2026-10-07", "date: on Wednesday morning").replace(
                    "killed two civilians\n",
                    "killed two civilians\n    translation: ein Angriff tötete zwei Zivilisten\n",
                ),
            ),
        ),
        "content/events/strike.yml:1:7: error: bad date 'on Wednesday morning': 'on Wednesday morning' is in German (de), a language whose date phrases factdesk cannot read [FD140]\n"
        "  hint: factdesk reads date phrases in Arabic (ar), English (en) and Russian (ru); give the date as 2026-10-06 (or ~2026-10-06 if unsure), or correct the article's language",
        note="The site's article `monitor-report`, marked as German: the event `strike` is "
        "dated with a phrase from it.",
    ),
    _entry(
        "FD141",
        E,
        "A translation with no quote",
        """
        `translation:` is the desk's translation of a quote, shown beside it. Evidence from an
        outside source has no quote of this site's articles to translate: put the source's
        translated words in `note`, or record the source as an article and quote it.
        """,
        (
            _file(
                "content/claims/no-strikes-on-towns.yml",
                _CLAIM
                + _VERDICT.replace(
                    "  reviewer:",
                    "    - note: An outside report.\n"
                    "      title: A report\n"
                    "      url: https://example.org/report\n"
                    "      translation: Words from the report\n"
                    "  reviewer:",
                ),
            ),
        ),
        "content/claims/no-strikes-on-towns.yml:17:20: error: a translation needs the quote it translates [FD141]\n"
        "  hint: give article: and quote: with the article's own words, or put the translated words in note",
    ),
    _entry(
        "FD142",
        W,
        "A site language the interface does not speak",
        """
        `language:` in site.yml sets the language of the site's own words (labels, headings,
        dates) and of the theme. factdesk ships message catalogues for Arabic, English and
        Russian; for any other language the pages would show English labels. Add a catalogue
        for the language (the guide's "Languages" section says how), or set the language the
        site is written in.
        """,
        (_file("content/site.yml", _SITE_START.replace("language: en", "language: de") + _SCALE),),
        "content/site.yml:6:11: warning: the site's language is German (de), and factdesk's interface has no catalogue for it: its pages would show their labels in English [FD142]\n"
        "  hint: factdesk's interface speaks Arabic (ar), English (en) and Russian (ru); to add German, translate generator/site/locales/factdesk.pot into generator/site/locales/de/LC_MESSAGES/factdesk.po and run make catalogues (see 'Languages' in the guide)",
    ),
    # --- notes that claim no more than their evidence (issue 14) ------------------------------
    _entry(
        "FD160",
        E,
        "A contradiction resolved in favour of a claim its verdict does not uphold",
        """
        A contradiction is resolved in favour of a claim only when the claim's own rating
        upholds it: a rating marked `upholds: true` on the scale in site.yml or, by default,
        one of the better half of the scored ratings (Accurate and Mostly accurate on a
        five-step scale). A claim rated Mixed, False or Unproven, or not rated yet, cannot be
        the side "supported by the evidence". Keep the contradiction open, or rate the claim.
        """,
        (
            _file(
                "content/contradictions/overruled.yml",
                "title: Strikes on towns\nsides:\n  - claim: no-strikes-on-towns\n"
                "    label: The ministry says it does not strike populated areas\n"
                "  - event: strike\n    label: The monitor reports civilians killed\n"
                "note: The two conflict.\nstatus: resolved\nsupported: no-strikes-on-towns\n",
            ),
        ),
        "content/contradictions/overruled.yml:9:12: error: resolved in favour of claim 'no-strikes-on-towns', whose verdict (False) does not uphold it [FD160]\n"
        "  hint: a claim supports a resolution only when rated Accurate; otherwise set status: open",
    ),
    _entry(
        "FD161",
        E,
        "A contradiction resolved in favour of an event the desk has not confirmed",
        """
        An event is as strong as the reports it quotes. A contradiction is resolved in an
        event's favour only once the desk has confirmed the event: `confirmed:` with who
        judged it (`by`), when (`date`), on what (`basis`) and the `evidence` beyond the
        event's own reports. Until then the contradiction stays open, and its page says the
        event is not confirmed.
        """,
        (
            _file("content/events/reported.yml", _EVENT),
            _file(
                "content/contradictions/early.yml",
                "title: Strikes on towns\nsides:\n  - claim: no-strikes-on-towns\n"
                "    label: The ministry says it does not strike populated areas\n"
                "  - event: reported\n    label: The monitor reports civilians killed\n"
                "note: The two conflict.\nstatus: resolved\nsupported: reported\n",
            ),
        ),
        "content/contradictions/early.yml:9:12: error: resolved in favour of event 'reported', which the desk has not confirmed [FD161]\n"
        "  hint: add confirmed: (by, date, basis, evidence beyond its own sources) to event 'reported' once independent evidence bears it out, or set status: open",
    ),
    _entry(
        "FD162",
        E,
        "An event confirmed on nothing beyond its own reports",
        """
        A confirmation says that something besides the reports an event quotes bears it out,
        so its `evidence` lists at least one source that is not among the event's `sources`:
        another article of the site, or an external source with title and url. An event
        confirmed by its own report, or with no evidence at all, is refused.
        """,
        (
            _file(
                "content/events/self-confirmed.yml",
                _EVENT + "confirmed:\n  by: Desk editor\n  date: 2026-11-02\n"
                "  basis: The monitor says so.\n  evidence:\n    - article: monitor-report\n"
                "      quote: a strike on Wednesday morning killed two civilians\n"
                "      note: The monitor's report again.\n",
            ),
        ),
        "content/events/self-confirmed.yml:11:5: error: event 'self-confirmed' is confirmed only by the reports it is sourced from [FD162]\n"
        "  hint: a confirmation needs a source beyond the event's own sources: another article or an external source",
    ),
    _entry(
        "FD163",
        E,
        "A figure credited to an organisation with no source for it",
        """
        A figure listed under a verdict's or a note's `figures` says whose count it is: each
        of its `attributions` names the organisation a source credits it to (`credited_to`)
        and that `source` (an article quote, or an external source with title, url and
        note). A figure with no attribution says nothing a reader can check.
        """,
        (
            _file(
                "content/claims/counted.yml",
                _CLAIM
                + _VERDICT.replace("documented civilians", "documented two civilians")
                + "  figures:\n    - value: two\n      counts: civilians killed in the strike\n"
                "      attributions: []\n",
            ),
        ),
        "content/claims/counted.yml:19:21: error: figure 'two' has no attribution: no source says whose figure it is [FD163]\n"
        "  hint: add attributions: each with credited_to (an entity id) and source (title, url and note, or article and quote)",
    ),
    _entry(
        "FD164",
        W,
        "A figure that the text it annotates does not mention",
        """
        A figure annotates a figure in the verdict's conclusion or explanation, or in the
        contradiction's note: its `value` is written as the text writes it ("1,098", not
        "1098"), so the page can set the two side by side. A figure the text does not mention
        is probably misspelt, or left over from an earlier draft.
        """,
        (
            _file(
                "content/claims/counted.yml",
                _CLAIM
                + _VERDICT
                + '  figures:\n    - value: "12"\n      counts: civilians killed in the first week\n'
                "      attributions:\n        - credited_to: example-monitor\n"
                "          source:\n            title: Month of strikes kills hundreds\n"
                "            url: https://example.org/news/2\n"
                "            note: The wire credits the count to the Monitor.\n",
            ),
        ),
        "content/claims/counted.yml:17:14: warning: figure '12' does not occur in the verdict [FD164]\n"
        "  hint: write the figure exactly as the verdict does (e.g. 1,098), or mention it there",
    ),
    _entry(
        "FD165",
        W,
        "Sources credit a figure to different organisations, and the desk says nothing",
        """
        When two sources credit the same figure to different organisations (a news report
        giving one monitor's count as another's, say), list both attributions: the page marks
        the figure "sources differ on whose figure this is". The figure's `note` then says
        what the desk makes of it, such as whose count it is as far as the sources show.
        """,
        (
            _file(
                "content/claims/counted.yml",
                _CLAIM
                + _VERDICT.replace("documented civilians", "documented two civilians")
                + "  figures:\n    - value: two\n      counts: civilians killed in the strike\n"
                "      attributions:\n        - credited_to: example-monitor\n"
                "          source:\n            article: monitor-report\n"
                "            quote: a strike on Wednesday morning killed two civilians\n"
                "            note: The Monitor's own report.\n"
                "        - credited_to: example-ministry\n          source:\n"
                "            title: Ministry counts two dead\n"
                "            url: https://example.org/news/4\n"
                "            note: The wire credits the count to the ministry.\n",
            ),
        ),
        "content/claims/counted.yml:20:9: warning: the sources credit figure 'two' to different organisations (example-ministry, example-monitor) and the figure has no note [FD165]\n"
        "  hint: add note: what the desk makes of the disagreement (whose count it is, as far as the sources show)",
    ),
    _entry(
        "FD166",
        W,
        "A sentence both cited and marked as background",
        """
        Each sentence of an article is accounted for once: by the claims, events and
        evidence that quote it, or as background with the reason it is left aside. A quoted
        sentence listed under `background` would show as cited on the article page while its
        reason for being set aside is hidden. Take it out of `background`, or drop the
        citation.
        """,
        (
            _file(
                "content/articles/example-report.yml",
                "title: Ministry denies strikes on towns\noutlet: Example Wire\n"
                "published: 2026-10-07\ntext_file: seeds/report.txt\nbackground:\n"
                "  - sentences: [1, 2, 3]\n    reason: headline and context\n",
            ),
        ),
        "content/articles/example-report.yml:6:16: warning: sentence 2 of article 'example-report' is marked as background but is cited by claim 'no-strikes-on-towns' [FD166]\n"
        "  hint: a cited sentence is accounted for by what cites it: take it out of background, or drop the citation",
    ),
    # --- the reader's site (issue 15) ----------------------------------------------------------
    _entry(
        "FD180",
        E,
        "A repository folder or branch that cannot be part of an address",
        """
        With `repository:` in content/site.yml, every page links to the files it was built
        from in the desk's repository, and the edit button opens them. The links are made of
        the repository's address, its `branch` and the desk's `folder` inside it, so the folder
        must stay inside the repository (no `..`, letters, digits, `.`, `_`, `-` and `/` only)
        and the branch must be a plain branch name.
        """,
        (
            _file(
                "content/site.yml",
                _SITE_START + "site_url: https://example.org/factcheck/\nrepository:\n"
                "  url: https://github.com/example/desk\n  folder: ../elsewhere\n" + _SCALE,
            ),
        ),
        "content/site.yml:10:11: error: repository folder '../elsewhere' is not a folder inside the repository [FD180]\n"
        "  hint: give the desk's folder relative to the repository's top, e.g. desks/harbour, with letters, digits, '.', '_', '-' and '/' only",
    ),
    _entry(
        "FD181",
        W,
        "Share images asked for in a script this machine cannot draw",
        """
        With `share_images: true` every claim gets a picture of its verdict for shared links,
        drawn with Pillow. Arabic and other right-to-left scripts need Pillow's complex text
        layout, which uses the system's FriBiDi library; without it the letters would come out
        unjoined and in the wrong order, so the site is built without share images. Install
        FriBiDi (Debian and Ubuntu: `apt-get install libfribidi0`) and build again.
        """,
        (
            _file(
                "content/site.yml",
                _SITE_START.replace("language: en", "language: ar")
                + "site_url: https://example.org/\nshare_images: true\n"
                + _SCALE,
            ),
        ),
        "content/site.yml:8:15: warning: share images are asked for, but this machine's Pillow cannot lay out right-to-left text (it lacks libraqm with FriBiDi): the site is built without them [FD181]\n"
        "  hint: install FriBiDi (Debian and Ubuntu: apt-get install libfribidi0) and build again, or set share_images: false",
        note="Pillow here has no libraqm (FriBiDi is not installed).",
    ),
    # Issue 16: page templates a site overrides (`overrides/factdesk/` by default).
    _entry(
        "FD190",
        E,
        "A template that does not exist",
        """
        A page template (usually a site's own copy in `overrides/factdesk/`) includes or
        imports a template by a name that neither the site's folder nor factdesk has; the hint
        names the closest one. Nothing is built.
        """,
        (
            _file(
                "overrides/factdesk/partials/verdict.md.j2",
                '{% include "partials/verdikt-box.md.j2" %}\n',
            ),
        ),
        "overrides/factdesk/partials/verdict.md.j2:1:1: error: template 'partials/verdikt-box.md.j2' does not exist [FD190]\n"
        '  hint: did you mean "partials/verdict.md.j2"?',
    ),
    _entry(
        "FD191",
        E,
        "A template with a syntax error",
        """
        A page template is not valid Jinja: a tag that is never closed, a misspelt keyword, a
        bracket too many. The position is the template line Jinja stopped at. Nothing is built.
        """,
        (_file("overrides/factdesk/partials/verdict.md.j2", "{% if verdict %}\nVerdict\n"),),
        "overrides/factdesk/partials/verdict.md.j2:2:1: error: template syntax error: Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'. [FD191]\n"
        "  hint: close every {% if %} and {% for %} with {% endif %} and {% endfor %}; compare with factdesk's own template of the same name",
    ),
    _entry(
        "FD192",
        E,
        "A template that cannot render a page",
        """
        A page template uses a name the page does not have (factdesk's templates refuse
        undefined names rather than print nothing), or fails on a value. The position is the
        template line, the message names the page. Every value a template can use appears in
        factdesk's own template of the same name. Nothing is built.
        """,
        (_file("overrides/factdesk/partials/verdict.md.j2", "{{ verdict.verdict_text }}\n"),),
        "overrides/factdesk/partials/verdict.md.j2:1:1: error: template cannot render claims/no-strikes-on-towns.md: 'verdict' is undefined [FD192]\n"
        "  hint: compare the override with factdesk's own template of the same name; every value a page template can use is in that template",
    ),
    # --- what readers need (accessibility) ------------------------------------------------------
    _entry(
        "FD210",
        W,
        "A rating colour too light for its label",
        """
        Verdict badges print the rating's label in white on the rating's colour. The site meets
        WCAG 2.1 AA, which asks for a contrast of at least 4.5:1 between text and its
        background; a lighter colour makes the label hard to read on a phone in daylight or
        for readers with low vision. The hint gives the same colour darkened until it passes.
        """,
        (
            _file(
                "content/site.yml",
                _SITE_START
                + "site_url: https://example.org/factcheck/\n"
                + _SCALE.replace('"#2e7d32"', '"#43a047"'),
            ),
        ),
        "content/site.yml:12:13: warning: rating 'accurate': white label text on #43a047 has a "
        "contrast of 3.3:1, under the 4.5:1 readers need (WCAG 2.1 AA) [FD210]\n"
        '  hint: use a darker colour, e.g. "#368039" (the same colour, darkened until it passes)',
    ),
    # --- large desks for readers (issue 19) ---------------------------------------------------
    _entry(
        "FD220",
        E,
        "An index page size that holds nothing",
        """
        `page_size` in `content/site.yml` is how many entries one page of the claims,
        articles, entities and contradictions indexes and of the timeline holds (50 when left
        out). A longer list is split into numbered pages, so that no page grows with the desk;
        a list that fits keeps its single page. It must be a whole number of at least 1.
        """,
        (
            _file(
                "content/site.yml",
                _SITE_START + "site_url: https://example.org/factcheck/\npage_size: 0\n" + _SCALE,
            ),
        ),
        "content/site.yml:8:12: error: page_size must be at least 1, not 0 [FD220]\n"
        "  hint: give the number of entries on one index page, e.g. page_size: 50 (or leave it out for 50)",
    ),
)


def _index(entries: tuple[Entry, ...]) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for entry in entries:
        if entry.code in found:
            raise ValueError(f"diagnostic code {entry.code} is catalogued twice")
        found[entry.code] = entry
    return found


CATALOGUE: Mapping[str, Entry] = _index(ENTRIES)


def explain(entry: Entry) -> str:
    """An entry as plain text, for `factdesk check --explain`."""
    lines = [f"{entry.code} ({entry.severity.value}): {entry.title}", ""]
    for paragraph in entry.explanation.split("\n\n"):
        lines += [*textwrap.wrap(paragraph, 88), ""]
    example = entry.example
    lines.append("Example:")
    if example.note:
        lines.append(f"  {example.note}")
    for file in example.files:
        if file.link is not None:
            lines.append(f"  {file.path}: a symbolic link to {file.link}")
            continue
        if not file.text:
            continue
        lines.append(f"  {file.path}:")
        lines.extend(f"    {line}" for line in file.text.splitlines())
    lines += ["", "factdesk check says:"]
    lines.extend(f"  {line}" for line in example.says.splitlines())
    return "\n".join(lines) + "\n"
