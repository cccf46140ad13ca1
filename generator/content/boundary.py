"""The desk's folder as a boundary: which files factdesk may read, and reading them.

Takes the desk's root folder and a path below it; says whether the path may be read and, when it
may not, why (a `Diagnostic`). factdesk reads no symbolic links among its own inputs (content/,
seeds/, template overrides): a link's target is not what a reviewer sees in a pull request's
diff, a link out of the desk publishes whatever it points at (in CI, `/proc/self/environ` holds
the build's tokens), and a link inside the desk can reach `.git/config`, where a checkout may
keep its credentials. MkDocs' own pages (docs/) may link within the desk, as MkDocs sites often
link README.md in; a docs file that leads out of the desk, or into .git, is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from .diagnostics import Diagnostic, SourceLocation, error

OUTSIDE = "FD120"
LINKED = "FD121"
_GIT = ".git"


def display_path(root: Path, path: Path) -> str:
    """`path` as an editor types it: from the desk's folder, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _outside(real_root: Path, target: Path) -> str:
    """Why the real path `target` is not one of the desk's files ("" when it is)."""
    try:
        relative = target.relative_to(real_root)
    except ValueError:
        return "outside the desk"
    if relative.parts[:1] == (_GIT,):
        return "inside .git, which is not part of the desk's content"
    return ""


def _first_link(root: Path, relative: Path) -> Path | None:
    """The first symbolic link on the way from `root` down to `root / relative`, if any."""
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def read_problem(
    root: Path, path: Path, where: SourceLocation | None = None, *, links_inside: bool = False
) -> Diagnostic | None:
    """Why `path` may not be read as part of the desk at `root`, or None when it may.

    `where` is the place that named the file (a text_file field); by default the file itself.
    With `links_inside`, links that stay inside the desk are allowed (MkDocs' docs/ folder).
    """
    root, path = root.absolute(), path.absolute()
    real_root = root.resolve()
    shown = display_path(root, path)
    location = where or SourceLocation(shown)
    # A path that does not go through the desk's folder (an option's value), or climbs out.
    relative = path.relative_to(root) if path.is_relative_to(root) else None
    if relative is None or ".." in relative.parts:
        reason = _outside(real_root, path.resolve())
        if reason:
            return error(
                OUTSIDE,
                location,
                f"{shown} is {reason}" + ("" if relative is not None else f" ({real_root})"),
                "factdesk reads only files inside the desk's folder: move it in",
            )
        if relative is None:
            return None
    link = _first_link(root, relative)
    if link is None:
        return None
    linked = display_path(root, link)
    pointed = _target(link)
    real = link.resolve()
    reason = _outside(real_root, real)
    if reason:
        shown_target = pointed if Path(pointed).is_absolute() else f"{pointed} ({real})"
        return error(
            OUTSIDE,
            location,
            f"{linked} is a symbolic link to {shown_target}, {reason}",
            "factdesk reads nothing outside the desk's folder: put the file itself in the desk "
            "(see factdesk's SECURITY.md)",
        )
    if links_inside:
        return None
    return error(
        LINKED,
        location,
        f"{linked} is a symbolic link to {display_path(real_root, real)}",
        "factdesk reads no symbolic links in content/, seeds/ or the templates: "
        "put the file itself there (see factdesk's SECURITY.md)",
    )


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing to follow a link that appeared since `read_problem` looked."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def folder_problems(root: Path, folder: Path) -> list[Diagnostic]:
    """Every link in or on the way to `folder` (template overrides), each reported once."""
    if not (folder.is_dir() or folder.is_symlink()):
        return []
    found = read_problem(root, folder)
    if found is not None:
        return [found]
    problems = []
    for directory, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            path = Path(directory, name)
            if path.is_symlink():
                problem = read_problem(root, path)
                if problem is not None:
                    problems.append(problem)
    return problems
