"""Find event triggers: words and phrases of the lexicon, matched on lemmas and dependency links.

Input: a parsed ``Doc`` and a :class:`~tacitus.coding.lexicon.Lexicon`.
Output: :class:`Candidate` triggers, one per head token, with every lexicon entry that matched
(most specific first). Choosing among entries needs the participants, so it happens later
(:mod:`tacitus.coding.coder`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tacitus.coding.lexicon import Entry, Lexicon
from tacitus.nlp.arrays import arrays

VERB_POS = {"VERB", "ADJ"}
NOUN_POS = {"NOUN", "PROPN"}
MAX_DEPTH = 3  # phrase words must sit within this many dependency links of the head
MAX_DISTANCE = 7  # ... and within this many tokens of it


@dataclass(frozen=True)
class Candidate:
    token: int  # head token index
    entries: tuple[Entry, ...]  # matching entries, most specific (longest phrase) first
    tokens: tuple[int, ...]  # tokens of the best phrase, head included
    nominal: bool


def _descendants(children: list[list[int]], i: int, depth: int) -> list[int]:
    """Tokens up to ``depth`` dependency links below token ``i``, nearest links first."""
    out, frontier = [], [i]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in children[t]:
                out.append(c)
                nxt.append(c)
        frontier = nxt
    return out


def _match(entry: Entry, head: int, pool: list[int], lemma: list[str], lower: list[str]) -> tuple[int, ...] | None:
    """Token indices realising ``entry`` around token ``head``, or None (``lemma``: lower-cased lemmas)."""
    used = [head]
    for word in entry.others:
        found = None
        for t in pool:
            if t in used or abs(t - head) > MAX_DISTANCE:
                continue
            if lemma[t] == word or lower[t] == word:
                found = t
                break
        if found is None:
            return None
        used.append(found)
    return tuple(sorted(used))


def find_candidates(doc, lexicon: Lexicon, sentence=None) -> list[Candidate]:
    """Trigger candidates in ``doc`` (or in one sentence span of it), in text order."""
    # Token attributes are read from the document's arrays: creating spaCy Token objects for
    # every word of every sentence was most of the time this stage took.
    a = arrays(doc)
    start, end = (sentence.start, sentence.end) if sentence is not None else (0, len(a))
    pos, head, lower = a.pos, a.head, a.lower
    lemma, children = a.lower_lemma, a.children
    found: list[Candidate] = []
    for i in range(start, end):
        if pos[i] in VERB_POS:
            kind = "verb"
        elif pos[i] in NOUN_POS:
            if pos[i] == "PROPN" and a.ent_type[i] and a.ent_type[i] not in ("EVENT",):
                continue  # part of a name ("Strike Force Brigade")
            if a.dep[i] == "compound" and pos[head[i]] in NOUN_POS:
                continue  # a modifier naming a kind of thing ("border patrol agents", "peace talks team")
            kind = "noun"
        else:
            continue
        entries: list[Entry] = list(lexicon.candidates(lemma[i], kind))
        if lower[i] != lemma[i]:
            entries.extend(lexicon.candidates(lower[i], kind))
        if not entries:
            continue
        pool = _descendants(children, i, MAX_DEPTH)
        matched: list[tuple[Entry, tuple[int, ...]]] = []
        for e in entries:
            used = _match(e, i, pool, lemma, lower)
            if used is not None:
                matched.append((e, used))
        if not matched:
            continue
        matched.sort(key=lambda m: -len(m[0].words))
        best_len = len(matched[0][0].words)
        # Keep every entry of the most specific length (ambiguity resolved later) and, after
        # them, shorter ones as fall-backs.
        ordered = [m for m in matched if len(m[0].words) == best_len] + [
            m for m in matched if len(m[0].words) < best_len
        ]
        found.append(
            Candidate(
                token=i,
                entries=tuple(_unique(e for e, _ in ordered)),
                tokens=matched[0][1],
                nominal=kind == "noun",
            )
        )
    # A token used as a non-head word of another trigger's phrase is not a trigger itself:
    # "curfew" in "lifted the curfew" belongs to "lift curfew".
    consumed = {i for c in found for i in c.tokens if i != c.token and len(c.entries[0].words) > 1}
    return [c for c in found if c.token not in consumed]


def _unique(entries) -> list[Entry]:
    seen, out = set(), []
    for e in entries:
        if e.id not in seen:
            seen.add(e.id)
            out.append(e)
    return out
