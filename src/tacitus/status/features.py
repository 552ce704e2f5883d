"""Binary features of an event trigger for the factuality model.

:func:`token_features` takes a parsed ``Doc`` and a token index and returns a set of feature
names (strings). They describe the status cues of :mod:`tacitus.status.rules` (class, kind, level,
word), the trigger's own form (part of speech, tense, auxiliaries, determiners), the chain of
governors above it, and a few sentence-level signals (question, quotation, conditional). The
model in :mod:`tacitus.status.model` maps each name to a column; unknown names are ignored.
"""

from __future__ import annotations

from tacitus.status.rules import decide, find_levels, lexical_cue


def _lvl(n: int) -> str:
    return str(min(n, 3))


def _in_quotes(tok) -> bool:
    """Whether the token sits inside a quotation opened earlier in its sentence."""
    inside = False
    for t in tok.sent:
        if t.i >= tok.i:
            break
        if t.text == '"':
            inside = not inside
        elif t.text in ("``", "“", "`"):
            inside = True
        elif t.text in ("''", "”"):
            inside = False
    return inside


def prior_keys(doc, i: int, levels=None) -> tuple[str, str]:
    """Keys under which the model keeps the mean training factuality of the trigger's lemma and of
    the word that governs it (with the relation)."""
    tok = doc[i]
    levels = levels if levels is not None else find_levels(doc, i)
    if len(levels) > 1:
        gov = f"G:{doc[levels[1].token].lemma_.lower()}|{levels[1].relation}"
    else:
        gov = "G:ROOT" if tok.dep_ == "ROOT" else f"G:STOP|{tok.dep_}"
    return f"L:{tok.lemma_.lower()}|{tok.pos_}", gov


def prior_bin(value: float) -> str:
    return f"{max(-3.0, min(3.0, round(value * 2) / 2)):+.1f}"


def token_features(doc, i: int, priors: dict[str, float] | None = None) -> set[str]:
    """Feature names for the trigger at ``doc[i]``. ``priors`` maps :func:`prior_keys` to mean
    factuality values seen in training (the model ships them)."""
    tok = doc[i]
    f: set[str] = {"bias"}
    lemma = tok.lemma_.lower()
    f.add(f"pos={tok.pos_}")
    f.add(f"tag={tok.tag_}")
    f.add(f"dep={tok.dep_}")
    f.add(f"lemma={lemma}")
    f.add(f"hdep={tok.dep_}>{tok.head.dep_}")
    f.add(f"hpos={tok.pos_}>{tok.head.pos_}")
    # the trigger's own form
    for c in tok.children:
        cl = c.lower_
        if c.dep_ in ("aux", "auxpass"):
            f.add(f"aux={c.lemma_.lower()}")
            f.add(f"auxtag={c.tag_}")
            if c.dep_ == "auxpass":
                f.add("passive")
        elif c.dep_ in ("det", "poss"):
            f.add(f"det={cl if c.dep_ == 'det' else 'POSS'}")
        elif c.dep_ in ("nsubj", "nsubjpass", "expl"):
            f.add("has_subj")
            f.add(f"subj_pos={c.pos_}")
            if c.lower_ in ("i", "we", "you"):
                f.add("subj_1st2nd")
        elif c.dep_ == "mark":
            f.add(f"mark={cl}")
        elif c.dep_ == "advmod":
            f.add(f"advmod={c.lemma_.lower()}")
        elif c.dep_ in ("dobj", "prep", "ccomp", "xcomp", "acl", "relcl", "amod", "compound", "agent"):
            f.add(f"child={c.dep_}")
    if tok.pos_ in ("NOUN", "PROPN") and not any(c.dep_ in ("det", "poss") for c in tok.children):
        f.add("bare_noun")
    if tok.tag_ in ("NNS", "NNPS"):
        f.add("plural")
    # the walk up and its cues
    levels = find_levels(doc, i)
    f.add(f"nlevels={min(len(levels), 5)}")
    if priors is not None:
        for key in prior_keys(doc, i, levels):
            kind = key.split(":", 1)[0]
            value = priors.get(key)
            f.add(f"prior_{kind}={'unseen' if value is None else prior_bin(value)}")
    for lv in levels:
        n = _lvl(lv.level)
        if lv.level:
            gov = doc[lv.token]
            f.add(f"L{n}:rel={lv.relation}")
            f.add(f"L{n}:dep={lv.dep}")
            f.add(f"L{n}:lemma={gov.lemma_.lower()}")
            f.add(f"L{n}:tag={gov.tag_}")
        for c in lv.cues:
            f.add(f"L{n}:cue={c.status}:{c.kind}")
            f.add(f"L{n}:cueword={c.lemma}")
            f.add(f"cue={c.status}")
    lexical = lexical_cue(doc, i)
    if lexical is not None:
        f.add(f"lexical={lexical.status}")
    cue = decide(levels, doc)
    if cue is None:
        f.add("status=occurred")
    else:
        f.add(f"status={cue.status}")
        f.add(f"status_kind={cue.kind}")
        f.add(f"status_level={_lvl(cue.level)}")
        f.add(f"status={cue.status}:{cue.kind}:{_lvl(cue.level)}")
    # sentence signals
    sent = tok.sent
    words = {t.lower_ for t in sent}
    if "?" in words:
        f.add("sent_question")
    if words & {"if", "unless", "whether"}:
        f.add("sent_conditional")
    if _in_quotes(tok):
        f.add("in_quotes")
    depth = 0
    t = tok
    while t.head is not t and depth < 8:
        t = t.head
        depth += 1
    f.add(f"depth={min(depth, 5)}")
    return f
