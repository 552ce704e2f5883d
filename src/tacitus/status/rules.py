"""Status cues around an event trigger, read from the dependency parse.

:func:`find_cues` walks from the trigger up through the words that govern it and returns every
cue it meets, level by level: level 0 is the trigger's own clause (or noun phrase), level 1 the
word that takes it as a complement ("planning" in "planning to kidnap"), and so on up to a clause
that does not embed it further. :func:`decide` turns those levels into one status and the cue
that decided it. The rules are documented in ``docs/status.md``; the words are in
``data/status/cues.yaml``.

How the walk moves up (``relation`` names the lexicon list consulted at the governor):

=====================  ==================================================  ==============
dependency of the word  example                                            relation
=====================  ==================================================  ==============
xcomp, ccomp + "to"     "planning to kidnap", "asked Iraq to extradite"    to_verbs
ccomp                   "denied that they attacked"                        that_verbs
dobj, nsubjpass, attr   "planned an attack", "an attack was foiled"        object_verbs
pobj/pcomp of a verb    "called for the release", "accused of attacking"   object_verbs
pobj/pcomp of a noun    "fears of a handover", "threat of an attack"       nouns
acl + "to" on a noun    "a plot to kill"                                    nouns
xcomp of an adjective   "ready to strike", "unable to leave"               adjectives
conj                    shares its first conjunct's governor               (same)
=====================  ==================================================  ==============

The walk stops at relative clauses, participle modifiers and adverbial clauses (a time or reason
clause is presupposed; a purpose clause "in order to X" makes X planned; an "if" clause makes it
hypothetical).
"""

from __future__ import annotations

from dataclasses import dataclass

from tacitus.status.lexicon import StatusLexicon, load_lexicon

PASS_THROUGH = ("report", "factive")
_VERB_POS = ("VERB", "AUX")
_NOUN_POS = ("NOUN", "PROPN", "PRON", "NUM")
_PRESENT_TAGS = ("VBP", "VBZ")
_PAST_TAGS = ("VBD",)


@dataclass(frozen=True)
class Cue:
    """One word (or phrase) near the trigger that bears on its status.

    ``status`` is a status of :data:`tacitus.records.STATUSES` or one of the pass-through classes
    "report" and "factive". ``kind`` says what sort of cue it is: negation, modal, conditional,
    aspect, adverb, question, lexical (the trigger word itself), modifier (an adjective on a
    nominal trigger) or governor. ``start``/``end`` are token indices (end exclusive) and
    ``level`` is 0 for the trigger's own clause, n for the n-th governor up.
    """

    status: str
    kind: str
    start: int
    end: int
    level: int
    lemma: str


@dataclass(frozen=True)
class Level:
    """One clause on the way up: the governing word (None at level 0), how the event hangs
    from it, and the cues found there."""

    level: int
    token: int
    relation: str | None
    cues: tuple[Cue, ...]
    dep: str | None = None  # dependency by which the level below hangs from this one


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _has_to(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _phrasal(tok) -> str | None:
    for c in tok.children:
        if c.dep_ == "prt":
            return f"{_lemma(tok)} {c.lower_}"
    return None


def _governor_class(lex: StatusLexicon, relation: str, tok, prep: str | None = None) -> str | None:
    lemma = _lemma(tok)
    keys = []
    phrasal = _phrasal(tok)
    if prep:
        if phrasal:
            keys.append(f"{phrasal} {prep}")
        keys.append(f"{lemma} {prep}")
    if phrasal:
        keys.append(phrasal)
    keys.append(lemma)
    if relation == "to_verbs" and lemma == "go" and tok.tag_ != "VBG":
        return None  # "went to fight" is not "going to fight"
    if relation == "to_verbs" and lemma == "be":
        return "future"  # "is to visit"
    for k in keys:
        cls = lex.governor_class(relation, k)
        if cls is not None:
            return cls
    return None


def _sentence_is_question(tok) -> bool:
    sent = tok.sent
    last = sent[-1]
    while last.is_space and last.i > sent.start:
        last = tok.doc[last.i - 1]
    return last.text == "?"


def _clause_tense(tok) -> str | None:
    """'present', 'past' or None, from the first finite verb form of tok's own clause."""
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and c.tag_ in _PRESENT_TAGS:
            return "present"
        if c.dep_ in ("aux", "auxpass") and c.tag_ in _PAST_TAGS:
            return "past"
    if tok.tag_ in _PRESENT_TAGS:
        return "present"
    if tok.tag_ in _PAST_TAGS:
        return "past"
    return None


_NEGATIVE_PRONOUNS = frozenset({"nothing", "nobody", "none", "noone", "neither"})


def _negative_quantifier(tok) -> bool:
    """'nothing', 'nobody', 'no one', 'neither X nor Y', 'no country'."""
    if tok.lower_ in _NEGATIVE_PRONOUNS:
        return True
    if tok.lower_ == "one" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "no":
        return True
    return any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in tok.children)


def local_cues(doc, tok, level: int, lex: StatusLexicon | None = None, *, nominal: bool = False) -> list[Cue]:
    """Cues on ``tok`` itself: negation, modals, conditional subordinators, progressive aspect,
    adverbs, and adjectives modifying a nominal trigger."""
    lex = lex or load_lexicon()
    out: list[Cue] = []
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]
    for c in tok.children:
        lem = _lemma(c)
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and lem in lex.negators):
            if lem in ("no", "not", "n't", "never", "neither", "nor", "none") or c.dep_ == "neg":
                out.append(Cue("denied", "negation", c.i, c.i + 1, level, lem))
        elif c.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in _VERB_POS and _negative_quantifier(c):
            start = min([c.i - 1 if c.lower_ == "one" else c.i]
                        + [g.i for g in c.children if g.dep_ in ("det", "preconj") and g.lower_ in ("no", "neither")])
            out.append(Cue("denied", "negation", start, c.i + 1, level, c.lower_))
        elif c.dep_ == "aux" and c.tag_ == "MD":
            if lem in lex.future_modals:
                out.append(Cue("future", "modal", c.i, c.i + 1, level, lem))
            elif lem in lex.hypothetical_modals:
                out.append(Cue("hypothetical", "modal", c.i, c.i + 1, level, lem))
        elif c.dep_ == "mark" and lem in lex.conditionals:
            out.append(Cue("hypothetical", "conditional", c.i, c.i + 1, level, lem))
        elif c.dep_ == "advmod" and lem in lex.ongoing_adverbs and _clause_tense(tok) == "present":
            out.append(Cue("ongoing", "adverb", c.i, c.i + 1, level, lem))
        elif c.dep_ == "advmod" and lem in lex.hedge_adverbs:
            out.append(Cue("hypothetical", "adverb", c.i, c.i + 1, level, lem))
        elif c.dep_ in ("amod", "compound") and (nominal or tok.pos_ in _NOUN_POS):
            cls = lex.governor_class("adjectives", lem)
            if cls is not None:
                out.append(Cue(cls, "modifier", c.i, c.i + 1, level, lem))
        elif c.dep_ == "acl" and c.tag_ == "VBN" and (nominal or tok.pos_ in _NOUN_POS):
            # "a visit to Beijing, planned for later this month": the participle after the noun
            cls = lex.governor_class("adjectives", c.lower_) or lex.governor_class("adjectives", lem)
            if cls is not None:
                out.append(Cue(cls, "modifier", c.i, c.i + 1, level, lem))
    # progressive aspect in the present: "are being relocated", "is fighting", "have been fighting"
    be_present = [a for a in auxes if _lemma(a) == "be" and a.tag_ in _PRESENT_TAGS]
    have_present = [a for a in auxes if _lemma(a) == "have" and a.tag_ in _PRESENT_TAGS]
    being = [a for a in auxes if a.lower_ in ("being", "been") and a.tag_ in ("VBG", "VBN")]
    progressive = tok.tag_ == "VBG" or any(a.lower_ == "being" for a in auxes)
    if progressive and (be_present or (have_present and being)) and not any(
        a.tag_ == "MD" for a in auxes
    ):
        first = (be_present or have_present)[0]
        last = being[-1] if being else first
        out.append(Cue("ongoing", "aspect", first.i, last.i + 1, level, "be"))
    return out


def _first_conjunct(tok):
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def _has_subject(tok) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children)


def _conditional_phrase(doc, tok, lex: StatusLexicon) -> Cue | None:
    """'in case of X' / 'in the event of X' governing the trigger's noun phrase."""
    left = doc[max(tok.sent.start, tok.i - 6): tok.i].text.lower()
    for phrase in lex.conditional_phrases:
        k = left.rfind(phrase)
        if k >= 0:
            start_char = doc[max(tok.sent.start, tok.i - 6)].idx + k
            span = doc.char_span(start_char, start_char + len(phrase), alignment_mode="expand")
            if span is not None:
                return Cue("hypothetical", "conditional", span.start, span.end, 0, phrase)
    return None


def find_levels(doc, i: int, *, max_levels: int = 6, nominal: bool = False) -> list[Level]:
    """The trigger's own clause and the clauses that govern it, each with its cues. ``nominal``
    treats the trigger as a noun (modifiers such as "planned", "in case of") whatever its tag."""
    lex = load_lexicon()
    tok = doc[i]
    levels: list[Level] = []
    own = local_cues(doc, tok, 0, lex, nominal=nominal)
    if tok.dep_ == "conj" and not _has_subject(tok) and not any(c.kind == "modal" for c in own):
        # "will attack and destroy": the second conjunct shares the first one's auxiliaries
        first = _first_conjunct(tok)
        own += [c for c in local_cues(doc, first, 0, lex) if c.kind in ("modal", "negation", "conditional")]
    cp = _conditional_phrase(doc, tok, lex) if nominal or tok.pos_ in _NOUN_POS else None
    if cp is not None:
        own.append(cp)
    if tok.dep_ == "ROOT" and _sentence_is_question(tok):
        mark = next(t for t in reversed(tok.sent) if t.text == "?")
        own.append(Cue("hypothetical", "question", mark.i, mark.i + 1, 0, "?"))
    levels.append(Level(0, tok.i, None, tuple(own)))

    cur = tok
    for level in range(1, max_levels + 1):
        cur = _first_conjunct(cur)
        dep, head = cur.dep_, cur.head
        if head is cur or dep == "ROOT":
            break
        prep = None
        relation: str | None
        gov = head
        if dep in ("xcomp", "ccomp", "csubj") and gov.pos_ == "ADJ":
            relation = "adjectives"
        elif dep == "xcomp" or (dep == "ccomp" and _has_to(cur)):
            relation = "to_verbs"
        elif dep == "ccomp":
            relation = "that_verbs"
        elif dep in ("dobj", "nsubjpass", "attr", "oprd", "nsubj", "csubj", "csubjpass", "dative"):
            if gov.pos_ not in _VERB_POS:
                break
            # an active subject takes its verb's modals and negation, not its meaning
            # ("an attack threatens peace" is no threat of an attack)
            relation = "subject" if dep in ("nsubj", "csubj") else "object_verbs"
        elif dep in ("pobj", "pcomp"):
            prep = _lemma(head)
            if prep == "without":
                levels.append(Level(level, head.i, "without", (
                    Cue("denied", "negation", head.i, head.i + 1, level, "without"),
                ), dep))
                cur = head
                continue
            gov = head.head
            if gov is head:
                break
            if head.dep_ == "agent":  # "attacked by X": X is not an event
                break
            instead = next((c for c in head.children if c.dep_ == "advmod" and c.lower_ in ("instead", "rather")),
                           gov if gov.lower_ in ("instead", "rather") else None)
            if instead is not None:  # "instead of providing", "rather than fight"
                levels.append(Level(level, instead.i, "instead", (
                    Cue("denied", "negation", min(instead.i, head.i), max(instead.i, head.i) + 1, level,
                        instead.lower_),
                ), dep))
                break
            relation = "nouns" if gov.pos_ in _NOUN_POS else "object_verbs" if gov.pos_ in _VERB_POS else (
                "adjectives" if gov.pos_ == "ADJ" else None
            )
            if relation is None:
                break
            head = gov
        elif dep in ("acl", "relcl") and _negative_quantifier(head):
            # "nothing preventing X", "no one who attacked": the event is denied
            levels.append(Level(level, head.i, "negative", (
                Cue("denied", "negation", head.i, head.i + 1, level, head.lower_),
            ), dep))
            break
        elif dep == "acomp" and head.pos_ in _VERB_POS:
            relation = "subject"  # "were n't available to comment": the copula's negation and modals
        elif dep == "acl" and _has_to(cur) and head.lower_ == "order" and head.head.lower_ == "in":
            # "in order to X": spaCy hangs X from the noun "order"
            levels.append(Level(level, cur.i, "purpose", (
                Cue("planned", "governor", head.head.i, head.i + 2, level, "in order to"),
            ), dep))
            break
        elif dep in ("acl", "relcl") and head.pos_ in _NOUN_POS and _has_to(cur):
            relation = "nouns"
            if _governor_class(lex, relation, gov) is None and not any(
                    c.tag_ == "JJS" or c.lower_ in _ORDINALS for c in head.lefts):
                # "a grant to finance projects": what the thing is for has not happened yet
                # ("the first country to recognise it" has)
                to = next(c for c in cur.children if c.dep_ == "aux" and c.lower_ == "to")
                levels.append(Level(level, gov.i, "purpose", (
                    Cue("planned", "governor", to.i, to.i + 1, level, "to"),
                ), dep))
                break
        elif dep == "advcl" and _has_to(cur) and _governor_class(lex, "to_verbs", head) is not None:
            relation = "to_verbs"  # "asked Iraq ..., during a visit, to extradite": a misattached complement
        elif dep == "advcl":
            # a purpose clause makes the event planned; other adverbial clauses stop the walk
            marks = {_lemma(c) for c in cur.children if c.dep_ == "mark"}
            if _has_to(cur) and not marks - {"in", "order", "so", "as"}:
                to = next(c for c in cur.children if c.dep_ == "aux" and c.lower_ == "to")
                start = min([to.i] + [c.i for c in cur.children if c.dep_ == "mark"])
                levels.append(Level(level, cur.i, "purpose", (
                    Cue("planned", "governor", start, to.i + 1, level, "in order to"),
                ), dep))
            break
        else:
            break  # relcl, acl participles, appos, compound, parataxis...

        cues: list[Cue] = []
        cls = None if relation == "subject" else _governor_class(lex, relation, gov, prep)
        if cls is not None:
            start, end = gov.i, gov.i + 1
            phrasal = _phrasal(gov)
            if phrasal:
                prt = next(c for c in gov.children if c.dep_ == "prt")
                end = max(end, prt.i + 1)
            if relation == "to_verbs":
                to = next((c for c in cur.children if c.dep_ == "aux" and c.lower_ == "to"), None)
                if to is not None and to.i == end:
                    end = to.i + 1
            elif prep is not None and head.i != cur.i:
                prep_tok = cur.head
                if prep_tok.i == end:
                    end = prep_tok.i + 1
            cues.append(Cue(cls, "governor", start, end, level, _lemma(gov)))
        cues += local_cues(doc, gov, level, lex)
        levels.append(Level(level, gov.i, relation, tuple(cues), dep))
        cur = gov
    return levels


#: "The first country to recognise it": an infinitive after these nouns' modifiers has happened.
_ORDINALS = frozenset({"first", "second", "third", "last", "only", "next", "latest", "sole"})
#: Trigger categories whose own status is the category's status when nothing else decides it.
_CATEGORY_STATUS = {"REQUEST": "requested", "THREATEN": "threatened"}


def lexical_cue(doc, i: int, category: str | None = None) -> Cue | None:
    """A cue from the trigger word itself: request and threat events.

    With a ``category``, REQUEST gives "requested" and THREATEN "threatened". Without one, a
    request or threat word with a complement counts ("asked Iraq to extradite", "called for the
    release", "a threat to strike").
    """
    tok = doc[i]
    lemma = _lemma(tok)
    if category is not None:
        status = _CATEGORY_STATUS.get(category)
        return Cue(status, "lexical", i, i + 1, 0, lemma) if status else None
    lex = load_lexicon()
    if tok.pos_ in ("NOUN", "PROPN"):
        cls = lex.governor_class("nouns", lemma)
        has_comp = any(c.dep_ in ("prep", "acl") for c in tok.children)
    else:
        cls = _governor_class(lex, "to_verbs", tok)
        has_comp = any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for") for c in tok.children
        )
        if cls is None or not has_comp:
            cls2 = _governor_class(lex, "object_verbs", tok)
            if cls2 in ("requested", "threatened") and any(c.dep_ == "dobj" for c in tok.children):
                cls, has_comp = cls2, True
    if cls in ("requested", "threatened") and has_comp:
        return Cue(cls, "lexical", i, i + 1, 0, lemma)
    return None


def find_cues(doc, i: int) -> list[Cue]:
    """Every status cue around the trigger token ``i``, from its own clause outward."""
    return [c for lvl in find_levels(doc, i) for c in lvl.cues]


# Order in which cues of one level decide that level's status.
_LEVEL_ORDER = ("negation", "conditional", "question", "modal", "governor", "lexical", "modifier", "aspect",
                "adverb")
_SUBJECT_DEPS = ("nsubj", "csubj", "nsubjpass", "csubjpass")


def _level_status(level: Level) -> Cue | None:
    cues = level.cues
    if level.level:
        # the aspect of a governing clause is its own, not the event's: in "is trying to use the
        # quarrel, ... escaping atrocities" nothing says the atrocities are ongoing
        cues = [c for c in cues if not (c.kind in ("aspect", "adverb") and c.status == "ongoing")]
    cues = sorted(cues, key=lambda c: _LEVEL_ORDER.index(c.kind))
    negs = [c for c in cues if c.kind == "negation"]
    govs = [c for c in cues if c.kind == "governor"]
    if govs and govs[0].status == "presupposed":
        return govs[0]  # "did not condemn the attack": the attack still happened
    if negs and govs and govs[0].status == "denied":
        # "did not deny that ...", "did not stop the attack": the negations cancel
        return Cue("factive", "governor", govs[0].start, govs[0].end, level.level, "not " + govs[0].lemma)
    if negs and govs and govs[0].status == "report":
        return govs[0]  # "did not say that ...": leave the claim to the attribution chain
    return cues[0] if cues else None


def _overrides(higher: Cue, chosen: Cue) -> bool:
    """Whether a cue further up replaces the status already chosen below it."""
    if chosen.status == "denied":
        return False
    if higher.status == "denied" or higher.kind == "conditional":
        return True
    return higher.kind == "modal" and higher.status == "hypothetical" and chosen.status in (
        "planned", "ongoing", "future"
    )


def decide(levels: list[Level], doc) -> Cue | None:
    """The cue that decides the status, or None for a plain factual report (occurred).

    The nearest level with a decisive cue wins ("warned that groups are planning to kidnap":
    planned). A higher level can still override it with a negation or denial ("did not plan to
    attack", "foiled a plot to kill": denied), a condition ("if they try to attack") or a
    hypothetical modal ("would try to attack"). Then three refinements:

    - "will"/"would" under a threat verb ("warned that they would strike") is threatened;
    - "would" under a past reporting verb ("said it would withdraw") is future (future in the past);
    - a nominal event that is the subject of a modal copula ("handover will be a great mistake")
      is hypothetical: the sentence judges an action, it does not say it will happen.
    """
    chosen: Cue | None = None
    for level in levels:
        cue = _level_status(level)
        if cue is None:
            continue
        if chosen is None:
            if cue.status == "presupposed":
                # "condemned the attack", "an end to the fighting": it happened, whatever is
                # said about the condemning or the ending
                return Cue("occurred", cue.kind, cue.start, cue.end, cue.level, cue.lemma)
            if cue.status not in PASS_THROUGH:
                chosen = cue
            continue
        if _overrides(cue, chosen):
            chosen = cue
    if chosen is None or chosen.kind != "modal":
        return chosen
    n = chosen.level
    if n + 1 < len(levels):
        up = levels[n + 1]
        gov = doc[up.token]
        gov_cls = next((c.status for c in up.cues if c.kind == "governor"), None)
        if up.relation == "that_verbs" and (_lemma(gov) in ("warn", "threaten", "vow") or gov_cls == "threatened"):
            return Cue("threatened", "governor", gov.i, gov.i + 1, up.level, _lemma(gov))
        if (chosen.lemma == "would" and up.relation == "that_verbs" and gov_cls == "report"
                and _clause_tense(gov) == "past"):
            return Cue("future", "modal", chosen.start, chosen.end, chosen.level, chosen.lemma)
    if n >= 1:
        here = levels[n]
        gov = doc[here.token]
        below = levels[n - 1]
        if (n == 1 and here.dep in _SUBJECT_DEPS and _lemma(gov) == "be"
                and doc[below.token].pos_ in (*_NOUN_POS, "VERB")):
            return Cue("hypothetical", "modal", chosen.start, chosen.end, chosen.level, chosen.lemma)
    return chosen
