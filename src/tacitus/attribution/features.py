"""Which words of a parsed document are attribution cues: candidates and their features.

A cue is the word that says someone says, thinks or wants something: a reporting verb
("said", "told", "warned"), "according to", a noun ("in a statement", "her view"), or the colon
of a "Name: ..." line. :func:`candidates` lists the tokens that may be one; :func:`cue_features`
describes a candidate with binary feature names for the cue model of
:mod:`tacitus.attribution.model` (trained by ``bench/train_attribution.py``).
"""

from __future__ import annotations

from tacitus.nlp.arrays import doc_text

QUOTE_CHARS = frozenset({'"', "“", "”", "``", "''", "‘", "’", "«", "»", "'"})
_OPEN = frozenset({"“", "``", "‘", "«"})
_CLOSE = frozenset({"”", "''", "’", "»"})
_CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "PROPN"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def is_quote(tok) -> bool:
    return tok.text in QUOTE_CHARS and not (tok.text in ("'", "’") and tok.dep_ == "case")


def quotations(doc) -> list[tuple[int, int]]:
    """Token ranges ``[open, close + 1)`` of the quotations in ``doc`` (marks included)."""
    out = []
    open_at: int | None = None
    curly = any(t.text in ("“", "``") for t in doc)
    for t in doc:
        x = t.text
        if x in ("“", "``"):
            open_at = t.i
        elif x in ("”",) or (x == "''" and curly):
            if open_at is not None:
                out.append((open_at, t.i + 1))
            open_at = None
        elif x == '"' or (x == "''" and not curly):
            if open_at is None:
                open_at = t.i
            else:
                out.append((open_at, t.i + 1))
                open_at = None
        # a blank line ends an unclosed quotation (a new paragraph reopens it in news style)
        elif t.is_space and "\n\n" in t.text and open_at is not None and doc[open_at].text == '"':
            open_at = None
    return out


def quoted_tokens(doc) -> frozenset[int]:
    """Indices of the tokens inside a quotation (cached in ``doc.user_data``)."""
    key = "tacitus.quoted_tokens"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = frozenset(i for s, e in quotations(doc) for i in range(s + 1, e - 1))
        doc.user_data[key] = cached
    return cached


def candidates(doc) -> list[int]:
    """Indices of tokens that could be attribution cues."""
    out = []
    for t in doc:
        if t.pos_ in _CANDIDATE_POS and not t.is_space or t.text in (":", "—", "–") or (t.text == "-" and t.dep_ == "punct" and t.i and doc[t.i - 1].is_space):
            out.append(t.i)
    return out


def _subject(tok):
    for c in tok.children:
        if c.dep_ in _SUBJECT_DEPS:
            return c
    # "X is critical of", "X was excited": the subject of the copula
    if tok.dep_ in ("acomp", "attr") and tok.head is not tok:
        for c in tok.head.children:
            if c.dep_ in _SUBJECT_DEPS:
                return c
    # "..., saying", "and added": the subject of the clause it hangs from
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.head is not tok:
        for c in tok.head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
    return None


def _entity_type(tok) -> str:
    if tok.ent_type_:
        return tok.ent_type_
    for t in tok.subtree:
        if t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return t.ent_type_
    return "NONE"


def _in_headline(doc, tok) -> bool:
    """Whether the token's line is a headline: short, and not ended like a sentence."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    line = text[start:end if end >= 0 else len(text)].strip()
    return bool(line) and len(line.split()) <= 25 and line[-1] not in ".!?\"”’'…"


def _quote_context(doc, i: int, sent) -> tuple[bool, bool]:
    """(a quote mark ends within 3 tokens before i, one opens within 3 tokens after i)."""
    before = any(is_quote(doc[k]) for k in range(max(sent.start, i - 3), i))
    after = any(is_quote(doc[k]) for k in range(i + 1, min(sent.end, i + 4)))
    return before, after


def prior_keys(doc, i: int) -> tuple[str, str, str]:
    """Keys under which the cue model keeps how often a word heads a cue in the training data:
    the lemma, the lemma with its dependency, the lemma with its kind of complement."""
    tok = doc[i]
    lemma = tok.lemma_.lower()
    comp = "none"
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "pobj", "dobj") or (c.dep_ == "prep" and c.lower_ in ("to", "about", "of", "for", "on")):
            comp = c.dep_ if c.dep_ != "prep" else f"prep_{c.lower_}"
            break
    return f"L:{lemma}", f"LD:{lemma}|{tok.dep_}", f"LC:{lemma}|{comp}"


def _bin(rate: float) -> int:
    return min(int(rate * 10), 9)


def cue_features(doc, i: int, priors: dict[str, float] | None = None) -> set[str]:
    """Feature names of the candidate cue ``doc[i]``. ``priors`` maps :func:`prior_keys` to the
    share of training occurrences that headed a cue (the model ships them)."""
    tok = doc[i]
    lemma = tok.lemma_.lower()
    f = set()
    if priors is not None:
        for key in prior_keys(doc, i):
            kind = key.split(":", 1)[0]
            rate = priors.get(key)
            f.add(f"prior_{kind}={'unseen' if rate is None else _bin(rate)}")
    if priors is not None:
        # nested in another likely cue's complement ("says he expects ..."): annotators often
        # leave the inner one out
        anc, steps = tok, 0
        while anc.head is not anc and steps < 3 and anc.dep_ in ("ccomp", "xcomp", "advcl", "conj", "pcomp",
                                                                  "pobj", "prep", "relcl", "acl"):
            rel = anc.dep_
            anc, steps = anc.head, steps + 1
            rate = priors.get(f"L:{anc.lemma_.lower()}")
            if rate is not None and rate >= 0.3:
                f.add(f"ancestor_cue={rel}|{_bin(rate)}")
                f.add(f"ancestor_cue_steps={steps}")
                break
    f |= {"bias", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"lemma={lemma}",
         f"lemma={lemma}|dep={tok.dep_}", f"lemma={lemma}|pos={tok.pos_}"}
    head = tok.head
    f.add(f"head_dep={head.dep_}" if head is not tok else "head=self")
    f.add(f"head_pos={head.pos_}")
    if head is not tok:
        f.add(f"head_lemma={head.lemma_.lower()}")
    deps = set()
    for c in tok.children:
        deps.add(c.dep_)
        if c.dep_ == "prep":
            f.add(f"prep={c.lower_}")
            f.add(f"lemma={lemma}|prep={c.lower_}")
            for g in c.children:
                if g.dep_ == "pobj":
                    f.add(f"prep={c.lower_}|pobj_ent={_entity_type(g)}")
        elif c.dep_ == "prt":
            f.add(f"lemma={lemma}|prt={c.lower_}")
        elif c.dep_ == "punct" and c.text == ":":
            f.add("colon_child")
        elif c.dep_ == "pobj":
            f.add(f"pobj_ent={_entity_type(c)}")
            f.add(f"pobj_lemma={c.lemma_.lower()}")
        elif c.dep_ in ("dobj", "dative"):
            # stances towards people and parties: "criticized Trump", "endorsed Clinton"
            f.add(f"obj_ent={_entity_type(c)}")
            f.add(f"obj_pos={c.pos_}")
        elif c.dep_ == "ccomp":
            if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                f.add("ccomp_that")
        elif c.dep_ == "poss":
            f.add("has_poss")
            f.add(f"poss_ent={_entity_type(c)}")
            f.add(f"poss_pos={c.pos_}")
        elif c.dep_ == "aux":
            f.add(f"aux={c.lemma_.lower()}")
    for d in sorted(deps):
        f.add(f"child={d}")
        if d in ("ccomp", "xcomp", "dobj", "prep", "advcl"):
            f.add(f"lemma={lemma}|child={d}")
    subj = _subject(tok)
    if subj is not None:
        f.add("has_subject")
        f.add(f"subj_ent={_entity_type(subj)}")
        f.add(f"subj_pos={subj.pos_}")
        f.add(f"subj_lemma={subj.lemma_.lower()}")
        f.add(f"lemma={lemma}|subj_ent={_entity_type(subj)}")
        if subj.i > i:
            f.add("subject_after")  # "..., said Ali Bashir"
        if subj.lower_ in ("i", "we", "you"):
            f.add("subject_1st_2nd")
        if any(t.lower_ in ("percent", "%") or t.like_num for t in subj.subtree):
            f.add("subject_number")  # "51 percent of respondents said": a poll figure
    if i in quoted_tokens(doc):
        f.add("in_quotation")
    sent = tok.sent
    before, after = _quote_context(doc, i, sent)
    if before:
        f.add("quote_before")
    if after:
        f.add("quote_after")
    if any(is_quote(t) for t in sent):
        f.add("sent_quote")
    if i + 1 < len(doc) and doc[i + 1].text in (",", ":"):
        f.add(f"next={doc[i + 1].text}")
    if i and doc[i - 1].text == ",":
        f.add("prev=,")
    if i:
        prev = doc[i - 1]
        f.add(f"prev_pos={prev.pos_}")
        if prev.lower_ in ("to", "not", "n't", "also", "has", "have", "had", "was", "is", "be", "been", "who"):
            f.add(f"prev_word={prev.lower_}")
    if i + 1 < len(doc):
        nxt = doc[i + 1]
        f.add(f"next_pos={nxt.pos_}")
        if nxt.lower_ in ("that", "to", "about", "of", "for", "on", "with", "as", "by", "in", "it", "he", "she", "they"):
            f.add(f"next_word={nxt.lower_}")
    if _in_headline(doc, tok):
        f.add("headline")
    f.add(f"sent_pos={min(i - sent.start, 5)}")
    if tok.text in (":", "—", "–", "-"):
        prev = doc[i - 1] if i else tok
        f.add(f"punct={tok.text}")
        f.add(f"punct_prev_ent={_entity_type(prev)}")
        f.add(f"punct_prev_pos={prev.pos_}")
        f.add(f"punct_at={min(i - sent.start, 8)}")
    return f
