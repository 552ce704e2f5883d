"""The date of one event: the temporal expression tied to its trigger, never the publication date.

:func:`event_when` takes a :class:`~tacitus.document.DocContext` (whose ``timexes`` hold the
output of :func:`~tacitus.timex.find_timexes` for the article) and a
:class:`~tacitus.document.Trigger`, and returns a :class:`~tacitus.records.When` plus a
``historical`` flag.

How the expression is chosen (with a parse):

1. an expression inside the trigger's own subtree ("the attack *in April last year*", "police
   *on Monday* arrested ..."), unless the path to it leaves the trigger's clause through another
   clause (a reported statement, a relative clause about something else, "after he ...");
2. otherwise one attached to a word that governs the trigger within the same clause chain: the
   verb of a nominal trigger ("carried out raids *on Monday*"), a verb the trigger is coordinated
   with, is the infinitive of, or is a participle or a "when" clause of ("attacked the camp *in April*,
   killing 26"; "came under attack *in April last year* when 26 were killed"). The walk up stops at a reporting verb ("said", "told") and at
   clause boundaries, so "police *said on Monday* that gunmen had attacked" does not date the
   attack to Monday;
3. otherwise no date: ``When(value=published, precision="unknown")``. Without a parse
   (``ctx.doc`` is None) nothing can be tied to the trigger, so there is no date either: tacitus
   does not guess an event date from proximity alone.

Only DATE expressions count, plus TIME expressions whose value names a calendar day ("Thursday
night" -> that Thursday); durations, sets and PRESENT_REF/PAST_REF are never event dates.

``historical`` rule: the whole period the date denotes ends more than :data:`HISTORICAL_DAYS`
days before the publication date ("April last year" in a report of 26 April 2012; "on 2 April"
in a report of 26 April; not "last week", not "yesterday", not "this year"). Without a
publication date, or without an event date, an event is not marked historical.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tacitus.records import When
from tacitus.timex import calendar as cal
from tacitus.timex.find import Timex, parse_published
from tacitus.timex.state import REPORTING_LEMMAS, governor

#: An event is historical when its date ends more than this many days before publication.
HISTORICAL_DAYS = 7

#: Dependency labels that start a clause of its own.
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis"})
#: Dependency labels a walk up from the trigger may follow while staying in the same event.
_SAME_EVENT_DEPS = frozenset({
    "conj", "xcomp", "dobj", "nsubj", "nsubjpass", "pobj", "prep", "compound", "attr", "appos",
    "oprd", "npadvmod", "dative", "agent", "acomp", "amod", "nmod", "poss",
})

#: Dependencies of a date that modifies a noun ("a 2019 fraud") rather than the event.
_NOUN_MODIFIER_DEPS = frozenset({"nummod", "amod", "compound", "poss", "nmod"})
#: Subordinators of a clause that happens at the same time as the one it modifies.
_SAME_TIME_MARKS = frozenset({"when", "as", "while", "whilst", "whereupon"})

_USABLE_PRECISIONS = {"day", "month", "year"}
_FULL_DAY = re.compile(r"^(\d{4}|XXXX)-(\d{2}|XX)-(\d{2}|XX)")


def when_from_timex(t: Timex) -> When | None:
    """A :class:`When` for a temporal expression usable as an event date, else None.

    Precision is the finest of day/month/year whose unit contains the whole period: a week
    inside one month is "month", a quarter or a season is "year"; decades and centuries are too
    coarse to be an event date and give None.
    """
    if t.type == "TIME":
        m = _FULL_DAY.match(t.value)
        if not m:
            return None
        return When(value=m.group(0), precision="day", text=t.text, start=t.start, end=t.end)
    if t.type != "DATE" or not t.value[:1].isdigit() and not t.value.startswith("XXXX"):
        return None
    if "T" in t.value and (m := _FULL_DAY.match(t.value)):  # "Friday night": a DATE with a part of the day
        return When(value=m.group(0), precision="day", text=t.text, start=t.start, end=t.end)
    span = cal.span_of(t.value)
    if span is None:
        # underspecified ("XXXX-04", "XXXX-XX-XX" without a publication date)
        if t.precision in _USABLE_PRECISIONS:
            return When(value=t.value, precision=t.precision, text=t.text, start=t.start, end=t.end)
        return None
    first, last = span
    if first == last:
        precision = "day"
    elif (first.year, first.month) == (last.year, last.month):
        precision = "month"
    elif first.year == last.year:
        precision = "year"
    else:
        return None
    return When(value=t.value, precision=precision, text=t.text, start=t.start, end=t.end)


def is_historical(when: When, published: str | None) -> bool:
    """True when the event's date ends more than :data:`HISTORICAL_DAYS` days before ``published``."""
    pub = parse_published(published)
    if pub is None or when.precision == "unknown" or not when.value:
        return False
    span = cal.span_of(when.value)
    if span is None:
        return False
    return span[1] < pub - dt.timedelta(days=HISTORICAL_DAYS)


def event_when(ctx: Any, trigger: Any) -> tuple[When, bool]:
    """The event's own date and whether it is historical.

    Takes a :class:`~tacitus.document.DocContext` and a :class:`~tacitus.document.Trigger`;
    returns ``(When, historical)``. Without a date for the event: ``When(value=published,
    precision="unknown")`` and ``historical`` False.
    """
    published = ctx.article.published
    fallback = When(value=published, precision="unknown")
    usable = [(t, w) for t in ctx.timexes if (w := when_from_timex(t)) is not None]
    if not usable:
        return fallback, False
    doc = ctx.doc
    chosen = _choose_with_parse(doc, trigger, usable) if doc is not None else None
    if chosen is None:
        return fallback, False
    return chosen, is_historical(chosen, published)


def _choose_with_parse(doc: Any, trigger: Any, usable: list[tuple[Timex, When]]) -> When | None:
    if not 0 <= trigger.token < len(doc):
        return None
    tok = doc[trigger.token]
    sent = tok.sent
    governors = _governing_chain(tok)
    best: tuple[tuple[int, int, int], When] | None = None
    for t, w in usable:
        if t.start < sent.start_char or t.end > sent.end_char:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        score = _tie(span, tok, governors)
        if score is None:
            continue
        key = (score[0], score[1], abs(t.start - trigger.start))
        if best is None or key < best[0]:
            best = (key, w)
    return best[1] if best else None


def _governing_chain(tok: Any) -> list[Any]:
    """Words above the trigger that still belong to its event: followed up through coordination,
    infinitives and a nominal trigger's own verb; stopping at clause boundaries and reporting verbs."""
    chain = []
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            break
        if cur.dep_ not in _SAME_EVENT_DEPS and not _same_time_clause(cur):
            break
        head = cur.head
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in REPORTING_LEMMAS:
            break
        chain.append(head)
        cur = head
    return chain


def _timex_heads(span: Any) -> list[Any]:
    """Tokens of the expression whose syntactic head lies outside it."""
    heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    return heads or [span.root]


def _governor(head: Any) -> Any:
    """The content word an expression hangs from (see :func:`tacitus.timex.state.governor`)."""
    return governor(head)


def _tie(span: Any, trigger: Any, governors: list[Any]) -> tuple[int, int] | None:
    """How strongly an expression is tied to the trigger: (rank, distance), lower is closer."""
    best = None
    for h in _timex_heads(span):
        # 1. inside the trigger's subtree, without crossing into another clause
        path = []
        cur = h
        inside = False
        for _ in range(12):
            if cur.i == trigger.i:
                inside = True
                break
            if cur.head.i == cur.i:
                break
            path.append(cur)
            cur = cur.head
        if inside and _path_stays_in_event(path[1:] if path else [], trigger):
            score = (0, len(path))
        else:
            g = _governor(h)
            score = None
            if g.i == trigger.i:
                score = (0, 1)
            elif g.i in [x.i for x in governors]:
                score = (1, [x.i for x in governors].index(g.i))
        if score is not None and h.dep_ in _NOUN_MODIFIER_DEPS and h.head.i != trigger.i:
            # "a 2019 bank fraud", "the 1990s war": a date describing a participant, not the event
            score = (score[0] + 2, score[1])
        if score is not None and (best is None or score < best):
            best = score
    return best


def _path_stays_in_event(path: list[Any], trigger: Any) -> bool:
    """False when a word on the path (from the expression up to, not including, the trigger) is a
    reporting verb or heads a clause about another event."""
    for node in path:
        if node.pos_ not in ("VERB", "AUX"):
            continue
        if node.lemma_.lower() in REPORTING_LEMMAS:
            return False
        if node.dep_ in _CLAUSE_DEPS:
            if node.head.i == trigger.i and trigger.pos_ in ("NOUN", "PROPN") and node.dep_ in ("relcl", "acl"):
                continue  # "the attack that killed 26 in April": the clause describes the trigger
            if _same_time_clause(node):
                continue
            return False
    return True


def _same_time_clause(verb: Any) -> bool:
    """An adverbial clause that happens at the time of the clause it modifies: a participle
    ("attacked the camp, killing 26") or a "when"/"as"/"while" clause ("in April, when 26 were
    killed"); not "after", "before", "because", "if"."""
    if verb.dep_ != "advcl":
        return False
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    advmods = [c.lower_ for c in verb.children if c.dep_ == "advmod" and c.i < verb.i]
    if not marks:
        return verb.tag_ == "VBG" or "when" in advmods or "while" in advmods
    return all(m in _SAME_TIME_MARKS for m in marks)
