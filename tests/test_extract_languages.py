"""`factdesk extract` beyond English: quoted and reported speech with speakers and date phrases
in Russian ("заявил", "сообщил", "по словам"), date phrases in Arabic, and a report that says
plainly which languages extract reads and what it did not look for in an article.

The Russian text follows the forms Russian wire copy and ministry briefings use: «...», —
заявил X; по его словам, ...; как сообщил X, ...; X заявило, что ...; ..., сообщает ТАСС.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_factdesk, small_desk

from generator.content.dates import find_phrases, spelled_out
from generator.content.models import Article, Content, Entity
from generator.tools.extract import analyse
from generator.tools.scaffold import slug

RUSSIAN = """Минобороны России опровергло сообщения о жертвах
«Наши самолёты не наносят ударов по населённым пунктам», — заявил во вторник официальный представитель Минобороны Игорь Конашенков.
По его словам, в ночь на вторник авиация нанесла удары по складам боеприпасов.
Как сообщил накануне вечером Конашенков, самолёты совершили двадцать вылетов.
Министерство заявило во вторник, что удары наносятся только по объектам террористов.
По словам наблюдателей, в понедельник вечером погибли мирные жители.
Удары продолжатся, сообщает ТАСС.
Накануне выборов 30 сентября 2015 года окружающая среда не пострадала.
"""  # noqa: E501

ARABIC = """تقرير المرصد عن الغارات
قال المرصد يوم الثلاثاء إن غارات روسية قتلت 12 مدنيا في سوق شعبية مساء الاثنين.
"""

ENTITIES = (Entity(id="konashenkov", name="Игорь Конашенков", kind="person"),)


def _extraction(text: str, language: str) -> dict[int, list[tuple[str, str, str, str | None]]]:
    article = Article(
        title="t", outlet="o", published="2015-11-04", id="a", text=text, language=language
    )
    extraction = analyse(article, Content(None, ENTITIES, (article,), (), (), ()))
    return {
        f.sentence.number: [
            (
                s.kind,
                s.speaker.status,
                s.quote,
                s.date.resolved.iso() if s.date and s.date.resolved else None,
            )
            for s in f.statements
        ]
        for f in extraction.sentences
    }


def test_russian_statements_with_their_speakers_and_when_they_were_made() -> None:
    found = _extraction(RUSSIAN, "ru")
    # «…», — заявил во вторник X: the speaker after the verb and the date, matched to the entity.
    assert found[2] == [
        ("quote", "entity", "Наши самолёты не наносят ударов по населённым пунктам", "2015-11-03")
    ]
    # По его словам: a pronoun, so no speaker is guessed; the words after the comma, verbatim.
    assert found[3] == [
        ("reported", "pronoun", "в ночь на вторник авиация нанесла удары по складам боеприпасов",
         None),
    ]  # fmt: skip
    # Как сообщил X, ...: a last name alone finds the one person of that name.
    assert found[4] == [("reported", "entity", "самолёты совершили двадцать вылетов", "2015-11-03")]
    # X заявило, что ...: what follows "что" is the statement; the date is when it was said.
    assert found[5] == [
        ("reported", "proposed", "удары наносятся только по объектам террористов", "2015-11-03")
    ]
    # По словам наблюдателей: a speaker the sentence does not name.
    assert found[6] == [
        ("reported", "unnamed", "в понедельник вечером погибли мирные жители", None)
    ]
    # ..., сообщает ТАСС: the words before the verb.
    assert found[7] == [("reported", "proposed", "Удары продолжатся", None)]
    assert found[8] == []


def test_russian_date_phrases_in_running_text() -> None:
    assert find_phrases(RUSSIAN.splitlines()[1], "ru") == ["во вторник"]
    assert find_phrases(RUSSIAN.splitlines()[3], "ru") == ["накануне вечером"]
    # "накануне выборов" is "on the eve of the elections", and "среда" here is the
    # environment: neither is a date; the date written out with its year is one, explicitly.
    assert find_phrases(RUSSIAN.splitlines()[7], "ru") == ["30 сентября 2015 года"]
    explicit = spelled_out("30 сентября 2015 года", "ru")
    assert explicit is not None and explicit.iso() == "2015-09-30"
    assert find_phrases(ARABIC.splitlines()[1], "ar") == ["يوم الثلاثاء", "مساء الاثنين"]
    assert find_phrases("Der Minister sagte am Dienstag", "de") == []


def test_ids_from_russian_names_are_written_in_latin_letters() -> None:
    assert slug("Игорь Конашенков") == "igor-konashenkov"
    assert slug("Минобороны России") == "minoborony-rossii"
    assert slug("Щукин, Юрий Ёлкин") == "shchukin-yuriy-yolkin"


def _desk(root: Path) -> Path:
    return small_desk(
        root,
        "- id: konashenkov\n  name: Игорь Конашенков\n  kind: person\n",
        {"briefing": (RUSSIAN, "ru"), "monitor": (ARABIC, "ar")},
    )


def test_extract_reads_a_russian_article_and_says_which_languages_it_reads(
    tmp_path: Path,
) -> None:
    root = _desk(tmp_path)
    result = run_factdesk("extract", "briefing", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("published 2015-11-04, in Russian (ru)")
    assert lines[1] == (
        "extract reads statements and speakers in English (en) and Russian (ru), date phrases "
        "in Arabic (ar), English (en) and Russian (ru), casualty figures in English"
    )
    assert lines[2] == (
        "this article is in Russian (ru): extract did not look for its casualty figures"
    )
    assert "  date: 'во вторник' in an article published Wed 4 Nov 2015 → Tue 3 Nov 2015" in lines
    assert (
        "    speaker: официальный представитель Минобороны Игорь Конашенков -> konashenkov" in lines
    )
    written = sorted(p.name for p in (root / "content" / "claims").glob("*.yml"))
    assert "briefing-s2.yml" in written
    draft = (root / "content" / "claims" / "briefing-s2.yml").read_text(encoding="utf-8")
    assert "claimant: konashenkov" in draft and 'date: "во вторник"' in draft
    # "Удары продолжатся" has fewer words than a quote needs: its draft quotes the sentence.
    short = (root / "content" / "claims" / "briefing-s7.yml").read_text(encoding="utf-8")
    assert 'quote: "Удары продолжатся, сообщает ТАСС."' in short
    # The drafts check: their only warnings ask for the desk's English translation.
    check = run_factdesk("check", "--format", "json", cwd=root)
    problems = json.loads(check.stdout)
    assert [p for p in problems if p["severity"] == "error"] == []
    assert {p["code"] for p in problems} == {"FD045"}


@pytest.mark.parametrize("flag", [[], ["--format", "json"]])
def test_extract_says_plainly_what_it_did_not_look_for_in_arabic(
    tmp_path: Path, flag: list[str]
) -> None:
    root = _desk(tmp_path)
    result = run_factdesk("extract", "monitor", "--dry-run", *flag, cwd=root)
    assert result.returncode == 0, result.stderr
    if flag:
        report = json.loads(result.stdout)
        assert report["language"] == "ar"
        assert report["read"] == {"statements": False, "dates": True, "casualties": False}
        (sentence,) = report["sentences"]
        assert [d["date"] for d in sentence["dates"]] == ["2015-11-03", "2015-11-02"]
        assert sentence["statements"] == []
        return
    assert (
        "this article is in Arabic (ar): extract did not look for its statements and speakers "
        "or casualty figures"
    ) in result.stdout
    assert "  date: 'مساء الاثنين' in an article published Wed 4 Nov 2015 → Mon 2 Nov 2015" in (
        result.stdout.splitlines()
    )
