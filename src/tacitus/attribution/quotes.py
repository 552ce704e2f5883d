"""Reported speech in a parsed document: :func:`find_quotes`.

A :class:`Quote` is one act of attribution: a cue ("said", "told", "according to", the colon of
"Name: ..."), the source who speaks (a noun phrase, or None when the text gives none), the content
(the reported clause or the quotation), the kind of source, the outlets it spoke to, and the quote
it is nested in ("Al-Siyasa stated that some Shiite sources say that ...").

How it works:

1. **Cues**: the cue model (:mod:`tacitus.attribution.model`, learned from the PolNeAR training
   split) scores every candidate token; those above its threshold are cues. Verbs of saying with a
   clause ("said that", "told X that", "added", "warned", "stated", "reported", "claimed") and
   "according to" are cues when the model gives them at least half its threshold.
2. **Quotations**: quotation marks are paired over the whole document (“ ”, `` '', and straight
   quotes toggling), so a quotation may run over several sentences. A quotation belongs to the cue
   right after its closing mark (“...,” said X; “...,” he added) or right before its opening one
   (X said: “...”).
3. **Source**: the cue's subject; the agent of a passive ("was quoted by"); the object of
   "according to"; the subject of the clause a participle hangs from ("..., adding that");
   a possessive on a noun cue ("Bolton's view"); the name before a headline colon. A relative
   pronoun stands for the noun it modifies. Pronoun sources ("he added") are kept as written and
   linked to the nearest earlier non-pronoun source in :attr:`Quote.antecedent`.
4. **Content**: the quotation; else the clause complement (ccomp/xcomp: "that the regime has
   asked ..."); else, for a parenthetical or sentence-final cue ("..., he said", "according to
   X, ..."), the clause the cue hangs from.
5. **Relays**: outlets the source spoke to: the object of "told", "to"/"with" phrases of "said",
   "speaking", "interview" when they name an outlet or a journalist ("told Kuwaiti Al-Siyasa",
   "told Al-Siyasa reporter", "in an interview with CNN").
6. **Nesting**: a quote whose cue lies inside another quote's content has that quote as parent.
"""

from __future__ import annotations

from dataclasses import dataclass

from tacitus.attribution.features import is_quote, quotations, subtree_indices
from tacitus.attribution.model import PUNCT_CUES, load_cue_model
from tacitus.attribution.sources import (
    document_outlets,
    is_demonym,
    is_outlet_noun,
    load_sources,
    outlet_spans,
    source_kind,
)
from tacitus.nlp.arrays import arrays
from tacitus.records import Span

#: Verbs of saying that are always cues when they take a clause, a quotation or "according to".
SAYING_VERBS = frozenset({
    "say", "tell", "add", "warn", "state", "report", "claim", "announce", "declare", "insist", "explain",
    "stress", "note", "allege", "confirm", "deny", "reiterate", "assert", "write", "tweet", "argue",
    "acknowledge", "admit", "reveal", "disclose", "quote", "predict", "complain", "emphasize", "emphasise",
    "believe", "suggest", "accuse", "urge", "vow", "threaten", "promise", "pledge",
})
_RELAY_VERBS = frozenset({"tell", "say", "speak", "talk", "quote", "give", "confirm", "reveal", "disclose"})
_RELAY_PREPS = frozenset({"to", "with", "by"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_SUBJECT_DEPS = ("nsubj", "csubj")


@dataclass(frozen=True)
class Quote:
    """One act of attribution in a document. Spans are character offsets into the doc's text.

    ``source_kind`` is one of named, anonymous, official, outlet (publisher is only used in event
    chains), or None when unknown. ``relays`` are the outlets the source spoke to; ``parent`` the
    index (in :func:`find_quotes`'s list) of the quote this one is nested in. ``antecedent`` is the
    earlier source a pronoun source stands for. The ``*_tokens`` fields give the same spans as token
    ranges ``[start, end)``; ``cue_token`` is the cue's head token.
    """

    cue: Span
    source: Span | None
    content: Span | None
    source_kind: str | None = None
    relays: tuple[Span, ...] = ()
    parent: int | None = None
    antecedent: Span | None = None
    cue_token: int = -1
    source_tokens: tuple[int, int] | None = None
    content_tokens: tuple[int, int] | None = None
    antecedent_tokens: tuple[int, int] | None = None
    score: float = 1.0


# ------------------------------------------------------------------------------------------------
# spans
# ------------------------------------------------------------------------------------------------

def _relative_antecedent(doc, src: tuple[int, int] | None) -> tuple[int, int] | None:
    """The noun phrase a relative pronoun source stands for ("Bashir, who said ...")."""
    if src is None or src[1] - src[0] != 1:
        return None
    tok = doc[src[0]]
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        noun = tok.head.head
        return _trim(doc, *_subtree_range(noun, exclude=[tok.head]))
    return None


def _span(doc, start: int, end: int) -> Span:
    a = arrays(doc)
    return Span(a.idx[start], a.idx[end - 1] + len(a.text[end - 1]), a.span_text(start, end))


def _sentence(doc, i: int) -> tuple[int, int]:
    """The token range of token ``i``'s sentence (``Token.sent`` builds a ``Span`` each time)."""
    a = arrays(doc)
    return a.sents[a.sent[i]]


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and spaces at both ends of a token range."""
    while start < end and (doc[start].is_punct or doc[start].is_space) and not is_quote(doc[start]):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not is_quote(doc[end - 1]):
        end -= 1
    return start, end


def _subtree_range(tok, *, stop: int | None = None, exclude=()) -> tuple[int, int]:
    """The token range of ``tok``'s subtree; with ``stop``, cut before that token, and without
    the subtrees of ``exclude``."""
    cut = [(min(sub), max(sub)) for sub in (subtree_indices(tok.doc, x.i) for x in exclude)]
    toks = [k for k in subtree_indices(tok.doc, tok.i) if not any(lo <= k <= hi for lo, hi in cut)]
    if stop is not None:
        if tok.i < stop:
            toks = [i for i in toks if i < stop]
        else:
            toks = [i for i in toks if i > stop]
    if not toks:
        return tok.i, tok.i + 1
    return min(toks), max(toks) + 1


# ------------------------------------------------------------------------------------------------
# quotations
# ------------------------------------------------------------------------------------------------

def _quote_after(doc, i: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation opening within three tokens after the cue (X said: “...”; X said, “...”)."""
    for s, e in quotes:
        if i < s <= i + 3 and all(doc[k].text in (":", ",", "-", "—") or doc[k].is_space for k in range(i + 1, s)):
            return s, e
        if s > i + 3:
            break
    return None


def _quote_before(doc, i: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation closing shortly before the cue in its sentence (“...,” said X / “...,” he said)."""
    sent_start = _sentence(doc, i)[0]
    best = None
    for s, e in quotes:
        if e <= i and e - 1 >= sent_start - 1 and i - e <= 4:
            between = doc[e:i]
            if any(t.text in (".", "!", "?") or "\n" in t.text for t in between):
                continue  # the quotation ended the sentence before
            if all(t.pos_ in ("PRON", "PROPN", "DET", "NOUN", "ADJ", "PUNCT", "SPACE") or t.dep_ == "compound"
                   for t in between):
                best = (s, e)
    return best


# ------------------------------------------------------------------------------------------------
# source, content, relays
# ------------------------------------------------------------------------------------------------

def _subject(tok):
    for c in tok.children:
        if c.dep_ in _SUBJECT_DEPS:
            return c
    return None


def _source_tokens(doc, cue) -> tuple[int, int] | None:
    lem = cue.lemma_.lower()
    if lem == "accord" or cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        pobj = next((c for c in (to.children if to is not None else ()) if c.dep_ == "pobj"), None)
        return _trim(doc, *_subtree_range(pobj)) if pobj is not None else None
    if cue.text in PUNCT_CUES:
        s, e = _trim(doc, _sentence(doc, cue.i)[0], cue.i)
        if 0 < e - s <= 6 and any(t.pos_ == "PROPN" for t in doc[s:e]):
            return s, e
        return None
    subj = _subject(cue)
    inverted = _inverted_speaker(doc, cue)
    if inverted is not None and (subj is None or subj.i < inverted[2]):
        return inverted[:2]
    if subj is None:
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _trim(doc, *_subtree_range(pobj))
    if subj is None and cue.pos_ in ("NOUN", "PROPN"):
        poss = next((c for c in cue.children if c.dep_ == "poss"), None)
        if poss is not None:
            return _trim(doc, *_subtree_range(poss))
        by = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        pobj = next((c for c in (by.children if by is not None else ()) if c.dep_ == "pobj"), None)
        if pobj is not None:
            return _trim(doc, *_subtree_range(pobj))
        # "in a statement", "in an interview": the speaker of the verb it belongs to
        if cue.dep_ == "pobj" and cue.head.dep_ == "prep" and cue.head.head.pos_ == "VERB":
            subj = _subject(cue.head.head)
    if subj is None and cue.pos_ == "ADP":
        pobj = next((c for c in cue.children if c.dep_ == "pobj"), None)
        return _trim(doc, *_subtree_range(pobj)) if pobj is not None else None
    if subj is None and cue.dep_ in ("acomp", "attr") and cue.head.i != cue.i:
        subj = _subject(cue.head)  # "Davis was critical of ...": the copula's subject
    hops = 0
    head = cue
    while subj is None and head.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl", "ccomp", "dep") and hops < 3:
        if head.dep_ == "ccomp" and head.i < head.head.i:
            break  # "“...,” he said" is handled above; a ccomp before its head is content
        head = head.head
        if head.pos_ == "ADP":
            head = head.head
        subj = _subject(head) if head.pos_ in ("VERB", "AUX") else None
        hops += 1
    if subj is None:
        subj = _subject_fallback(doc, cue)
    if subj is None:
        return None
    return _trim(doc, *_subtree_range(subj, stop=cue.i if subj.i > cue.i else None))


def _inverted_speaker(doc, cue) -> tuple[int, int, int] | None:
    """The speaker named right after a verb of saying that follows a comma or a closing quotation
    mark ("..., said Jon Smith, a farmer"; "“...,” said the mayor"), which the parser sometimes
    leaves out of the verb's subject: ``(start, end, before)``, where a subject the parser found
    before token ``before`` (inside the quotation) is overridden; -1 when none is."""
    if cue.pos_ != "VERB" or cue.lemma_.lower() not in SAYING_VERBS or cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # "..., saying the plan will fail": a participle's object is no speaker
    k = cue.i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or not (doc[k].text == "," or is_quote(doc[k])):
        return None
    before = k if is_quote(doc[k]) else (k - 1 if k and is_quote(doc[k - 1]) else -1)
    j = cue.i + 1
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j >= len(doc) or "\n" in doc[cue.i:j].text or doc[j].pos_ not in ("PROPN", "DET", "NOUN", "PRON") \
            or doc[j].ent_type_ in ("DATE", "TIME") or doc[j].lower_ in _RELATIVE or doc[j].lower_ == "it":
        return None
    head = doc[j]
    while head.head.i > cue.i and head.head.i != head.i and head.head.pos_ in ("PROPN", "NOUN", "PRON"):
        head = head.head
    if head.pos_ not in ("PROPN", "NOUN", "PRON") or head.ent_type_ in ("DATE", "TIME"):
        return None
    if before < 0 and head.pos_ != "PROPN":
        return None  # "X, who ..., said the plan will fail": the clause's subject, not a speaker
    s, e = _subtree_range(head, stop=cue.i)
    e = min(e, _sentence(doc, cue.i)[1])
    s, e = _trim(doc, max(s, j), e)
    return (s, e, before) if s < e else None


def _subject_fallback(doc, cue):
    """A speaker the parser attached elsewhere: "X, who sits ..., said" (X hangs from the
    relative clause's verb) and "a ... official who spoke ... said" (the noun phrase ends in a
    relative clause the parser closed late)."""
    if cue.pos_ != "VERB" or cue.lemma_.lower() not in SAYING_VERBS:
        return None
    for c in cue.children:
        if c.dep_ == "ccomp" and c.i < cue.i:
            subjects = [g for g in c.children if g.dep_ == "nsubj"]
            if len(subjects) >= 2 and any(g.lower_ in _RELATIVE for g in subjects):
                return next(g for g in subjects if g.lower_ not in _RELATIVE)
    k = cue.i - 1
    sent_start = _sentence(doc, cue.i)[0]
    while k >= sent_start and (doc[k].is_punct or doc[k].is_space or doc[k].pos_ == "ADV"):
        k -= 1
    if k < sent_start:
        return None
    tok, passed = doc[k], False
    for _ in range(8):
        if tok.head is tok or tok.head.i >= cue.i:
            break
        if tok.dep_ in ("relcl", "acl"):
            passed = True
        tok = tok.head
        if passed and tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok
    return None


def _content_tokens(doc, cue, quotes) -> tuple[int, int] | None:
    q = _quote_before(doc, cue.i, quotes) or _quote_after(doc, cue.i, quotes)
    if q is not None:
        return q
    for dep in ("ccomp", "xcomp"):
        comps = [c for c in cue.children if c.dep_ == dep]
        # a complement after the cue is what is said; one before it may be a misparsed credit
        comp = next((c for c in comps if c.i > cue.i), comps[0] if comps else None)
        if comp is not None:
            return _trim(doc, *_subtree_range(comp))
    if cue.lower_ == "according" or cue.lemma_ == "accord":
        head = cue.head
        if head is not cue:
            return _trim(doc, *_subtree_range(head, exclude=[cue]))
        return None
    if cue.dep_ in ("parataxis", "ccomp", "advcl", "conj") and cue.head.i != cue.i and cue.head.i < cue.i:
        head = cue.head
        return _trim(doc, *_subtree_range(head, exclude=[cue]))
    if cue.dep_ == "ROOT":
        comp = next((c for c in cue.children if c.dep_ in ("ccomp", "parataxis") and c.i < cue.i), None)
        if comp is not None:
            return _trim(doc, *_subtree_range(comp))
    obj = next((c for c in cue.children if c.dep_ in ("dobj", "attr")), None)
    if obj is not None:
        return _trim(doc, *_subtree_range(obj))
    if cue.text in PUNCT_CUES:
        s, e = _trim(doc, cue.i + 1, _sentence(doc, cue.i)[1])
        return (s, e) if s < e else None
    return None


def _relays(doc, cue, outlets: set[str]) -> list[tuple[int, int]]:
    """Outlets the source spoke to, as token ranges."""
    lex = load_sources()
    out = []
    if cue.lemma_.lower() not in _RELAY_VERBS and cue.pos_ != "NOUN":
        return out
    cands = []
    for c in cue.children:
        if c.dep_ in ("dobj", "dative", "iobj"):
            cands.append(c)
        elif c.dep_ == "prep" and c.lower_ in _RELAY_PREPS:
            cands += [g for g in c.children if g.dep_ == "pobj"]
            # "in an interview with CNN"
        elif c.dep_ == "prep" and c.lower_ == "in":
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in ("interview", "statement", "remark", "comment"):
                    for p in g.children:
                        if p.dep_ == "prep" and p.lower_ in ("with", "to"):
                            cands += [h for h in p.children if h.dep_ == "pobj"]
    for c in cands:
        s, e = _trim(doc, *_subtree_range(c))
        text = doc[s:e].text.lower()
        hl = c.lemma_.lower()
        if any(o in text for o in outlets) or is_outlet_noun(c, lex) or hl in lex.journalist_nouns:
            # keep just the outlet's name when a journalist noun heads it ("Al-Siyasa reporter")
            if hl in lex.journalist_nouns:
                names = [g for g in c.children if g.dep_ in ("compound", "poss") and g.pos_ == "PROPN"]
                if not names:
                    continue  # "told reporters": no outlet named
                s, e = _trim(doc, *_subtree_range(names[0]))
            elif c.pos_ == "PROPN" and not any(o in text for o in outlets):
                # "the Lahore-based daily Indus Courier" -> "Indus Courier"
                s = c.i
                while s > 0 and doc[s - 1].dep_ == "compound" and doc[s - 1].pos_ == "PROPN":
                    s -= 1
                e = c.i + 1
            # the outlet's name without a determiner or a demonym ("Kuwaiti Al-Siyasa" -> "Al-Siyasa";
            # the demonym gives the outlet's country in the chain)
            while e - s > 1 and (doc[s].pos_ == "DET" or is_demonym(doc[s])) and doc[s + 1].pos_ == "PROPN":
                s += 1
            out.append((s, e))
    return out


# ------------------------------------------------------------------------------------------------
# the whole document
# ------------------------------------------------------------------------------------------------

def _cue_range(doc, cue) -> tuple[int, int]:
    """The cue's own words: the head plus a particle, "according to", "quoted as saying"."""
    s, e = cue.i, cue.i + 1
    for c in cue.children:
        if c.dep_ == "prt" and c.i == e:
            e += 1
        if (cue.lower_ == "according" and c.lower_ == "to" and c.i == e):
            e += 1
    return s, e


def _is_saying(cue) -> bool:
    """A verb of saying with a clause complement: a cue whatever the model says."""
    if cue.pos_ != "VERB" or cue.lemma_.lower() not in SAYING_VERBS:
        return False
    return any(c.dep_ in ("ccomp",) for c in cue.children) or cue.dep_ in ("parataxis",)


_SIGNATURE_DASHES = frozenset({"―", "—", "–", "--"})


def _name_after(doc, i: int, limit: int = 4) -> tuple[int, int] | None:
    """A capitalised name of at most ``limit`` words starting at token ``i`` (spaces skipped)."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    j = i
    while j < len(doc) and j - i < limit and doc[j].text[:1].isupper() and doc[j].is_alpha:
        j += 1
    return (i, j) if j > i else None


def _layout_cues(doc, quotes: list[tuple[int, int]]) -> dict[int, tuple[tuple[int, int], tuple[int, int] | None]]:
    """Cues that layout, not words, marks, with their speakers and what they said:

    - a signature after a quotation: “... .” ― Sonya Herridge (a dash right after the closing mark,
      then a name);
    - a transcript turn: WALLACE: Let's start ... (a name in capitals opening a line, then a colon).
    """
    out: dict[int, tuple[tuple[int, int], tuple[int, int] | None]] = {}
    closes = {e - 1: s for s, e in quotes}  # closing mark -> opening mark
    text = arrays(doc).text
    for tok in (doc[i] for i, t in enumerate(text) if t == ":" or t.lstrip("”\"'") in _SIGNATURE_DASHES):
        if tok.text != ":":
            glued = tok.text[0] in "”\"'"  # “...”― Name: the tokenizer keeps the two marks together
            k = tok.i if glued else tok.i - 1
            while not glued and k > 0 and doc[k].is_space and "\n" not in doc[k].text:
                k -= 1
            name = _name_after(doc, tok.i + 1)
            if name is None or "\n" in doc[tok.i:name[0]].text or not (glued or doc[k].text in ("”", '"', "''")):
                continue
            out[tok.i] = (name, _quotation_ending_at(doc, k, closes))
        elif tok.text == ":" and tok.i > 0:
            k = _line_label(doc, tok.i)
            if k is not None and len(doc[k:tok.i].text) > 1 and not _not_speaker(doc, k, tok.i):
                end = tok.i + 1
                while end < len(doc) and "\n" not in doc[end].text:
                    end += 1
                out[tok.i] = ((k, tok.i), _trim(doc, tok.i + 1, end) if end > tok.i + 1 else None)
    return out


#: Words in capitals that open a line before a colon without naming a speaker: newspaper
#: furniture ("BYLINE:", "CORRECTION:", "UPDATE:") and the roles of an interview ("Q:", "A:"),
#: which PolNeAR annotators mostly leave unmarked (a quarter of them in the training split).
_NOT_SPEAKERS = frozenset({
    "Q", "A", "BYLINE", "CORRECTION", "CORRECTIONS", "UPDATE", "UPDATED", "EMAIL", "E-MAIL", "VIDEO", "PHOTO",
    "PHOTOS", "WATCH", "PREVIOUSLY", "SOURCE", "NOTE", "EDITOR'S NOTE", "EXCLUSIVE", "BREAKING", "RELATED",
    "READ MORE", "LENGTH", "SECTION", "DATELINE", "GRAPHIC", "CAPTION", "CREDIT", "LOAD-DATE", "LANGUAGE",
    "HIGHLIGHT", "HIGHLIGHTS", "ABSTRACT", "FULL TEXT", "TRANSCRIPT", "SUMMARY", "BACKGROUND", "DISCLOSURE",
})


def _line_label(doc, colon: int) -> int | None:
    """Where a label of at most three words in capitals opening a line ends at the colon
    ``colon`` ("WALLACE: ...", "\"PENCE: ..."), else None."""
    k = colon
    while k > 0 and doc[k - 1].is_alpha and doc[k - 1].text.isupper() and colon - k < 3:
        k -= 1
    if k == colon:
        return None
    before = doc[k - 1] if k > 0 else None
    opens_line = before is None or "\n" in before.text or (before.is_quote and (k < 2 or "\n" in doc[k - 2].text))
    return k if opens_line else None


def _not_speaker(doc, start: int, colon: int) -> bool:
    """Whether the capitals before a colon are a label that names no speaker (:data:`_NOT_SPEAKERS`)."""
    return doc[start:colon].text.upper().replace("’", "'") in _NOT_SPEAKERS


def _quotation_ending_at(doc, close: int, closes: dict[int, int]) -> tuple[int, int] | None:
    """The quotation whose closing mark is token ``close``: paired over the document, else the
    nearest opening mark before it in the same paragraph."""
    if close in closes:
        return closes[close], close + 1
    for k in range(close - 1, max(-1, close - 200), -1):
        if "\n\n" in doc[k].text:
            break
        if doc[k].text in ("“", '"', "``"):
            return k, close + 1
    return None


def find_quotes(doc) -> list[Quote]:
    """Reported speech and attribution in a parsed document, in text order (see module docs)."""
    model = load_cue_model()
    scored = dict(model.score(doc))
    cue_tokens = {i: p for i, p in scored.items() if p >= model.threshold}
    qspans = quotations(doc)
    layout = _layout_cues(doc, qspans)
    for i in layout:
        cue_tokens[i] = max(cue_tokens.get(i, 0.0), model.threshold)
    for i in [i for i in cue_tokens if doc[i].text == ":"]:
        k = _line_label(doc, i)
        if k is not None and _not_speaker(doc, k, i):
            del cue_tokens[i]  # "CORRECTION: ...", "Q: ...": no one speaks
    a = arrays(doc)
    for i in range(len(a)):
        according = a.lower[i] == "according" and i + 1 < len(a) and a.lower[i + 1] == "to"
        if not (according or (a.pos[i] == "VERB" and a.lower_lemma[i] in SAYING_VERBS)):
            continue
        if i in cue_tokens or scored.get(i, 1.0) < model.threshold / 2:
            continue
        if according or _is_saying(doc[i]):
            cue_tokens[i] = scored.get(i, model.threshold)
    outlets = document_outlets(doc)
    drafts = []
    for i in sorted(cue_tokens):
        cue = doc[i]
        cs, ce = _cue_range(doc, cue)
        src, content = layout[i] if i in layout else (_source_tokens(doc, cue), _content_tokens(doc, cue, qspans))
        if src is not None and src[0] >= src[1]:
            src = None
        if content is not None and content[0] >= content[1]:
            content = None
        relays = _relays(doc, cue, outlets)
        kind = source_kind(doc, *src, outlets) if src else None
        drafts.append((i, (cs, ce), src, content, relays, kind, cue_tokens[i]))

    quotes: list[Quote] = []
    for n, (i, (cs, ce), src, content, relays, kind, p) in enumerate(drafts):
        antecedent = _relative_antecedent(doc, src)
        if antecedent is not None:
            kind = source_kind(doc, *antecedent, outlets)
        elif src is not None and src[1] - src[0] == 1 and doc[src[0]].lower_ in _PRONOUNS:
            for m in range(n - 1, -1, -1):
                prev_src, prev_kind = drafts[m][2], drafts[m][5]
                if prev_src and prev_kind and not (prev_src[1] - prev_src[0] == 1 and doc[prev_src[0]].lower_ in _PRONOUNS):
                    antecedent = prev_src
                    kind = prev_kind
                    break
        quotes.append(Quote(
            cue=_span(doc, cs, ce),
            source=_span(doc, *src) if src else None,
            content=_span(doc, *content) if content else None,
            source_kind=kind,
            relays=tuple(_span(doc, s, e) for s, e in relays),
            antecedent=_span(doc, *antecedent) if antecedent else None,
            cue_token=i,
            source_tokens=src,
            content_tokens=content,
            antecedent_tokens=antecedent,
            score=round(float(p), 3),
        ))
    return _with_parents(quotes)


def _with_parents(quotes: list[Quote]) -> list[Quote]:
    """Set ``parent`` to the innermost other quote whose content holds this quote's cue."""
    from dataclasses import replace

    out = []
    for n, q in enumerate(quotes):
        best, best_len = None, None
        for m, other in enumerate(quotes):
            if m == n or other.content is None:
                continue
            c = other.content
            if c.start <= q.cue.start and q.cue.end <= c.end and not (
                q.content is not None and q.content.start <= other.cue.start < q.content.end
            ):
                length = c.end - c.start
                if best_len is None or length < best_len:
                    best, best_len = m, length
        out.append(replace(q, parent=best) if best is not None else q)
    return out


def outlet_token_spans(doc) -> list[tuple[int, int]]:
    """Token ranges of every outlet mention in ``doc``."""
    out = []
    for s, e in outlet_spans(doc, document_outlets(doc)):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end))
    return out
