"""Entity mentions and coreference within one document.

:meth:`Mentions.build` resolves every noun phrase of a parsed document that names an actor
("the Iranian regime", "Nouri al-Maliki", "MEK", "Iraqi forces") and links pronouns ("he",
"they", "who") and definite descriptions ("the group", "the government", "the sources", "the
Iranian mullahs") to an earlier mention. :meth:`Mentions.antecedent` answers for one token.

The linking is rule-based and deliberately simple: the antecedent is the closest earlier mention of
a compatible kind (a person for "he", an organisation for "the group", a government or state for
"the regime"), preferring subjects and the same or previous sentence, never the subject of the
very clause the pronoun is the object of ("Maliki asked him": him is not Maliki).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from tacitus.actors.kb import KnowledgeBase
from tacitus.actors.lexicon import load_sector_lexicon
from tacitus.actors.names import norm
from tacitus.actors.resolve import kb_matches, person_names, resolve_span
from tacitus.nlp.arrays import arrays
from tacitus.records import Entity

_PERSON_PRONOUNS = frozenset(["he", "him", "his", "himself", "she", "her", "hers", "herself"])
_PLURAL_PRONOUNS = frozenset(["they", "them", "their", "theirs", "themselves"])
_THING_PRONOUNS = frozenset(["it", "its", "itself"])
_ALL_PRONOUNS = _PERSON_PRONOUNS | _PLURAL_PRONOUNS | _THING_PRONOUNS
_REFLEXIVE = frozenset(["himself", "herself", "itself", "themselves"])
_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_HEAD_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "appos", "conj", "attr", "agent", "dative", "ROOT", "oprd"}
)
_ORG_KINDS = frozenset({"group", "organization", "igo"})
_INSTITUTION_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
_MAX_SENTENCES_BACK = 3
#: Armed-group words that may refer back to either a state's forces or a non-state group.
_EITHER_SIDE = frozenset({"force", "forces", "troop", "troops", "fighter", "fighters"})


@dataclass(frozen=True)
class Mention:
    """One resolved actor mention: tokens [start, end) with head ``head``."""

    start: int
    end: int
    head: int
    sentence: int
    entity: Entity
    subject: bool
    plural: bool
    head_key: str  # normalised lemma of the head noun


@dataclass
class Mentions:
    """The actor mentions of one document and the antecedent of each linked pronoun or description."""

    mentions: list[Mention] = field(default_factory=list)
    links: dict[int, Entity] = field(default_factory=dict)  # token index -> antecedent entity
    published: str | None = None
    focus_country: str | None = None  # the state the document is mostly about, when one dominates
    _by_head: dict[int, Mention] = field(default_factory=dict, repr=False)

    def antecedent(self, token_index: int) -> Entity | None:
        """The entity a pronoun or definite description at ``token_index`` refers to, or None."""
        return self.links.get(token_index)

    def at(self, token_index: int) -> Mention | None:
        """The mention whose head is ``token_index``."""
        return self._by_head.get(token_index)

    @classmethod
    def build(cls, doc, kb: KnowledgeBase, published: str | None = None) -> Mentions:
        """Resolve the actor mentions of ``doc`` (a parsed spaCy Doc) in reading order, linking each
        pronoun and definite description to an earlier mention. ``published`` (YYYY-MM-DD) dates
        the persons' offices."""
        lex = load_sector_lexicon()
        out = cls(published=published)
        a = arrays(doc)
        sent_of = a.sent  # token index -> sentence number
        pending: list[tuple[int, int, int]] = []  # (end, start, head): resolved once their span is read
        lower, tags, pos, dep, heads = a.lower, a.tag, a.pos, a.dep, a.head
        for i in range(len(a)):
            low, tag = lower[i], tags[i]
            if tag in ("PRP", "PRP$") and low in _ALL_PRONOUNS:
                ante = out._pronoun_antecedent(doc, doc[i], sent_of)
                if ante is not None:
                    out.links[i] = ante.entity
            elif low in _RELATIVE and tag in ("WP", "WP$", "WDT") and dep[heads[i]] == "relcl":
                m = out._mention_with_head(personal_antecedent(doc[i], doc[heads[heads[i]]]).i)
                if m is not None:
                    out.links[i] = m.entity
            elif pos[i] in ("NOUN", "PROPN") and dep[i] in _HEAD_DEPS:
                start, end = _np_bounds(doc, i, lex.partitive)
                key = norm(a.lemma[i])
                cls_ = lex.coreference.get(key) or lex.coreference.get(norm(a.text[i]))
                if cls_:
                    definite = any(lower[k] in _DEFINITE for k in range(start, i) if dep[k] == "det")
                    # only bare descriptions ("the group", "the Iranian mullahs"): a noun modifier gives
                    # the phrase its own identity ("the coalition forces", "the Badr group")
                    tok = doc[i]
                    bare = definite and not any(c.dep_ in ("compound", "nmod", "poss") for c in tok.lefts)
                    if definite and bare:
                        ante = out._description_antecedent(doc, tok, cls_, key, sent_of, kb)
                        if ante is not None:
                            out.links[i] = ante.entity
                if end == i + 1 and not pending:
                    out._add(doc, i, start, end, kb, published, sent_of)  # (most phrases: nothing else waits)
                else:
                    pending.append((end, start, i))
            if pending:
                ready = [p for p in pending if p[0] <= i + 1]
                if ready:
                    pending = [p for p in pending if p[0] > i + 1]
                    for end, start, head in sorted(ready, key=lambda p: p[2]):
                        out._add(doc, head, start, end, kb, published, sent_of)
        out.focus_country = _focus(out.mentions)
        return out

    def _add(self, doc, head: int, start, end, kb, published, sent_of) -> None:
        lex = load_sector_lexicon()
        # a guess from the sentence is not a mention worth linking to
        ent = resolve_span(doc, start, end, kb=kb, date=published, mentions=self, guesses=False)
        if ent is None or not (ent.country or ent.kb_id or ent.sector or ent.kind == "person"):
            return
        a = arrays(doc)
        if ent.kind == "person" and ent.name is None:
            # A person the knowledge base does not know is named by the name the text gives
            # ("Iraqi Parliamentarian Ali Bashir" -> "Ali Bashir"); later mentions inherit it.
            names = [(s, e) for s, e in person_names(doc) if start <= s and e <= end]
            if names:
                first, last = max(names, key=lambda se: se[1] - se[0])
                while last - first > 1 and (lex.nouns.get(norm(a.text[first])) or a.is_punct[first]):
                    first += 1  # "Parliamentarian Ali Bashir": the title is not the name
                ent = dataclasses.replace(ent, name=a.span_text(first, last))
        if ent.kind == "person" and (ent.kb_id is None or ent.confidence <= 0.6) and a.pos[head] == "PROPN":
            same = self._same_name(doc, head)
            if same is not None:
                self.links[head] = same.entity
                ent = dataclasses.replace(same.entity, text=ent.text, start=ent.start, end=ent.end)
        self._add_mention(
            Mention(
                start=start,
                end=end,
                head=head,
                sentence=sent_of[head],
                entity=ent,
                subject=a.dep[head] in ("nsubj", "nsubjpass"),
                plural=a.tag[head] in ("NNS", "NNPS"),
                head_key=norm(a.lemma[head]),
            )
        )

    def _add_mention(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self._by_head[mention.head] = mention

    # -- linking ---------------------------------------------------------------------------------
    def _same_name(self, doc, head: int) -> Mention | None:
        """An earlier person mention with the same family name ("Ali Bashir" ... "Al-Bashir")."""
        text = arrays(doc).text
        key = _family_key(text[head])
        if not key:
            return None
        for m in reversed(self.mentions):
            if m.entity.kind == "person" and m.head != head and _family_key(text[m.head]) == key:
                return m
        return None

    def _mention_with_head(self, i: int) -> Mention | None:
        for m in reversed(self.mentions):
            if m.head == i or m.start <= i < m.end:
                return m
        return None

    def _candidates(self, doc, tok, sent_of) -> list[Mention]:
        here = sent_of[tok.i]
        blocked = _clause_subjects(tok)
        # nor what a subject pronoun there stands for: in "it was withholding it" the second "it" is not
        # the first one's antecedent
        taken = [self.links[i] for i in blocked if i in self.links and tok.lower_ not in _REFLEXIVE]
        out = []
        for m in self.mentions:
            if m.end > tok.i or here - m.sentence > _MAX_SENTENCES_BACK:
                continue
            if m.head in blocked or any(m.entity is e for e in taken):
                continue
            out.append(m)
        return out

    def _best(self, cands: list[Mention], tok, sent_of, plural: bool | None = None) -> Mention | None:
        """The closest candidate by sentence; within a sentence, one agreeing in number, then a
        subject (in earlier sentences), then the latest."""
        if not cands:
            return None
        here = sent_of[tok.i]

        subject_pronoun = tok.dep_ in ("nsubj", "nsubjpass")

        def score(m: Mention) -> tuple:
            distance = here - m.sentence
            agrees = 1 if plural is None or m.plural == plural else 0
            # a subject pronoun ("... when they blew themselves up") takes up a subject
            return (-distance, agrees, 1 if m.subject and (distance > 0 or subject_pronoun) else 0, m.end)

        return max(cands, key=score)

    def _pronoun_antecedent(self, doc, tok, sent_of) -> Mention | None:
        low = tok.lower_
        cands = self._candidates(doc, tok, sent_of)
        if low in _PERSON_PRONOUNS:
            cands = [m for m in cands if m.entity.kind == "person"]
        elif low in _PLURAL_PRONOUNS:
            cands = [
                m
                for m in cands
                if m.plural or m.entity.kind in _ORG_KINDS or m.entity.kind in ("collective", "state")
            ]
            cands = [m for m in cands if m.entity.kind not in ("person", "place")]
        else:
            # "it": a state, an organisation, or a state body ("the Bolivian government ... it")
            cands = [m for m in cands if m.entity.kind in _ORG_KINDS or m.entity.kind == "state" or (
                not m.plural and m.entity.kind != "person" and m.entity.sector in _INSTITUTION_SECTORS)]
        return self._best(cands, tok, sent_of, plural=low in _PLURAL_PRONOUNS)

    def _description_antecedent(self, doc, tok, cls_: str, key: str, sent_of, kb) -> Mention | None:
        cands = self._candidates(doc, tok, sent_of)
        plural = tok.tag_ in ("NNS", "NNPS")
        if cls_ == "same":
            cands = [m for m in cands if m.head_key == key]
        elif cls_ == "organization":
            cands = [m for m in cands if m.entity.kind in ("group", "igo") or (
                m.entity.kind == "organization" and m.entity.sector not in ("JRN",))]
            if not plural:  # "the group" is one body: a named group, even by its members ("Boko Haram fighters")
                cands = [m for m in cands if not m.plural or (m.entity.kb_id and m.entity.kind in ("group", "igo"))]
        elif cls_ == "government":
            cands = [m for m in cands if m.entity.country and (m.entity.sector == "GOV" or m.entity.kind == "state")]
        elif cls_ == "state":
            cands = [m for m in cands if m.entity.kind == "state"]
        elif cls_ == "person":
            cands = [m for m in cands if m.entity.kind == "person" and not m.plural]
        elif cls_ == "armed":
            cands = [m for m in cands if m.entity.sector in ("MIL", "REB", "PRM", "UAF", "COP")]
            # "the army" is a state's army, "the rebels" are not; "the forces", "the fighters" may be either
            own_sector = None if key in _EITHER_SIDE else load_sector_lexicon().nouns.get(key)
            if own_sector == "MIL":
                cands = [m for m in cands if m.entity.sector == "MIL"]
            elif own_sector == "REB":
                cands = [m for m in cands if m.entity.sector not in ("MIL", "COP")]
        else:
            cands = []
        # A modifier in the description must agree: "the Iranian mullahs" refers to an Iranian actor.
        own = _own_country(doc, tok, kb)
        if own:
            cands = [m for m in cands if m.entity.country == own]
        return self._best(cands, tok, sent_of)


def personal_antecedent(relative, noun):
    """The noun "who" stands for: "lawmakers of several parties, who ..." are the lawmakers, though
    spaCy hangs the relative clause from "parties"."""
    if relative.lower_ in ("who", "whom") and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
            and noun.head.head.pos_ in ("NOUN", "PROPN"):
        return noun.head.head
    return noun


def _np_bounds(doc, i: int, partitive: frozenset[str]) -> tuple[int, int]:
    """The noun phrase of head ``i``: its left edge to the head; for a partitive head ("members of
    the group") up to the end of its "of" phrase."""
    a = arrays(doc)
    tok = doc[i]
    start = tok.left_edge.i
    end = i + 1
    if norm(a.lemma[i]) in partitive or norm(a.text[i]) in partitive:
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                end = child.right_edge.i + 1
                break
    return start, end


def _family_key(text: str) -> str:
    words = norm(text).split()
    if words and words[0] in ("al", "el") and len(words) > 1:
        words = words[1:]
    return words[-1] if words else ""


def _clause_subjects(tok) -> set[int]:
    """Tokens of the subjects of the clauses ``tok`` is an object in: not antecedents of its pronoun
    or description ("the militias plan to kidnap members of the group", "Maliki asked him").
    A pronoun that is itself a subject blocks nothing: "Hungary said it will support ..."."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return set()
    out: set[int] = set()
    t = tok
    steps = 0
    while t.head.i != t.i and steps < 40:
        t = t.head
        steps += 1
        if t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass") and not (c.left_edge.i <= tok.i <= c.right_edge.i):
                    out.update(x.i for x in c.subtree)
            if t.dep_ not in ("xcomp", "conj"):
                break  # the clause chain of control ends here: "X said Y asked him" blocks Y only
    return out


def _own_country(doc, tok, kb: KnowledgeBase) -> str | None:
    """The country named by a demonym or state modifying ``tok`` ("the Iranian mullahs" -> IRN)."""
    for child in tok.lefts:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            for m in kb_matches(doc, child.i, child.i + 1, kb):
                for h in m.strong():
                    if h.entry.kind == "state":
                        return h.entry.id
    return None


def _focus(mentions: list[Mention]) -> str | None:
    """The state named by most mentions, when it has at least twice as many as the next."""
    counts = Counter(m.entity.country for m in mentions if m.entity.country and len(m.entity.country) == 3)
    for code in ("IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"):
        counts.pop(code, None)
    if not counts:
        return None
    ranked = counts.most_common(2)
    if ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]
