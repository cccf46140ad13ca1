"""Where factdesk's own files are: the Jinja templates, the content skeletons, the theme override,
the skeleton of a new desk and the vendored front-end libraries, all under one `site_templates`
folder.

In a checkout (and an editable install) that folder stays at the repository's top level, where
editors find it; a wheel carries it inside the package as `generator/site_templates` (setup.py
maps it there). Every module asks here rather than working the path out for itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2

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
# Third-party front-end files copied unchanged into every site (see the Makefile's vendor-*).
VENDOR = TEMPLATES / "vendor"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory between the builds of one site (serve): compiling the
    dozen templates took longer than rendering the pages a save changes; and a one-off build's,
    compiled by a forked copy while the build links the site (`site/render.compiled_templates`).
    Jinja checks each against its source's checksum, so an edited template or override is
    compiled again."""

    def __init__(self, code: Mapping[str, bytes] | None = None) -> None:
        self._code: dict[str, bytes] = dict(code or {})

    def code(self) -> dict[str, bytes]:
        """Each compiled template's code by its key, as `CompiledTemplates(code)` takes it."""
        return dict(self._code)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def template_environment(
    *folders: Path, auto_reload: bool = True, compiled: CompiledTemplates | None = None
) -> jinja2.Environment:
    """The Jinja settings every factdesk template is written for, looking names up in `folders`
    in order: an undefined name is an error, not an empty string; block tags leave no blank
    lines; no autoescaping, since the output is Markdown or YAML and each filter escapes for
    where its value goes."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=auto_reload,
        bytecode_cache=compiled,
    )
