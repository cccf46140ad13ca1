"""JSON Schemas for editors, one per file kind, generated from `models.py`.

`schema_files()` returns {file name: JSON text}; `factdesk schemas` writes them to `schemas/`,
and a test keeps the committed copies identical to what the models say.
"""

from __future__ import annotations

import json

from .models import Article, Claim, Contradiction, Entity, Event, SiteConfig
from .schema import json_schema

KINDS = {
    "site": (SiteConfig, "factdesk site.yml", False),
    "entities": (Entity, "factdesk entities.yml", True),
    "article": (Article, "factdesk article record", False),
    "claim": (Claim, "factdesk claim", False),
    "event": (Event, "factdesk event", False),
    "contradiction": (Contradiction, "factdesk contradiction", False),
}


def schema_files() -> dict[str, str]:
    files = {}
    for kind, (model, title, as_list) in KINDS.items():
        schema = json_schema(model, title=title, as_list=as_list)
        files[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return files
