"""The site's identity (title, description, address, language), written once, in
content/site.yml, and handed to MkDocs by the plugin.

Takes the loaded `SiteConfig` and the site's mkdocs.yml; returns the values MkDocs should use
and one error (FD100) for each value mkdocs.yml also sets and sets differently, naming both
files and lines. MkDocs refuses a configuration without a `site_name` key before it loads any
plugin, so `site_name: ""` is how mkdocs.yml says "the title in content/site.yml".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .content.diagnostics import Diagnostic, SourceLocation, error
from .content.models import SiteConfig
from .site.render import close_directions

# (mkdocs.yml key, its place under `theme:` or at the top, the site.yml field it mirrors)
IDENTITY = (
    ("site_name", "title"),
    ("site_description", "description"),
    ("site_url", "site_url"),
    ("theme.language", "language"),
)

_STR = "tag:yaml.org,2002:str"
# Material prints site_name and site_description into the page unescaped (in <title>, in
# attributes, in the header); site.yml is content, so they reach MkDocs without markup.
_PLAIN = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”"})


@dataclass(frozen=True, slots=True)
class Setting:
    """A value mkdocs.yml gives itself, with where it stands."""

    value: str
    at: SourceLocation


def mkdocs_settings(path: Path, shown: str) -> dict[str, Setting]:
    """The identity values mkdocs.yml writes out as plain text. A value from a tag (`!ENV`) is
    left to MkDocs; a file MkDocs cannot read is MkDocs' to report."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            root = yaml.compose(handle, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    settings: dict[str, Setting] = {}
    for key, value in _pairs(root):
        if key == "theme":
            settings.update(
                (f"theme.{inner}", setting)
                for inner, setting in _settings(shown, value).items()
                if inner == "language"
            )
    settings.update(
        (key, setting)
        for key, setting in _settings(shown, root).items()
        if key in ("site_name", "site_description", "site_url")
    )
    return settings


def _pairs(node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def _settings(shown: str, node: yaml.Node | None) -> dict[str, Setting]:
    found = {}
    for key, value in _pairs(node):
        if isinstance(value, yaml.ScalarNode) and value.tag == _STR:
            mark = value.start_mark
            found[key] = Setting(value.value, SourceLocation(shown, mark.line + 1, mark.column + 1))
    return found


def _same(key: str, ours: str, theirs: str) -> bool:
    if key == "site_url":
        return ours.rstrip("/") == theirs.rstrip("/")
    return " ".join(ours.split()) == " ".join(theirs.split())


def differences(site: SiteConfig, settings: dict[str, Setting]) -> list[Diagnostic]:
    """FD100 for each identity value mkdocs.yml sets otherwise than content/site.yml."""
    problems = []
    for key, field in IDENTITY:
        setting = settings.get(key)
        if setting is None or (key == "site_name" and not setting.value.strip()):
            continue
        ours = getattr(site, field)
        if ours is not None and _same(key, ours, setting.value):
            continue
        where = site.where.get(field, site.at)
        if ours is None:
            given = f"{where}, which gives no {field}"
        elif field in site.where:
            given = f"the {field} {ours!r} in {where}"
        else:
            given = f"the {field} {ours!r} that {where.path} gives by default"
        problems.append(
            error(
                "FD100",
                setting.at,
                f"{key} {setting.value!r} in mkdocs.yml differs from {given}",
                f"the site's {field} is written once, in content/site.yml: "
                + (
                    'leave site_name: "" in mkdocs.yml'
                    if key == "site_name"
                    else f"remove {key.rpartition('.')[2]} from mkdocs.yml"
                )
                + (f" and set {field} in content/site.yml" if ours is None else ""),
            )
        )
    return problems


def mkdocs_values(site: SiteConfig) -> dict[str, str]:
    """What MkDocs is told, by mkdocs.yml key: text safe to print unescaped."""
    values = {
        "site_name": close_directions(site.title).translate(_PLAIN),
        "site_description": close_directions(site.description).translate(_PLAIN),
        "theme.language": site.language,
    }
    if site.site_url is not None:
        values["site_url"] = site.site_url
    return values
