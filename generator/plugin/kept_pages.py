"""The record pages a one-off `mkdocs build` leaves in the plugin's page folder as the last
build wrote them.

After a build has written every page, the key of each record's page (`site/page_keys.py`) goes
into a list beside the folder (`page-keys.json`). The next one-off build reads the list and
renders only the pages whose key changed, and a random few of the others, which it compares
with the folder (`pipeline.generated`). CI keeps the folder between builds (the README's
publishing section), so a build after a one-claim change renders a few hundred pages, not
thirteen thousand.

The list describes the folder only while nothing else writes there, so whichever build is about
to write the folder takes the list away first (`previous`), and only a one-off build that has
written every page puts a new one there (`save`): a build stopped half-way, or `mkdocs serve`,
leaves none, and the next build renders every page. A list that cannot be read counts as none.
What a page's key says is what it was made from, not that the file holds its text: a folder
changed by something other than factdesk is noticed only when a compared page differs, so the
folder must be written by trusted builds only (see SECURITY.md).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

from ..site.write import replace_file

NAME = "page-keys.json"
_FORMAT = "factdesk page keys 1"
_KEY = re.compile(r"[0-9a-f]{64}")
# A page's path in the folder: no way out of it (the list may come from a cache restored in CI).
_PAGE = re.compile(r"(?!.*(?:^|/)\.\.?(?:/|$))[^/\x00][^\x00]*\.md")


def previous(listing: Path, files: AbstractSet[str]) -> dict[str, str]:
    """The keys of the pages the last build left in the folder (those still among its `files`,
    which `write.remove_links` gives), and no list from now on: the caller is about to write
    the folder."""
    try:
        # Not through a link: nothing outside the desk is read.
        text = None if listing.is_symlink() else listing.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    forget(listing)
    if text is None:
        return {}
    try:
        loaded = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(loaded, dict) or loaded.get("format") != _FORMAT:
        return {}
    pages = loaded.get("pages")
    if not isinstance(pages, dict):
        return {}
    return {
        path: key
        for path, key in pages.items()
        if isinstance(path, str)
        and isinstance(key, str)
        and _KEY.fullmatch(key)
        and _PAGE.fullmatch(path)
        and path in files
    }


def save(listing: Path, keys: Mapping[str, str]) -> str | None:
    """The list of a build that has written every page into the folder; why it could not be
    written, if it could not (the next build then renders every page)."""
    data = {"format": _FORMAT, "pages": dict(sorted(keys.items()))}
    try:
        replace_file(listing, json.dumps(data, indent=0, ensure_ascii=False).encode("utf-8"))
    except OSError as problem:
        return f"{listing}: {problem.strerror or problem}"
    return None


def forget(listing: Path) -> None:
    # Not a file (a folder put there): the next build renders every page, as `save` fails too.
    with contextlib.suppress(OSError):
        listing.unlink(missing_ok=True)
