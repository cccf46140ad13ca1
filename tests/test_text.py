"""Tests for generator.text: sentence splitting, normalisation, quote lookup and hints."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.text import (
    ArticleText,
    QuoteMatch,
    index_article,
    normalise,
    split_sentences,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f7adc2e7615265e7.txt"

# No example database: the tests must not write into the working tree.
FAST = settings(database=None, deadline=None, max_examples=150)


def texts(text: str, language: str = "en") -> list[str]:
    return [sentence.text for sentence in split_sentences(text, language)]


# --------------------------------------------------------------------------------------------
# split_sentences
# --------------------------------------------------------------------------------------------

SPLITS = [
    pytest.param(
        "Mr. Smith went to Washington. He arrived late.",
        ["Mr. Smith went to Washington.", "He arrived late."],
        id="title",
    ),
    pytest.param(
        "Dr. Jones, Prof. Lee, Gen. Patton, Lt. Col. Ross and Sgt. Pepper met St. Peter.",
        ["Dr. Jones, Prof. Lee, Gen. Patton, Lt. Col. Ross and Sgt. Pepper met St. Peter."],
        id="titles",
    ),
    pytest.param(
        "It was Jan. 5 when No. 10 called. Then it rained on Sept. 3 vs. Oct. 4.",
        ["It was Jan. 5 when No. 10 called.", "Then it rained on Sept. 3 vs. Oct. 4."],
        id="months-and-numbers",
    ),
    pytest.param(
        "Fruit, e.g. Apples, i.e. Pears, sold well.",
        ["Fruit, e.g. Apples, i.e. Pears, sold well."],
        id="eg-ie",
    ),
    pytest.param(
        "Apples, pears, etc. The market closed. Apples etc. Fresh ones sold.",
        ["Apples, pears, etc.", "The market closed.", "Apples etc. Fresh ones sold."],
        id="etc-before-starter-only",
    ),
    pytest.param(
        "Acme Inc. Chairman spoke. Acme Ltd. The shares fell.",
        ["Acme Inc. Chairman spoke.", "Acme Ltd.", "The shares fell."],
        id="company",
    ),
    pytest.param(
        "The U.S. Army arrived. The U.N. Security Council met in the U.K. Parliament.",
        ["The U.S. Army arrived.", "The U.N. Security Council met in the U.K. Parliament."],
        id="initialism-before-name",
    ),
    pytest.param(
        "He moved to the U.S. The rest stayed in the E.U. But not for long.",
        ["He moved to the U.S.", "The rest stayed in the E.U.", "But not for long."],
        id="initialism-before-starter",
    ),
    pytest.param(
        "The meeting ended at 5 p.m. Moscow time. It began at 9 a.m. The guests left.",
        ["The meeting ended at 5 p.m. Moscow time.", "It began at 9 a.m.", "The guests left."],
        id="am-pm",
    ),
    pytest.param(
        "John F. Kennedy was shot in 1963. Lee H. Oswald was arrested.",
        ["John F. Kennedy was shot in 1963.", "Lee H. Oswald was arrested."],
        id="initials",
    ),
    pytest.param(
        "Growth was 3.5 percent. Inflation hit 2.1 percent. 12.5 million voted.",
        ["Growth was 3.5 percent.", "Inflation hit 2.1 percent.", "12.5 million voted."],
        id="decimals",
    ),
    pytest.param(
        "Turnout was 60.5. It was 3.14159 and 1.000.000 in Europe.",
        ["Turnout was 60.5.", "It was 3.14159 and 1.000.000 in Europe."],
        id="decimal-at-end",
    ),
    pytest.param(
        "“Volunteers are not being called upon”, foreign ministry spokeswoman Maria Zakharova "
        "told a briefing.",
        [
            "“Volunteers are not being called upon”, foreign ministry spokeswoman Maria "
            "Zakharova told a briefing."
        ],
        id="comma-after-closing-quote",
    ),
    pytest.param(
        "He said “everybody knows that Russia is winning”. Moscow insists.",
        ["He said “everybody knows that Russia is winning”.", "Moscow insists."],
        id="period-after-closing-quote",
    ),
    pytest.param(
        "He said “it is over.” Then he left.",
        ["He said “it is over.”", "Then he left."],
        id="period-inside-closing-quote",
    ),
    pytest.param(
        "“We will win. They will lose”, he said. Nobody believed him.",
        ["“We will win. They will lose”, he said.", "Nobody believed him."],
        id="quotation-carrying-on-after-comma",
    ),
    pytest.param(
        "“We will win. They will lose,” he said.",
        ["“We will win. They will lose,” he said."],
        id="quotation-carrying-on-lowercase",
    ),
    pytest.param(
        "“Are they coming?” asked the minister. “Yes!” He nodded.",
        ["“Are they coming?” asked the minister.", "“Yes!”", "He nodded."],
        id="question-exclamation-in-quotes",
    ),
    pytest.param(
        "He shouted “Stop!” and ran.",
        ["He shouted “Stop!” and ran."],
        id="exclamation-mid-sentence",
    ),
    pytest.param(
        '"Is it true?" she asked. "Yes," he said.',
        ['"Is it true?" she asked.', '"Yes," he said.'],
        id="straight-quotes",
    ),
    pytest.param(
        "Wait... what? Really?! Yes…. Fine.",
        ["Wait... what?", "Really?!", "Yes….", "Fine."],
        id="runs-of-terminals",
    ),
    pytest.param(
        "The value was low. then it rose.",
        ["The value was low. then it rose."],
        id="lowercase-never-starts",
    ),
    pytest.param(
        "The plan (see Fig. 3) failed. (It was late.) Visit example.com. Done.",
        ["The plan (see Fig. 3) failed.", "(It was late.)", "Visit example.com.", "Done."],
        id="brackets",
    ),
    pytest.param(
        "Headline without stop\n\nFirst paragraph. Second sentence.\r\n  Last line  \n",
        ["Headline without stop", "First paragraph.", "Second sentence.", "Last line"],
        id="line-breaks",
    ),
    pytest.param(
        "A line that ends with Mr.\nNext line",
        ["A line that ends with Mr.", "Next line"],
        id="line-break-beats-abbreviation",
    ),
    pytest.param("", [], id="empty"),
    pytest.param(" \n\t\u00a0\n", [], id="blank"),
    pytest.param(
        "«Наши самолёты не бьют по населённым пунктам», — заявил представитель министерства. "
        "Он добавил, что т.е. удары точечные.",
        [
            "«Наши самолёты не бьют по населённым пунктам», — заявил представитель министерства.",
            "Он добавил, что т.е. удары точечные.",
        ],
        id="ru-quote-comma-dash",
    ),
    pytest.param(
        "«Мы победим. Они проиграют» — сказал он. Все молчали.",
        ["«Мы победим. Они проиграют» — сказал он.", "Все молчали."],
        id="ru-quotation-carrying-on",
    ),
    pytest.param(
        "Это случилось в 2015 г. в Москве. Он сказал „Мы готовы.“ Потом ушёл.",
        ["Это случилось в 2015 г. в Москве.", "Он сказал „Мы готовы.“", "Потом ушёл."],
        id="ru-low-quotes",
    ),
    pytest.param(
        "На улице ул. Ленина, д. 5, стр. 2 живут 3 тыс. человек. Бюджет 1,5 млрд. руб.",
        ["На улице ул. Ленина, д. 5, стр. 2 живут 3 тыс. человек.", "Бюджет 1,5 млрд. руб."],
        id="ru-abbreviations",
    ),
    pytest.param(
        "Пришли все: соседи, друзья и т.д. Он был рад. Приехал им. Горького театр.",
        ["Пришли все: соседи, друзья и т.д.", "Он был рад.", "Приехал им. Горького театр."],
        id="ru-td-before-starter",
    ),
    pytest.param(
        "А. С. Пушкин родился в Москве. Его отец был офицером!",
        ["А. С. Пушкин родился в Москве.", "Его отец был офицером!"],
        id="ru-initials",
    ),
    pytest.param(
        "قال المتحدث إن الطائرات لم تقصف المدنيين. وأضاف أن العمليات مستمرة؟ نعم ذلك صحيح۔ انتهى",
        [
            "قال المتحدث إن الطائرات لم تقصف المدنيين.",
            "وأضاف أن العمليات مستمرة؟",
            "نعم ذلك صحيح۔",
            "انتهى",
        ],
        id="ar",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_language_does_not_change_rules(language: str) -> None:
    text = "The U.S. Army arrived. Он пришёл. قال المتحدث. وأضاف"
    assert texts(text, language) == [
        "The U.S. Army arrived.",
        "Он пришёл.",
        "قال المتحدث.",
        "وأضاف",
    ]


def test_offsets_and_numbers() -> None:
    text = "  Headline\n\nMr. Smith left. He came back.\n“Yes”, he said."
    sentences = split_sentences(text)
    assert [(s.number, s.start, s.end) for s in sentences] == [
        (1, 2, 10),
        (2, 12, 27),
        (3, 28, 41),
        (4, 42, 57),
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert split_sentences(text) == sentences
    assert index_article(text) == index_article(text)


def test_seed_document() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert texts(text) == [
        "Russian Federation planes strike IS in Syrian city of Palmyra: Syria TV",
        "Maj. Jamil al-Saleh, the leader of Tajammu Alezzah, said his forces have had to "
        "redeploy to safer areas after 22 of his fighters were wounded in the airstrikes, but "
        "they have not withdrawn from the front-lines at Latamneh, a town north of Hama.",
        "The United States, too, is launching air raids on Islamic State targets in parts of "
        "the country.",
        "“Volunteers are not being called upon, enlisted or campaigned for”, foreign ministry "
        "spokeswoman Maria Zakharova told a briefing.",
        "“They want to raze it completely”, he told AFP.",
        "Soleimani also met with senior Russian military officials during his visit, the "
        "officials said.",
        "“Because right now there’s a talk that Iraqi government may ask Russian Federation to "
        "intervene and bomb ISIS in Iraq”, Felgenhauer said.",
        "The Russian airstrikes strikes appear to have emboldened Syrian troops to launch the "
        "ground push after a series of setbacks in northwestern Syria in recent months.",
        "The Observatory also reported several Russian strikes in the northwest of Aleppo "
        "province, including one on Wednesday morning that it said killed two women and a child.",
        "“Our planes in Syria do not strike populated areas and especially ones with "
        "architectural monuments”.",
        "It now controls about a third of Syrian territory, with the rest divided among Islamic "
        "State jihadists, Al-Qaeda-linked groups, mainstream rebels and Kurdish forces.",
        "Since September 30, Russia have been targeting IS positions in Syria with aerial "
        "bombings, according to Russian and Syrian officials.",
        "The strikes destroyed 20 vehicles and three weapons depots in Islamic State-held "
        "Palmyra, state television said, quoting a military source.",
        "The London-based Syrian Observatory for Human Rights (SOHR) said that the main thrust "
        "of the Syrian government’s offensive was focused on the area around the village of "
        "Latmeen, which is controlled by the Army of Conquest coalition of Syrian rebels that "
        "includes the Nusra Front.",
        "McCain, who has long promoted deploying USA ground forces to fight Islamic State "
        "militants in Iraq and Syria, criticized the way Carter and other members of President "
        "Barack Obama’s administration have responded to Russian activity in Syria, saying "
        "“everybody knows that Russia is winning”.",
        "Moscow insists it is going after IS targets in the war-torn country but the U.S. and "
        "its allies fears the aim of the intervention is to bolster the Syrian government.",
        "He says USA aircraft are still flying attack and other missions daily over Syria.",
        "Karim al-Nouri, the spokesman for the Popular Mobilization Forces, the paramilitary "
        "force in Iraq made up predominantly of Shiite militias, said the Russians are “more "
        "serious in eliminating Daesh” than the Americans.",
        "The US was still waiting Wednesday for a formal response from Russian Federation on a "
        "draft document laying out proposed technical safety procedures for the aircraft "
        "flights, the defense official said.",
        "Russia’s dive into the Mideast’s conflicts marks a shifting of alliances, particularly "
        "with Iraq, where officials have grumbled that the U.S.-led coalition’s air campaign "
        "against IS has not been as effective as they hoped and the prime minister has said "
        "he’d welcome Russian airstrikes.",
    ]


# --------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------

NORMALISED = [
    pytest.param("“a” „b“ ‟c” «d» 5″", '"a" "b" "c" "d" 5"', id="double-quotes"),
    pytest.param("‘it’s’ ‚x‛ 5′ `y´", "'it's' 'x' 5' 'y'", id="apostrophes"),
    pytest.param("a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h", id="dashes"),
    pytest.param("a\u00a0b\u2009c\u202fd\u3000e", "a b c d e", id="unicode-spaces"),
    pytest.param(" a \n\n\t b  ", " a b ", id="runs-not-stripped"),
    pytest.param("cafe\u0301", "café", id="nfc"),
    pytest.param("Case, Words; and: Punctuation!", "Case, Words; and: Punctuation!", id="kept"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALISED)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@FAST
@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


# --------------------------------------------------------------------------------------------
# find
# --------------------------------------------------------------------------------------------

ARTICLE = (
    "Officials said “it’s over” — and left.\n"
    "The second\u00a0sentence ends here. A third one follows it.\n"
    "Prices rose 3–4 percent in the year to March."
)


def found(article: ArticleText, quote: str) -> tuple[str, tuple[int, ...]] | None:
    match = article.find(quote)
    if match is None:
        return None
    return article.text[match.start : match.end], match.sentences


FINDS = [
    pytest.param(
        'said "it\'s over" - and left', ("said “it’s over” — and left", (1,)), id="straight"
    ),
    pytest.param("said “it’s over” — and left", ("said “it’s over” — and left", (1,)), id="same"),
    pytest.param("rose 3-4 percent", ("rose 3–4 percent", (4,)), id="hyphen-for-en-dash"),
    pytest.param("rose 3—4 percent", ("rose 3–4 percent", (4,)), id="em-for-en-dash"),
    pytest.param(
        "The second\n   sentence  ends", ("The second\u00a0sentence ends", (2,)), id="white-space"
    ),
    pytest.param("“it’s over”", ("it’s over", (1,)), id="surrounding-quotes-stripped"),
    pytest.param("  'it's over'\n", ("it’s over", (1,)), id="surrounding-straight-quotes"),
    pytest.param(
        "ends here. A third",
        ("ends here. A third", (2, 3)),
        id="two-sentences",
    ),
    pytest.param(
        "and left. The second",
        ("and left.\nThe second", (1, 2)),
        id="across-line-break",
    ),
    pytest.param("officials said", None, id="case-differs"),
    pytest.param("said “it’s done”", None, id="word-changed"),
    pytest.param("ends here.A third", None, id="missing-space"),
    pytest.param("", None, id="empty"),
    pytest.param(" “ ” ' \n", None, id="only-quote-marks"),
]


@pytest.mark.parametrize(("quote", "expected"), FINDS)
def test_find(quote: str, expected: tuple[str, tuple[int, ...]] | None) -> None:
    assert found(index_article(ARTICLE), quote) == expected


def test_find_returns_first_occurrence_in_original_offsets() -> None:
    article = index_article("One  two. One two.")
    assert article.find("One two") == QuoteMatch(0, 8, (1,))
    assert article.find("two.") == QuoteMatch(5, 9, (1,))


def test_find_maps_nfc_changes_back() -> None:
    article = index_article("Le cafe\u0301  au\u00a0lait. Fin.")
    assert found(article, "café au lait") == ("cafe\u0301  au\u00a0lait", (1,))
    assert found(article, "au lait") == ("au\u00a0lait", (1,))
    assert found(article, "Fin") == ("Fin", (2,))


def test_sentence_lookup() -> None:
    article = index_article("One. Two.")
    second = article.sentence(2)
    assert second is not None
    assert (second.text, second.start, second.end) == ("Two.", 5, 9)
    assert article.sentence(0) is None
    assert article.sentence(3) is None


# --------------------------------------------------------------------------------------------
# closest_passage
# --------------------------------------------------------------------------------------------


SEED_TEXT = SEED.read_text(encoding="utf-8")
CLOSEST = [
    pytest.param(
        SEED_TEXT,
        "They want to destroy it completely",
        "“They want to raze it completely”, he told AFP.",
        id="one-word-changed",
    ),
    pytest.param(
        SEED_TEXT,
        "Soleimani also met with senior Iranian military officials",
        "Soleimani also met with senior Russian military officials during his visit, the "
        "officials said.",
        id="one-word-changed-at-the-start",
    ),
    pytest.param(
        "Nothing here. The cat sat on the mat. Then it slept all day.\nEnd.",
        "the cat sat on a mat. Then it slept all day",
        "The cat sat on the mat. Then it slept all day.",
        id="spanning-two-sentences",
    ),
    pytest.param(
        SEED_TEXT,
        "the US-led coalition’s air campaign against IS has not been effective",
        "particularly with Iraq, where officials have grumbled that the U.S.-led coalition’s air "
        "campaign against IS has not been as effective as they hoped and the prime minister has "
        "said he’d welcome",
        id="long-sentence-trimmed-around-the-match",
    ),
    pytest.param(
        "First line here.\nSecond   line\u00a0here.",
        "here. Second line there",
        "First line here. Second line here.",
        id="white-space-collapsed",
    ),
    pytest.param(SEED_TEXT, "zzz qqq", "", id="no-shared-words"),
    pytest.param(SEED_TEXT, " “ ” ", "", id="only-quote-marks"),
    pytest.param("", "anything", "", id="empty-article"),
]


@pytest.mark.parametrize(("text", "quote", "passage"), CLOSEST)
def test_closest_passage(text: str, quote: str, passage: str) -> None:
    article = index_article(text)
    assert article.find(quote) is None
    assert article.closest_passage(quote) == passage
    # What the hint shows is the article's own words (white space aside): it can be quoted.
    assert len(passage) <= 200
    assert not passage or article.find(passage) is not None


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

# Characters that are NFC-stable on their own and never compose with each other, so a slice of
# a text normalises to a piece of the normalised text (bar white space and quotes at its ends).
ALPHABET = st.sampled_from(
    list("abcXYZ019 .,;:!?…-()[]\"'")
    + list("“”„‟«»″‘’‚‛′`´‐‑‒–—―−")
    + list("\n\r\t\u00a0\u2009\u3000\u2028")
    + list("йЖщ.؟۔قالé ßİ🙂")
    + ["Mr.", "U.S.", "т.д.", "3.5", "“Hi.”", "», —", " The ", " Он "]
)
ARTICLES = st.lists(ALPHABET, max_size=80).map("".join)


@FAST
@given(st.one_of(ARTICLES, st.text(max_size=200)))
def test_split_sentences_invariants(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for number, sentence in enumerate(sentences, start=1):
        assert sentence.number == number
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end
    covered = "".join(sentence.text for sentence in sentences)
    assert [c for c in covered if not c.isspace()] == [c for c in text if not c.isspace()]
    assert split_sentences(text) == sentences


def _occurs_as_whole_words(text: str, needle: str) -> bool:
    """A plain scan over every occurrence, to check find()'s whole-word rule against."""
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        cut_before = at > 0 and re.match(r"\w\w", text[at - 1] + needle[0]) is not None
        cut_after = end < len(text) and re.match(r"\w\w", needle[-1] + text[end]) is not None
        if not (cut_before or cut_after):
            return True
        at = text.find(needle, at + 1)
    return False


@FAST
@given(ARTICLES, st.data())
def test_find_finds_every_slice(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    article = index_article(text)
    match = article.find(quote)
    needle = normalise(quote).strip(" \"'")
    if not needle:
        assert match is None
        return
    if match is None:
        # Only a slice that cuts a word everywhere it occurs may go unfound.
        assert not _occurs_as_whole_words(normalise(text), needle)
        return
    if match.end > end and not all(unicodedata.combining(c) for c in text[end : match.end]):
        # The slice's own place cuts a word ("a" of "aMr.a"): the first whole-word one is
        # found, which may lie after it.
        assert _occurs_as_whole_words(normalise(text), needle)
    # Otherwise the match may take in the diacritics on its last letter, nothing else.
    assert normalise(text[match.start : match.end]) == needle
    assert match.sentences
    assert all(article.sentence(number) is not None for number in match.sentences)


@FAST
@given(st.text(max_size=200))
def test_find_whole_text_of_any_text(text: str) -> None:
    article = index_article(text)
    match = article.find(text)
    needle = normalise(text).strip(" \"'")
    if not needle:
        assert match is None
        return
    assert match is not None
    assert 0 <= match.start <= match.end <= len(text)
    assert needle in normalise(text[match.start : match.end])
    assert isinstance(article.closest_passage(text), str)


# --- quotes in Russian and Arabic -----------------------------------------------------------

RU_TEXT = (
    "«Наши самолёты не наносят ударов по населённым пунктам», — заявил официальный "
    "представитель Минобороны. Он добавил, что удары наносятся ещё и ночью."
)
# Diacritics on some words, a tatweel, a right-to-left mark and the lam-alef ligature as a
# presentation form (U+FEFB), as text copied from a PDF or a styled page gives them.
AR_TEXT = (
    "قالَ المرصدُ السوري إنّ غارات روسيــة قتلت 12 مدنياً في مدينة الرقة.\u200f "
    "وأضاف أن الطائرات الروسية قصفت المستشفى الميداني فى دوما ﻻ سيما أحياءها الشرقية."
)

MATCHES = [
    # ё and е are one letter in Russian print.
    (RU_TEXT, "Наши самолеты не наносят ударов по населенным пунктам"),
    # « » and „ “ are the same quotation marks.
    (RU_TEXT, "„Наши самолёты не наносят ударов по населённым пунктам“"),
    (RU_TEXT, "удары наносятся еще и ночью"),
    # Arabic without the diacritics the text has, and with ones it has not.
    (AR_TEXT, "قال المرصد السوري إن غارات روسية قتلت 12 مدنيا"),
    (AR_TEXT, "قالَ المرصدُ السوريُّ"),
    # alef with and without hamza, alef maqsura and yeh, tatweel, a right-to-left mark.
    (AR_TEXT, "وأضاف ان الطائرات الروسية قصفت المستشفى الميداني في دوما"),
    (AR_TEXT, "\u200fغارات روسية قتلت\u200f"),
    # The ligature reads as lam and alef.
    (AR_TEXT, "في دوما لا سيما أحياءها الشرقية"),
]


@pytest.mark.parametrize(("text", "quote"), MATCHES)
def test_quotes_match_across_spelling_variants_of_one_script(text: str, quote: str) -> None:
    article = index_article(text, "ru" if text is RU_TEXT else "ar")
    match = article.find(quote)
    assert match is not None
    # The located passage is the article's own characters, diacritics included.
    found = text[match.start : match.end]
    assert normalise(found) == normalise(quote).strip(" \"'")
    assert not found[-1:].isspace()


NEAR_MISSES = [
    # One word differs: the meaning differs, so no fold may make them match.
    (RU_TEXT, "Наши самолеты наносят удары по населенным пунктам"),
    (RU_TEXT, "не наносят удара по населённым пунктам"),
    (RU_TEXT, "Ваши самолёты не наносят ударов"),
    # The Syrian planes are not the Russian planes.
    (AR_TEXT, "الطائرات السورية قصفت المستشفى"),
    # "قصف" (the bombing) is not "قصفت" (she bombed), nor is "مدني" (a civilian) "مدنيا".
    (AR_TEXT, "الروسية قصف"),
    (AR_TEXT, "قتلت 12 مدني"),
    # Different numbers stay different (the digits are not folded in quotes).
    (AR_TEXT, "قتلت 13 مدنيا"),
    # An English quote that stops inside a word is another word.
    ("Our planes do not strike populated areas.", "do not strike populated area"),
]


@pytest.mark.parametrize(("text", "quote"), NEAR_MISSES)
def test_a_quote_with_a_different_word_never_matches(text: str, quote: str) -> None:
    assert index_article(text).find(quote) is None


def test_normalise_drops_marks_and_keeps_offsets_to_the_original() -> None:
    text = "يَقُولُ\u200f الـــمرصد"
    article = index_article(text, "ar")
    match = article.find("يقول المرصد")
    assert match is not None
    assert (match.start, match.end) == (0, len(text))
    assert normalise(text) == "يقول المرصد"


def test_the_closest_passage_of_an_arabic_misquote_is_offered() -> None:
    article = index_article(AR_TEXT, "ar")
    passage = article.closest_passage("الطائرات السورية قصفت المستشفى الميداني")
    assert "الطائرات الروسية قصفت المستشفى الميداني" in passage
