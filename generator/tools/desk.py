"""`factdesk init DIR`: a desk of one's own, from the skeleton in `site_templates/desk/`.

Takes a folder and the site's title, address and language; writes `content/site.yml` with a
rating scale, the empty content folders, `seeds/`, `schemas/`, a `mkdocs.yml` with the plugin,
the GitHub Actions publish workflow, `.pre-commit-config.yaml`, `.gitignore`,
`requirements.txt` and a short README. The desk is assembled in a temporary folder beside the
target and checked (`--strict`, with its mkdocs.yml) before it appears, so a failed `init`
leaves nothing behind.

The repository's own `mkdocs.yml` and publish workflow are renderings of the same templates
(`repository_files()`), so a new desk is configured as the bundled one is.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, pipeline
from ..content.diagnostics import format_diagnostic
from ..content.excerpt import Excerpts
from ..content.schemas import schema_files
from ..resources import TEMPLATES
from ..site.interface import install_words, interface
from .scaffold import ScaffoldError, skeleton_environment

DESK_TEMPLATES = TEMPLATES / "desk"

# Path in the desk -> template in site_templates/desk/.
DESK_FILES = {
    "content/site.yml": "site.yml.j2",
    "mkdocs.yml": "mkdocs.yml.j2",
    ".github/workflows/publish.yml": "publish.yml.j2",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".gitignore": "gitignore",
    "requirements.txt": "requirements.txt.j2",
    "README.md": "README.md.j2",
}
# Git keeps no empty folder; a `.gitkeep` keeps each one in the desk's first commit.
EMPTY_FOLDERS = (
    "content/articles",
    "content/claims",
    "content/events",
    "content/contradictions",
    "seeds",
    "docs",
)
# The repository's files that are the same templates, rendered for the repository itself.
REPOSITORY_FILES = ("mkdocs.yml", ".github/workflows/publish.yml")
_INSTALL = {
    # The repository installs factdesk from its own checkout ...
    True: "python -m pip install -e .",
    # ... a desk installs the release named in its requirements.txt.
    False: "python -m pip install -r requirements.txt",
}


@dataclass(frozen=True, slots=True)
class NewDesk:
    title: str
    url: str | None = None
    language: str = "en"


@dataclass(slots=True)
class Initialised:
    written: list[str] = field(default_factory=list)
    # Each problem that kept the desk from being written, formatted with its source line.
    report: list[str] = field(default_factory=list)


def _render(path: str, *, repository: bool, desk: NewDesk | None = None) -> str:
    context = {
        "repository": repository,
        "install": _INSTALL[repository],
        "version": __version__,
    }
    language = "en"
    if desk is not None:
        language = desk.language
        description = interface(language).gettext("Fact-checks published by {title}.")
        context.update(
            title=desk.title,
            description=description.format(title=desk.title),
            url=desk.url,
            language=desk.language,
        )
    # The words a new desk starts with (its navigation, its rating scale) come from the
    # interface catalogue of its language.
    env = skeleton_environment(DESK_TEMPLATES)
    install_words(env, language)
    return env.get_template(DESK_FILES[path]).render(**context)


def repository_files() -> dict[str, str]:
    """The repository's own mkdocs.yml and workflow, as the desk templates give them."""
    return {path: _render(path, repository=True) for path in REPOSITORY_FILES}


def desk_files(desk: NewDesk) -> dict[str, str]:
    """Every file of a new desk, by path."""
    files = {path: _render(path, repository=False, desk=desk) for path in DESK_FILES}
    files.update({f"schemas/{name}": text for name, text in schema_files().items()})
    files.update({f"{folder}/.gitkeep": "" for folder in EMPTY_FOLDERS})
    return dict(sorted(files.items()))


def default_title(target: Path) -> str:
    """A title from the folder's name: `harbour-watch` gives "Harbour watch"."""
    words = target.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else "Fact-check desk"


def init_desk(target: Path, desk: NewDesk) -> Initialised:
    """Write a new desk into `target` (absent or empty), or nothing and the reasons why."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(
            f"{target} already exists and is not an empty folder; "
            "factdesk init writes a new desk only into a new or empty folder"
        )
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        files = desk_files(desk)
        for relative, text in files.items():
            path = building / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        checked = pipeline.check(building)
        if checked.failed(strict=True):
            excerpts = Excerpts(building)
            return Initialised(
                report=[format_diagnostic(d, excerpts.lines(d)) for d in checked.diagnostics]
            )
        if target.exists():
            target.rmdir()
        building.rename(target)
    finally:
        if building.exists():
            shutil.rmtree(building)
    return Initialised(written=list(files))
