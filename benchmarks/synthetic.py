"""A synthetic desk of any size, for `make bench` and its test.

Takes a number of claims N and a folder; writes a complete site there: `content/site.yml` with a
rating scale, `content/entities.yml` (N/20 entities, at least 10), N/5 articles (a record in
`content/articles/` and its text in `seeds/`, about 40 sentences each), N claims, N/2 events and
N/20 contradictions, plus a `mkdocs.yml` with the repository's theme, extensions, nav and
plugins. Everything is drawn from the word lists below with one `random.Random(seed)`, so the
same N gives byte-identical files on every machine.

The site is made to check clean and to make the checker do its full work: every quote is a real
fragment of its article (half of them written with straight quotes where the article has
typographic ones), some dates are phrases ("on Wednesday") that occur in the article and are
read against its publication date, half the claims have a verdict with article-quote evidence,
and no two sentences anywhere are identical, so no quote is found by luck. All names, outlets
and places are invented; addresses use example.org.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20151007

TITLE = "Synthetic desk"
SITE_URL = "https://factdesk.example.org/"

FIRST_NAMES = (
    "Anna", "Boris", "Leila", "Omar", "Yusuf", "Maria", "Dmitri", "Hana", "Karim", "Sofia",
    "Pavel", "Nour", "Elena", "Tariq", "Irina", "Samir", "Olga", "Rami", "Vera", "Hassan",
    "Lina", "Nikolai", "Zeina", "Marek", "Aline", "Fadi", "Galina", "Jamal", "Katya", "Walid",
)  # fmt: skip
LAST_NAMES = (
    "Petrova", "Haddad", "Volkov", "Nasser", "Karimova", "Mansour", "Orlov", "Khalil",
    "Sokolova", "Darwish", "Lebedev", "Aziz", "Morozova", "Saleh", "Kuznetsov", "Rahman",
    "Belova", "Younes", "Zaitsev", "Farah", "Antonova", "Habib", "Gromov", "Issa", "Markova",
    "Qasim", "Tarasov", "Wehbe", "Yegorova", "Zidan",
)  # fmt: skip
COUNTRIES = ("Norland", "Estria", "Varania", "Kessland", "Orvenia", "Taluria", "Brenmark")
REGIONS = ("the northern province", "the coastal plain", "the eastern desert", "the river valley",
           "the central highlands", "the border districts", "the southern front")  # fmt: skip
PLACE_HEADS = ("Tal", "Kafr", "Deir", "Ain", "Jisr", "Khan", "Beit", "Ras", "Umm", "Bab",
               "Maarat", "Qasr", "Jabal", "Wadi")  # fmt: skip
PLACE_STEMS = ("Hamra", "Zeita", "Nabi", "Sharqi", "Abyad", "Tuma", "Sarmin", "Halfaya", "Latmin",
               "Kafra", "Taqba", "Qurain", "Masyaf", "Rastan", "Selmo", "Duma")  # fmt: skip
CITIES = ("Norgrad", "Port Estel", "Varanopol", "Kessburg", "Orvena", "Talun")
OUTLETS = (
    "The Northern Ledger", "Estria Press Agency", "Varania Today", "The Coastal Herald",
    "Orvenia Radio", "Kessland Wire", "The Daily Meridian", "The Frontier Courier",
    "Talun Evening Post", "Brenmark Broadcasting",
)  # fmt: skip
FORCES = ("the air force", "government troops", "coalition aircraft", "rebel fighters",
          "militia units", "artillery batteries", "naval vessels", "helicopter crews",
          "special forces", "armoured columns", "drone operators", "border guards")  # fmt: skip
STRUCK = ("struck", "shelled", "bombed", "targeted", "destroyed", "hit", "raided", "attacked",
          "damaged", "overran")  # fmt: skip
STRIKING = ("shelled", "probed", "pressed on", "bombarded", "encircled", "patrolled")
TARGETS = ("a fuel depot", "a command post", "an ammunition store", "a bridge", "a field hospital",
           "a school", "a market", "a training camp", "a water station", "a bakery",
           "a checkpoint", "a radar site", "a grain silo", "a power plant", "a convoy",
           "a telephone exchange", "a weapons workshop", "a supply road", "a rail yard",
           "an airfield")  # fmt: skip
TARGETS_PLURAL = ("fuel depots", "command posts", "ammunition stores", "bridges", "hospitals",
                  "schools", "markets", "training camps", "water stations", "bakeries",
                  "checkpoints", "radar sites", "grain silos", "power lines")  # fmt: skip
PEOPLE = ("civilians", "fighters", "soldiers", "children", "aid workers", "medics", "residents",
          "farmers", "students", "police officers")  # fmt: skip
HARMED = ("killed", "wounded", "displaced", "evacuated", "detained", "trapped")
NOISES = ("shelling", "bombardment", "gunfire", "air raid", "barrage", "fighting")
DURATIONS = ("about an hour", "most of the night", "several hours", "nearly two hours",
             "until dawn", "twenty minutes", "the whole afternoon")  # fmt: skip
DAMAGE = ("scorched ground", "collapsed roofs", "fresh craters", "burnt-out vehicles",
          "a destroyed warehouse", "debris across the road",
          "a breached perimeter wall")  # fmt: skip
GROUPS = ("armed groups", "the rebels", "foreign fighters", "the militia", "smugglers")
ADJECTIVES = ("baseless", "false", "fabricated", "absurd", "malicious", "unfounded")
FABRICATIONS = ("fabrications", "propaganda", "rumours", "inventions", "lies")
TOPICS = ("casualty figures", "strikes", "evacuation", "ceasefire talks", "aid deliveries",
          "detentions", "shelling", "supply routes")  # fmt: skip
DIRECTIONS = ("northern", "southern", "eastern", "western")
ATTACKS = ("air strikes", "artillery attacks", "drone strikes", "raids", "rocket attacks")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# Phrases that appear in article sentences; `DATE_PHRASES` are those dates.py can resolve, so
# claims and events may use them as their date.
OTHER_TIMES = ("overnight", "at dawn", "in recent days", "this week")
DESK = ("Desk editor", "Night editor", "Verification team", "Senior fact-checker")
TAGS = ("air strikes", "civilian casualties", "ground offensive", "humanitarian access",
        "infrastructure", "casualty figures", "displacement", "ceasefire")  # fmt: skip
ORG_KINDS = (
    ("government", "Ministry of Defence of {country}"),
    ("government", "Foreign Ministry of {country}"),
    ("military", "{country} General Staff"),
    ("military", "{country} Air Force"),
    ("monitor", "{country} Observatory for Human Rights"),
    ("monitor", "{country} Civil Defence"),
    ("organisation", "{country} Red Crescent"),
    ("organisation", "Doctors Aid {country}"),
    ("media", "{country} State Television"),
)
RATINGS = (
    ("accurate", "Accurate", "The claim is correct and nothing significant is missing.",
     "#1b5e20", True),
    ("mostly-accurate", "Mostly accurate", "The claim is correct but needs context.",
     "#00695c", True),
    ("misleading", "Misleading", "True elements are presented in a way that misleads.",
     "#c2410c", True),
    ("false", "False", "The evidence contradicts the claim.", "#8e0000", True),
    ("unproven", "Unproven", "The evidence can neither confirm nor refute the claim.",
     "#455a64", False),
)  # fmt: skip
SENTENCES_PER_ARTICLE = (36, 44)
FIRST_PUBLISHED = date(2015, 9, 1)


@dataclass(frozen=True, slots=True)
class Sizes:
    """How many of each record a synthetic site of `claims` claims holds."""

    claims: int
    articles: int
    entities: int
    events: int
    contradictions: int

    @classmethod
    def for_claims(cls, claims: int) -> Sizes:
        if claims < 5:
            raise ValueError("a synthetic site needs at least 5 claims (one article)")
        return cls(
            claims=claims,
            articles=claims // 5,
            entities=max(10, claims // 20),
            events=claims // 2,
            contradictions=claims // 20,
        )


@dataclass(slots=True)
class _Sentence:
    text: str
    # A claim can be made from it: who said it (entity id) and the claim in a few words.
    speaker: str | None = None
    gist: str = ""
    # A resolvable date phrase the sentence contains, e.g. "on Wednesday".
    phrase: str | None = None
    place: str = ""
    # The article's headline (sentence 1, marked as background): no quote may be found there.
    headline: str = ""


@dataclass(slots=True)
class _Article:
    id: str
    title: str
    outlet: str
    author: str
    published: date
    sentences: list[_Sentence] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # sentences per paragraph, headline apart


@dataclass(frozen=True, slots=True)
class _Entity:
    id: str
    name: str
    kind: str
    description: str
    affiliation: str | None


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str = "  ") -> str:
    """A YAML literal block scalar's body, for editor-written Markdown."""
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.split("\n"))


def _slug(text: str, words: int = 5) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words]) or "x"


def _plain(text: str) -> str:
    """Text as the checker compares a quote with an article: case and quotation marks aside."""
    return re.sub(r"[\"“”„«»'‘’]", "", text).casefold()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    def __init__(self, sizes: Sizes, seed: int) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.seen: set[str] = set()
        self.places = [f"{h} {s}" for h in PLACE_HEADS for s in PLACE_STEMS]
        self.entities: list[_Entity] = []
        self.articles: list[_Article] = []
        self.article_positions: dict[str, int] = {}
        self.claim_ids: list[str] = []
        self.event_ids: list[str] = []

    # --- entities ----------------------------------------------------------------------------

    def make_entities(self) -> None:
        rng = self.rng
        used: set[str] = set()
        organisations: list[_Entity] = []
        count = self.sizes.entities
        # About one organisation for every three people; people belong to one of them.
        organisation_count = max(4, count // 4)
        for index in range(count):
            if index < organisation_count:
                kind, pattern = ORG_KINDS[index % len(ORG_KINDS)]
                country = COUNTRIES[(index // len(ORG_KINDS)) % len(COUNTRIES)]
                name = pattern.format(country=country)
                rounds = index // (len(ORG_KINDS) * len(COUNTRIES))
                if rounds:
                    name = f"{name} ({REGIONS[rounds % len(REGIONS)]} office {rounds})"
                description = (
                    f"A {kind} body from {country}, cited in reports from {rng.choice(REGIONS)}."
                )
                affiliation = None
            else:
                kind = "person"
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                employer = rng.choice(organisations)
                role = rng.choice(("spokesman", "spokeswoman", "official", "commander", "analyst"))
                description = f"A {role} for the {employer.name}."
                affiliation = employer.id
            base = _slug(name, 8)
            entity_id, suffix = base, 2
            while entity_id in used:
                entity_id, suffix = f"{base}-{suffix}", suffix + 1
            used.add(entity_id)
            entity = _Entity(entity_id, name, kind, description, affiliation)
            self.entities.append(entity)
            if kind != "person":
                organisations.append(entity)

    def speaker(self) -> tuple[_Entity, str]:
        """An entity and how a sentence names it."""
        entity = self.rng.choice(self.entities)
        if entity.kind == "person":
            return entity, entity.name
        return entity, f"the {entity.name}"

    # --- sentences ---------------------------------------------------------------------------

    def time_phrase(self, published: date) -> tuple[str, str | None]:
        """A phrase for when something happened; the second value is set if it is a date."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            back = rng.randint(1, 6)
            day = WEEKDAYS[(published - timedelta(days=back)).weekday()]
            phrase = f"on {day}" + rng.choice(("", "", " morning", " night"))
            return phrase, phrase
        if roll < 0.7:
            return "yesterday", "yesterday"
        if roll < 0.8:
            return "last week", "last week"
        return rng.choice(OTHER_TIMES), None

    def count(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(("two", "three", "four", "five", "six", "seven", "eight", "nine"))
        return str(rng.randint(10, 480))

    def sentence(self, article: _Article) -> _Sentence:
        """One new sentence, never identical to any written before."""
        while True:
            made = self._sentence(article)
            if made.text not in self.seen:
                self.seen.add(made.text)
                return made

    def _sentence(self, article: _Article) -> _Sentence:
        rng = self.rng
        place, city = rng.choice(self.places), rng.choice(CITIES)
        force, verb, target = rng.choice(FORCES), rng.choice(STRUCK), rng.choice(TARGETS)
        time, phrase = self.time_phrase(article.published)
        entity, who = self.speaker()
        pick = rng.randrange(14)
        gist = f"{_cap(force)} {verb} {target} near {place}."
        if pick == 0:
            text = f"{_cap(who)} said {time} that {force} had {verb} {target} near {place}."
        elif pick == 1:
            count, people, harmed = self.count(), rng.choice(PEOPLE), rng.choice(HARMED)
            text = f"According to {who}, {count} {people} were {harmed} in {place} {time}."
            gist = f"{_cap(count)} {people} were {harmed} in {place}."
        elif pick == 2:
            text = (
                f"“{_cap(force)} {verb} {target} in {place} and the operation will continue,” "
                f"{who} told reporters in {city} {time}."
            )
        elif pick == 3:
            count, people, harmed = self.count(), rng.choice(PEOPLE), rng.choice(HARMED)
            text = (
                f"{article.outlet} could not independently verify the report of {count} "
                f"{people} {harmed} near {place}."
            )
            return _Sentence(text, place=place)
        elif pick == 4:
            text = (
                f"Residents of {place} said the {rng.choice(NOISES)} lasted "
                f"{rng.choice(DURATIONS)} and that {rng.choice(TARGETS_PLURAL)} were damaged."
            )
            return _Sentence(text, place=place)
        elif pick == 5:
            text = (
                f"Satellite images taken {time} show {rng.choice(DAMAGE)} at {target} outside "
                f"{place}."
            )
            return _Sentence(text, phrase=phrase, place=place)
        elif pick == 6:
            text = (
                f"{_cap(who)} denied {time} that {force} had {verb} {target} in {place}, calling "
                f"the reports “{rng.choice(ADJECTIVES)} {rng.choice(FABRICATIONS)}”."
            )
            gist = f"{_cap(force)} did not strike {target} in {place}."
        elif pick == 7:
            back = rng.randint(7, 20)
            since = article.published - timedelta(days=back)
            phrase = f"since {MONTHS[since.month - 1]} {since.day}"
            count, attacks = self.count(), rng.choice(ATTACKS)
            text = (
                f"{_cap(who)} said monitors had recorded {count} {attacks} across "
                f"{rng.choice(REGIONS)} {phrase}."
            )
            gist = f"There have been {count} {attacks} {phrase}."
            time = phrase
        elif pick == 8:
            count = self.count()
            text = (
                f"Maj. Gen. {rng.choice(LAST_NAMES)} of the {rng.choice(COUNTRIES)} General "
                f"Staff said {force} flew {count} sorties {time} and hit {target} near {place}."
            )
            gist = f"{_cap(force)} flew {count} sorties and hit {target}."
        elif pick == 9:
            text = (
                f"U.S. officials said {time} that they had seen no evidence that "
                f"{rng.choice(TARGETS_PLURAL)} in {place} were used by {rng.choice(GROUPS)}."
            )
            return _Sentence(text, phrase=phrase, place=place)
        elif pick == 10:
            text = (
                f"In {place}, {rng.choice(PEOPLE)} queued for bread as {force} "
                f"{rng.choice(STRIKING)} the {rng.choice(DIRECTIONS)} approaches to the town "
                f"{time}."
            )
            return _Sentence(text, phrase=phrase, place=place)
        elif pick == 11:
            count, people = self.count(), rng.choice(PEOPLE)
            text = (
                f"{_cap(who)} told {rng.choice(OUTLETS)} that the strike on {target} near "
                f"{place} {time} killed {count} {people}, a figure that could not be confirmed."
            )
            gist = f"A strike on {target} near {place} killed {count} {people}."
        elif pick == 12:
            text = (
                f"Footage shared online {time} appeared to show smoke rising over {place}, "
                f"although its date and location could not be verified."
            )
            return _Sentence(text, phrase=phrase, place=place)
        else:
            text = (
                f"{_cap(who)} has not responded to questions about the {rng.choice(TOPICS)} in "
                f"{place} {time}."
            )
            return _Sentence(text, phrase=phrase, place=place)
        return _Sentence(text, speaker=entity.id, gist=gist, phrase=phrase, place=place)

    # --- articles ----------------------------------------------------------------------------

    def make_articles(self) -> None:
        rng = self.rng
        count = self.sizes.articles
        span = max(30, count // 8)  # about eight articles a day on a large desk
        for index in range(count):
            outlet = OUTLETS[index % len(OUTLETS)]
            published = FIRST_PUBLISHED + timedelta(days=index * span // count)
            author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            article = _Article(f"{_slug(outlet, 3)}-{index + 1}", "", outlet, author, published)
            self.article_positions[article.id] = index
            total = rng.randint(*SENTENCES_PER_ARTICLE)
            body = [self.sentence(article) for _ in range(total)]
            lead = next((s for s in body if s.speaker), body[0])
            while True:
                gist = lead.gist.rstrip(".") or f"Fighting near {lead.place}"
                headline = f"{gist}, says {outlet} report {index + 1}"
                if headline not in self.seen:
                    break
                lead = rng.choice(body)
            self.seen.add(headline)
            for sentence in body:
                sentence.headline = headline
            article.title = headline
            article.sentences = [_Sentence(headline), *body]
            remaining = total
            while remaining:
                size = min(remaining, rng.randint(1, 4))
                article.paragraphs.append(size)
                remaining -= size
            self.articles.append(article)

    def article_text(self, article: _Article) -> str:
        lines = [article.sentences[0].text]
        at = 1
        for size in article.paragraphs:
            lines.append(" ".join(s.text for s in article.sentences[at : at + size]))
            at += size
        return "\n".join(lines) + "\n"

    def fragment(self, sentence: _Sentence) -> str:
        """Consecutive words of `sentence` as an editor would quote them."""
        rng = self.rng
        words = sentence.text.split(" ")
        headline = _plain(sentence.headline)
        for _ in range(20):
            length = min(len(words), rng.randint(6, 14))
            start = rng.randint(0, len(words) - length)
            quote = " ".join(words[start : start + length])
            # A fragment that the headline repeats would be found there first, in sentence 1,
            # which is background: the checker would rightly warn (FD166). Compared as the
            # checker compares quotes (case and quotation marks aside), or one slips through.
            if _plain(quote) not in headline:
                break
        else:
            quote = sentence.text  # the whole sentence is never the headline
        if rng.random() < 0.5:
            # Editors type straight quotes; the checker must normalise the article's curly ones.
            quote = quote.replace("“", '"').replace("”", '"')
        return quote

    # --- records -----------------------------------------------------------------------------

    def plan_ids(self) -> None:
        """Claim and event ids, fixed before any record is written so events can cite claims."""
        self.claim_sentences: list[tuple[_Article, int]] = []
        claims, articles = self.sizes.claims, self.sizes.articles
        per_article: dict[int, list[int]] = {}
        for index in range(claims):
            per_article.setdefault(index * articles // claims, []).append(index)
        for article_index in range(articles):
            article = self.articles[article_index]
            claimable = [n for n, s in enumerate(article.sentences) if s.speaker]
            wanted = len(per_article.get(article_index, ()))
            if len(claimable) < wanted:
                others = [n for n in range(1, len(article.sentences)) if n not in claimable]
                claimable += self.rng.sample(others, wanted - len(claimable))
            for number in self.rng.sample(claimable, wanted):
                self.claim_sentences.append((article, number))
        for index, (_article, number) in enumerate(self.claim_sentences):
            sentence = _article.sentences[number]
            self.claim_ids.append(f"{_slug(sentence.gist or sentence.text)}-{index + 1}")
        self.claims_of_article: dict[str, list[str]] = {}
        for (article, _number), claim_id in zip(self.claim_sentences, self.claim_ids, strict=True):
            self.claims_of_article.setdefault(article.id, []).append(claim_id)
        events, articles = self.sizes.events, self.sizes.articles
        self.event_articles = [self.articles[i * articles // events] for i in range(events)]
        self.event_sentences: list[int] = []
        for index, article in enumerate(self.event_articles):
            number = self.rng.randint(1, len(article.sentences) - 1)
            self.event_sentences.append(number)
            self.event_ids.append(
                f"{_slug(self.event_title(article.sentences[number]), 5)}-{index + 1}"
            )
        self.events_of_article: dict[str, list[str]] = {}
        for article, event_id in zip(self.event_articles, self.event_ids, strict=True):
            self.events_of_article.setdefault(article.id, []).append(event_id)
        self.event_index = {event_id: index for index, event_id in enumerate(self.event_ids)}

    @staticmethod
    def event_title(sentence: _Sentence) -> str:
        return (
            sentence.gist.rstrip(".")
            if sentence.gist
            else f"Fighting reported near {sentence.place}"
        )

    def date_for(self, article: _Article, sentence: _Sentence) -> str:
        """A claim's or event's date: the sentence's phrase when it has one, or explicit."""
        rng = self.rng
        if sentence.phrase is not None and rng.random() < 0.7:
            return sentence.phrase
        day = article.published - timedelta(days=rng.randint(0, 3))
        roll = rng.random()
        if roll < 0.1:
            return day.strftime("%Y-%m")
        if roll < 0.2:
            return "~" + day.isoformat()
        if roll < 0.3:
            return f"{(day - timedelta(days=2)).isoformat()}/{day.isoformat()}"
        return day.isoformat()

    def any_sentence(self, article: _Article) -> _Sentence:
        """A sentence of the body (never the headline)."""
        return article.sentences[self.rng.randint(1, len(article.sentences) - 1)]

    def other_article(self, article: _Article) -> _Article:
        if len(self.articles) == 1:
            return article
        while True:
            other = self.rng.choice(self.articles)
            if other is not article:
                return other

    def claim_yaml(self, index: int) -> str:
        rng = self.rng
        article, number = self.claim_sentences[index]
        sentence = article.sentences[number]
        claimant = sentence.speaker or rng.choice(self.entities).id
        text = sentence.gist or f"{sentence.place} was the scene of fighting."
        lines = [f"claim: {_q(text)}"]
        if len(text) > 75:
            lines.append(f"claim_short: {_q(text[:70].rsplit(' ', 1)[0] + ' …')}")
        lines += [
            f"claimant: {claimant}",
            f"date: {_q(self.date_for(article, sentence))}",
            "appearances:",
            f"  - article: {article.id}",
            f"    quote: {_q(self.fragment(sentence))}",
        ]
        lines.append(
            "tags: [" + ", ".join(_q(t) for t in rng.sample(TAGS, rng.randint(1, 2))) + "]"
        )
        if sentence.place:
            lines.append(f"location: {_q(sentence.place)}")
        if index % 2 == 0:
            lines += self.verdict_yaml(article)
        return "\n".join(lines) + "\n"

    def verdict_yaml(self, article: _Article) -> list[str]:
        rng = self.rng
        rating = RATINGS[rng.randrange(len(RATINGS))]
        reviewed = article.published + timedelta(days=rng.randint(5, 40))
        first, second = rng.choice(OUTLETS), rng.choice(OUTLETS)
        conclusion = f"{rating[1]}: the reports from {first} and {second} say otherwise."
        lines = [
            "verdict:",
            f"  rating: {rating[0]}",
            f"  conclusion: {_q(conclusion)}",
            "  explanation: "
            + _block(
                f"We compared the claim with **{rng.randint(2, 6)} reports** published within "
                f"a week of it.\n\n"
                f"- {rng.choice(OUTLETS)} placed the {rng.choice(NOISES)} elsewhere.\n"
                f"- Footage could not be matched to {rng.choice(self.places)}.",
                "    ",
            ).rstrip("\n"),
            "  evidence:",
        ]
        for _ in range(rng.randint(1, 2)):
            source = self.other_article(article)
            sentence = self.any_sentence(source)
            lines += [
                f"    - article: {source.id}",
                f"      quote: {_q(self.fragment(sentence))}",
                f"      note: {_q(f'{source.outlet} reports it differently.')}",
            ]
        lines += [f"  reviewer: {_q(rng.choice(DESK))}", f"  reviewed: {reviewed.isoformat()}"]
        if rng.random() < 0.1:
            previous = RATINGS[(RATINGS.index(rating) + 1) % len(RATINGS)]
            lines += [
                "  history:",
                f"    - date: {(reviewed + timedelta(days=3)).isoformat()}",
                f"      note: {_q('Re-rated after a second monitor published its count.')}",
                f"      previous_rating: {previous[0]}",
            ]
        return lines

    def event_yaml(self, index: int) -> str:
        rng = self.rng
        article = self.event_articles[index]
        sentence = article.sentences[self.event_sentences[index]]
        title = self.event_title(sentence)
        lines = [
            f"date: {_q(self.date_for(article, sentence))}",
            f"title: {_q(title)}",
            "description: "
            + _block(
                f"Reported by {article.outlet}; {rng.choice(('no', 'one', 'two'))} other "
                f"outlet(s) carried it the same day."
            ).rstrip("\n"),
            "sources:",
            f"  - article: {article.id}",
            f"    quote: {_q(self.fragment(sentence))}",
        ]
        # Another report of the event, published no earlier than the first (FD123): articles
        # are made in order of publication.
        position = self.article_positions[article.id]
        if rng.random() < 0.3 and position + 1 < len(self.articles):
            other = self.articles[rng.randrange(position + 1, len(self.articles))]
            lines += [
                f"  - article: {other.id}",
                f"    quote: {_q(self.fragment(self.any_sentence(other)))}",
            ]
        if sentence.place:
            lines.append(f"location: {_q(sentence.place)}")
        related = self.claims_of_article.get(article.id, [])
        if related:
            chosen = rng.sample(related, min(len(related), rng.randint(0, 2)))
            if chosen:
                lines.append("claims: [" + ", ".join(sorted(chosen)) + "]")
        involved = sorted({rng.choice(self.entities).id for _ in range(rng.randint(0, 2))})
        if involved:
            lines.append("entities: [" + ", ".join(involved) + "]")
        lines.append(
            "tags: [" + ", ".join(_q(t) for t in rng.sample(TAGS, rng.randint(1, 2))) + "]"
        )
        if self.is_confirmed(index):
            # A contradiction may be resolved only for a confirmed event, so every other event
            # carries the desk's confirmation, on an outside source of its own.
            lines += [
                "confirmed:",
                f"  by: {_q('Synthetic desk')}",
                f"  date: {article.published.isoformat()}",
                f"  basis: {_q(f'A second outlet besides {article.outlet} reported it.')}",
                "  evidence:",
                f"    - title: {_q(_cap(title))}",
                f"      url: https://example.org/confirmations/{self.event_ids[index]}",
                f"      note: {_q('An independent report of the same event.')}",
            ]
        return "\n".join(lines) + "\n"

    @staticmethod
    def is_confirmed(event_index: int) -> bool:
        return event_index % 2 == 0

    def contradiction_yaml(self, index: int) -> tuple[str, str]:
        rng = self.rng
        claim_index = index * self.sizes.claims // max(1, self.sizes.contradictions)
        claim_id = self.claim_ids[claim_index]
        article = self.claim_sentences[claim_index][0]
        events = self.events_of_article.get(article.id, [])
        if events and rng.random() < 0.7:
            other_kind, other_id = "event", rng.choice(events)
            label = "The report describes what happened"
        else:
            other_kind = "claim"
            other_id = self.claim_ids[(claim_index + 1) % len(self.claim_ids)]
            label = "Another claimant says otherwise"
        contradiction_id = f"conflict-{index + 1}-{_slug(claim_id, 4)}"
        place = article.sentences[self.claim_sentences[claim_index][1]].place or article.outlet
        # Resolved only in favour of an event the desk confirmed (a claim's random rating may
        # not uphold it); the others stay open.
        resolved = (
            index % 2 == 0
            and other_kind == "event"
            and self.is_confirmed(self.event_index[other_id])
        )
        lines = [
            f"title: {_q(f'Conflicting accounts of {place}')}",
            "sides:",
            f"  - claim: {claim_id}",
            f"    label: {_q('The claimant says it happened this way')}",
            f"  - {other_kind}: {other_id}",
            f"    label: {_q(label)}",
            "note: "
            + _block(
                f"The two accounts differ on **where** and **when**. {article.outlet} "
                f"published the first one."
            ).rstrip("\n"),
            f"status: {'resolved' if resolved else 'open'}",
        ]
        if resolved:
            lines.append(f"supported: {other_id}")
        lines.append("tags: [" + _q(rng.choice(TAGS)) + "]")
        return contradiction_id, "\n".join(lines) + "\n"

    def article_yaml(self, article: _Article) -> str:
        lines = [
            f"title: {_q(article.title)}",
            f"outlet: {_q(article.outlet)}",
            f"author: {_q(article.author)}",
            f"published: {article.published.isoformat()}",
            f"url: https://example.org/{_slug(article.outlet, 3)}/{article.id}",
            "language: en",
            f"text_file: seeds/{article.id}.txt",
            "background:",
            "  - sentences: [1]",
            "    reason: headline",
        ]
        return "\n".join(lines) + "\n"

    def entities_yaml(self) -> str:
        lines = []
        for entity in self.entities:
            lines += [
                f"- id: {entity.id}",
                f"  name: {_q(entity.name)}",
                f"  kind: {entity.kind}",
                f"  description: {_q(entity.description)}",
            ]
            if entity.affiliation:
                lines.append(f"  affiliation: {entity.affiliation}")
        return "\n".join(lines) + "\n"


def site_yml(sizes: Sizes) -> str:
    lines = [
        f"title: {_q(f'{TITLE} ({sizes.claims} claims)')}",
        f"description: {_q('Invented claims about an invented conflict, for benchmarks.')}",
        "publisher:",
        f"  name: {_q(TITLE)}",
        "  url: https://example.org/",
        f"site_url: {SITE_URL}",
        "language: en",
        "introduction: "
        + _block(
            f"A synthetic desk with {sizes.claims} claims, {sizes.articles} articles and "
            f"{sizes.events} events. Every name in it is invented."
        ).rstrip("\n"),
        "methodology: "
        + _block("Written by `benchmarks/synthetic.py` from word lists and a fixed seed.").rstrip(
            "\n"
        ),
        "rating_scale:",
    ]
    for rating_id, label, meaning, colour, scored in RATINGS:
        lines += [
            f"  - id: {rating_id}",
            f"    label: {_q(label)}",
            f"    meaning: {_q(meaning)}",
            f"    colour: {_q(colour)}",
        ]
        if not scored:
            lines.append("    scored: false")
    return "\n".join(lines) + "\n"


def mkdocs_yml(
    site_name: str,
    *,
    plugin: bool = True,
    docs_dir: str = "docs",
    site_url: str = SITE_URL,
    custom_dir: str | None = None,
) -> str:
    """The repository's mkdocs.yml for another site: same theme, extensions, nav and plugins.

    `plugin=False` gives the configuration for the plain Markdown tree that
    `factdesk build --out` writes: no factdesk plugin, and what the plugin would add named
    explicitly (its stylesheet and script, and its theme folder as `custom_dir`), so both builds
    make the same pages. MkDocs and Zensical both read it.
    """
    # No Material search: factdesk writes its own index (search/), with or without the plugin.
    plugins = "  - factdesk\n" if plugin else "  []\n"
    extra = (
        ""
        if plugin
        else "extra_css:\n  - assets/factdesk.css\nextra_javascript:\n  - assets/factdesk.js\n"
    )
    return _MKDOCS_YML.format(
        site_name=_q(site_name),
        site_url=site_url,
        docs_dir=_q(docs_dir),
        plugins=plugins,
        extra=extra,
        custom_dir=f"  custom_dir: {_q(custom_dir)}\n" if custom_dir else "",
    )


# Kept in step with the repository's mkdocs.yml (tests/test_bench.py compares them).
_MKDOCS_YML = """\
site_name: {site_name}
site_description: Invented claims about an invented conflict, for benchmarks.
site_url: {site_url}
docs_dir: {docs_dir}

theme:
  name: material
{custom_dir}  font: false
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.top
    - navigation.footer
    - content.tooltips
    - content.action.edit
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: deep purple
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: deep orange
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

plugins:
{plugins}
{extra}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true

nav:
  - Home: index.md
  - Timeline: timeline.md
  - Claims: claims/index.md
  - Contradictions: contradictions/index.md
  - Articles: articles/index.md
  - Entities: entities/index.md
  - Methodology: methodology.md
  - How to add a claim: how-to-add-a-claim.md

not_in_nav: |
  /claims/*
  /contradictions/*
  /articles/*
  /entities/*
  /assets/*

validation:
  nav:
    omitted_files: info
    not_found: warn
    absolute_links: warn
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_site(root: Path, claims: int, seed: int = SEED) -> Sizes:
    """Write a synthetic site of `claims` claims into `root` (replaced if it exists)."""
    sizes = Sizes.for_claims(claims)
    if root.exists():
        shutil.rmtree(root)
    writer = _Writer(sizes, seed)
    writer.make_entities()
    writer.make_articles()
    writer.plan_ids()
    content = root / "content"
    _write(content / "site.yml", site_yml(sizes))
    _write(content / "entities.yml", writer.entities_yaml())
    for article in writer.articles:
        _write(content / "articles" / f"{article.id}.yml", writer.article_yaml(article))
        _write(root / "seeds" / f"{article.id}.txt", writer.article_text(article))
    for index, claim_id in enumerate(writer.claim_ids):
        _write(content / "claims" / f"{claim_id}.yml", writer.claim_yaml(index))
    for index, event_id in enumerate(writer.event_ids):
        _write(content / "events" / f"{event_id}.yml", writer.event_yaml(index))
    for index in range(sizes.contradictions):
        contradiction_id, text = writer.contradiction_yaml(index)
        _write(content / "contradictions" / f"{contradiction_id}.yml", text)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    _write(root / "mkdocs.yml", mkdocs_yml(f"{TITLE} ({claims} claims)"))
    return sizes


def site_files(root: Path) -> Iterable[Path]:
    """Every file of a written site, in a stable order (for determinism checks)."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="write a synthetic factdesk site")
    parser.add_argument("claims", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    sizes = write_site(args.out, args.claims, args.seed)
    print(sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
