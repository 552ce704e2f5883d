"""Size mentions: every casualty, arrest, displacement or crowd figure in a parsed document.

:func:`find_sizes` takes a spaCy ``Doc`` and returns :class:`SizeMention` records. A mention is
either a figure ("at least 26 members", "dozens of protesters", "between 10 and 15") or a single
person named or described as a victim ("a man was shot dead", "Jaden Rahm, 16, was killed"),
which counts as one. The kind comes from the grammar around the figure: the verb whose victim it
is ("three were killed", "gunmen killed three", "two people died"), an adjective ("left three
dead"), or a noun that names the kind ("26 deaths", "a crowd of 5,000", "the death toll rose to
26"). Everything the stage knows is in ``data/sizes/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from tacitus.nlp.arrays import arrays
from tacitus.records import Subgroup
from tacitus.sizes.lexicon import Lexicon, load_lexicon
from tacitus.sizes.numbers import Quantity, scan

#: Kinds a mention can have: the Size kinds, plus "hit" (shot or struck, outcome not given).
MENTION_KINDS = ("dead", "injured", "arrested", "displaced", "crowd", "hit")

_NON_COUNT_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
_NOT_COUNTS_AFTER = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "%", "percent",
                     "a.m.", "p.m.", "am", "pm", "o'clock", "times", "rounds", "shots", "bullets",
                     "minutes", "hours", "miles", "feet", "block", "degrees", "dollars", "cents",
                     "caliber", "calibre", "mm", "inches", "pounds", "th", "st", "nd", "rd", "y/o", "yo",
                     "y.o.", "yrs", "yr", "years-old", "year-old"})
_NOT_COUNTS_BEFORE = frozenset({"$", "no.", "#", "number", "route", "highway", "interstate", "i", "us", "age", "ages",
                      "aged", "channel", "page", "room", "apartment", "unit", "suite", "at", "of", "by"})
_COPULAS = frozenset({"be", "remain", "lie", "stay", "appear", "seem"})
_IRREALIS_HEADS = frozenset({"threaten", "plan", "vow", "try", "attempt", "want", "intend", "plot", "fear", "aim",
                   "seek", "hope", "conspire", "warn"})
_NEGATORS = frozenset({"no", "none", "nobody", "neither", "zero"})
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class SizeMention:
    """One figure in the text and what it counts.

    ``kind`` is one of :data:`MENTION_KINDS`. ``min``/``max`` bound the figure (None where open);
    ``qualifier`` says how it was written (exact, at_least, more_than, up_to, about, nearly,
    range, vague). ``text`` is the figure as written ("at least 26", "a man"), at character
    offsets ``start``/``end`` and token offsets ``token_start``/``token_end`` of the Doc.
    ``head`` is the token index of the word the figure attaches to (the cue: "killed", "toll",
    "crowd"), ``noun`` the counted noun as written ("members"), ``affiliation`` who the people
    were where the noun says so ("MEK members", "policemen"). ``source`` is who gives the
    figure ("officials" in "according to officials"). ``anaphoric`` marks a mention that refers
    back to people already counted ("the man", "he", a name); ``additive`` one that adds to them
    ("another man", "a second victim"); ``partitive`` one that is part of a figure given just
    before ("four were shot, one fatally"). A negated mention ("no one was injured") has
    min = max = 0. ``form`` says how the people are given: a ``figure`` ("26"), a ``person``
    described ("a man"), a ``name``, a ``pronoun``, an ``incident`` noun ("a fatal shooting"), or
    the counts of a ``charge`` ("two counts of attempted murder"), one per victim.
    ``perpetrator`` marks the death of whoever did it ("killed himself", "the gunman died").
    ``age`` and ``gender`` describe one person where the words give them, so that incident totals
    can tell two people described in different sentences apart ("a woman ... the boy").
    """

    kind: str
    min: int | None
    max: int | None
    qualifier: str
    text: str
    start: int
    end: int
    token_start: int
    token_end: int
    head: int
    head_text: str
    noun: str | None = None
    affiliation: str | None = None
    subgroups: tuple[Subgroup, ...] = ()
    source: str | None = None
    anaphoric: bool = False
    additive: bool = False
    partitive: bool = False  # part of a figure given just before: "one fatally", "two of whom died"
    form: str = "figure"  # figure, person ("a man"), name, pronoun, incident ("a double homicide"), charge
    perpetrator: bool = False  # the attacker's own death: "killed himself", "the gunman was shot dead"
    sentence_start: int = 0  # token index where the mention's sentence starts
    age: int | None = None  # one person's age as written ("a 23-year-old man", "Smith, 23,")
    gender: str | None = None  # one person's sex where the noun says it: "m" ("a man"), "f" ("his wife")

    @property
    def count(self) -> int | None:
        """The figure as one number: the minimum, else the maximum."""
        return self.min if self.min is not None else self.max


# ---------------------------------------------------------------------------------------------
# Kinds from the grammar
# ---------------------------------------------------------------------------------------------

def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _is_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _has_child(tok, deps: tuple[str, ...]) -> bool:
    return any(c.dep_ in deps for c in tok.children)


def _phrasal_kind(verb, lex: Lexicon) -> str | None:
    """Kind of a verb read with its particle or preposition: "gunned down", "taken into custody"."""
    lemma = _lemma(verb)
    for child in verb.children:
        if child.dep_ not in ("prt", "prep", "advmod", "dative") or child.i < verb.i:
            continue
        key = (lemma, child.lower_)
        if key in lex.phrasal:
            if child.lower_ == "to" and not _to_care(child, lex):
                continue  # "flown to Rabat", "rushed to the scene": nobody hurt
            return lex.phrasal[key]
        for obj in child.children:
            if obj.dep_ == "pobj":
                key3 = (lemma, child.lower_, "the", obj.lower_)
                if key3 in lex.phrasal:
                    return lex.phrasal[key3]
    return None


def _to_care(prep, lex: Lexicon) -> bool:
    """True when the "to" phrase ``prep`` leads to a care place ("to the hospital", "to Grady
    Memorial Hospital", "to a trauma center"): any word of its object's phrase is one."""
    return any(t.lower_ in lex.care_places for obj in prep.children if obj.dep_ == "pobj" for t in obj.subtree)


def _verb_kind(verb, lex: Lexicon) -> str | None:
    """Kind of a verb whose victim is its object (active) or subject (passive)."""
    return _phrasal_kind(verb, lex) or lex.transitive.get(_lemma(verb)) or lex.adjectives.get(verb.lower_)


def _settle(verb, node, kind: str, lex: Lexicon) -> str:
    """Turn "hit" into dead or injured where the words around the verb say which.

    "Fatally" also turns injured into dead ("fatally wounded")."""
    if kind not in ("hit", "injured"):
        return kind
    for tok in (verb, node):
        for c in tok.children:
            if c.dep_ == "advmod" and c.lower_ in lex.dead_adverbs:
                return "dead"
    if kind != "hit":
        return kind
    for tok in (verb, node):
        for c in tok.children:
            lower = c.lower_
            if c.dep_ in ("advmod", "oprd", "acomp", "amod", "xcomp", "npadvmod", "advcl") and lower in lex.dead_adverbs:
                return "dead"
            if c.dep_ == "prep" and lower == "to" and any(g.lower_ == "death" for g in c.children):
                return "dead"
    for c in verb.children:
        if c.dep_ in ("conj", "advcl", "xcomp") and _is_verb(c) and not _has_child(c, _SUBJECTS + ("dobj",)):
            lemma = _lemma(c)
            if lemma in lex.dead_verbs or (lemma == "pronounce" and _has_child_word(c, lex.dead_adverbs)):
                return "dead"
            if lemma == "survive" and _has_child(c, ("neg",)):
                return "dead"  # "was rushed to the hospital but did not survive"
            if lex.transitive.get(lemma) == "injured" or lemma in ("release", "survive", "recover", "stabilize"):
                return "injured"  # "were treated and released", "was shot but survived"
    if verb.dep_ == "conj" and _lemma(verb.head) in lex.dead_verbs and not _has_child(verb, _SUBJECTS + ("dobj",)):
        return "dead"  # "was killed and shot" is rare but "killed ... and shot" reads the same
    for c in verb.children:
        if c.dep_ in ("advmod",) and c.lower_.replace("-", "") in lex.injured_adverbs:
            return "injured"
        if c.dep_ == "prep" and c.lower_ in ("in", "on"):
            for obj in c.children:
                if obj.dep_ == "pobj" and obj.is_lower and (
                    obj.lower_ in lex.body_parts or obj.lemma_.lower() in lex.body_parts
                ):
                    return "injured"
    # the verb's own modifiers ("with non-life-threatening injuries", "and is recovering"), not
    # clauses on its subject or object, which may tell of other people
    parts = [verb.lower_]
    for c in verb.children:
        if c.dep_ in ("prep", "advmod", "advcl", "xcomp", "acomp", "oprd", "npadvmod", "agent") or (
            c.dep_ == "conj" and not _has_child(c, _SUBJECTS)
        ):
            parts.append(verb.doc[c.left_edge.i : c.right_edge.i + 1].text.lower())
    clause = " ".join(parts)
    if any(p in clause for p in lex.injured_phrases):
        return "injured"
    return "hit"


def _has_child_word(tok, words) -> bool:
    return any(c.lower_ in words for c in tok.children)


def _modifier_kind(node, lex: Lexicon):
    """Kind given by a clause or adjective on the counted noun: "26 people killed", "3 injured",
    "two who died". Where several do, a death wins ("the two men shot who were killed")."""
    found = []
    for c in node.children:
        if c.dep_ in ("acl", "amod", "relcl", "appos") and c.i > node.i or c.dep_ == "amod":
            if c.dep_ == "relcl":
                if any(g.dep_ in _SUBJECTS and g.lower_ in ("who", "that", "which") for g in c.children):
                    kind = _role_of_verb_subject(c, lex)
                    if kind:
                        found.append((_settle(c, node, kind, lex), c))
                continue
            lower = c.lower_
            if c.dep_ in ("acl", "amod") and _is_verb(c) and c.tag_ == "VBN":
                kind = _verb_kind(c, lex)
                if kind:
                    found.append((_settle(c, node, kind, lex), c))
                    continue
            if lower in lex.adjectives and c.dep_ in ("amod", "acl"):
                found.append((lex.adjectives[lower], c))
    if not found:
        return None
    return next((f for f in found if f[0] == "dead"), found[0])


def _in_condition(verb, lex: Lexicon) -> bool:
    """True for a verb with "in" + a condition noun: "is in critical condition", "was listed in
    stable condition", "is in the hospital" (not "in the care of")."""
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(
            o.dep_ == "pobj" and _lemma(o) in lex.condition_nouns and not _has_child_word(o, ("of",))
            for o in c.children)
        for c in verb.children)


def _role_of_verb_subject(verb, lex: Lexicon) -> str | None:
    """Kind for the subject of ``verb`` (passive victim, intransitive subject, copula + adjective)."""
    lemma = _lemma(verb)
    passive = _has_child(verb, ("auxpass",)) or any(c.dep_ == "nsubjpass" for c in verb.children)
    if passive:
        kind = _verb_kind(verb, lex)
        if kind is None and lemma in ("find", "pronounce", "declare", "leave", "confirm", "report", "list"):
            for c in verb.children:
                if c.dep_ in ("oprd", "acomp", "xcomp", "advmod") and c.lower_ in lex.adjectives:
                    return lex.adjectives[c.lower_]
        if kind is None and lemma in ("list", "report") and _in_condition(verb, lex):
            return "hit"  # "the boy was listed in critical condition"
        return kind
    if lemma in lex.intransitive:
        return lex.intransitive[lemma]
    if lemma in _COPULAS:
        for c in verb.children:
            if c.dep_ in ("acomp", "attr", "oprd") and (c.lower_ in lex.adjectives or _lemma(c) in lex.adjectives):
                return lex.adjectives.get(c.lower_) or lex.adjectives[_lemma(c)]
            if _in_condition(verb, lex):
                # "two are in critical condition", "one is in the hospital"; not "three children
                # were in the care of a baby sitter"
                return "hit"
            if c.dep_ == "prep" and c.lower_ == "among":
                for obj in c.children:
                    if obj.dep_ == "pobj" and (obj.lower_ in lex.adjectives or _lemma(obj) in lex.nouns):
                        return lex.adjectives.get(obj.lower_) or lex.nouns[_lemma(obj)]
        return None
    if lemma in ("commit", "take", "end") and any(
        c.dep_ == "dobj" and (_lemma(c) == "suicide" or (c.lower_ == "life" and _has_child_word(c, {"own"})))
        for c in verb.children
    ):
        return "dead"  # "he committed suicide", "took his own life"
    if lemma in ("suffer", "sustain", "receive"):
        for c in verb.children:
            if c.dep_ == "dobj" and _lemma(c) in ("wound", "injury", "gunshot"):
                text = verb.doc[c.left_edge.i : c.right_edge.i + 1].text.lower()
                if "fatal" in text and "non" not in text:
                    return "dead"
                clause = verb.doc[verb.i : verb.right_edge.i + 1].text.lower()
                if "minor" in text or any(p in clause for p in lex.injured_phrases):
                    return "injured"
                return "hit"
        return None
    # Headline style: "Toddler shot in South Toledo", "Man killed in crash": a kind verb with a
    # subject and no object reads as a reduced passive.
    kind = _verb_kind(verb, lex)
    if kind and verb.tag_ in ("VBD", "VBN") and not _has_child(verb, ("dobj", "aux", "ccomp", "xcomp")):
        conj_objects = any(c.dep_ == "conj" and _has_child(c, ("dobj",)) for c in verb.children)
        if not conj_objects and not any(
            c.dep_ == "prep" and c.lower_ in ("at", "into", "through") for c in verb.children
        ):
            return kind
    return None


def _charge_kind(noun, lex: Lexicon) -> str | None:
    """Kind of the victims of counted charges: "two counts of attempted murder" -> injured."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    words = {t.lower_ for t in obj.subtree}
                    for (modifier, charge), kind in lex.charge_counts.items():
                        if _lemma(obj) == charge and modifier in words:
                            return kind
    return None


def _toll_kind(noun, lex: Lexicon) -> str:
    """Kind of a toll noun: "death toll" -> dead, "injury toll" -> injured, "number of arrests"."""
    for c in noun.children:
        lemma = _lemma(c)
        if c.dep_ in ("compound", "amod") and (lemma in lex.nouns or c.lower_ in lex.adjectives):
            return lex.nouns.get(lemma) or lex.adjectives[c.lower_]
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                if obj.dep_ == "pobj" and (_lemma(obj) in lex.nouns or obj.lower_ in lex.adjectives):
                    return lex.nouns.get(_lemma(obj)) or lex.adjectives[obj.lower_]
    return "dead" if _lemma(noun) == "toll" else ""


def resolve_kind(node, noun, lex: Lexicon):
    """What a figure counts: ``(kind, cue token, verb or None)`` or None.

    ``node`` is the nominal that fills a grammatical role (the counted noun, or the number when
    it stands alone); ``noun`` the counted noun if any.
    """
    # 1. the counted word itself names the kind: "26 deaths", "three dead", "a crowd of 5,000",
    # "two counts of attempted murder"
    if noun is not None:
        lemma = _lemma(noun)
        if lemma == "count":
            kind = _charge_kind(noun, lex)
            if kind:
                return kind, noun, None
        if lemma in lex.nouns and lex.nouns[lemma] != "crowd" and lemma not in lex.toll_nouns:
            return lex.nouns[lemma], noun, None
        if noun.lower_ in lex.adjectives and noun.pos_ in ("ADJ", "VERB"):
            return lex.adjectives[noun.lower_], noun, None
    # 2. a clause or adjective on it: "26 people killed", "3 injured", "two who died"; the
    # role it fills wins when it says they died ("a man who was shot Friday has died")
    found = _modifier_kind(node, lex)
    role = _role_kind(node, noun, lex)
    if role and role[0] == "dead":
        return role
    if found:
        return found[0], found[1], found[1]
    return role


def _role_kind(node, noun, lex: Lexicon):
    """Kind from the grammatical role of ``node`` (see :func:`resolve_kind`)."""
    # "Two people were shot, one fatally": the figure carries the adverb itself
    for c in node.children:
        if c.dep_ == "advmod" and c.lower_ in lex.dead_adverbs:
            return "dead", c, None
        if c.dep_ == "advmod" and c.lower_.replace("-", "") in lex.injured_adverbs:
            return "injured", c, None
    # 3. the role it fills, climbing coordination and apposition: "a man and a woman were killed";
    # "two others" joined to the dead by "and" without a verb of their own says nothing sure
    if node.dep_ == "conj" and _lemma(node) == "other":
        return None
    first = node
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    verb = _subjectless_verb(first)
    if verb is not None:
        kind = _role_of_verb_subject(verb, lex)
        if kind:
            return _settle(verb, node, kind, lex), verb, verb
    while node.dep_ in ("conj", "appos") and node.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
        node = node.head
    dep = node.dep_
    head = node.head
    if dep in _SUBJECTS and head.dep_ in ("aux", "auxpass") and head.head.i > head.i:
        head = head.head  # the parser hung the subject on the auxiliary: "another man was critically injured"
    if dep in ("nsubj", "nsubjpass") and _is_verb(head) or (dep == "nsubj" and head.pos_ == "ADJ"):
        if head.pos_ == "ADJ" and head.lower_ in lex.adjectives:
            return lex.adjectives[head.lower_], head, None
        kind = _role_of_verb_subject(head, lex)
        if kind:
            return _settle(head, node, kind, lex), head, head
        for verb in head.children if not _has_child(head, ("dobj", "ccomp")) else ():
            # the subject of a verb that tells nothing and has no object, shared with one that
            # does: "a victim was dropped off at a hospital and later died"
            if verb.dep_ == "conj" and _is_verb(verb) and not _has_child(verb, _SUBJECTS):
                kind = _role_of_verb_subject(verb, lex)
                if kind:
                    return _settle(verb, node, kind, lex), verb, verb
    if dep == "dobj" and _is_verb(head):
        lemma = _lemma(head)
        if lemma == "leave":
            for tok in list(head.children) + list(node.children):
                if tok.dep_ in ("oprd", "acomp", "xcomp", "amod", "ccomp") and tok.lower_ in lex.adjectives:
                    return lex.adjectives[tok.lower_], tok, head
            for tok in head.subtree:
                if tok.dep_ == "pobj" and tok.head.lower_ == "with" and _lemma(tok) in ("wound", "injury"):
                    return "hit", head, head  # "left her daughter with gunshot wounds"
            return None
        if lemma in lex.crowd_objects:
            if noun is None or lex.nouns.get(_lemma(noun)) == "crowd":
                return "crowd", head, head
            return None
        if lemma in lex.life_verbs and noun is not None and noun.lower_ == "lives":
            return "dead", head, head  # "claimed 26 lives"
        kind = _verb_kind(head, lex)
        if kind:
            return _settle(head, node, kind, lex), head, head
    if dep == "pobj":
        prep = head
        gov = prep.head
        if prep.lower_ == "on" and _lemma(gov) == "turn" and any(
            c.dep_ == "dobj" and _lemma(c) in ("gun", "weapon", "pistol", "rifle", "firearm", "shotgun", "handgun")
            for c in gov.children
        ):
            return "dead", gov, gov  # "turned the gun on himself"
        if prep.lower_ == "of" and gov.lower_ in ("life", "lives"):
            if gov.dep_ == "dobj" and _lemma(gov.head) in lex.life_verbs:
                return "dead", gov.head, gov.head  # "took the life of a 16-year-old boy"
            return None
        if prep.lower_ == "of" and (_lemma(gov) in lex.nouns or gov.lower_ in lex.adjectives):
            if _lemma(gov) in lex.toll_nouns:
                kind = _toll_kind(gov, lex)
                return (kind, gov, None) if kind else None
            return lex.nouns.get(_lemma(gov)) or lex.adjectives[gov.lower_], gov, None
        if prep.lower_ in ("to", "at", "from") and _is_verb(gov) and _lemma(gov) in lex.toll_verbs:
            for subj in gov.children:
                if subj.dep_ == "nsubj" and _lemma(subj) in lex.toll_nouns:
                    kind = _toll_kind(subj, lex)
                    return (kind, subj, gov) if kind else None
        if prep.lower_ == "including" or prep.lower_ == "among":
            return None
    if dep == "attr" and _is_verb(head) and _lemma(head) in _COPULAS:
        for subj in head.children:
            if subj.dep_ == "nsubj" and _lemma(subj) in lex.toll_nouns:
                kind = _toll_kind(subj, lex)
                return (kind, subj, head) if kind else None
            if subj.dep_ == "nsubj" and (subj.lower_ in lex.adjectives and subj.pos_ == "ADJ"):
                return lex.adjectives[subj.lower_], subj, head  # "the dead include four children"
        kind = _role_of_verb_subject(head, lex)
        if kind:
            return kind, head, head
    if dep == "dobj" and _lemma(head) == "include":
        for subj in head.children:
            if subj.dep_ == "nsubj" and (subj.lower_ in lex.adjectives or _lemma(subj) in lex.nouns):
                return lex.adjectives.get(subj.lower_) or lex.nouns[_lemma(subj)], subj, head
    # 4. crowd nouns whose verb says nothing else: "5,000 protesters filled the square"
    if noun is not None and lex.nouns.get(_lemma(noun)) == "crowd":
        return "crowd", noun, None
    # 5. victims counted by a figure whose verb says nothing else were hit: "police found five
    # victims" (a single "the victim" says nothing new)
    counted = noun is not None and (
        any(c.dep_ == "nummod" for c in noun.children)
        or (noun.dep_ == "pobj" and noun.head.lower_ == "of" and (
            noun.head.head.like_num or noun.head.head.pos_ == "NUM"
            or noun.head.head.lower_ in ("dozens", "hundreds", "scores", "several", "multiple", "thousands")))
    )
    if counted and _lemma(noun) == "victim" and not any(
        c.lower_ in ("crime", "fraud", "abuse", "assault", "robbery", "rape", "theft") for c in noun.children
    ):
        return "hit", noun, None
    return None


def _subjectless_verb(node):
    """The verb of "..., a boy and a man were killed" when the parser hung the people elsewhere
    (in apposition to a name before them) and left the verb right after them without a subject."""
    doc = node.doc
    after = node.right_edge.i + 1
    if node.dep_ in _SUBJECTS or after >= len(doc) or doc[after].dep_ not in ("aux", "auxpass"):
        return None
    verb = doc[after].head
    if verb.i <= after or not _is_verb(verb) or _has_child(verb, _SUBJECTS + ("expl", "csubj")):
        return None
    return verb


# ---------------------------------------------------------------------------------------------
# Finding figures
# ---------------------------------------------------------------------------------------------

def _syntactic_head(doc, start: int, end: int):
    """The token of ``doc[start:end]`` whose head lies outside it (the last such token)."""
    best = None
    for tok in doc[start:end]:
        if tok.head.i < start or tok.head.i >= end or tok.head.i == tok.i:
            if best is None or tok.like_num or tok.pos_ == "NUM":
                best = tok
    return best if best is not None else doc[end - 1]


def _irrealis(verb, lex: Lexicon) -> bool:
    """True when the clause of ``verb`` does not report a fact ("could have killed", "plans to",
    "he will hurt her")."""
    if verb is None:
        return False
    if any(c.dep_ == "aux" and c.lower_ in lex.irrealis_aux for c in verb.children):
        return True
    tok = verb
    for _ in range(3):
        if tok.dep_ in ("xcomp", "ccomp", "conj") and _lemma(tok.head) in _IRREALIS_HEADS:
            return True
        if tok.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in tok.children):
            return True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return False


_DEGREE = frozenset({"seriously", "critically", "badly", "severely", "gravely", "fatally", "immediately"})


def _negated(verb, node) -> bool:
    """True for "no one was hurt", "were not injured" (not "was not seriously injured")."""
    if verb is not None and _has_child(verb, ("neg",)):
        return not any(c.dep_ == "advmod" and c.lower_ in _DEGREE for c in verb.children)
    return any(c.dep_ == "det" and c.lower_ in _NEGATORS for c in node.children) or node.lower_ in _NEGATORS


def _is_person(noun, lex: Lexicon) -> bool:
    if noun is None:
        return True
    lemma = _lemma(noun)
    if lex.is_person_noun(lemma) or lex.is_person_noun(noun.lower_):
        return True
    if noun.ent_type_ in ("PERSON", "NORP"):
        return True
    if noun.lower_ in ("old", "olds"):  # "a 3-year-old", "two 17-year-olds"
        return True
    return False


def _affiliation(noun, quantity_tokens: set[int], lex: Lexicon) -> str | None:
    """Who the counted people were, from the noun phrase: "MEK members", "policemen"."""
    if noun is None or not _is_person(noun, lex):
        return None
    lemma = _lemma(noun)
    if {lemma, noun.lower_} & (lex.generic_people | lex.describe_people):
        return None
    if noun.lower_ in ("old", "olds"):
        return None
    doc = noun.doc
    left = noun.i
    for c in noun.lefts:
        if c.dep_ in ("compound", "amod", "nmod") and c.i not in quantity_tokens and c.lower_ not in lex.adjectives:
            left = min(left, c.left_edge.i)
    right = noun.i
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            right = max(right, c.right_edge.i)
    while left < noun.i and (doc[left].i in quantity_tokens or doc[left].dep_ in ("det", "punct")):
        left += 1
    text = doc[left : right + 1].text
    return text or None


def _source(cue, lex: Lexicon) -> str | None:
    """Who gives the figure: the speaker of the nearest reporting verb above it, or "according to X"."""
    if cue is None:
        return None
    doc = cue.doc
    seen = set()
    tok = cue
    for _ in range(8):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return doc[obj.left_edge.i : obj.right_edge.i + 1].text
            if c.dep_ in ("parataxis", "advcl") and _lemma(c) in lex.source_verbs and c.i not in seen:
                for s in c.children:
                    if s.dep_ == "nsubj":
                        return doc[s.left_edge.i : s.right_edge.i + 1].text
        if tok.i != cue.i and _lemma(tok) in lex.source_verbs and _is_verb(tok):
            for s in tok.children:
                if s.dep_ == "nsubj" and not (s.left_edge.i <= cue.i <= s.right_edge.i):
                    return doc[s.left_edge.i : s.right_edge.i + 1].text
        seen.add(tok.i)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _subgroup_opener_before(words: list[str], i: int, lex: Lexicon) -> int | None:
    """Index where a subgroup opener ("including", "among them") ends right before word ``i``."""
    j = i
    while j > 0 and words[j - 1] in (",", "—", "-", "("):
        j -= 1
    for opener in lex.subgroup_openers:
        n = len(opener)
        if j - n >= 0 and tuple(words[j - n : j]) == opener:
            return j - n
    return None


def _group_noun_after(doc, index: int, limit: int):
    """The noun a subgroup figure counts: "8 women", "three of them children"."""
    for tok in doc[index:limit]:
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in ("them", "whom"):
            return tok
        if tok.is_punct and tok.lower_ != "-":
            break
    return None


def _mention(doc, sent, start_tok, end_tok, lo, hi, qualifier, kind, cue, noun, affiliation, lex, **kw):
    span = doc[start_tok:end_tok]
    return SizeMention(
        kind=kind, min=lo, max=hi, qualifier=qualifier, text=span.text, start=span.start_char,
        end=span.end_char, token_start=start_tok, token_end=end_tok, head=cue.i, head_text=cue.text,
        noun=noun.text if noun is not None else None, affiliation=affiliation,
        source=_source(cue, lex), sentence_start=sent.start, **kw,
    )


def _quantity_mentions(doc, sent, quantities: list[Quantity], lex: Lexicon, taken: set[int]):
    out = []
    base = sent.start
    words = [t.lower_ for t in sent]
    for q in quantities:
        s, e = base + q.start, base + q.end
        ns, ne = base + q.number_start, base + q.number_end
        if any(i in taken for i in range(s, e)):
            continue
        nums = doc[ns:ne]
        if any(t.ent_type_ in _NON_COUNT_ENTS for t in nums) and q.qualifier != "vague":
            continue
        after = words[q.number_end : q.number_end + 2]
        if after and (after[0] in _NOT_COUNTS_AFTER or after[:2] in (["-", "year"], ["-", "month"])):
            continue
        if q.start > 0 and words[q.start - 1] in _NOT_COUNTS_BEFORE and q.qualifier == "exact":
            if words[q.start - 1] not in ("of", "at", "by"):
                continue
        if _is_age(doc, sent, q, words):
            continue
        if q.start > 0 and doc[s - 1].pos_ == "PROPN" and doc[ns].text[:1].isdigit() and q.qualifier == "exact":
            continue  # "Precinct 5", "Channel 4"
        h = _syntactic_head(doc, s, e)
        noun = None
        node = h
        if h.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod") and h.head.i >= e:
            cand = h.head
            if cand.pos_ in ("NOUN", "PROPN", "ADJ", "PRON", "VERB") or cand.lower_ in lex.adjectives:
                noun, node = cand, cand
        if noun is None:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for obj in c.children:
                        if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN", "PRON"):
                            noun = obj
        if noun is not None and any(c.lower_ in lex.not_counted for c in noun.children):
            continue
        if (noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.like_num
                and noun.head.head.i != h.i):
            continue  # "four of the five victims": the five is the group the four come from
        found = resolve_kind(node, noun, lex)
        if found is None:
            continue
        kind, cue, verb = found
        counted = noun if noun is not None and noun.pos_ != "PRON" else None
        if kind not in ("crowd",) and counted is not None and _lemma(counted) not in lex.nouns and cue.i != counted.i:
            if counted.lower_ not in lex.adjectives and not _is_person(counted, lex):
                continue
        if _irrealis(verb, lex):
            continue
        lo, hi = q.min, q.max
        if _negated(verb, node):
            lo, hi = 0, 0
        if s > sent.start and doc[s - 1].lower_ == "no":
            s, lo, hi = s - 1, 0, 0
        quantity_tokens = set(range(s, e))
        of_group = noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i == h.i
        partitive = (
            (s > sent.start and doc[s - 1].lower_ in ("including", "among") and bool(out))
            or of_group  # "five of the officers", "two of them"
            or _in_apposition_to_figure(node)
            or counted is None and (
                cue.dep_ == "advmod"  # "one fatally"
                or (noun is not None and noun.pos_ == "PRON")  # "one of whom", "two of them"
                or any(m.kind == "hit" and (m.count or 0) > (lo or hi or 0) for m in out)
            )
        )
        charge = counted is not None and cue.i == counted.i and _lemma(counted) == "count"
        out.append(_mention(
            doc, sent, s, e, lo, hi, q.qualifier, kind, cue, counted,
            _affiliation(counted, quantity_tokens, lex), lex,
            anaphoric=_anaphoric_phrase(doc, s, noun, lex) or partitive or charge,
            additive=_additive(doc, s, counted, verb, lex), partitive=partitive,
            form="charge" if charge else "figure",
        ))
        taken.update(range(s, e))
    return out


def _in_apposition_to_figure(node) -> bool:
    """True for a figure that spells out another: "the four victims -- two men and two women"."""
    tok = node
    for _ in range(4):
        if tok.dep_ == "appos":
            return any(c.dep_ == "nummod" or c.like_num for c in tok.head.children) or tok.head.like_num
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


_AGE_WORDS = frozenset({"age", "ages", "aged"})
#: Words between the comma and an age in apposition: "another girl, also 15,", "two men, both 20,".
_AGE_LINKS = frozenset({"also", "both", "each", "all"})
_VICTIM_VERBS = frozenset({"die", "kill", "shoot", "wound", "injure", "slay", "murder", "succumb", "pronounce", "gun"})
_DEATH_NOUNS = frozenset({"death", "murder", "killing", "slaying", "homicide"})
#: Headline words the tagger reads as nouns: "16-year-old dies in shooting", "Teen shot".
_HEADLINE_WORDS = MappingProxyType({"dies": "dead", "died": "dead", "killed": "dead", "dead": "dead", "shot": "hit",
                   "wounded": "injured", "injured": "injured", "hurt": "injured"})


def _is_age(doc, sent, q: Quantity, words: list[str]) -> bool:
    """True for a number that gives someone's age: "Morgan, 19,", "another girl, also 15,", "ages 24,
    25 and 41", "9 and 14 years old", "two males, 30 and 42"."""
    first = q.start
    while first >= 2 and words[first - 1] in (",", "and") and words[first - 2][:1].isdigit():
        first -= 2
        while first >= 1 and words[first][:1].isdigit() is False and words[first - 1][:1].isdigit():
            first -= 1
    if first != q.start and first >= 2 and words[first - 1] == ",":
        before = doc[sent.start + first - 2]
        if before.pos_ in ("PROPN", "NOUN") or before.lower_ in _AGE_WORDS:
            return True
    if _AGE_WORDS & set(words[max(0, q.start - 6) : q.start]):
        return True
    if words[q.number_end : q.number_end + 3] == ["y", "/", "o"]:
        return True  # "a 25 y/o man"
    if _after_one(doc, sent, q):
        return True  # "two teenagers, one 16 and the other 17"
    ahead = words[q.number_end : q.number_end + 6]
    if "old" in ahead and ("years" in ahead or "year" in ahead):
        return True
    # "Morgan, 19,"; "another girl, also 15,"; "two women, both 21,"
    start = q.start - 1 if q.start >= 1 and words[q.start - 1] in _AGE_LINKS else q.start
    if start >= 2 and words[start - 1] == "," and q.number_end < len(words):
        before = doc[sent.start + start - 2]
        if words[q.number_end] in (",", ";", ")", ".", "and") and (
            before.pos_ == "PROPN" or before.pos_ == "NOUN"
        ):
            return True
    head = _syntactic_head(doc, sent.start + q.start, sent.start + q.end)
    if any(c.dep_ in ("acl", "relcl", "advmod", "amod", "prep") for c in head.children):
        return False  # "4 shot, 2 killed", "four shot, one fatally"
    return head.dep_ == "appos" and (head.head.pos_ == "PROPN" or (
        head.head.pos_ == "NOUN" and load_lexicon().is_person_noun(_lemma(head.head))))


def _after_one(doc, sent, q: Quantity) -> bool:
    """True for a number right after "one" that gives an age ("one 16"), or coordinated with one
    ("one 16 and the other 17")."""
    tok = doc[sent.start + q.number_start]
    if tok.dep_ == "conj" and tok.head.like_num:
        tok = tok.head
    return tok.i > sent.start and tok.like_num and doc[tok.i - 1].lower_ == "one" and doc[tok.i - 1].head.i == tok.i


_SHOT_GOVERNORS = frozenset({"fire", "hear", "ring", "let", "take", "squeeze", "get", "of", "than", "fire off"})
_BE = frozenset({"was", "were", "is", "are", "been", "have", "has", "had", "being", "all"})
_HIT_WORDS = MappingProxyType({"shot": "hit", "struck": "hit", "stabbed": "hit", "hit": "hit"})


def _adjacent_mentions(doc, sent, quantities: list[Quantity], lex: Lexicon, taken: set[int], earlier=()):
    """Figures the parse missed, read from the words right after them, as headlines write them:
    "4 shot, 2 killed", "five shot at bar", "3 teens dead", "2 were fatally shot"."""
    out = []
    base = sent.start
    words = [t.lower_ for t in sent]
    n = len(words)
    for q in quantities:
        s, e = base + q.start, base + q.end
        if any(i in taken for i in range(s, e)) or q.min is None:
            continue
        if any(t.ent_type_ in _NON_COUNT_ENTS for t in doc[base + q.number_start : base + q.number_end]):
            continue
        if _is_age(doc, sent, q, words) or (q.number_end < n and words[q.number_end] in _NOT_COUNTS_AFTER):
            continue
        j = q.end
        noun = None
        for k in (j, j + 1):
            if k < n and _is_person(doc[base + k], lex) and doc[base + k].pos_ in ("NOUN", "PROPN"):
                noun = doc[base + k]
                j = k + 1
                break
        # a list of figures before one verb: "4 adults, 1 child shot"
        while noun is not None and j + 2 < n and words[j] in (",", "and") and words[j + 1][:1].isdigit() and (
            _is_person(doc[base + j + 2], lex)
        ):
            j += 3
        while j < n and words[j] in _BE:
            j += 1
        if j >= n:
            continue
        w = words[j]
        kind = None
        if w == "fatally" and j + 1 < n and words[j + 1] in _HIT_WORDS:
            kind, j = "dead", j + 1
        elif w in _HIT_WORDS:
            kind = "hit"
            if words[j + 1 : j + 2] == ["dead"] or words[j + 1 : j + 3] == ["to", "death"]:
                kind = "dead"
            elif words[j + 1 : j + 3] == [",", "one"] or words[j + 1 : j + 2] == ["fatally"]:
                kind = "hit"
        elif w in lex.adjectives and lex.adjectives[w] in ("dead", "injured", "hit"):
            kind = lex.adjectives[w]
        if kind is None:
            continue
        cue = doc[base + j]
        if any(c.dep_ in ("dobj", "attr") for c in cue.children):
            continue  # "three gunmen killed two guards": the figure did it
        if cue.dep_ in ("dobj", "pobj", "attr") and _lemma(cue.head) in _SHOT_GOVERNORS:
            continue  # "fired one shot", "heard two shots"
        before = [m for m in list(earlier) + out if m.token_start < s]
        partitive = kind in ("dead", "injured") and any(
            m.kind == "hit" and (m.count or 0) > q.min for m in before)  # "4 shot, 1 dead"
        out.append(_mention(doc, sent, s, e, q.min, q.max, q.qualifier, kind, cue, noun,
                            _affiliation(noun, set(range(s, e)), lex), lex,
                            partitive=partitive, anaphoric=partitive))
        taken.update(range(s, e))
    return out


def _anaphoric_phrase(doc, start: int, noun, lex: Lexicon) -> bool:
    """True for "the two men", "both victims": people counted before ("the other two" are the
    rest of a group, told apart from those counted, so not)."""
    if start > 0 and doc[start - 1].lower_ in lex.anaphoric_determiners and doc[start - 1].lower_ != "that":
        return True

    if noun is not None and noun.pos_ == "PRON":
        return True
    return False


def _additive(doc, start: int, noun, verb, lex: Lexicon) -> bool:
    words = {doc[start - 1].lower_} if start > 0 else set()
    if noun is not None:
        words.add(noun.lower_)
    if noun is not None:
        words |= {c.lower_ for c in noun.children if c.dep_ in ("det", "amod", "advmod")}
        if noun.lower_ in ("others", "other"):
            words.add("others")
    if verb is not None:
        words |= {c.lower_ for c in verb.children if c.dep_ == "advmod"}
    return bool(words & lex.additive_words)


def _person_conjuncts(tok, lex: Lexicon) -> list:
    """``tok`` and the people coordinated with it: "Price, 22, and Willrich, 30".

    The parser reads a list of names as appositions before its last "and" ("Robinson, Thomas,
    Doe, and Turner"), and hangs the people after a name in apposition from that name ("his son,
    Storm Malone, and a family friend"): both are followed."""
    out = [tok]
    listed = any(c.dep_ == "conj" for c in tok.children)
    for c in tok.children:
        if c.dep_ == "conj" and (
            _single_person(c, lex)
            or (tok.pos_ == "PROPN" and c.pos_ == "PROPN" and not any(g.dep_ == "nummod" for g in c.children))
        ):
            out.extend(_person_conjuncts(c, lex))
        elif c.dep_ == "appos" and c.ent_type_ == "PERSON":
            if listed and tok.pos_ == "PROPN" and c.i > tok.i:
                out.extend(_person_conjuncts(c, lex))  # another name of the list
            else:
                out.extend(_person_conjuncts(c, lex)[1:])  # the same person: only the people after it
    return out


def _both(tok) -> bool:
    """True for a nominal with "both" before it: "both victims", "both men"."""
    return tok.lower_ == "both" or any(c.lower_ == "both" and c.dep_ in ("det", "predet") for c in tok.children)


def _single_person(tok, lex: Lexicon) -> bool:
    """A nominal that names or describes one person (or none: "no one", "nobody")."""
    if any(c.dep_ == "nummod" for c in tok.children):
        return False
    if tok.pos_ == "PROPN":
        if tok.dep_ == "compound" or _dateline(tok):
            return False
        if tok.ent_type_ == "PERSON":
            return True
        if tok.ent_type_ not in _NAME_MISREAD_AS:
            return False
        # a name with an age after it: "Royal Willrich, 30,"
        if any(c.dep_ == "appos" and c.like_num for c in tok.children):
            return True
        # the first of a list of names the recogniser read as people ("Rey Cole, Ana Ruiz and ..."
        # with "Rey Cole" read as an organisation); not a name naming the noun before it ("his
        # sons, Eli and Sam Park")
        if tok.dep_ != "appos" and any(
            c.dep_ in ("conj", "appos") and c.pos_ == "PROPN" and c.ent_type_ == "PERSON" for c in tok.children
        ):
            return True
        # a name the recogniser missed, as the one who died or was shot ("Juvenile dies", "Pontiac
        # died", "Tessler, a carpenter, was killed"); not a place or a dateline ("CINCINNATI -- Two
        # men were killed")
        return (tok.ent_type_ != "GPE" and not tok.is_upper and tok.dep_ in _SUBJECTS
                and _lemma(tok.head) in _VICTIM_VERBS)
    if tok.lower_ == "another" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "conj"):
        return True  # "four were killed and another injured"
    if tok.lower_ in lex.ordinals and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") and any(
        c.lower_ == "a" for c in tok.children
    ):
        return True  # "three are dead and a fourth is wounded"
    if tok.pos_ == "PRON":
        if tok.lower_ == "both":
            return tok.dep_ in _SUBJECTS  # "both were shot": two people, counted before
        return tok.lower_ in ("he", "him", "she", "her", "himself", "herself", "nobody", "one", "someone",
                              "somebody", "no-one") and tok.dep_ != "poss"
    if tok.pos_ in ("NOUN", "ADJ"):
        if tok.lower_ in ("old",) and tok.i >= 2 and (
            tok.doc[tok.i - 2].lower_ in ("year", "month", "week")
            or tok.doc[tok.i - 1].lower_ in ("year", "month", "week")
        ):
            return True  # "a 3-year-old", "a 16-year old"
        if tok.tag_ == "NNS" and _both(tok):
            return lex.is_person_noun(_lemma(tok))  # "both victims": two people, counted before
        if tok.tag_ not in ("NN",):
            return tok.lower_ in ("one",)
        if any(c.lower_ in lex.not_counted for c in tok.children):
            return False
        return lex.is_person_noun(_lemma(tok)) and _lemma(tok) not in ("police", "security", "staff", "family")
    return False


#: Entity types the recogniser gives names of people it does not know (a surname read as an ORG,
#: a first name as a PRODUCT): the victim verb decides.
_NAME_MISREAD_AS = frozenset({"", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"})
_DATELINE_MARKS = frozenset({"(", "-", "--", "–", "—", ","})


def _dateline(tok) -> bool:
    """True for a place in capitals that opens a report: "DENVER (AP) – Four people were shot"."""
    first = min([c.i for c in tok.children if c.dep_ == "compound" and c.i < tok.i] + [tok.i])
    doc = tok.doc
    return (first == tok.sent.start and all(t.is_upper for t in doc[first : tok.i + 1])
            and tok.i + 1 < len(doc) and doc[tok.i + 1].text in _DATELINE_MARKS)


def _antecedent(tok):
    """The subject a reflexive pronoun points to: "a boy ... shooting himself" -> "boy"."""
    verb = tok.head
    for _ in range(6):
        for c in verb.children:
            if c.dep_ in _SUBJECTS:
                if c.lower_ in ("who", "that") and verb.dep_ == "relcl":
                    return verb.head
                return c
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _within(i: int, mentions) -> bool:
    return any(m.token_start <= i < m.token_end for m in mentions)


def _singular_mentions(doc, sent, lex: Lexicon, taken: set[int], earlier=()):
    out: list[SizeMention] = []
    done: set[int] = set()
    for tok in sent:
        if tok.i in taken or tok.i in done or not _single_person(tok, lex):
            continue
        if tok.dep_ == "conj" and _single_person(tok.head, lex):
            continue  # counted with the first conjunct
        conjuncts = _person_conjuncts(tok, lex)
        if tok.dep_ == "poss" and tok.pos_ != "PRON" and (
            _lemma(tok.head) in _DEATH_NOUNS or (_lemma(tok.head) == "shooting" and _lemma(tok.head.head) in _DEATH_NOUNS)
        ):
            found = ("dead", tok.head, None)  # "the teen's shooting death"
        elif tok.dep_ in ("compound", "poss", "npadvmod") or (
            tok.dep_ == "appos" and tok.head.pos_ in ("PROPN", "NOUN") and _subjectless_verb(tok) is None
        ):
            continue
        else:
            found = resolve_kind(tok, tok if tok.pos_ in ("NOUN", "ADJ") else None, lex)
        if found is None and tok.head.lower_ in _HEADLINE_WORDS and tok.head.tag_.startswith("NN") and (
            tok.dep_ in ("amod", "compound", "nsubj", "nmod") and tok.i < tok.head.i
        ):
            kind = _HEADLINE_WORDS[tok.head.lower_]
            if kind == "hit" and any(_lemma(c) in lex.dead_verbs or c.lower_ in lex.dead_adverbs
                                     for c in tok.head.children):
                kind = "dead"  # "18-year-old shot, killed by 15-year-old"
            found = (kind, tok.head, None)  # "16-year-old dies in shooting"
        if found is None:
            continue
        kind, cue, verb = found
        if _irrealis(verb, lex):
            continue
        if tok.lower_ in lex.reflexive_pronouns:
            ante = _antecedent(tok)
            if ante is not None and (_within(ante.i, earlier) or _within(ante.i, out)):
                continue  # "a boy died after shooting himself": the boy, counted already
        negated = _negated(verb, tok)
        if tok.lower_ in ("nobody",) or (tok.lower_ == "one" and tok.i > 0 and doc[tok.i - 1].lower_ == "no"):
            negated = True
        count = 0 if negated else len(conjuncts)
        determiners = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss", "predet")]
        if _both(tok) and not negated:
            count = 2
        if tok.pos_ == "PROPN":
            start = min([c.i for c in tok.children if c.dep_ == "compound" and c.i < tok.i] + [tok.i])
            end = tok.i + 1
        else:
            start = min([c.left_edge.i for c in tok.children
                         if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "neg", "npadvmod") and c.i < tok.i]
                        + [tok.left_edge.i if tok.lower_ == "old" else tok.i])
            end = tok.i + 1
        if len(conjuncts) > 1:
            end = max(end, conjuncts[-1].i + 1)
        anaphoric = (
            tok.pos_ in ("PROPN", "PRON")
            or any(d in lex.anaphoric_determiners for d in determiners)
        ) and not negated
        if tok.lower_ in ("one", "another") and tok.pos_ != "PROPN":
            anaphoric = False
        if start > 0 and doc[start - 1].lower_ == "no" and tok.lower_ == "one":
            start -= 1
        noun = tok if tok.pos_ == "NOUN" else None
        if tok.lower_ in lex.ordinals or tok.lower_ == "another":
            anaphoric = False
        form = "name" if tok.pos_ == "PROPN" else "pronoun" if tok.pos_ == "PRON" and tok.lower_ not in (
            "one", "another", "nobody", "someone", "somebody") else "person"
        # "three others, two males and a female, were injured": the female is one of the three
        partitive = _in_apposition_to_figure(tok)
        one = count == 1 and form == "person"
        out.append(_mention(
            doc, sent, start, end, count, count, "exact", kind, cue, noun,
            _affiliation(noun, set(), lex) if noun is not None else None, lex,
            anaphoric=anaphoric or partitive, additive=_additive(doc, tok.i, tok, verb, lex), form=form,
            partitive=partitive, age=_age(doc, tok, start) if one else None,
            gender=lex.genders.get(_lemma(tok)) if one else None,
        ))
        done.update(c.i for c in conjuncts)
        taken.update(range(start, end))
    return out




def _age(doc, tok, start: int) -> int | None:
    """The age a description of one person gives: "a 23-year-old man" (before the noun), "a man, 23,"
    (a number in apposition)."""
    for t in doc[start : tok.i + 1]:
        if t.text.isdigit() and t.i + 2 < len(doc) and doc[t.i + 2].lower_ in ("year", "years"):
            return int(t.text)  # "23 - year - old"
    after = doc[tok.i + 1 : tok.i + 4]
    if len(after) == 3 and after[0].text == "," and after[1].text.isdigit() and after[2].text in (",", ".", ";"):
        return int(after[1].text)
    return None


def _incident_mentions(doc, sent, lex: Lexicon, taken: set[int]):
    """Figures carried by an incident noun: "a double homicide" (dead 2), "a fatal shooting"
    (dead, at least 1), "a fatal double shooting" (both), "an apparent murder-suicide" (dead, at
    least 2). They refer to people the
    story counts elsewhere, so they are marked anaphoric."""
    out = []
    words = [t.lower_ for t in sent]
    for tok in sent:
        if tok.i in taken:
            continue
        found = None
        if tok.lower_ in lex.multiples and tok.head.i > tok.i and _lemma(tok.head) in lex.incident_nouns:
            n = lex.multiples[tok.lower_]
            found = (lex.incident_nouns[_lemma(tok.head)], n, n, "exact", tok.head)
        elif tok.lower_ in lex.deadly_adjectives and tok.head.i > tok.i and _lemma(tok.head) in lex.deadly_nouns:
            found = ("dead", 1, None, "at_least", tok.head)
            many = next((t for t in doc[tok.i + 1 : tok.head.i] if t.lower_ in lex.multiples), None)
            if many is not None and _lemma(tok.head) in lex.incident_nouns:
                n = lex.multiples[many.lower_]  # "a fatal double shooting": one dead, two hit
                out.append(_mention(doc, sent, many.i, tok.head.i + 1, n, n, "exact",
                                    lex.incident_nouns[_lemma(tok.head)], tok.head, None, None, lex,
                                    anaphoric=True, form="incident"))
        else:
            for phrase in lex.murder_suicide:
                k = tok.i - sent.start
                if tuple(words[k : k + len(phrase)]) == phrase:
                    found = ("dead", 2, None, "at_least", doc[tok.i + len(phrase) - 1])
                    break
        if found is None:
            continue
        kind, lo, hi, qualifier, cue = found
        end = max(cue.i + 1, tok.i + 1)
        if any(i in taken for i in range(tok.i, end)):
            continue
        out.append(_mention(doc, sent, tok.i, end, lo, hi, qualifier, kind, cue, None, None, lex,
                            anaphoric=True, form="incident"))
        taken.update(range(tok.i, end))
    return out


def _subgroups(doc, sent, quantities: list[Quantity], lex: Lexicon, taken: set[int]):
    """Subgroup figures of a sentence: ``(opener token index, Subgroup)``; their tokens are taken."""
    out = []
    base = sent.start
    words = [t.lower_ for t in sent]
    for q in quantities:
        opener = _subgroup_opener_before(words, q.start, lex)
        if opener is not None:
            noun = _group_noun_after(doc, base + q.number_end, sent.end)
            if noun is None or not _is_person(noun, lex) or q.min is None:
                continue
            if _modifier_kind(noun, lex) or _modifier_kind(doc[base + q.number_end - 1], lex):
                continue  # "including two men who were killed": a figure of its own kind
            end = noun.i + 1
            out.append((base + opener, Subgroup(group=noun.text, count=q.min, text=doc[base + opener : end].text)))
            taken.update(range(base + opener, end))
            continue
        # "8 of them women"
        rest = words[q.end : q.end + 3]
        if rest[:2] in (["of", "them"], ["of", "whom"]) and q.min is not None:
            noun = _group_noun_after(doc, base + q.end + 2, sent.end)
            if noun is not None and _is_person(noun, lex):
                s = base + q.start
                out.append((s, Subgroup(group=noun.text, count=q.min, text=doc[s : noun.i + 1].text)))
                taken.update(range(s, noun.i + 1))
    return out


def _may_hold_figure(words: list[str], lemmas: list[str], lex: Lexicon) -> bool:
    """False for a sentence with no word that can tell what a figure counts (most sentences of
    most reports), which need not be read further: see ``cue_words`` in :mod:`tacitus.sizes.lexicon`."""
    cues = lex.cue_words
    if any(w in cues for w in words):
        return True
    lowered = [lemma.lower() for lemma in lemmas]
    if any(lemma in cues for lemma in lowered):
        return True
    phrasal = lex.phrasal_cues
    present = set(words)
    return any(lemma in phrasal and not phrasal[lemma].isdisjoint(present) for lemma in lowered)


def sentence_sizes(doc, sent, lex: Lexicon | None = None) -> list[SizeMention]:
    """The size mentions of one sentence (a ``Span`` of ``doc``), in text order."""
    lex = lex or load_lexicon()
    a = arrays(doc)
    words = a.lower[sent.start : sent.end]
    # the parser may split a figure's verb off into the next sentence ("a 14 year old and a 16 year
    # old | were shot"), which the rules read through the word after the sentence and its head
    after = [sent.end, a.head[sent.end]] if sent.end < len(a) else []
    lemmas = a.lemma[sent.start : sent.end] + [a.lemma[k] for k in after]
    if not _may_hold_figure(words + [a.lower[k] for k in after], lemmas, lex):
        return []
    quantities = scan(words, lex)
    taken: set[int] = set()
    groups = _subgroups(doc, sent, quantities, lex, taken)
    mentions = _quantity_mentions(doc, sent, quantities, lex, taken)
    mentions += _adjacent_mentions(doc, sent, quantities, lex, taken, mentions)
    mentions += _singular_mentions(doc, sent, lex, taken, mentions)
    mentions += _incident_mentions(doc, sent, lex, taken)
    mentions.sort(key=lambda m: m.token_start)
    mentions = _parts_of_hit(mentions, lex)
    mentions = [_replace(m, perpetrator=True) if _is_perpetrator(doc, m, lex) else m for m in mentions]
    groups += _perpetrator_subgroups(doc, sent, lex, taken)
    if groups:
        attached = []
        for m in mentions:
            mine = tuple(g for (at, g) in groups if at >= m.token_end and
                         not any(o.token_start > m.token_start and o.token_end <= at for o in mentions))
            if mine:
                m = _replace(m, subgroups=mine)
            attached.append(m)
        mentions = attached
    return mentions


def _parts_of_hit(mentions: list[SizeMention], lex: Lexicon) -> list[SizeMention]:
    """Mark the figures that spell out an earlier figure of the sentence as parts of it, whichever
    rule found each: dead or injured figures after a larger figure of people hit ("6 shot, 2
    killed", "four people were shot, two of them fatally") or before a larger figure of people shot
    ("1 dead after 4 people shot", see ``inclusive_hit``), smaller figures or people after a group
    told before ("the four victims were taken to a hospital, where one is in critical condition"),
    and figures of the same kind that add up to one before them ("the four victims -- three women
    and one man -- were shot")."""
    out: list[SizeMention] = []
    for m in mentions:
        if m.form == "figure" and m.kind in ("dead", "injured") and not (m.partitive or m.additive) and any(
            o.form == "figure" and o.kind == "hit" and (o.count or 0) > (m.count or 0) > 0 for o in out
        ):
            m = _replace(m, partitive=True, anaphoric=True)
        elif m.form in ("figure", "person") and m.kind in ("dead", "injured", "hit") and not (
            m.partitive or m.additive) and any(
            o.form == "figure" and o.anaphoric and not o.partitive and o.kind in ("dead", "injured", "hit")
            and (o.count or 0) > (m.count or 0) > 0 for o in out
        ):
            m = _replace(m, partitive=True, anaphoric=True)  # "the four victims ..., one is in critical condition"
        elif m.form == "figure" and m.kind == "hit" and not (m.partitive or m.additive) and (
                m.head_text.lower() in lex.inclusive_hit):
            for j, o in enumerate(out):  # "1 dead after 4 people shot": the dead are among the four
                if o.form == "figure" and o.kind == "dead" and not (o.partitive or o.additive) and (
                        0 < (o.count or 0) < (m.count or 0)):
                    out[j] = _replace(o, partitive=True, anaphoric=True)
        out.append(m)
    for k in range(len(out)):
        for i in _parts_of(out, k):
            out[i] = _replace(out[i], partitive=True, anaphoric=True)
    return out


def _parts_of(mentions: list[SizeMention], k: int) -> list[int]:
    """Indices of the figures right after ``mentions[k]`` whose counts add up to it (two or more)."""
    whole = mentions[k]
    if whole.form != "figure" or whole.kind not in ("dead", "injured", "hit") or (whole.count or 0) < 2:
        return []
    parts: list[int] = []
    total = 0
    for i in range(k + 1, len(mentions)):
        m = mentions[i]
        if m.kind not in ("dead", "injured", "hit"):
            continue
        if m.form != "figure" or m.additive or m.partitive or (whole.kind != "hit" and m.kind != whole.kind):
            return []
        parts.append(i)
        total += m.count or 0
        if total >= (whole.count or 0):
            break
    return parts if len(parts) >= 2 and total == whole.count else []


def _is_perpetrator(doc, m: SizeMention, lex: Lexicon) -> bool:
    """True for a dead figure that is the attacker's own death."""
    if m.kind != "dead":
        return False
    if m.text.lower() in lex.reflexive_pronouns:
        return True
    words = {t.lower_ for t in doc[m.token_start : m.token_end]} | {t.lemma_.lower() for t in doc[m.token_start : m.token_end]}
    if words & lex.perpetrators:
        return True
    cue = doc[m.head]
    if cue.lemma_.lower() in ("commit", "take", "end") or "self-inflicted" in doc[cue.i : cue.right_edge.i + 1].text.lower():
        return True
    return False


def _perpetrator_subgroups(doc, sent, lex: Lexicon, taken: set[int]):
    """ "3 dead, including the shooter": the attacker counted inside a figure, as a subgroup of one."""
    out = []
    for tok in sent:
        if tok.lower_ in ("including", "incl.") and tok.i + 2 < sent.end:
            det, noun = doc[tok.i + 1], doc[tok.i + 2]
            if det.lower_ in ("the", "a") and (noun.lower_ in lex.perpetrators or noun.lemma_.lower() in lex.perpetrators):
                out.append((tok.i, Subgroup(group=noun.text, count=1, text=doc[tok.i : noun.i + 1].text)))
                taken.update(range(tok.i, noun.i + 1))
    return out


def _replace(m: SizeMention, **kw) -> SizeMention:
    from dataclasses import replace

    return replace(m, **kw)


_SENTENCES_KEY = "tacitus.sizes.sentences"


def sentence_mentions(doc, number: int) -> tuple[SizeMention, ...]:
    """The size mentions of the ``doc``'s sentence ``number`` (counted from 0), in text order.

    Cached per sentence on ``doc.user_data``, so that stages which need a few sentences (the
    figures of one event) read only those."""
    cache = doc.user_data.setdefault(_SENTENCES_KEY, {})
    found = cache.get(number)
    if found is None:
        start, end = arrays(doc).sents[number]
        found = tuple(sentence_sizes(doc, doc[start:end], load_lexicon()))
        cache[number] = found
    return found


def find_sizes(doc) -> list[SizeMention]:
    """Every size mention in a parsed ``Doc`` (sentences, tags and parse needed), in text order.

    Kinds are dead, injured, arrested, displaced, crowd, and "hit" for people shot or struck
    whose outcome the phrase leaves open. Cached per sentence (see :func:`sentence_mentions`).
    """
    return [m for number in range(len(arrays(doc).sents)) for m in sentence_mentions(doc, number)]
