"""Killed and injured totals of one incident, from the size mentions of the sentences that tell it.

News reports count the same people again and again ("a man was shot Saturday ... the victim
died at the hospital ... Smith, 23, was pronounced dead"), so figures are summed only inside a
sentence, where different phrases name different people, and across sentences the largest
figure wins. People shot whose outcome is not given count as injured once the dead are taken
out: "two people were shot, one fatally" is one killed and one injured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tacitus.sizes.lexicon import load_lexicon
from tacitus.sizes.mentions import SizeMention


@dataclass(frozen=True)
class SentenceCount:
    """The people one sentence reports: dead, injured, shot with no outcome, and all of them."""

    dead: int
    injured: int
    hit: int
    total: int
    dead_zero: bool = False  # the sentence says nobody died
    injured_zero: bool = False  # the sentence says nobody was hurt
    perpetrators: int = 0  # of the dead, attackers ("killed himself", "including the gunman")


@dataclass(frozen=True)
class Totals:
    """Killed and injured in one incident, and the mentions behind them."""

    killed: int
    injured: int
    mentions: tuple[SizeMention, ...] = ()


def _count(m: SizeMention) -> int:
    value = m.min if m.min is not None else m.max
    return value or 0


_REFLEXIVES = ("himself", "herself", "themselves")


def sentence_count(mentions: Sequence[SizeMention]) -> SentenceCount:
    """Sum the dead, injured and hit people that one sentence names.

    Different phrases in one sentence name different people, except those that may point back
    to people named before: pronouns, definite descriptions ("the victim"), parts of a figure
    ("one fatally", "two of whom died"), incident nouns ("a double homicide", which only set a
    floor), a name said twice ("Dannielle Rangel ... Rangel") and "shot himself" after the
    person is named. The sentence's total is the largest of the people it names anew, its dead
    plus injured, its hit, and two floors: an incident noun that counts who was hit ("a quadruple
    shooting": four) and a victim numbered by an ordinal ("a fourth victim": four). Someone named
    or described definitely as injured may have died since ("a wounded Cormier ... Cormier
    died"), so counts as hit. Counts of a charge ("two counts of attempted murder") set a floor on
    the injured. Injured parts of a figure ("three others, two males and a female,
    were injured") are not added to it, nor is a figure told again with the same kind and count (a
    headline run into its lead: "4 SHOT ON ELM STREET ... after four people were shot").
    """
    lex = load_lexicon()
    perpetrators = 0
    incident_floor = 0
    hit_floor = 0
    charged = 0
    parts_injured = 0
    named_before = False
    described_before = False  # someone described anew: "a man", "his 4-year-old son"
    dead_zero = injured_zero = False
    surnames: set[str] = set()
    # names after a figure of their kind spell it out: "two of the victims, Monte Compton and
    # Donte Jefferson, were pronounced dead" names the same two people twice
    sums = {k: 0 for k in ("dead", "injured", "hit")}
    fresh = {k: 0 for k in ("dead", "injured", "hit")}
    figure_left = {k: 0 for k in ("dead", "injured", "hit")}
    added = 0
    figures_told: set[tuple[str, int]] = set()
    for m in mentions:
        if m.kind not in ("dead", "injured", "hit"):
            continue
        n = _count(m)
        if n > lex.max_incident_figure:
            continue  # a tally, not one incident (see max_incident_figure in data/sizes/kinds.yaml)
        if n == 0:
            dead_zero = dead_zero or m.kind == "dead"
            injured_zero = injured_zero or m.kind in ("injured", "hit")
            continue
        reflexive = m.text.lower() in _REFLEXIVES
        # "his 4-year-old son ... caused the boy to be sent to a hospital": a definite description
        # after someone described in the same sentence is that person again
        definite = m.form == "person" and m.anaphoric and not (m.partitive or m.additive) and n == 1
        if definite and described_before:
            continue
        if m.form == "pronoun" and not reflexive:
            if named_before:
                if m.kind == "dead":
                    sums["dead"] = max(sums["dead"], 1)
                continue
        if reflexive and named_before and m.kind != "dead":
            continue  # "a boy ... accidentally shot himself": the boy
        if m.form == "name":
            last = m.text.split()[-1].lower()
            if last in surnames:
                continue
            surnames.add(last)
        if m.partitive and m.kind == "hit":
            continue  # "one of the victims is in critical condition": part of a figure, no news
        if m.form == "figure" and not (m.additive or m.partitive) and (m.kind, n) in figures_told:
            continue  # "4 SHOT ON ELM STREET ... after four people were shot": a headline run into its lead
        if m.form == "figure":
            figures_told.add((m.kind, n))
        if m.form == "person":
            hit_floor = max([hit_floor] + [lex.ordinals.get(w, 0) for w in m.text.lower().split()])
        if m.form == "charge":
            charged = max(charged, n)  # "two counts of attempted murder": two hurt, counted again
            continue
        if m.form == "incident":
            if m.kind == "dead":
                incident_floor = max(incident_floor, n)  # "a fatal shooting": at least one dead
            else:
                hit_floor = max(hit_floor, n)  # "a quadruple shooting": four hit
            continue
        named_before = True
        described_before = described_before or (m.form == "person" and not m.anaphoric)
        points_back = m.partitive or m.form == "pronoun" or (m.anaphoric and m.form != "name")
        if m.kind == "dead":
            perpetrators += m.perpetrator * n + sum(
                g.count for g in m.subgroups if g.group.lower() in lex.perpetrators)
            kind = "dead"
        elif m.additive and not points_back:
            added += n  # "two others were shot": people besides the dead
            continue
        elif m.kind == "injured" and not (m.anaphoric and not m.partitive):
            kind = "injured"
        else:
            kind = "hit"
        if m.form == "figure":
            figure_left[kind] += n
        elif m.form == "name" and 0 < n <= figure_left[kind]:
            figure_left[kind] -= n
            continue
        if kind == "injured" and m.partitive:
            parts_injured += n
            continue
        sums[kind] += n
        if not points_back or reflexive:
            fresh[kind] += n
    dead = max(sums["dead"], incident_floor)
    injured = max(sums["injured"] + added, parts_injured, charged)
    hit = sums["hit"]
    new = sum(fresh.values()) + added
    total = max(new, dead + injured, hit, hit_floor)
    return SentenceCount(dead, injured, hit, total, dead_zero, injured_zero, min(perpetrators, dead))


def is_aggregate(sentence: str) -> bool:
    """True for a sentence whose figures are statistics over many incidents ("10,569 deaths since
    1999", "shot this year"); see ``aggregate_cues`` in data/sizes/kinds.yaml."""
    low = sentence.lower()
    return any(p.search(low) for p in load_lexicon().aggregate_cues)


def _role(m: SizeMention) -> str | None:
    """"attacker" for a person described as the attacker ("the suspect", "killed himself"), "officer"
    for a law officer ("a deputy"), else None (see ``perpetrators`` and ``law_officers`` in
    data/sizes/groups.yaml)."""
    lex = load_lexicon()
    words = set(m.text.lower().split())
    if m.perpetrator or words & lex.perpetrators:
        return "attacker"
    if words & lex.law_officers:
        return "officer"
    return None


def _differ(a: SizeMention, b: SizeMention) -> bool:
    """True when two descriptions of one person cannot be the same person: sex, age or role
    (attacker, law officer) differ."""
    role_a, role_b = _role(a), _role(b)
    return (a.gender is not None and b.gender is not None and a.gender != b.gender) or (
        a.age is not None and b.age is not None and a.age != b.age) or (
        role_a is not None and role_b is not None and role_a != role_b)


def _survivors_apart(sentences: Sequence[Sequence[SizeMention]]) -> int:
    """People described as shot or wounded who differ from every person described as dead.

    A story may tell the dead in one sentence and a survivor in another ("officers killed a
    woman ... the boy was wounded in the arm", "the suspect died ... the deputy who was shot is in
    stable condition"): no sentence gives both, and a wounded person may be the one who died
    later, unless the two descriptions differ in sex, age or role (:func:`_differ`)."""
    people = [m for ms in sentences for m in ms if m.form == "person" and m.count == 1 and not m.partitive]
    dead = [m for m in people if m.kind == "dead"]
    wounded = [m for m in people if m.kind in ("injured", "hit")]
    if not dead:
        return 0
    apart: list[SizeMention] = []
    for m in wounded:
        if all(_differ(m, d) for d in dead) and all(_differ(m, o) for o in apart):
            apart.append(m)
    return len(apart)


def incident_totals(sentences: Sequence[Sequence[SizeMention]]) -> Totals:
    """Killed and injured of one incident from the mentions of its sentences (one list each).

    Killed is the largest number of dead any sentence gives (an attacker's death told in a
    sentence of its own is not added: stories as often name the only dead a "suspect"); the
    people shot or hurt is the
    largest total any sentence gives; injured is the larger of the injured any sentence gives,
    the people hit less the killed, and the wounded told apart from the dead across sentences
    (:func:`_survivors_apart`).
    """
    counts = [sentence_count(ms) for ms in sentences]
    killed = max((c.dead for c in counts), default=0)
    injured = max((c.injured for c in counts), default=0)
    total = max((c.total for c in counts), default=0)
    injured = max(injured, total - killed, _survivors_apart(sentences))
    used = tuple(m for ms in sentences for m in ms if m.kind in ("dead", "injured", "hit"))
    return Totals(killed=killed, injured=injured, mentions=used)
