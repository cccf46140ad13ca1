"""Where factdesk's own files are: the Jinja templates, the content skeletons, the theme override,
the skeleton of a new desk and the vendored front-end libraries, all under one `site_templates`
folder.

In a checkout (and an editable install) that folder stays at the repository's top level, where
editors find it; a wheel carries it inside the package as `generator/site_templates` (setup.py
maps it there). Every module asks here rather than working the path out for itself.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime

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


# Callables that cannot ask for the context: a macro, and a function or bound method written in
# C (`dict.get`; no attribute can be set on one, so none carries `jinja_pass_arg`).
_NEVER_PASSED = frozenset({jinja2.runtime.Macro, types.BuiltinFunctionType})
# Functions and bound methods: what they ask for is their own `jinja_pass_arg`.
_OWN_PASSED = frozenset({types.FunctionType, types.MethodType})


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling a plain function, method or macro straight away. Jinja's `call`
    looks three times whether a callable wants the context, on each of the 1.4 million calls
    rendering a 10,000-claim desk's pages makes: the pages took 12 % longer. Anything else, and
    whatever asks for the context, the environment or the evaluation context, goes Jinja's
    way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind not in _NEVER_PASSED and (
            kind not in _OWN_PASSED or getattr(__obj, "jinja_pass_arg", None) is not None
        ):
            return super().call(__obj, *args, **kwargs)
        # What Jinja hands a call in a loop or block, for a context function only.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _Environment(jinja2.Environment):
    """Jinja's environment with `_Context`, and the environment's own globals as the globals of
    a template that has none of its own. Jinja gives each template a ChainMap over them, which
    every page's render copies key by key into its context and every `{% import %}` compares
    key by key with the context's (a tenth of rendering a 10,000-claim desk's pages). factdesk
    never loads a template with globals of its own (`get_template(..., globals=...)`), the only
    way Jinja writes into a template's globals."""

    context_class = _Context

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return self.globals if not d else super().make_globals(d)


def template_environment(
    *folders: Path, auto_reload: bool = True, compiled: CompiledTemplates | None = None
) -> jinja2.Environment:
    """The Jinja settings every factdesk template is written for, looking names up in `folders`
    in order: an undefined name is an error, not an empty string; block tags leave no blank
    lines; no autoescaping, since the output is Markdown or YAML and each filter escapes for
    where its value goes."""
    return _Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=auto_reload,
        bytecode_cache=compiled,
    )
