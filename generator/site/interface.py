"""The site's own words in its language: message catalogues, dates and numbers.

Takes a language code (`language:` in content/site.yml, such as `ru` or `ar-SY`); returns an
`Interface`: gettext functions over the compiled catalogue
`generator/site/locales/<language>/LC_MESSAGES/factdesk.mo`, and date and number formats from
CLDR through Babel. English is the source language: its words are the messages themselves, so
it needs no catalogue. The date patterns are messages too (context "date pattern"), so a
translator chooses "d MMMM y 'г'." for Russian without touching code; `FuzzyDate.display` and
`FuzzyDate.explain` apply the same range rules in every language through `DateWords`.

Adding a language is a catalogue file: copy `locales/factdesk.pot` to
`locales/<code>/LC_MESSAGES/factdesk.po`, translate every message, and run `make catalogues`,
which compiles it (the compiled `.mo` ships inside the package).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from ..content.dates import ENGLISH, DateWords
from ..content.diagnostics import Diagnostic, warning
from ..content.languages import is_right_to_left, language_list, language_name
from ..content.models import SiteConfig
from ..content.phrases import base_language

__all__ = [
    "DOMAIN",
    "LOCALES",
    "SOURCE_LANGUAGE",
    "Interface",
    "catalogue_languages",
    "check_language",
    "install_words",
    "interface",
]

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "factdesk"
SOURCE_LANGUAGE = "en"


def catalogue_languages() -> tuple[str, ...]:
    """The languages the interface has words for: English and every compiled catalogue."""
    compiled = {p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return tuple(sorted(compiled | {SOURCE_LANGUAGE}))


class _CatalogueWords:
    """`DateWords` from the catalogue's date patterns, formatted by Babel for the locale."""

    def __init__(self, translations: gettext.NullTranslations, locale: Locale) -> None:
        self._t = translations
        self._locale = locale

    def _format(self, day: date, pattern: str) -> str:
        return format_date(day, pattern, locale=self._locale)

    def day(self, day: date) -> str:
        # Translators: a day in full, as a CLDR date pattern ("6 October 2015").
        return self._format(day, self._t.pgettext("date pattern", "d MMMM y"))

    def day_of_month(self, day: date) -> str:
        # Translators: the first day of a range, without its year ("30 September").
        return self._format(day, self._t.pgettext("date pattern", "d MMMM"))

    def month(self, day: date) -> str:
        # Translators: a month with its year, standing alone ("October 2015").
        return self._format(day, self._t.pgettext("date pattern", "MMMM y"))

    def month_alone(self, day: date) -> str:
        # Translators: the first month of a range, standing alone ("September").
        return self._format(day, self._t.pgettext("date pattern", "MMMM"))

    def year(self, day: date) -> str:
        return str(day.year)

    def short_day(self, day: date, with_year: bool) -> str:
        if with_year:
            # Translators: a day in the reasoning line ("Wed 30 Sep 2015").
            return self._format(day, self._t.pgettext("date pattern", "EEE d MMM y"))
        # Translators: a day in the reasoning line, without its year ("Mon 28 Sep").
        return self._format(day, self._t.pgettext("date pattern", "EEE d MMM"))

    def short_month(self, day: date) -> str:
        # Translators: a month in the reasoning line ("Sep 2015").
        return self._format(day, self._t.pgettext("date pattern", "MMM y"))

    def span(self, first: str, last: str) -> str:
        return self._t.gettext("{first} – {last}").format(first=first, last=last)

    def about(self, text: str) -> str:
        return self._t.gettext("about {date}").format(date=text)

    def reasoning(self, phrase: str, published: str, result: str) -> str:
        # The phrase is in the article's language, the line in the site's: isolated, an Arabic
        # phrase keeps its place in a Russian line and the reverse (Unicode FSI ... PDI).
        return self._t.gettext("'{phrase}' in an article published {published} → {result}").format(
            phrase=f"\u2068{phrase}\u2069", published=published, result=result
        )

    def publication_note(self, reasoning: str, publication: str) -> str:
        return self._t.gettext(
            "{reasoning} (the article is dated only {publication}; its last day was used)"
        ).format(reasoning=reasoning, publication=publication)


@dataclass(frozen=True, slots=True)
class Interface:
    """The words of a site in one language."""

    language: str  # the base code the catalogue is for: "ru" for "ru-RU"
    translations: gettext.NullTranslations
    locale: Locale
    words: DateWords

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self.translations.npgettext(context, singular, plural, count)

    @property
    def direction(self) -> str:
        return "rtl" if is_right_to_left(self.language) else "ltr"

    def language_name(self, code: str) -> str:
        """A language's name in this interface's language: "Russian", "русский", "الروسية"."""
        names = self.locale.languages
        return str(names.get(code.replace("-", "_")) or names.get(base_language(code)) or code)

    def number(self, value: int) -> str:
        return _decimal(self.locale, value)

    def percent(self, part: int, whole: int) -> str:
        if not whole:
            return "—"
        return format_percent(part / whole, locale=self.locale, numbering_system="latn")


# Pages print the same small numbers thousands of times (parts of a month, counts in a row),
# and babel takes 30 us for each: a tenth of a rename's rendering at 1,000 claims.
@lru_cache(maxsize=4096)
def _decimal(locale: Locale, value: int) -> str:
    # Latin digits in every language: Arabic news sites and the monitors' reports write
    # figures so, and a page must not mix two sets of digits.
    return format_decimal(value, locale=locale, numbering_system="latn")


def install_words(env: jinja2.Environment, language: str) -> Interface:
    """Give a template environment the catalogue of `language`: `_()`, `gettext()`,
    `ngettext()` and `pgettext()`, formatting their %(name)s placeholders (Jinja's "newstyle"
    gettext, so a template never formats a message by hand). Returns the interface."""
    words = interface(language)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        words.gettext, words.ngettext, newstyle=True, pgettext=words.pgettext
    )
    # The same formatting, called directly: Jinja's `_()` reaches the catalogue through three
    # context calls, a quarter of rendering a large desk's pages. Its Markup step is left out
    # because factdesk's environments never autoescape (resources.template_environment).
    assert not env.autoescape

    # Positional-only: a message may have a placeholder called `count` or `message`.
    def newstyle_gettext(message: str, /, **variables: Any) -> str:
        return words.gettext(message) % variables

    def newstyle_ngettext(singular: str, plural: str, number: int, /, **variables: Any) -> str:
        variables.setdefault("num", number)
        return words.ngettext(singular, plural, number) % variables

    env.globals.update(_=newstyle_gettext, gettext=newstyle_gettext, ngettext=newstyle_ngettext)
    return words


@cache
def interface(language: str) -> Interface:
    """The interface for a site language; English for a language without a catalogue (the
    checker warns about that, FD142)."""
    code = base_language(language)
    if code not in catalogue_languages() or code == SOURCE_LANGUAGE:
        return Interface(SOURCE_LANGUAGE, gettext.NullTranslations(), Locale("en"), ENGLISH)
    translations = gettext.translation(DOMAIN, LOCALES, languages=[code])
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(code)
    return Interface(code, translations, locale, _CatalogueWords(translations, locale))


def check_language(site: SiteConfig) -> list[Diagnostic]:
    """FD142 when the site's language has no catalogue: its pages would show English words."""
    code = base_language(site.language)
    if code in catalogue_languages():
        return []
    known = language_list(catalogue_languages())
    return [
        warning(
            "FD142",
            site.where.get("language", site.at),
            f"the site's language is {language_name(site.language)}, and factdesk's interface "
            f"has no catalogue for it: its pages would show their labels in English",
            f"factdesk's interface speaks {known}; to add {language_name(code, bare=True)}, "
            f"translate generator/site/locales/factdesk.pot into "
            f"generator/site/locales/{code}/LC_MESSAGES/factdesk.po and run make catalogues "
            "(see 'Languages' in the guide)",
        )
    ]
