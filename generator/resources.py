"""Where factdesk's own files are: the Jinja templates, the content skeletons, the theme override
and the skeleton of a new desk, all under one `site_templates` folder.

In a checkout (and an editable install) that folder stays at the repository's top level, where
editors find it; a wheel carries it inside the package as `generator/site_templates` (setup.py
maps it there). Every module asks here rather than working the path out for itself.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _templates() -> Path:
    for candidate in (_PACKAGE / "site_templates", _PACKAGE.parent / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(
        f"factdesk's templates are missing: neither {_PACKAGE / 'site_templates'} nor "
        f"{_PACKAGE.parent / 'site_templates'} exists; reinstall factdesk"
    )


TEMPLATES = _templates()
SKELETONS = TEMPLATES / "skeletons"
THEME_OVERRIDE = TEMPLATES / "theme"
