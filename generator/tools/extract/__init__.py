"""Draft claims and events proposed from an article's text: `factdesk extract ARTICLE_ID`.

The stages, each in its module: `quotations` finds the statements of a sentence and the words
naming their speaker, `speakers` matches those to the site's entities or proposes new ones,
`figures` reads casualty figures, `content.dates` finds and resolves every date phrase,
`analyse` runs them over the article's sentences into an `Extraction` (`findings`), `drafts`
plans the draft files, `report` says what was found and written.
"""

from .analyse import analyse, date_phrases
from .drafts import Drafts, plan_drafts
from .figures import casualties
from .findings import Extraction
from .quotations import quotations
from .report import report_json, report_lines

__all__ = [
    "Drafts",
    "Extraction",
    "analyse",
    "casualties",
    "date_phrases",
    "plan_drafts",
    "quotations",
    "report_json",
    "report_lines",
]
