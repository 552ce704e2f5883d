"""A synthetic news stream for the clustering scale benchmark (bench/cluster_scale.py).

    python bench/gen_stream.py N [--seed 0] [--out stream.jsonl]

Invents a world (countries, towns with coordinates, armed groups, outlets, people) and a steady
flow of real-world events, then writes the coded articles that report them, in publication
order, as the coder would hand them to the store: an :class:`~tacitus.records.Article` with its
:class:`~tacitus.records.Event` records (date, place, figures, actors, attribution chain,
evidence sentence). Like a real feed:

- events happen at a constant rate per day, so a longer stream covers more days, not denser ones
  (100,000 articles are ten times the days of 10,000);
- a few towns get most of the news (towns are drawn with Zipf-like weights);
- an event gets one to many reports from different outlets, most within two days, some as
  follow-ups weeks later; some reports are syndicated copies of another (the same text with an
  outlet line and a sentence changed);
- every event has details (invented words) that its reports mention, each in sentences of its own
  made of a Zipf-distributed invented vocabulary, so that text similarity behaves as in news: the
  reports of one event share rare words, reports of different events mostly common ones;
- articles also report side events (arrests) and carry outlet lines.

Each article's ``external_id`` is ``"<true event id>:<report number>"``, so a benchmark can
score the clustering against the truth. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from tacitus.records import (
    Article,
    Attribution,
    CodedArticle,
    Entity,
    Event,
    Evidence,
    Place,
    Size,
    Span,
    When,
    article_id,
    event_id,
    to_export,
)

START = dt.date(2020, 1, 1)
EVENTS_PER_DAY = 60
#: Distinct pseudo-words of the invented language the stories are padded with (Zipf-distributed).
VOCABULARY = 30_000
COUNTRIES = ("MLI", "NGA", "IRQ", "SYR", "AFG", "COL", "MEX", "PHL", "SDN", "YEM", "SOM", "COD", "UKR", "PAK",
             "IND", "BRA", "USA", "LBY", "ETH", "MMR")
SYLLABLES = ("ka", "ra", "mo", "de", "lin", "tor", "sa", "bel", "ur", "an", "mi", "go", "ve", "zan", "tu", "el",
             "por", "ash", "di", "ne", "ko", "bar", "is", "ol", "quin", "fa", "ri", "so", "lem", "ta")
FIRST = ("Amina", "Omar", "Lucia", "Kofi", "Ravi", "Sofia", "Yusuf", "Elena", "Tariq", "Grace", "Mateo", "Leila",
         "Jamal", "Nadia", "Pedro", "Fatima", "Ivan", "Chen", "Aisha", "Diego", "Hana", "Samuel", "Zara", "Musa")
ROLES = ("a police spokesman", "a local official", "a military spokesman", "residents", "the health ministry",
         "a hospital doctor", "witnesses", "the interior ministry", "a security source", "the governor's office")
FILLER = ("The area has seen repeated violence in recent months.", "Traffic was diverted for several hours.",
          "Schools in the district remained closed on the following day.", "Officials promised an inquiry.",
          "The road links the town to the regional capital.", "Markets reopened in the afternoon.",
          "Aid groups said they were monitoring the situation.", "The town lies near a disputed border crossing.",
          "Local radio stations interrupted their programmes to report the news.",
          "Electricity was cut in several neighbourhoods.")


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class World:
    towns: tuple[Town, ...]
    town_weights: tuple[float, ...]
    groups: dict[str, tuple[str, ...]]
    outlets: tuple[str, ...]
    vocabulary: tuple[str, ...]  # pseudo-words, most frequent first
    cumulative: tuple[float, ...]  # Zipf weights of the vocabulary, accumulated (for fast drawing)

    def words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocabulary, cum_weights=self.cumulative, k=k)


def make_world(rng: random.Random) -> World:
    towns = []
    for country in COUNTRIES:
        clat, clon = rng.uniform(-30, 50), rng.uniform(-100, 120)
        for _ in range(25):
            towns.append(Town(_word(rng, 2) + rng.choice(("", "a", "burg", "pur", "abad", " Falls")), country,
                              round(clat + rng.uniform(-4, 4), 4), round(clon + rng.uniform(-4, 4), 4)))
    weights = tuple(1.0 / (i + 1) ** 0.8 for i in range(len(towns)))
    order = list(range(len(towns)))
    rng.shuffle(order)
    groups = {c: tuple(f"{_word(rng, 2)} {rng.choice(('Front', 'Brigade', 'Movement', 'Army', 'Militia'))}"
                       for _ in range(30)) for c in COUNTRIES}
    outlets = tuple(f"{_word(rng, 2)} {rng.choice(('Times', 'Post', 'Radio', 'Wire', 'Herald', 'News', 'TV'))}"
                    for _ in range(400))
    vocabulary = tuple(dict.fromkeys(_word(rng, rng.randint(2, 4)).lower() for _ in range(VOCABULARY)))
    cumulative = tuple(itertools.accumulate(1.0 / (i + 1) for i in range(len(vocabulary))))
    return World(tuple(towns[i] for i in order), weights, groups, outlets, vocabulary, cumulative)


@dataclass(frozen=True)
class RealEvent:
    id: str
    category: str
    day: dt.date
    town: Town
    street: str
    victims: tuple[str, ...]
    dead: int
    injured: int
    group: str
    speaker: str
    details: tuple[str, ...]  # what every report of this event mentions (a vehicle, a school, a nickname ...)


def _real_events(rng: random.Random, world: World) -> Iterator[RealEvent]:
    n = 0
    day = START
    while True:
        for _ in range(EVENTS_PER_DAY):
            cat = rng.choices(("ASSAULT", "PROTEST", "COERCE", "ACCUSE", "CONSULT"), (55, 15, 12, 10, 8))[0]
            town = rng.choices(world.towns, world.town_weights)[0]
            n += 1
            yield RealEvent(
                id=f"ev{n}", category=cat, day=day, town=town, street=f"{_word(rng, 2)} Street",
                victims=tuple(f"{rng.choice(FIRST)} {_word(rng, 3)}" for _ in range(rng.randint(1, 2))),
                dead=rng.choice((0, 1, 1, 2, 3, 5, 8, 12)), injured=rng.choice((0, 1, 2, 4, 6)),
                group=rng.choice(world.groups[town.country]), speaker=rng.choice(ROLES),
                details=tuple(world.vocabulary[rng.randint(300, len(world.vocabulary) - 1)] for _ in range(8)),
            )
        day += dt.timedelta(days=1)


#: Lead sentences per category, each with the word that triggers the event.
_LEADS = {
    "ASSAULT": (
        ("attacked", "Fighters of the {group} attacked {street} in {town} on {when}, killing {dead} people and "
                     "wounding {injured}, {speaker} said."),
        ("stormed", "Gunmen believed to belong to the {group} stormed a compound off {street} in {town} on {when}; "
                    "{speaker} put the dead at {dead}."),
        ("shelled", "{dead} people died and {injured} were hurt when the {group} shelled homes near {street}, "
                    "{town}, on {when}, according to {speaker}."),
        ("ambushed", "A convoy was ambushed outside {town} on {when}, leaving {dead} dead, and {speaker} blamed "
                     "the {group} for the raid on {street}."),
    ),
    "PROTEST": (
        ("protested", "Hundreds of people protested in {street} in {town} on {when} against the killing of "
                      "{victim}, {speaker} said."),
        ("marched", "Mourners marched from {street} to the governor's office in {town} on {when} demanding "
                    "justice for {victim}, {speaker} said."),
    ),
    "COERCE": (
        ("arrested", "Security forces arrested {victim} and four others in {street} in {town} on {when}, "
                     "{speaker} said."),
        ("detained", "{victim} was detained at a checkpoint on {street} in {town} on {when}, {speaker} said."),
    ),
    "ACCUSE": (
        ("accused", "The {group} accused the army of killing {victim} near {street} in {town} on {when}, "
                    "{speaker} said."),
    ),
    "CONSULT": (
        ("met", "Elders met leaders of the {group} in {town} on {when} to discuss the release of {victim}, "
                "{speaker} said."),
    ),
}


SIDE_EVENT = "Police later detained a suspect in {town}."


def _sentence(rng: random.Random, world: World, must: list[str]) -> str:
    words = world.words(rng, rng.randint(8, 16)) + must
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def _report_text(rng: random.Random, world: World, ev: RealEvent, outlet: str, follow_up: bool
                 ) -> tuple[str, str]:
    when = ev.day.strftime("%A")
    trigger, template = rng.choice(_LEADS[ev.category])
    lead = template.format(group=ev.group, street=ev.street, town=ev.town.name, when=when, dead=ev.dead,
                           injured=ev.injured, speaker=ev.speaker, victim=ev.victims[0])
    lead = lead[0].upper() + lead[1:]
    if follow_up:
        lead = f"Investigators are still looking into the events of {ev.day:%B} {ev.day.day} in {ev.town.name}. " + lead
    body = [lead, f"Among the victims was {', '.join(ev.victims)}, relatives told {outlet}."]
    if ev.category == "ASSAULT" and rng.random() < 0.3:
        body.append(SIDE_EVENT.format(town=ev.town.name))
    details = list(ev.details)
    rng.shuffle(details)
    kept = details[: rng.randint(4, 8)]  # each report tells some of the event's details, in its own words
    body += [_sentence(rng, world, kept[i::3]) for i in range(3)]
    body += rng.sample(FILLER, 2)
    body.append(f"{_word(rng, 3)} {_word(rng, 2)} contributed reporting for {outlet}.")
    return "\n\n".join(body), lead, trigger


def _event(article: Article, lead: str, ev: RealEvent, outlet: str, rng: random.Random, *, category: str,
           trigger: str, dated: bool) -> Event:
    start = article.text.index(lead)
    t0 = article.text.index(trigger, start)
    town = ev.town
    sizes = []
    if category == "ASSAULT":
        sizes = [Size(kind="dead", min=ev.dead, max=ev.dead, text=str(ev.dead)),
                 Size(kind="injured", min=ev.injured, max=ev.injured, text=str(ev.injured))]
    actor = (Entity(text=ev.group, name=ev.group, country=town.country, sector="REB", kind="group"),)
    return Event(
        id=event_id(article.id, t0, category), article_id=article.id, category=category, status="occurred",
        actor=actor, when=When(value=ev.day.isoformat(), precision="day") if dated else
        When(value=article.published, precision="unknown"),
        where=Place(text=town.name, name=town.name, lat=town.lat, lon=town.lon, country=town.country,
                    precision="city"),
        sizes=tuple(sizes), attribution=(Attribution(speaker=ev.speaker, kind="official", cue="said"),
                                         Attribution(speaker=outlet, kind="publisher")),
        evidence=Evidence(sentence=lead, sentence_start=start, sentence_end=start + len(lead),
                          trigger=Span(t0, t0 + len(trigger), trigger)),
        published=article.published, publisher=outlet,
    )


def stream(n_articles: int, seed: int = 0) -> Iterator[CodedArticle]:
    """``n_articles`` coded articles of a synthetic stream, in publication order."""
    rng = random.Random(seed)
    world = make_world(rng)
    pending: list[tuple[dt.date, int, CodedArticle]] = []  # heap of reports waiting for their publication day
    made = 0
    counter = 0
    current = START
    for ev in _real_events(rng, world):
        if ev.day > current:  # publish everything due before the new day
            while pending and pending[0][0] < ev.day:
                yield heapq.heappop(pending)[2]
                made += 1
                if made >= n_articles:
                    return
            current = ev.day
        k = 1 + min(int(rng.expovariate(1 / 1.5)), 12)
        first_text = None
        for r in range(k):
            follow_up = rng.random() < 0.1 and r > 0
            lag = rng.randint(5, 60) if follow_up else rng.choice((0, 0, 1, 1, 2))
            outlet = rng.choice(world.outlets)
            published = ev.day + dt.timedelta(days=lag)
            if first_text is not None and rng.random() < 0.15:  # a syndicated copy of the first report
                text, lead, trigger = first_text
                text = text + f"\n\nThis report was distributed to subscribers of {outlet}."
            else:
                text, lead, trigger = _report_text(rng, world, ev, outlet, follow_up)
                first_text = first_text or (text, lead, trigger)
            article = Article(id=article_id(text), text=text, title=lead[:60], published=published.isoformat(),
                              source=outlet, language="en", origin="synthetic", external_id=f"{ev.id}:{r}")
            events = [_event(article, lead, ev, outlet, rng, category=ev.category, trigger=trigger,
                             dated=rng.random() < 0.7)]
            side = SIDE_EVENT.format(town=ev.town.name)
            if side in text:
                events.append(_event(article, side, ev, outlet, rng,
                                     category="COERCE", trigger="detained", dated=False))
            counter += 1
            heapq.heappush(pending, (published, counter, CodedArticle(article=article, events=tuple(events))))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="-", help="JSONL file (default: stdout)")
    args = ap.parse_args(argv)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for coded in stream(args.n, args.seed):
            row = {"article": to_export(coded.article), "events": [to_export(e) for e in coded.events]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
