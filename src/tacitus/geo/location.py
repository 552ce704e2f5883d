"""The event's own location: the place tied to the trigger, not every place the story names.

Order of preference:

1. a place in the trigger's clause: attached to the trigger (or its noun) by a locative preposition
   ("attacked in Camp Ashraf", "fighting near Baghdad airport", "marched through Salonika"), or the
   object or passive subject of an event that takes places ("captured Goma", "Gaza was shelled"; the
   object of "killed" or "shot" is a person, whatever its name), or the place of an event noun on
   the way to the trigger ("during the occupation of Latvia"); the nearest and most specific such
   place in the parse wins (a town over its country);
2. failing that, a place in the same sentence introduced by a locative preposition;
3. failing that, the article's dateline.

Places inside an actor's description ("a driver from Abidjan"), demonyms, metonyms that act as
actors ("Tehran said") and countries that modify a noun ("a U.S. airstrike") are never the
event's location.
"""

from __future__ import annotations

import dataclasses
import re

from tacitus.document import DocContext, Trigger
from tacitus.geo.toponyms import Toponym
from tacitus.records import Place

_LOCATIVE = frozenset(["in", "at", "near", "outside", "inside", "on", "across", "throughout", "around", "along", "onto", "off", "within", "beside", "behind", "outskirts", "through", "over", "via", "between", "amid"])
_OBJECT_SCORE = 4.0  # the object of an event that takes places
_SUBJECT_PENALTY = 1.0  # a place inside the description of the subject
_DEPTH_PENALTY = 0.0  # per step beyond three between the place and the trigger
_PLACE_NOUNS = frozenset(["town", "city", "village", "province", "district", "region", "area", "neighbourhood", "neighborhood", "suburb", "capital", "state", "county", "municipality", "camp", "port", "border", "outskirts", "centre", "center", "heart", "part", "sector", "zone", "quarter", "governorate", "valley", "island", "coast", "road", "street", "highway", "hamlet", "settlement", "enclave", "stronghold", "base"])
_NOT_PLACES = frozenset({"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL",
                         "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE", "PERCENT", "QUANTITY"})
#: Among places equally tied to the trigger, the more specific one is the event's location.
_SPECIFICITY = {"site": 0.6, "city": 0.6, "admin1": 0.3, "country": 0.0, None: 0.3}
_CLAUSE_BREAKS = frozenset({"ccomp", "relcl", "acl", "parataxis", "csubj"})


def _root(doc, t: Toponym):
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None else None


def _path_to(tok, trigger_tok, limit: int = 14):
    """The tokens from ``tok`` up to ``trigger_tok`` (exclusive), or None if the trigger is not above."""
    path = []
    cur = tok
    for _ in range(limit):
        if cur.i == trigger_tok.i:
            return path
        if cur.head.i == cur.i:
            return None
        path.append(cur)
        cur = cur.head
    return None


#: Events whose object (or passive subject) can be a place: "captured Goma", "Gaza was shelled".
#: The object of "killed", "shot" or "arrested" is a person, whatever its name.
_PLACE_OBJECT_EVENTS = frozenset(["capture", "recapture", "seize", "retake", "take", "storm", "overrun", "liberate",
                                  "free", "occupy", "invade", "besiege", "encircle", "surround", "shell", "bomb",
                                  "bombard", "raid", "attack", "hit", "strike", "target", "enter", "reach", "control",
                                  "secure", "patrol", "visit", "tour", "evacuate", "flood", "rock", "destroy",
                                  "damage", "blockade", "siege", "annex", "march", "cross", "flee", "leave",
                                  "abandon", "defend", "hold", "clear", "sweep", "search", "besieged"])


def _clause_score(path, own: frozenset = frozenset()) -> tuple[float, str] | None:
    """Score a dependency path from a toponym (whose tokens are ``own``) up to the trigger:
    (score, reason), or None.

    4: attached by a locative preposition, or the object (passive subject) of an event that takes
    places ("captured Jaffna", "the village of X was shelled"); 2: "to", "into". Crossing into a
    coordinated or adverbial clause costs 1, each step deeper than a phrase a little; crossing into
    a relative or reported clause, or through an origin ("a driver from X") rules the place out."""
    if not path:
        return None
    prep = None
    penalty = _DEPTH_PENALTY * max(0, len(path) - 3)
    for k, tok in enumerate(path):
        if tok.dep_ in _CLAUSE_BREAKS:
            return None
        if tok.dep_ in ("conj", "advcl", "xcomp"):
            penalty += 1.0
        if tok.dep_ in ("prep", "agent"):
            if tok.lower_ == "from" and any(t.dep_ in ("nsubj", "nsubjpass", "dobj", "appos") for t in path[k + 1:]):
                return None  # origin of an actor or victim
            if prep is None or (prep not in _LOCATIVE and tok.lower_ in _LOCATIVE):
                prep = tok.lower_
    top = path[-1]
    first = path[0]
    if first.dep_ in ("compound", "amod", "nmod", "poss") and any(
            c.dep_ in ("prep", "compound") and c.i not in own and c.i != first.i
            and c.ent_type_ in ("GPE", "LOC", "FAC", "") and (c.lower_ == "of" or c.pos_ == "PROPN")
            for c in first.head.children):
        penalty += 1.0  # "the Baghdad neighbourhood of Al-Bayaa", "Syria's Aleppo province"
    elif first.dep_ == "poss":
        penalty += 0.3
    if prep is not None and any(t.dep_ in ("nsubj", "nsubjpass") for t in path[1:]):
        penalty += _SUBJECT_PENALTY  # inside the description of the subject ("an officer with a brigade in X")
    takes_places = top.head.lemma_.lower() in _PLACE_OBJECT_EVENTS
    if prep in (None, "of") and _names_an_event(first, path):
        return 4.0 - 0.5 - penalty, "clause: place of an event noun"
    if prep is None:
        if not takes_places:
            return None
        if first.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and len(path) == 1:
            return _OBJECT_SCORE - penalty, f"clause: {first.dep_}"
        if (first.dep_ in ("dobj", "nsubjpass") and len(path) == 2 and path[1].pos_ in ("VERB", "AUX")
                and path[1].dep_ in ("conj", "advcl", "xcomp")):
            return _OBJECT_SCORE - penalty, f"clause: {first.dep_}"  # "when Hamas overran Gaza, it captured ..."
        if top.dep_ in ("dobj", "nsubjpass") and first.dep_ in ("appos", "conj", "poss", "compound") and len(path) <= 3:
            return _OBJECT_SCORE - 0.5 - penalty, f"clause: {top.dep_}"
        return None
    if prep in _LOCATIVE:
        return 4.0 - penalty, f"clause: prep '{prep}'"
    if prep == "of" and top.dep_ in ("dobj", "nsubjpass") and takes_places:
        return (_OBJECT_SCORE if top.lower_ in _PLACE_NOUNS else _OBJECT_SCORE - 0.5) - penalty, f"clause: {top.dep_}"
    if prep == "of" and top.dep_ == "prep" and top.lower_ in _LOCATIVE:
        return 3.8 - penalty, f"clause: prep '{top.lower_}'"
    if prep in ("to", "into", "toward", "towards"):
        return 2.0 - penalty, f"clause: prep '{prep}'"
    return None


#: Nouns for events that name their place with "of" or a modifier: "the occupation of Latvia",
#: "the Mosul operation", "the siege of Homs".
_EVENT_NOUNS = frozenset(["occupation", "siege", "invasion", "battle", "bombing", "shelling", "bombardment",
                          "operation", "offensive", "assault", "attack", "raid", "fall", "capture", "liberation",
                          "massacre", "uprising", "protest", "protests", "riots", "clashes", "fighting",
                          "campaign", "war", "blockade", "evacuation"])


def _names_an_event(first, path) -> bool:
    """Whether the place is the place of an event noun on the way to the trigger ("killed during
    the occupation of Latvia", "since the launch of the Mosul operation")."""
    if first.dep_ in ("compound", "nmod") and first.head.lemma_.lower() in _EVENT_NOUNS:
        return True
    return (first.dep_ == "pobj" and len(path) > 2 and path[1].lower_ == "of"
            and path[2].lemma_.lower() in _EVENT_NOUNS)


def _with_reason(t: Toponym, reason: str, confidence: float) -> Place:
    if t.place is not None:
        return dataclasses.replace(t.place, text=t.text, start=t.start, end=t.end, reason=reason,
                                   confidence=confidence)
    return Place(text=t.text, start=t.start, end=t.end, reason=reason, confidence=confidence * 0.7)


def event_location(ctx: DocContext, trigger: Trigger) -> Place | None:
    """The event's location (see :func:`_event_location`); an unresolved name takes its country
    from the place that contains it in the text ("the village of Um Dukhun in West Darfur")."""
    place = _event_location(ctx, trigger)
    if place is None or place.country is not None or place.end is None:
        return place
    return _with_container(ctx, place)


#: What may stand between a place and the place that contains it: "X in Y", "X, Y", "X in the Y region".
_CONTAINER_GAP = re.compile(r"\s*(?:,|in|near)\s*(?:the\s+)?(?:(?:province|region|district|state|county|governorate)\s+of\s+)?")


def _with_container(ctx: DocContext, place: Place) -> Place:
    text = ctx.article.text
    for t in sorted(ctx.toponyms, key=lambda t: t.start):
        if t.start < place.end or t.place is None or t.place.country is None or t.role == "demonym":
            continue
        if t.start - place.end > 40 or not _CONTAINER_GAP.fullmatch(text[place.end:t.start]):
            break
        admin1 = t.place.admin1 or (t.place.name if t.place.precision == "admin1" else None)
        return dataclasses.replace(place, country=t.place.country, admin1=admin1,
                                   reason=f"{place.reason}; country from {t.text!r}")
    return place


def _event_location(ctx: DocContext, trigger: Trigger) -> Place | None:
    """The location of the event reported by ``trigger``, from ``ctx.toponyms``.

    Returns a :class:`Place` whose ``reason`` says how it was chosen ("clause: prep 'in'",
    "clause: dobj", "sentence", "dateline"), or None when the article gives no place for it.
    """
    doc = ctx.doc
    if not ctx.toponyms or trigger.token >= len(doc):
        return _dateline(ctx)
    trig = doc[trigger.token]
    sent = trig.sent
    candidates = [t for t in ctx.toponyms
                  if sent.start_char <= t.start < sent.end_char and t.role == "location"]
    scored_places = []
    for t in candidates:
        tok = _root(doc, t)
        if tok is None:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        scored = _clause_score(_path_to(tok, trig), frozenset(range(span.start, span.end)))
        if scored is None:
            continue
        if tok.dep_ in ("compound", "amod", "nmod") and t.place is not None and t.place.precision == "country" \
                and tok.head.lower_ not in _PLACE_NOUNS:
            continue  # a nationality, not a place: "a U.S. airstrike", "the 1967 Middle East war"
        score = scored[0] + _SPECIFICITY.get(t.place.precision if t.place else None, 0.3)
        scored_places.append((score, scored[1], t))
    best = None
    for entry in scored_places:  # in text order: on equal scores the first (most specific) place wins
        if best is None or entry[0] > best[0] + 0.25:
            best = entry
    if best is not None:
        return _with_reason(best[2], best[1], 0.9)
    unknown = _unknown_name(doc, trig)
    if unknown is not None:
        return unknown
    # the sentence's place: one introduced by a locative preposition, not part of an actor
    for t in candidates:
        tok = _root(doc, t)
        if tok is None:
            continue
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in _LOCATIVE and head.head.dep_ not in ("nsubj", "nsubjpass"):
            return _with_reason(t, "sentence", 0.6)
    return _dateline(ctx)


def _unknown_name(doc, trig) -> Place | None:
    """A proper name the recogniser did not take for a place, but that the trigger's clause puts
    where a place goes: after a locative preposition ("shot in Ballymurphy") or as the object of the
    trigger ("captured Jaffna"). Returned unresolved (no coordinates)."""
    for tok in trig.subtree:
        if tok.pos_ != "PROPN" or tok.ent_type_ in _NOT_PLACES or tok.dep_ == "compound":
            continue
        path = _path_to(tok, trig)
        if not path:
            continue
        scored = _clause_score(path)
        if scored is None or scored[0] < 2.5:
            continue
        left = tok
        while left.i > 0 and doc[left.i - 1].dep_ == "compound" and doc[left.i - 1].pos_ == "PROPN":
            left = doc[left.i - 1]
        start, end = left.idx, tok.idx + len(tok.text)
        return Place(text=doc.text[start:end], start=start, end=end, reason=scored[1] + " (unresolved name)",
                     confidence=0.4)
    return None


def _dateline(ctx: DocContext) -> Place | None:
    dateline = ctx.article.dateline
    if not dateline:
        return None
    end = ctx.article.text.find(dateline)
    lo, hi = (end, end + len(dateline)) if end >= 0 else (0, 0)
    for t in ctx.toponyms:
        if lo <= t.start < hi and t.role != "demonym":
            return _with_reason(t, "dateline", 0.5)
    return None
