"""Translations, wherever a quote appears: on appearances, evidence and event sources; one
warning with a hint that can be followed when one is missing; and beside the original, marked
as the desk's, on every page and in every export.

The fixture `multilingual` is an English-language desk whose sources are a Russian briefing and
an Arabic monitor's report; its claim's date is a Russian phrase and its event's an Arabic one.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURES, mkdocs_build, run_factdesk

from generator.pipeline import check

ORIGINAL_RU = "Наши самолёты не наносят ударов по населённым пунктам"
TRANSLATION_RU = "Our planes do not strike populated areas"
EVIDENCE_AR = "غارات روسية قتلت 12 مدنيا في سوق شعبية بمدينة الرقة"
EVIDENCE_TRANSLATION = "Russian strikes killed 12 civilians in a market in the city of Raqqa"
EVENT_AR = "قتلت 12 مدنياً في سوق شعبية بمدينة الرقة مساء الاثنين"
EVENT_TRANSLATION = "killed 12 civilians in a market in the city of Raqqa on Monday evening"
LABEL = "Desk’s translation:"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("multilingual") / "site-root"
    shutil.copytree(FIXTURES / "multilingual", root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def _page(root: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(root / "site" / url / "index.html")).getroot()


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_multilingual_desk_checks_clean_with_its_phrases(
    copy_site: Callable[[str], Path],
) -> None:
    root = copy_site("multilingual")
    result = run_factdesk("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = check(root).site
    assert site is not None
    claim = site.claims["no-strikes-on-towns"]
    assert claim.date.reasoning == (
        "'во вторник' in an article published Wed 4 Nov 2015 → Tue 3 Nov 2015"
    )
    assert site.events["market-strike"].date.iso() == "2015-11-02"


def _drop_translations(root: Path) -> None:
    for path in (root / "content").rglob("*.yml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.lstrip().startswith("translation:")]
        path.write_text("".join(kept), encoding="utf-8")


def test_a_missing_translation_is_one_warning_whose_hint_can_be_followed(
    copy_site: Callable[[str], Path],
) -> None:
    root = copy_site("multilingual")
    _drop_translations(root)
    result = run_factdesk("check", "--strict", "--format", "json", cwd=root)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert [(p["path"], p["code"], p["severity"]) for p in problems] == [
        ("content/claims/no-strikes-on-towns.yml", "FD045", "warning"),
        ("content/claims/no-strikes-on-towns.yml", "FD045", "warning"),
        ("content/events/market-strike.yml", "FD045", "warning"),
    ]
    appearance, evidence, _ = problems
    assert appearance["message"] == (
        "the quote is in Russian (ru) and has no translation into English (en), the site's language"
    )
    assert evidence["message"].startswith("the quote is in Arabic (ar)")
    assert appearance["hint"].startswith(
        "add 'translation:' beside 'quote:' (same indentation) with the desk's English "
        "translation of these words"
    )
    # Follow the hint, as an editor would: a translation: line under each quote: line named.
    # From the bottom up, so an inserted line does not move the next problem's line.
    for problem in sorted(problems, key=lambda p: (p["path"], p["line"]), reverse=True):
        path = root / problem["path"]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        quote_line = lines[problem["line"] - 1]
        indent = quote_line[: problem["column"] - 1 - len("quote: ")]
        assert quote_line[len(indent) :].startswith("quote: ")
        lines.insert(problem["line"], f"{indent}translation: The desk's words.\n")
        path.write_text("".join(lines), encoding="utf-8")
    again = run_factdesk("check", "--strict", cwd=root)
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_translation_without_a_quote_is_an_error(copy_site: Callable[[str], Path]) -> None:
    root = copy_site("multilingual")
    claim = root / "content" / "claims" / "no-strikes-on-towns.yml"
    external = (
        "    - note: An outside report.\n"
        "      title: A report\n"
        "      url: https://example.org/report\n"
        "      translation: Words with no quote\n"
    )
    text = claim.read_text(encoding="utf-8").replace("  reviewer:", external + "  reviewer:")
    claim.write_text(text, encoding="utf-8")
    problems = [d for d in check(root).diagnostics if d.code == "FD141"]
    assert len(problems) == 1
    assert problems[0].message == "a translation needs the quote it translates"
    line = text.splitlines().index("      translation: Words with no quote") + 1
    assert (problems[0].location.line, problems[0].location.column) == (line, 20)


def _original_and_translation(element: lxml.html.HtmlElement, original: str) -> tuple[str, str]:
    """The language and direction of `original` in `element`, and the translation beside it."""
    spans = [s for s in element.find_class("fd-original") if _text(s) == original]
    assert spans, f"{original!r} not shown"
    span = spans[0]
    container = span.getparent()
    while container is not None and not container.find_class("fd-translation"):
        container = container.getparent()
    assert container is not None, f"no translation beside {original!r}"
    translation = _text(container.find_class("fd-translation")[0])
    return f"{span.get('lang')}/{span.get('dir')}", translation


def test_the_claim_page_shows_each_quote_with_the_desks_translation(built: Path) -> None:
    page = _page(built, "claims/no-strikes-on-towns")
    assert _original_and_translation(page, ORIGINAL_RU) == (
        "ru/ltr",
        f"{LABEL} {TRANSLATION_RU}",
    )
    assert _original_and_translation(page, EVIDENCE_AR) == (
        "ar/rtl",
        f"{LABEL} {EVIDENCE_TRANSLATION}",
    )


def test_the_timeline_shows_translations_for_claims_and_events(built: Path) -> None:
    page = _page(built, "timeline")
    claim = page.get_element_by_id("claim-no-strikes-on-towns")
    assert _original_and_translation(claim, ORIGINAL_RU)[1] == f"{LABEL} {TRANSLATION_RU}"
    event = page.get_element_by_id("event-market-strike")
    assert _original_and_translation(event, EVENT_AR) == ("ar/rtl", f"{LABEL} {EVENT_TRANSLATION}")


def test_the_contradiction_shows_both_sides_translated(built: Path) -> None:
    page = _page(built, "contradictions/towns")
    assert _original_and_translation(page, ORIGINAL_RU)[1] == f"{LABEL} {TRANSLATION_RU}"
    assert _original_and_translation(page, EVENT_AR)[1] == f"{LABEL} {EVENT_TRANSLATION}"


def _data(root: Path, name: str) -> str:
    return (root / "site" / "data" / name).read_text(encoding="utf-8-sig")


def test_timelinejs_slides_carry_the_original_and_the_translation(built: Path) -> None:
    slides = {s["unique_id"]: s for s in json.loads(_data(built, "timeline.json"))["events"]}
    for slide_id, original, translation in [
        ("claim-no-strikes-on-towns", ORIGINAL_RU, TRANSLATION_RU),
        ("event-market-strike", EVENT_AR, EVENT_TRANSLATION),
    ]:
        text = lxml.html.fragment_fromstring(slides[slide_id]["text"]["text"], create_parent=True)
        quote = text.find(".//blockquote")
        assert quote is not None and _text(quote) == original
        assert quote.getnext() is not None
        assert _text(quote.getnext()) == f"Desk’s translation: {translation}"
        assert quote.get("lang") in ("ru", "ar")
        assert quote.get("dir") == ("rtl" if quote.get("lang") == "ar" else "ltr")


def test_csv_rows_carry_the_quote_its_language_and_translation(built: Path) -> None:
    claims = list(csv.DictReader(io.StringIO(_data(built, "claims.csv"))))
    assert (claims[0]["quote"], claims[0]["quote_language"], claims[0]["quote_translation"]) == (
        ORIGINAL_RU,
        "ru",
        TRANSLATION_RU,
    )
    events = list(csv.DictReader(io.StringIO(_data(built, "events.csv"))))
    assert (events[0]["quote"], events[0]["quote_language"], events[0]["quote_translation"]) == (
        EVENT_AR,
        "ar",
        EVENT_TRANSLATION,
    )


def test_the_verdicts_feed_quotes_the_original_and_the_translation(built: Path) -> None:
    feed = ET.fromstring(_data(built, "verdicts.atom.xml"))
    content = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content")
    assert content is not None and content.text is not None
    html = lxml.html.fragment_fromstring(content.text, create_parent=True)
    quote = html.find(".//blockquote")
    assert quote is not None and _text(quote) == ORIGINAL_RU and quote.get("lang") == "ru"
    assert _text(quote.getnext()) == f"Desk’s translation: {TRANSLATION_RU}"


def test_claimreview_keeps_the_original_words_and_the_desks_translation(built: Path) -> None:
    feed = json.loads(_data(built, "claimreview.json"))
    review = feed["dataFeedElement"][0]["item"][0]
    # claimReviewed is the desk's own short summary, in the site's language.
    assert review["claimReviewed"] == "The Example air force does not strike populated areas."
    appearance = review["itemReviewed"]["firstAppearance"]
    assert (appearance["inLanguage"], appearance["text"]) == ("ru", ORIGINAL_RU)
    assert appearance["workTranslation"] == {
        "@type": "CreativeWork",
        "inLanguage": "en",
        "text": TRANSLATION_RU,
        "translator": {
            "@type": "Organization",
            "name": "Example Desk",
            "url": "https://example.org/",
        },
    }
    # The page's JSON-LD is the same object.
    page = _page(built, "claims/no-strikes-on-towns")
    scripts = page.xpath('//script[@type="application/ld+json"]')
    assert json.loads(scripts[0].text)["itemReviewed"]["firstAppearance"] == appearance
