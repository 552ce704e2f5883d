"""Attach size mentions to an event, and turn them into :class:`tacitus.records.Size` records.

A figure belongs to an event when it sits in the event's clause, in a clause subordinate to it
("MEK came under attack ... when at least 26 members were killed"), in a clause the event's own
clause hangs from ("three were killed when a bomb exploded"), or, for an event that is done
rather than said, in one of the next sentences that go on telling the same incident. A clause joined with its own subject by "and" or "while"
is another event ("a bomb killed 12 in Baghdad, while in Mosul gunmen shot dead three").
"""

from __future__ import annotations

from types import MappingProxyType

from tacitus.document import DocContext, Trigger
from tacitus.nlp.arrays import arrays
from tacitus.records import SIZE_KINDS, Size
from tacitus.sizes.mentions import SizeMention, sentence_mentions

#: Kinds of figure each event category can carry; categories not listed take every kind.
CATEGORY_KINDS = MappingProxyType({
    "ASSAULT": ("dead", "injured", "hit", "displaced"),
    "PROTEST": ("crowd", "dead", "injured", "hit", "arrested"),
    "MOBILIZE": ("crowd",),
    "COERCE": ("arrested", "dead", "injured", "hit", "displaced"),
    "RETREAT": ("displaced",),
    "AID": ("displaced",),
})
#: Categories of things said (statements, demands, threats, agreements): their figures are the
#: ones in their own clause ("demanded the release of 40 detainees"), never those of the next
#: sentences, which tell the incident the statement is about ("Pakistan declined to comment. ...
#: more than 80 members of the security forces were killed").
OWN_SENTENCE_ONLY = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
#: Subordinate clauses with their own subject that still tell the same event, by their marker.
SAME_EVENT_MARKERS = frozenset({"when", "as", "after", "because", "since", "before", "until", "where",
                                "once", "leaving", "killing", "wounding", "who", "which", "that"})
#: Words that open another incident: figures after them are not the event's.
SEPARATORS = ("separately", "in a separate", "in another", "elsewhere", "meanwhile", "in an unrelated",
              "earlier this", "last year", "last month", "in a similar", "also on", "in a second")
FOLLOWING_SENTENCES = 2


def _clause_head(tok):
    """The nearest token at or above ``tok`` that heads a clause (a verb with a subject, or the root)."""
    while True:
        if tok.head.i == tok.i:
            return tok
        if (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and any(
            c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children
        ):
            return tok
        tok = tok.head


def _marker(clause) -> str | None:
    for c in clause.children:
        if c.dep_ in ("mark", "advmod") and c.i < clause.i:
            return c.lower_
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which", "that"):
            return c.lower_
    return None


def _agentive(clause) -> bool:
    """True for a clause whose subject does something to an object: "gunmen shot dead three"."""
    return any(c.dep_ == "nsubj" for c in clause.children) and any(
        c.dep_ in ("dobj", "attr") for c in clause.children
    )


def _reaches(low, high) -> bool:
    """True when clause ``low`` hangs from clause ``high`` through links that keep the same event.

    A clause joined by "and" (conj) or by a contrastive marker ("while", "whereas") whose
    subject acts on an object is another event; passive and intransitive clauses ("another man
    was wounded", "two others died") go on telling the same one.
    """
    tok = low
    while tok.i != high.i:
        if tok.head.i == tok.i:
            return False
        if _agentive(tok) and (
            tok.dep_ == "conj" or (tok.dep_ == "advcl" and _marker(tok) not in SAME_EVENT_MARKERS)
        ):
            return False
        tok = tok.head
    return True


def linked(figure_token, trigger_token) -> bool:
    """True when a figure's cue word and an event trigger belong to the same event (same sentence)."""
    if figure_token.sent.start != trigger_token.sent.start:
        return False
    a = _clause_head(figure_token)
    t = _clause_head(trigger_token)
    if a.i == t.i:
        return True
    return _reaches(a, t) or _reaches(t, a)


def _starts_new_incident(text: str) -> bool:
    text = text.lower()
    return any(s in text for s in SEPARATORS)


def attached_mentions(ctx: DocContext, trigger: Trigger) -> list[SizeMention]:
    """The size mentions that belong to ``trigger``'s event, in text order.

    Only the trigger's sentence and the few after it are read (:func:`sentence_mentions`), not
    the whole document."""
    doc = ctx.doc
    a = arrays(doc)
    t = doc[trigger.token]
    allowed = CATEGORY_KINDS.get(trigger.category)
    number = a.sent[trigger.token]
    out = [
        m for m in sentence_mentions(doc, number)
        if (allowed is None or m.kind in allowed) and linked(doc[m.head], t)
    ]
    following = 0 if trigger.category in OWN_SENTENCE_ONLY else FOLLOWING_SENTENCES
    for k in range(number + 1, min(number + 1 + following, len(a.sents))):
        if _starts_new_incident(a.span_text(*a.sents[k])):
            break
        out.extend(m for m in sentence_mentions(doc, k) if allowed is None or m.kind in allowed)
    return out


def to_sizes(mentions: list[SizeMention]) -> tuple[Size, ...]:
    """Size records for the mentions of one event.

    People counted again ("the man", "he") are dropped where a figure of the same kind exists;
    a "hit" figure (shot, outcome not given) becomes injured after taking out the dead; zero
    figures ("no one was injured") are kept only when no other figure of their kind is; figures
    that differ are kept side by side, never averaged.
    """
    numbered = {m.kind for m in mentions if not m.anaphoric and (m.count or 0) > 0}
    kept = [m for m in mentions if not (m.anaphoric and m.kind in numbered)]
    dead = max((m.count or 0 for m in kept if m.kind == "dead"), default=0)
    out: list[Size] = []
    seen: set[tuple] = set()
    for m in kept:
        kind = m.kind
        lo, hi = m.min, m.max
        if kind == "hit":
            kind = "injured"
            lo = lo - dead if lo is not None else None
            hi = hi - dead if hi is not None else None
            if (hi is not None and hi <= 0) or (lo is not None and lo <= 0 and hi is None):
                continue
        if kind not in SIZE_KINDS:
            continue
        if (lo, hi) == (0, 0) and any(
            k.kind == m.kind and (k.count or 0) > 0 for k in kept
        ):
            continue
        key = (kind, lo, hi, m.source)
        if key in seen:
            continue
        seen.add(key)
        out.append(Size(
            kind=kind, min=lo, max=hi, text=m.text, qualifier=m.qualifier, subgroups=m.subgroups,
            affiliation=m.affiliation, source=m.source, start=m.start, end=m.end,
        ))
    return tuple(out)


def event_sizes(ctx: DocContext, trigger: Trigger) -> tuple[Size, ...]:
    """The figures of ``trigger``'s event: dead, injured, arrested, displaced and crowd sizes.

    Takes the article's ``DocContext`` (its parsed ``doc``) and a trigger; returns Size records
    in text order, with character offsets into the article text.
    """
    return to_sizes(attached_mentions(ctx, trigger))


