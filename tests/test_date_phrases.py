"""Date phrases in each language factdesk reads, as wire copy words them.

One table per language: (publication date, phrase, earliest, latest, precision). The phrases
are the forms agencies and monitors write; where a phrase is quoted from a real report, the
comment names it (the report's publication date is the one used here when it is known).
English phrases that the English suite already covers (tests/test_dates.py) are not repeated.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import small_desk
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.dates import DateError, FuzzyDate, parse_date, resolve_phrase
from generator.content.phrases import GRAMMARS, fold_phrase
from generator.pipeline import check

D = date
QUICK = settings(max_examples=300, deadline=None)

# A Wednesday: the day the issue's example ("во вторник" in an article published Wed 4 Nov
# 2015 -> Tue 3 Nov 2015) is read against.
WEDNESDAY = "2015-11-04"

RUSSIAN = [
    # Weekdays: the latest on or before publication.
    (WEDNESDAY, "во вторник", D(2015, 11, 3), D(2015, 11, 3), "day"),
    # "самолеты ... во вторник совершили около 30 вылетов" (newtimes.kz, BBC Russian relayed,
    # published on a Wednesday).
    ("2015-10-07", "во вторник", D(2015, 10, 6), D(2015, 10, 6), "day"),
    (WEDNESDAY, "в среду", D(2015, 11, 4), D(2015, 11, 4), "day"),
    (WEDNESDAY, "в понедельник вечером", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "вечером в понедельник", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "поздно вечером в понедельник", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "утром во вторник", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "в пятницу", D(2015, 10, 30), D(2015, 10, 30), "day"),
    (WEDNESDAY, "в субботу", D(2015, 10, 31), D(2015, 10, 31), "day"),
    (WEDNESDAY, "в воскресенье", D(2015, 11, 1), D(2015, 11, 1), "day"),
    (WEDNESDAY, "В четверг.", D(2015, 10, 29), D(2015, 10, 29), "day"),
    # "last" before a weekday: strictly before the publication day.
    (WEDNESDAY, "в минувшую среду", D(2015, 10, 28), D(2015, 10, 28), "day"),
    (WEDNESDAY, "в прошлый вторник", D(2015, 11, 3), D(2015, 11, 3), "day"),
    # "В понедельник, 26 октября, министерство обороны России опубликовало ..." (TV Rain,
    # 26 October 2015): a weekday and its date, which must agree.
    ("2015-10-26", "В понедельник, 26 октября", D(2015, 10, 26), D(2015, 10, 26), "day"),
    # Days counted from publication.
    (WEDNESDAY, "вчера", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "накануне", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "накануне вечером", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "вчера днём", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "сегодня утром", D(2015, 11, 4), D(2015, 11, 4), "day"),
    (WEDNESDAY, "позавчера", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "прошлой ночью", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "три дня назад", D(2015, 11, 1), D(2015, 11, 1), "day"),
    (WEDNESDAY, "3 дня назад", D(2015, 11, 1), D(2015, 11, 1), "day"),
    (WEDNESDAY, "пять дней назад", D(2015, 10, 30), D(2015, 10, 30), "day"),
    (WEDNESDAY, "двое суток назад", D(2015, 11, 2), D(2015, 11, 2), "day"),
    # Nights: the two days they touch.
    (WEDNESDAY, "в ночь на вторник", D(2015, 11, 2), D(2015, 11, 3), "range"),
    (WEDNESDAY, "в ночь с понедельника на вторник", D(2015, 11, 2), D(2015, 11, 3), "range"),
    (WEDNESDAY, "в ночь на среду", D(2015, 11, 3), D(2015, 11, 4), "range"),
    # The Ministry of Defence's daily briefings: "за последние сутки ..."
    (WEDNESDAY, "за последние сутки", D(2015, 11, 3), D(2015, 11, 4), "range"),
    # Weeks and months.
    (WEDNESDAY, "на прошлой неделе", D(2015, 10, 26), D(2015, 11, 1), "range"),
    (WEDNESDAY, "на этой неделе", D(2015, 11, 2), D(2015, 11, 4), "range"),
    (WEDNESDAY, "в этом месяце", D(2015, 11, 1), D(2015, 11, 4), "range"),
    (WEDNESDAY, "в прошлом месяце", D(2015, 10, 1), D(2015, 10, 31), "month"),
    (WEDNESDAY, "в октябре", D(2015, 10, 1), D(2015, 10, 31), "month"),
    (WEDNESDAY, "в декабре", D(2014, 12, 1), D(2014, 12, 31), "month"),
    # "Утром 30 сентября Совет Федерации одобрил ..." (TV Rain, 26 October 2015)
    ("2015-10-26", "Утром 30 сентября", D(2015, 9, 30), D(2015, 9, 30), "day"),
    (WEDNESDAY, "30 сент.", D(2015, 9, 30), D(2015, 9, 30), "day"),
    (WEDNESDAY, "с 30 сентября", D(2015, 9, 30), D(2015, 11, 4), "range"),
    (WEDNESDAY, "со вторника", D(2015, 11, 3), D(2015, 11, 4), "range"),
    (WEDNESDAY, "начиная с понедельника", D(2015, 11, 2), D(2015, 11, 4), "range"),
]

ARABIC = [
    (WEDNESDAY, "يوم الاثنين", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "يوم الإثنين", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "الاثنين", D(2015, 11, 2), D(2015, 11, 2), "day"),
    # "قالت وزارة الدفاع الروسية الخميس إن قاذفات روسية شنت ضربات ..." (ramallah.news): the
    # weekday without يوم, as Arabic wire copy writes it.
    ("2016-08-18", "الخميس", D(2016, 8, 18), D(2016, 8, 18), "day"),
    (WEDNESDAY, "الثلاثاء الماضي", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "الأربعاء الماضي", D(2015, 10, 28), D(2015, 10, 28), "day"),
    (WEDNESDAY, "الجمعة الماضية", D(2015, 10, 30), D(2015, 10, 30), "day"),
    (WEDNESDAY, "مساء الاثنين", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "صباح يوم الثلاثاء", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "في وقت متأخر من يوم الاثنين", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "فجر الثلاثاء", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "يوم الاثنين مساء", D(2015, 11, 2), D(2015, 11, 2), "day"),
    # Diacritics, tatweel and a right-to-left mark as copied from a page.
    (WEDNESDAY, "يومَ الاثنينِ", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "الثلاثـــاء", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "\u200fيوم الاثنين\u200f", D(2015, 11, 2), D(2015, 11, 2), "day"),
    # Days counted from publication.
    (WEDNESDAY, "أمس", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "امس", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "مساء أمس", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "البارحة", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "أول أمس", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "اليوم", D(2015, 11, 4), D(2015, 11, 4), "day"),
    # "قتل 22 مدنياً على الأقل اليوم (الخميس) جراء غارات روسية ..." and "منذ يوم أمس
    # (الأربعاء)" (AFP in Arabic, via ksaplayers.com): a day word and its weekday.
    ("2018-06-28", "اليوم (الخميس)", D(2018, 6, 28), D(2018, 6, 28), "day"),
    ("2018-06-28", "منذ يوم أمس (الأربعاء)", D(2018, 6, 27), D(2018, 6, 28), "range"),
    # "في ريف دير الزور بسوريا أمس الأربعاء" (machahid24.com, 28 January 2016)
    ("2016-01-28", "أمس الأربعاء", D(2016, 1, 27), D(2016, 1, 27), "day"),
    (WEDNESDAY, "الليلة الماضية", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "قبل يومين", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "قبل ثلاثة أيام", D(2015, 11, 1), D(2015, 11, 1), "day"),
    (WEDNESDAY, "قبل ٣ أيام", D(2015, 11, 1), D(2015, 11, 1), "day"),
    # "خلال الاربع والعشرين ساعة الماضية" (SOHR via inbaa.com)
    (WEDNESDAY, "خلال الاربع والعشرين ساعة الماضية", D(2015, 11, 3), D(2015, 11, 4), "range"),
    # Nights: Arabic counts a night with the day that follows it.
    (WEDNESDAY, "ليلة الثلاثاء", D(2015, 11, 2), D(2015, 11, 3), "range"),
    (WEDNESDAY, "ليل الاثنين الثلاثاء", D(2015, 11, 2), D(2015, 11, 3), "range"),
    (WEDNESDAY, "ليلة الاثنين إلى الثلاثاء", D(2015, 11, 2), D(2015, 11, 3), "range"),
    # Weeks and months, in both calendars' month names.
    (WEDNESDAY, "الأسبوع الماضي", D(2015, 10, 26), D(2015, 11, 1), "range"),
    (WEDNESDAY, "خلال الأسبوع الماضي", D(2015, 10, 26), D(2015, 11, 1), "range"),
    (WEDNESDAY, "هذا الأسبوع", D(2015, 11, 2), D(2015, 11, 4), "range"),
    (WEDNESDAY, "الشهر الماضي", D(2015, 10, 1), D(2015, 10, 31), "month"),
    (WEDNESDAY, "في أكتوبر", D(2015, 10, 1), D(2015, 10, 31), "month"),
    (WEDNESDAY, "في تشرين الأول", D(2015, 10, 1), D(2015, 10, 31), "month"),
    ("2015-09-15", "في أيلول الماضي", D(2014, 9, 1), D(2014, 9, 30), "month"),
    (WEDNESDAY, "30 سبتمبر", D(2015, 9, 30), D(2015, 9, 30), "day"),
    (WEDNESDAY, "٣٠ أيلول", D(2015, 9, 30), D(2015, 9, 30), "day"),
    # "في 29 تشرين الأول / أكتوبر" (AFP in Arabic, via microsyria.com, 10 November 2015)
    ("2015-11-10", "في 29 تشرين الأول / أكتوبر", D(2015, 10, 29), D(2015, 10, 29), "day"),
    # "منذ 30 ايلول (سبتمبر) الماضي" (Al-Hayat, via sauress.com)
    ("2015-11-20", "منذ 30 ايلول (سبتمبر) الماضي", D(2015, 9, 30), D(2015, 11, 20), "range"),
    (WEDNESDAY, "منذ 30 أيلول/سبتمبر", D(2015, 9, 30), D(2015, 11, 4), "range"),
]

ENGLISH = [
    # Wire forms the English table gained with this module.
    (WEDNESDAY, "late on Monday", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "on Monday night", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "late Monday", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "early on Tuesday", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "in the early hours of Tuesday", D(2015, 11, 3), D(2015, 11, 3), "day"),
    (WEDNESDAY, "late on Monday night", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "Monday, November 2", D(2015, 11, 2), D(2015, 11, 2), "day"),
    (WEDNESDAY, "over the past 24 hours", D(2015, 11, 3), D(2015, 11, 4), "range"),
]

TABLES = [("ru", *row) for row in RUSSIAN] + [("ar", *row) for row in ARABIC]
TABLES += [("en", *row) for row in ENGLISH]


@pytest.mark.parametrize(
    ("language", "published_on", "phrase", "earliest", "latest", "precision"), TABLES
)
def test_phrase_in_its_language(
    language: str, published_on: str, phrase: str, earliest: date, latest: date, precision: str
) -> None:
    resolved = resolve_phrase(phrase, parse_date(published_on), language)
    assert (resolved.earliest, resolved.latest, resolved.precision) == (
        earliest,
        latest,
        precision,
    )
    assert resolved.original == phrase.strip()
    assert resolved.derivation is not None and resolved.derivation.language == language
    assert resolved.reasoning.startswith(f"'{phrase.strip()}' in an article published ")


def test_the_issues_example_reads_as_the_issue_says() -> None:
    resolved = resolve_phrase("во вторник", parse_date(WEDNESDAY), "ru")
    assert resolved.reasoning == (
        "'во вторник' in an article published Wed 4 Nov 2015 → Tue 3 Nov 2015"
    )


@pytest.mark.parametrize("language", ["ru-RU", "ar-SY", "RU"])
def test_a_regional_language_code_reads_with_its_language(language: str) -> None:
    phrase = "вчера" if language.lower().startswith("ru") else "أمس"
    resolved = resolve_phrase(phrase, parse_date(WEDNESDAY), language)
    assert resolved.earliest == D(2015, 11, 3)


REFUSED = [
    ("ru", "завтра"),  # tomorrow: phrases only look back
    ("ru", "на следующей неделе"),
    ("ru", "в ночь с понедельника на среду"),  # not one night
    ("ru", "вечером в прошлом месяце"),  # a part of day needs one day
    ("ru", "одиннадцать дней назад"),
    ("ar", "غدا"),
    ("ar", "الأسبوع المقبل"),
    ("ar", "ليل الاثنين الأربعاء"),
    ("ar", "30 أيلول/أكتوبر"),  # two different months
    ("ar", "مساء الأسبوع الماضي"),
    ("en", "last Wednesday"),  # English readers take it as often for the week before
    ("en", "late last week"),
]


@pytest.mark.parametrize(("language", "phrase"), REFUSED)
def test_phrases_each_table_refuses(language: str, phrase: str) -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase(phrase, parse_date(WEDNESDAY), language)
    assert caught.value.code == "FD050"
    name = GRAMMARS[language].name
    # The hint names the article's language and gives that language's examples.
    assert f"known {name} phrases:" in caught.value.hint
    if language != "en":
        assert f"(the article's language is {language})" in caught.value.message


def test_a_phrase_in_another_language_than_the_articles_says_so() -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase("on Tuesday", parse_date(WEDNESDAY), "ru")
    assert caught.value.message == (
        "'on Tuesday' is not a Russian date phrase factdesk can resolve "
        "(the article's language is ru)"
    )
    assert caught.value.hint.startswith(
        "this reads as English, but the article is in Russian (ru): copy the phrase as the "
        "article words it, or correct the article's language;"
    )


@pytest.mark.parametrize(
    ("language", "name"), [("de", "German (de)"), ("uk", "Ukrainian (uk)"), ("xx", "'xx'")]
)
def test_a_language_without_a_table_is_reported_with_the_supported_ones(
    language: str, name: str
) -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase("am Dienstag", parse_date(WEDNESDAY), language)
    assert caught.value.code == "FD140"
    assert caught.value.message == (
        f"'am Dienstag' is in {name}, a language whose date phrases factdesk cannot read"
    )
    assert "factdesk reads date phrases in Arabic (ar), English (en) and Russian (ru)" in (
        caught.value.hint
    )


@pytest.mark.parametrize(
    ("language", "phrase", "message"),
    [
        (
            "ar",
            "أمس الأربعاء",
            "'أمس الأربعاء' names a day twice, and they disagree: 3 November 2015 is a "
            "Tuesday, not a Wednesday",
        ),
        (
            "ru",
            "в четверг, 2 ноября",
            "'в четверг, 2 ноября' names a day twice, and they disagree: 2 November 2015 is a "
            "Monday, not a Thursday",
        ),
    ],
)
def test_a_day_named_twice_must_agree_with_itself(language: str, phrase: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase(phrase, parse_date(WEDNESDAY), language)
    assert caught.value.message == message


def test_a_day_that_does_not_exist_is_named_in_any_language() -> None:
    with pytest.raises(DateError) as caught:
        resolve_phrase("31 сентября", parse_date(WEDNESDAY), "ru")
    assert caught.value.message == (
        "'31 сентября' names a day that does not exist: September has 30 days"
    )


def test_inexact_publication_is_explained_in_every_language() -> None:
    resolved = resolve_phrase("накануне", parse_date("~2015-11-04"), "ru")
    assert resolved == FuzzyDate(
        D(2015, 11, 3),
        D(2015, 11, 3),
        "day",
        True,
        "накануне",
        "'накануне' in an article published about Wed 4 Nov 2015 → about Tue 3 Nov 2015",
    )


def test_folding_keeps_words_apart() -> None:
    # Folds spelling variants, never two words: ё/е and hamza seats are one letter each...
    assert fold_phrase("Ещё") == fold_phrase("еще")
    assert fold_phrase("الإثنين") == fold_phrase("الاثنين")
    # ... while different words stay different.
    assert fold_phrase("вторник") != fold_phrase("вторым")
    assert fold_phrase("الثلاثاء") != fold_phrase("الثلاثين")


_RU_WORDS = ["в", "во", "с", "ночь", "на", "вторник", "среду", "вечером", "вчера", "накануне"]
_RU_WORDS += ["прошлый", "неделе", "прошлой", "30", "сентября", "дня", "назад", "три", ","]
_AR_WORDS = ["يوم", "الاثنين", "الثلاثاء", "الماضي", "أمس", "مساء", "ليلة", "ليل", "قبل", "إلى"]
_AR_WORDS += ["يومين", "أيلول", "/", "سبتمبر", "(", ")", "منذ", "30", "٣", "في", "الأسبوع"]


@QUICK
@given(
    st.sampled_from(["ru", "ar"]).flatmap(
        lambda language: st.tuples(
            st.just(language),
            st.lists(st.sampled_from(_RU_WORDS if language == "ru" else _AR_WORDS), max_size=6),
        )
    ),
    st.dates(min_value=D(1, 1, 1)),
)
def test_random_phrases_resolve_or_raise_date_error(
    drawn: tuple[str, list[str]], published_on: date
) -> None:
    language, words = drawn
    phrase = " ".join(words)
    try:
        resolved = resolve_phrase(phrase, FuzzyDate(published_on, published_on, "day"), language)
    except DateError as error:
        assert error.message and error.hint
        return
    assert resolved.earliest <= published_on
    assert resolved.latest <= published_on or resolved.precision == "month"


def _desk(tmp_path: Path, language: str, phrase: str, article_text: str) -> Path:
    small_desk(
        tmp_path,
        "- id: ministry\n  name: Ministry\n  kind: government\n",
        {"report": (article_text, language)},
    )
    quote = article_text.split(" ", 3)[3].rstrip(".")
    (tmp_path / "content" / "claims" / "statement.yml").write_text(
        f"claim: The ministry made a statement.\nclaimant: ministry\ndate: {phrase}\n"
        f"appearances:\n  - article: report\n    quote: {quote}\n"
        "    translation: The words, in English.\n",
        encoding="utf-8",
    )
    return tmp_path


def test_the_checker_resolves_a_russian_phrase_with_its_reasoning(tmp_path: Path) -> None:
    root = _desk(
        tmp_path, "ru", "во вторник", "Министерство заявило во вторник, что удары наносятся."
    )
    result = check(root)
    assert [d for d in result.diagnostics if d.code != "FD036"] == []
    assert result.site is not None
    claim = result.site.claims["statement"]
    assert claim.date.iso() == "2015-11-03"
    assert claim.date.reasoning == (
        "'во вторник' in an article published Wed 4 Nov 2015 → Tue 3 Nov 2015"
    )


def test_the_checker_names_the_articles_language_in_fd050(tmp_path: Path) -> None:
    root = _desk(tmp_path, "ar", "الأسبوع القادم", "قالت الوزارة يوم الثلاثاء إن الطائرات تقصف.")
    problems = [d for d in check(root).diagnostics if d.code == "FD050"]
    assert len(problems) == 1
    assert "(the article's language is ar)" in problems[0].message
    assert "known Arabic phrases:" in problems[0].hint


def test_the_checker_reports_an_unreadable_language_as_fd140(tmp_path: Path) -> None:
    root = _desk(tmp_path, "de", "am Dienstag", "Das Ministerium sagte am Dienstag etwas.")
    problems = [d for d in check(root).diagnostics if d.code == "FD140"]
    assert len(problems) == 1
    assert problems[0].location.path == "content/claims/statement.yml"
    assert "Arabic (ar), English (en) and Russian (ru)" in problems[0].hint
