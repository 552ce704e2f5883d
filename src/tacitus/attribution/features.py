"""Which words of a parsed document are attribution cues: candidates and their features.

A cue is the word that says someone says, thinks or wants something: a reporting verb
("said", "told", "warned"), "according to", a noun ("in a statement", "her view"), or the colon
of a "Name: ..." line. :func:`candidates` lists the tokens that may be one; :func:`cue_features`
describes a candidate with binary feature names for the cue model of
:mod:`tacitus.attribution.model` (trained by ``bench/train_attribution.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tacitus.nlp.arrays import TokenArrays, arrays, doc_text

QUOTE_CHARS = frozenset({'"', "“", "”", "``", "''", "‘", "’", "«", "»", "'"})
_OPEN = frozenset({"“", "``", "‘", "«"})
_CLOSE = frozenset({"”", "''", "’", "»"})
_CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "PROPN"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_ENTITY_TYPES = ("PERSON", "ORG", "NORP", "GPE")


def is_quote(tok) -> bool:
    return _is_quote_mark(tok.text, tok.dep_)


def _is_quote_mark(text: str, dep: str) -> bool:
    return text in QUOTE_CHARS and not (text in ("'", "’") and dep == "case")


def quotations(doc) -> list[tuple[int, int]]:
    """Token ranges ``[open, close + 1)`` of the quotations in ``doc`` (marks included)."""
    key = "tacitus.quotations"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = tuple(_pair_quotations(arrays(doc)))
        doc.user_data[key] = cached
    return list(cached)


def _pair_quotations(a: TokenArrays) -> list[tuple[int, int]]:
    out = []
    open_at: int | None = None
    curly = "“" in a.text or "``" in a.text
    for i, x in enumerate(a.text):
        if x in ("“", "``"):
            open_at = i
        elif x in ("”",) or (x == "''" and curly):
            if open_at is not None:
                out.append((open_at, i + 1))
            open_at = None
        elif x == '"' or (x == "''" and not curly):
            if open_at is None:
                open_at = i
            else:
                out.append((open_at, i + 1))
                open_at = None
        # a blank line ends an unclosed quotation (a new paragraph reopens it in news style)
        elif a.is_space[i] and "\n\n" in x and open_at is not None and a.text[open_at] == '"':
            open_at = None
    return out


def quoted_tokens(doc) -> frozenset[int]:
    """Indices of the tokens inside a quotation (cached in ``doc.user_data``)."""
    return _doc_info(doc).quoted


@dataclass(frozen=True)
class _DocInfo:
    """What the features of a document's candidates read, built once per document: spaCy creates
    a new ``Token`` object on every ``doc[i]``, child and subtree step, which made feature
    extraction the cost of the whole attribution stage."""

    a: TokenArrays
    quote_mark: list[bool]  # :func:`is_quote` of each token
    quoted: frozenset[int]
    sent_quote: list[bool]  # whether each sentence holds a quote mark
    sent_entity: list[bool]  # whether each sentence holds one of _ENTITY_TYPES
    headline_lines: dict[int, bool]  # whether the line starting at a character offset is a headline
    subtree_entity: dict[int, str]  # memo of _subtree_entity


def _doc_info(doc) -> _DocInfo:
    key = "tacitus.attribution.features"
    cached = doc.user_data.get(key)
    if cached is not None:
        return cached
    a = arrays(doc)
    quote_mark = [False] * len(a)
    sent_quote = [False] * len(a.sents)
    sent_entity = [False] * len(a.sents)
    for i in range(len(a)):
        if a.text[i] in QUOTE_CHARS and _is_quote_mark(a.text[i], a.dep[i]):
            quote_mark[i] = sent_quote[a.sent[i]] = True
        if a.ent_type[i] in _ENTITY_TYPES:
            sent_entity[a.sent[i]] = True
    quoted = frozenset(i for s, e in quotations(doc) for i in range(s + 1, e - 1))
    cached = _DocInfo(a, quote_mark, quoted, sent_quote, sent_entity, {}, {})
    doc.user_data[key] = cached
    return cached


def candidates(doc) -> list[int]:
    """Indices of tokens that could be attribution cues."""
    a = arrays(doc)
    text, pos, is_space = a.text, a.pos, a.is_space
    return [i for i in range(len(a))
            if pos[i] in _CANDIDATE_POS and not is_space[i] or text[i] in (":", "—", "–")
            or (text[i] == "-" and a.dep[i] == "punct" and i and is_space[i - 1])]


def _subject(d: _DocInfo, i: int) -> int | None:
    a = d.a
    for c in d.a.children[i]:
        if a.dep[c] in _SUBJECT_DEPS:
            return c
    # "X is critical of", "X was excited": the subject of the copula
    if a.dep[i] in ("acomp", "attr"):
        for c in d.a.children[a.head[i]]:
            if a.dep[c] in _SUBJECT_DEPS:
                return c
    # "..., saying", "and added": the subject of the clause it hangs from
    if a.dep[i] in ("advcl", "conj", "xcomp"):
        for c in d.a.children[a.head[i]]:
            if a.dep[c] in ("nsubj", "nsubjpass"):
                return c
    return None


def subtree_indices(doc, i: int) -> list[int]:
    """The indices of ``doc[i].subtree`` (token ``i`` and every token below it), in no
    particular order."""
    return _descendants(_doc_info(doc), i)


def _descendants(d: _DocInfo, i: int) -> list[int]:
    """Token ``i`` and every token below it in the parse, in no particular order."""
    out, stack = [], [i]
    while stack:
        k = stack.pop()
        out.append(k)
        stack += d.a.children[k]
    return out


def _entity_type(d: _DocInfo, i: int) -> str:
    """The token's entity type, else the first person, organisation, group or place in its subtree."""
    return d.a.ent_type[i] or _subtree_entity(d, i) or "NONE"


def _subtree_entity(d: _DocInfo, i: int) -> str:
    """The first of :data:`_ENTITY_TYPES` in ``Token.subtree`` order (left children's subtrees,
    the token, right children's subtrees) under token ``i``, or "" (memoised per document)."""
    found = d.subtree_entity.get(i)
    if found is None and not d.sent_entity[d.a.sent[i]]:
        return ""  # a subtree lies within its sentence
    if found is None:
        found = ""
        kids = d.a.children[i]
        for k in [c for c in kids if c < i] + [i] + [c for c in kids if c > i]:
            found = d.a.ent_type[k] if k == i else _subtree_entity(d, k)
            if found in _ENTITY_TYPES:
                break
            found = ""
        d.subtree_entity[i] = found
    return found


def _in_headline(doc, d: _DocInfo, i: int) -> bool:
    """Whether the token's line is a headline: short, and not ended like a sentence."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, d.a.idx[i]) + 1
    headline = d.headline_lines.get(start)
    if headline is None:
        end = text.find("\n", start)
        line = text[start:end if end >= 0 else len(text)].strip()
        headline = bool(line) and len(line.split()) <= 25 and line[-1] not in ".!?\"”’'…"
        d.headline_lines[start] = headline
    return headline


def prior_keys(doc, i: int) -> tuple[str, ...]:
    """Keys under which the cue model keeps how often a word heads a cue in the training data:
    the lemma, the lemma with its dependency, the lemma with its kind of complement, the lemma's
    word family, the lemma with its fine tag, the subject's lemma and the head's lemma with the
    dependency (one key per kind of :data:`PRIOR_KINDS`)."""
    return _prior_keys(_doc_info(doc), i)


def _prior_keys(d: _DocInfo, i: int) -> tuple[str, ...]:
    a = d.a
    lemma = d.a.lower_lemma[i]
    comp = "none"
    for c in d.a.children[i]:
        dep = a.dep[c]
        if dep in ("ccomp", "xcomp", "pobj", "dobj") or (dep == "prep" and a.lower[c] in ("to", "about", "of", "for", "on")):
            comp = dep if dep != "prep" else f"prep_{a.lower[c]}"
            break
    subj = _subject(d, i)
    return (f"L:{lemma}", f"LD:{lemma}|{a.dep[i]}", f"LC:{lemma}|{comp}", f"S:{word_family(lemma)}",
            f"LT:{lemma}|{a.tag[i]}", f"SL:{'-' if subj is None else a.lower_lemma[subj]}",
            f"HL:{a.lower_lemma[a.head[i]]}|{a.dep[i]}")


def word_family(lemma: str) -> str:
    """The first five letters of a lemma: one key for "support", "supporter" and "supportive",
    "criticize", "critical" and "criticism", "announce" and "announcement"."""
    return lemma[:5]


def _bin(rate: float) -> int:
    return min(int(rate * 10), 9)


_ANCESTOR_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp", "pobj", "prep", "relcl", "acl"})
#: The prior features by kind of key and bin, "prior_L=7" (formatted once: feature extraction
#: is the cost of the stage).
PRIOR_KINDS = ("L", "LD", "LC", "S", "LT", "SL", "HL")
_PRIOR_FEATURES = {kind: [f"prior_{kind}={b}" for b in range(10)] for kind in PRIOR_KINDS}


def cue_features(doc, i: int, priors: dict[str, float] | None = None) -> set[str]:
    """Feature names of the candidate cue ``doc[i]``. ``priors`` maps :func:`prior_keys` to the
    share of training occurrences that headed a cue (the model ships them)."""
    d = _doc_info(doc)
    a = d.a
    lemma = d.a.lower_lemma[i]
    f = set()
    if priors is not None:
        for kind, key in zip(PRIOR_KINDS, _prior_keys(d, i), strict=True):
            rate = priors.get(key)
            f.add(f"prior_{kind}=unseen" if rate is None else _PRIOR_FEATURES[kind][_bin(rate)])
        # nested in another likely cue's complement ("says he expects ..."): annotators often
        # leave the inner one out
        anc, steps = i, 0
        while steps < 3 and a.dep[anc] in _ANCESTOR_DEPS:
            rel = a.dep[anc]
            anc, steps = a.head[anc], steps + 1
            rate = priors.get(f"L:{d.a.lower_lemma[anc]}")
            if rate is not None and rate >= 0.3:
                f.add(f"ancestor_cue={rel}|{_bin(rate)}")
                f.add(f"ancestor_cue_steps={steps}")
                break
    pos, dep = a.pos[i], a.dep[i]
    f |= {"bias", f"pos={pos}", f"tag={a.tag[i]}", f"dep={dep}", f"lemma={lemma}",
         f"lemma={lemma}|dep={dep}", f"lemma={lemma}|pos={pos}"}
    # a root is its own head: it gets head_dep=ROOT and its own lemma as head_lemma
    head = a.head[i]
    f.add(f"head_dep={a.dep[head]}")
    f.add(f"head_pos={a.pos[head]}")
    f.add(f"head_lemma={d.a.lower_lemma[head]}")
    deps = set()
    for c in d.a.children[i]:
        cdep = a.dep[c]
        deps.add(cdep)
        if cdep == "prep":
            f.add(f"prep={a.lower[c]}")
            f.add(f"lemma={lemma}|prep={a.lower[c]}")
            for g in d.a.children[c]:
                if a.dep[g] == "pobj":
                    f.add(f"prep={a.lower[c]}|pobj_ent={_entity_type(d, g)}")
        elif cdep == "prt":
            f.add(f"lemma={lemma}|prt={a.lower[c]}")
        elif cdep == "punct" and a.text[c] == ":":
            f.add("colon_child")
        elif cdep == "pobj":
            f.add(f"pobj_ent={_entity_type(d, c)}")
            f.add(f"pobj_lemma={d.a.lower_lemma[c]}")
        elif cdep in ("dobj", "dative"):
            # stances towards people and parties: "criticized Trump", "endorsed Clinton"
            f.add(f"obj_ent={_entity_type(d, c)}")
            f.add(f"obj_pos={a.pos[c]}")
        elif cdep == "ccomp":
            if any(a.dep[g] == "mark" and a.lower[g] == "that" for g in d.a.children[c]):
                f.add("ccomp_that")
        elif cdep == "poss":
            f.add("has_poss")
            f.add(f"poss_ent={_entity_type(d, c)}")
            f.add(f"poss_pos={a.pos[c]}")
        elif cdep == "aux":
            f.add(f"aux={d.a.lower_lemma[c]}")
    for cdep in sorted(deps):
        f.add(f"child={cdep}")
        if cdep in ("ccomp", "xcomp", "dobj", "prep", "advcl"):
            f.add(f"lemma={lemma}|child={cdep}")
    subj = _subject(d, i)
    if subj is not None:
        subj_ent = _entity_type(d, subj)
        f.add("has_subject")
        f.add(f"subj_ent={subj_ent}")
        f.add(f"subj_pos={a.pos[subj]}")
        f.add(f"subj_lemma={d.a.lower_lemma[subj]}")
        f.add(f"lemma={lemma}|subj_ent={subj_ent}")
        if subj > i:
            f.add("subject_after")  # "..., said Ali Bashir"
        if a.lower[subj] in ("i", "we", "you"):
            f.add("subject_1st_2nd")
        if any(a.lower[t] in ("percent", "%") or a.like_num[t] for t in _descendants(d, subj)):
            f.add("subject_number")  # "51 percent of respondents said": a poll figure
    if i in d.quoted:
        f.add("in_quotation")
    sent_start, sent_end = a.sents[a.sent[i]]
    # a quote mark ends within 3 tokens before the candidate, or opens within 3 tokens after it
    if any(d.quote_mark[max(sent_start, i - 3):i]):
        f.add("quote_before")
    if any(d.quote_mark[i + 1:min(sent_end, i + 4)]):
        f.add("quote_after")
    if d.sent_quote[a.sent[i]]:
        f.add("sent_quote")
    n = len(a)
    if i + 1 < n and a.text[i + 1] in (",", ":"):
        f.add(f"next={a.text[i + 1]}")
    if i and a.text[i - 1] == ",":
        f.add("prev=,")
    if i:
        f.add(f"prev_pos={a.pos[i - 1]}")
        if a.lower[i - 1] in ("to", "not", "n't", "also", "has", "have", "had", "was", "is", "be", "been", "who"):
            f.add(f"prev_word={a.lower[i - 1]}")
    if i + 1 < n:
        f.add(f"next_pos={a.pos[i + 1]}")
        if a.lower[i + 1] in ("that", "to", "about", "of", "for", "on", "with", "as", "by", "in", "it", "he", "she",
                              "they"):
            f.add(f"next_word={a.lower[i + 1]}")
    if _in_headline(doc, d, i):
        f.add("headline")
    f.add(f"sent_pos={min(i - sent_start, 5)}")
    if a.text[i] in (":", "—", "–", "-"):
        prev = i - 1 if i else i
        f.add(f"punct={a.text[i]}")
        f.add(f"punct_prev_ent={_entity_type(d, prev)}")
        f.add(f"punct_prev_pos={a.pos[prev]}")
        f.add(f"punct_at={min(i - sent_start, 8)}")
    return f
