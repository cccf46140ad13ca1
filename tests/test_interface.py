"""The site's own words in its language: the message catalogues are current and complete, the
Russian and Arabic fixture desks build strictly in their language (Arabic right to left), and no
word of the English catalogue is left in their pages.

`desk-ru` and `desk-ar` are small desks whose site is in Russian and in Arabic; each quotes an
article in its own language and one in the other (with the desk's translation), and dates its
claim and events with phrases from them.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import jinja2
import lxml.html
import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import FIXTURES, ROOT, mkdocs_build, run_factdesk

from generator.content.dates import FuzzyDate, parse_date
from generator.resources import template_environment
from generator.site.interface import LOCALES, catalogue_languages, install_words, interface

POT = LOCALES / "factdesk.pot"
TRANSLATED = ("ar", "ru")
_PERCENT = re.compile(r"%\((\w+)\)s")
_BRACES = re.compile(r"\{(\w+)\}")


def _catalogue(language: str) -> Catalog:
    with open(LOCALES / language / "LC_MESSAGES" / "factdesk.po", "rb") as po:
        return read_po(po, locale=language)


def _template() -> Catalog:
    with open(POT, "rb") as pot:
        return read_po(pot)


def _key(message: Message) -> tuple[str | None, str]:
    singular = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, singular)


# --- the catalogues ---------------------------------------------------------------------------


def test_the_template_holds_every_message_the_code_prints(tmp_path: Path) -> None:
    fresh = tmp_path / "factdesk.pot"
    # The same extraction `make catalogues` runs, with the same map.
    mapping = str(LOCALES / "babel.cfg")
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            mapping,
            "--omit-header",
            "-o",
            str(fresh),
            str(ROOT),
        ]
    )
    with open(fresh, "rb") as extracted:
        current = {_key(m) for m in read_po(extracted) if m.id}
    committed = {_key(m) for m in _template() if m.id}
    assert current == committed, (
        "generator/site/locales/factdesk.pot is out of date: run `make catalogues`, then "
        f"translate; new: {sorted(map(str, current - committed))}, "
        f"gone: {sorted(map(str, committed - current))}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_translates_every_message(language: str) -> None:
    catalogue = _catalogue(language)
    translations = {_key(m): m for m in catalogue if m.id}
    forms = Locale.parse(language).plural_form
    assert catalogue.num_plurals == {"ru": 3, "ar": 6}[language]
    del forms
    for message in _template():
        if not message.id:
            continue
        found = translations.get(_key(message))
        assert found is not None, f"{language}: {message.id!r} is not translated"
        assert not found.fuzzy, f"{language}: {message.id!r} is fuzzy"
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if isinstance(message.id, tuple):
            assert len(strings) == catalogue.num_plurals, f"{language}: {message.id!r}"
        for string in strings:
            assert string, f"{language}: {message.id!r} has an empty form"
            # Every placeholder the code fills must be in the translation, and no other.
            for pattern in (_PERCENT, _BRACES):
                assert set(pattern.findall(string)) == set(pattern.findall(sources[-1])), (
                    f"{language}: {message.id!r} -> {string!r}"
                )
            # Jinja's gettext formats every message with %: a lone % would break the page.
            assert "%" not in _PERCENT.sub("", string).replace("%%", ""), string


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_catalogue(language: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(language))
    shipped = (LOCALES / language / "LC_MESSAGES" / "factdesk.mo").read_bytes()
    assert shipped == compiled.getvalue(), f"run `make catalogues` to compile {language}"


def test_the_interface_speaks_the_catalogues_languages() -> None:
    assert catalogue_languages() == ("ar", "en", "ru")
    assert interface("ru-RU").language == "ru"
    assert interface("de").language == "en"  # with FD142 from the checker
    assert interface("ar").direction == "rtl"
    assert interface("ru").gettext("Under review") == "На проверке"
    assert interface("ar").gettext("Under review") == "قيد المراجعة"


DISPLAY = [
    ("2015-10-06", "6 октября 2015", "6 أكتوبر 2015"),
    ("2015-10", "октябрь 2015", "أكتوبر 2015"),
    ("2015", "2015", "2015"),
    ("~2015-10-06", "примерно 6 октября 2015", "حوالي 6 أكتوبر 2015"),
    ("2015-09-30/2015-10-07", "30 сентября – 7 октября 2015", "30 سبتمبر – 7 أكتوبر 2015"),
    ("2015-10-01/2015-10-07", "1 – 7 октября 2015", "1 – 7 أكتوبر 2015"),
    ("2015-09/2015-11", "сентябрь – ноябрь 2015", "سبتمبر – نوفمبر 2015"),
]


@pytest.mark.parametrize(("text", "russian", "arabic"), DISPLAY)
def test_dates_read_in_the_sites_language(text: str, russian: str, arabic: str) -> None:
    fuzzy = parse_date(text)
    assert fuzzy.display(interface("ru").words) == russian
    assert fuzzy.display(interface("ar").words) == arabic
    # English keeps its own words, the ones the checker uses.
    assert fuzzy.display(interface("en").words) == fuzzy.display()


def test_the_reasoning_line_reads_in_the_sites_language() -> None:
    from generator.content.dates import resolve_phrase

    resolved = resolve_phrase("во вторник", parse_date("2015-11-04"), "ru")
    assert resolved.explain(interface("ru").words) == (
        "«\u2068во вторник\u2069» в статье от ср, 4 нояб. 2015 → вт, 3 нояб. 2015"
    )
    assert resolved.explain(interface("ar").words) == (
        "«\u2068во вторник\u2069» في مقال نُشر الأربعاء 4 نوفمبر 2015 ← الثلاثاء 3 نوفمبر 2015"
    )
    assert resolved.explain(interface("en").words) == resolved.reasoning
    day = FuzzyDate(date(2015, 11, 4), date(2015, 11, 4), "day")
    assert day.explain(interface("ru").words) == ""


# --- the fixture desks ------------------------------------------------------------------------


@pytest.mark.parametrize("desk", ["desk-ru", "desk-ar"])
def test_the_desk_checks_clean_with_its_phrases(
    desk: str, copy_site: Callable[[str], Path]
) -> None:
    root = copy_site(desk)
    result = run_factdesk("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sites = {}
    for desk in ("desk-ru", "desk-ar"):
        root = tmp_path_factory.mktemp(desk) / desk
        shutil.copytree(FIXTURES / desk, root)
        result = mkdocs_build(root)
        assert result.returncode == 0, result.stderr
        sites[desk] = root / "site"
    return sites


def _pages(site: Path) -> dict[str, lxml.html.HtmlElement]:
    return {
        path.relative_to(site).as_posix(): lxml.html.parse(str(path)).getroot()
        for path in sorted(site.rglob("*.html"))
        if path.name != "404.html"
    }


def _visible_text(page: lxml.html.HtmlElement) -> str:
    for hidden in page.xpath("//script | //style | //template"):
        hidden.drop_tree()
    body = page.find("body")
    assert body is not None
    # The guide documents factdesk's English-keyed files and is written in English, marked so;
    # its table of contents lists its English headings.
    english = body.xpath('.//*[@lang="en"]')
    if english:
        sidebar = 'contains(@class, "md-sidebar--secondary")'
        contents = f'.//*[{sidebar} or contains(@class, "md-nav--secondary")]'
        for part in english + body.xpath(contents):
            part.drop_tree()
    # Attributes a reader sees or hears: tooltips, labels, placeholders.
    seen = [" ".join(body.text_content().split())]
    seen += body.xpath("//@title | //@aria-label | //@placeholder | //@alt")
    title = page.find("head/title")
    if title is not None and title.text:
        seen.append(title.text)
    return "\n".join(str(s) for s in seen)


def _english_words(language: str) -> list[str]:
    """The English catalogue's words: every message with its placeholders and Markdown taken
    out, in the pieces a page could show, less what the language's own catalogue keeps in
    English (names such as ClaimReview, TimelineJS, CSV)."""
    kept = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string
        for m in _catalogue(language)
        if m.id
    )
    pieces: set[str] = set()
    for message in _template():
        if not message.id or message.context == "date pattern":
            continue
        for source in message.id if isinstance(message.id, tuple) else (message.id,):
            text = re.sub(r"\]\([^)]*\)|`[^`]*`|[*\[\]]", " ", source)
            for piece in re.split(r"%\(\w+\)s|\{\w+\}|[()“”\"':;,.→←–—]", text):
                piece = " ".join(piece.split())
                if re.search(r"[A-Za-z]{2}", piece) and piece not in kept:
                    pieces.add(piece)
    return sorted(pieces, key=lambda p: (-len(p), p))


@pytest.mark.parametrize(("desk", "language"), [("desk-ru", "ru"), ("desk-ar", "ar")])
def test_no_word_of_the_english_catalogue_is_left(
    built: dict[str, Path], desk: str, language: str
) -> None:
    words = _english_words(language)
    assert len(words) > 150  # the catalogue, not a handful
    left = {}
    for path, page in _pages(built[desk]).items():
        text = _visible_text(page)
        found = [w for w in words if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)]
        if found:
            left[path] = found
    assert not left, f"English words left in the {language} site: {left}"


@pytest.mark.parametrize(
    ("desk", "language", "direction"), [("desk-ru", "ru", "ltr"), ("desk-ar", "ar", "rtl")]
)
def test_every_page_is_in_the_sites_language_and_direction(
    built: dict[str, Path], desk: str, language: str, direction: str
) -> None:
    for path, page in _pages(built[desk]).items():
        assert page.get("lang") == language, path
        body = page.find("body")
        assert body is not None and body.get("dir") == direction, path


def test_the_russian_claim_page_reads_in_russian(built: dict[str, Path]) -> None:
    page = lxml.html.parse(str(built["desk-ru"] / "claims/net-udarov/index.html")).getroot()
    text = " ".join(page.text_content().split())
    assert "Автор утверждения Иван Примеров" in text
    assert "Прозвучало 3 ноября 2015" in text
    assert "в статье от ср, 4 нояб. 2015 → вт, 3 нояб. 2015" in text
    assert "Вердикт: Неверно" in text
    assert "Перевод редакции: российские удары убили 12 мирных жителей" in text
    quote = page.xpath('//*[@class="fd-original"][@lang="ar"]')
    assert quote and quote[0].get("dir") == "rtl"


def test_the_arabic_timeline_reads_in_arabic(built: dict[str, Path]) -> None:
    page = lxml.html.parse(str(built["desk-ar"] / "timeline/index.html")).getroot()
    headings = [" ".join(h.text_content().split()).rstrip("¶") for h in page.xpath("//h2 | //h3")]
    assert "نوفمبر 2015" in " ".join(headings)
    assert "2 – 3 نوفمبر 2015" in headings  # the night before Tuesday, from a Russian phrase
    entry = page.get_element_by_id("event-qasf-al-makhazen")
    assert "نطاق زمني" in entry.text_content()
    assert "ترجمة فريق التحرير: في ليلة الثلاثاء قصف الطيران مخازن الذخيرة" in " ".join(
        entry.text_content().split()
    )
    script = (built["desk-ar"] / "assets/factdesk.js").read_text(encoding="utf-8")
    # The count puts its numbers after a colon, so no noun has to agree with them.
    assert json.dumps("المعروض: {shown} من {total}؛ المخفي بحسب {filters}: {hidden}.") in script
    assert json.dumps("المدخلات: {total}") in script


def test_the_exports_speak_the_sites_language(built: dict[str, Path]) -> None:
    timeline = json.loads((built["desk-ru"] / "data/timeline.json").read_text(encoding="utf-8"))
    slides = {s["unique_id"]: s for s in timeline["events"]}
    claim = slides["claim-net-udarov"]
    assert claim["display_date"].startswith("3 ноября 2015 («\u2068во вторник\u2069» в статье")
    assert "Автор утверждения: Иван Примеров." in claim["text"]["text"]
    claims_csv = (built["desk-ar"] / "data/claims.csv").read_text(encoding="utf-8-sig")
    assert "3 نوفمبر 2015" in claims_csv
    feed = (built["desk-ar"] / "data/verdicts.atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="ar"' in feed and "اقرأ التحقق" in feed


def test_a_regional_site_language_reaches_the_theme_as_its_language(
    copy_site: Callable[[str], Path],
) -> None:
    # Material has words for "ar", not "ar-SY": the theme gets "ar", the interface too.
    root = copy_site("desk-ar")
    site_yml = root / "content" / "site.yml"
    site_yml.write_text(
        site_yml.read_text(encoding="utf-8").replace("language: ar\n", "language: ar-SY\n"),
        encoding="utf-8",
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    page = lxml.html.parse(str(root / "site" / "timeline" / "index.html")).getroot()
    body = page.find("body")
    assert page.get("lang") == "ar" and body is not None and body.get("dir") == "rtl"
    assert "الخط الزمني" in page.text_content()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_template_words_format_as_jinja_newstyle_gettext(language: str) -> None:
    # install_words calls the catalogue directly instead of through Jinja's i18n wrappers: the
    # formatting must stay Jinja's "newstyle" one, placeholders named like the arguments too.
    env = template_environment()
    words = install_words(env, language)
    source = (
        '{{ _("100%% of %(count)s", count=3) }}|{{ _("plain") }}|{{ gettext("%(message)s!", '
        'message="m") }}|{{ ngettext("%(num)s claim", "%(num)s claims", 2) }}|'
        '{{ ngettext("one %(count)s", "many %(count)s", 5, count="x") }}'
    )
    shown = env.from_string(source).render()
    if language == "en":
        assert shown == "100% of 3|plain|m!|2 claims|many x"
    reference = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    reference.install_gettext_callables(  # type: ignore[attr-defined]
        words.gettext, words.ngettext, newstyle=True
    )
    assert shown == reference.from_string(source).render()
