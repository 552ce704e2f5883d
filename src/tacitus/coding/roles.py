"""Who did it and to whom: actor and recipient mentions of a trigger, from the dependency parse.

Input: a parsed ``Doc``, a trigger token and its lexicon entry, and a predicate saying whether a
noun phrase names an actor (a state, group, person, organisation or collective).
Output: :class:`Roles`, the token spans of the actor and recipient mentions, with coordination
split into one span per conjunct ("Iran and Syria condemned ..." gives two actors).

The rules, in order:
- verbs: the subject is the actor; in the passive, the ``by`` agent is the actor and the subject the
  recipient; subjects are inherited through coordination ("shelled ... and killed"), control
  ("agreed to resign"), participle clauses ("..., killing 20") and relative clauses ("forces who
  attacked"); the recipient is the indirect object, else an actor-like direct object, else the owner
  of a speech-act object ("rejected North Korea's demand"), else an actor-like object of a
  preposition (on, against, to, with, at, from, toward, upon, into, for);
- control verbs: "asked Iraq to extradite" makes Iraq the recipient (object control);
- nouns: the possessor, a ``by`` phrase, a national adjective or compound ("Israeli raid"), or the
  subject of a support verb ("launched an attack") is the actor; ``on``/``against``/``with``/``to``
  phrases give the recipient; "X came under attack" makes X the recipient.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tacitus.actors.mentions import personal_antecedent
from tacitus.coding.lexicon import Entry

Span = tuple[int, int]  # token indices [start, end)
IsActor = Callable[[int, int], bool]

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj"}
RECIPIENT_PREPS = ("on", "against", "to", "with", "at", "toward", "towards", "upon", "into", "from", "for", "over")
NOMINAL_RECIPIENT_PREPS = ("on", "against", "with", "to", "at", "toward", "towards", "upon", "into", "for", "of")
SPEECH_ACT_NOUNS = {
    "request", "demand", "call", "offer", "proposal", "plan", "appeal", "invitation", "ultimatum", "suggestion",
    "initiative", "bid", "plea", "recommendation", "resolution", "proposition", "overture", "mediation",
}
SUPPORT_VERBS = {
    "launch", "carry", "stage", "mount", "conduct", "make", "issue", "hold", "sign", "reach", "begin", "start",
    "continue", "announce", "order", "lead", "undertake", "perform", "commit", "wage", "step", "intensify",
    "resume", "escalate", "give", "pay", "deliver", "express", "voice", "file", "open", "lodge", "impose",
    "declare", "initiate", "organize", "organise", "call", "offer", "extend", "send", "provide",
}
UNDER_VERBS = {"come", "be", "fall", "remain", "stay", "find"}
#: Verbs whose subject undergoes or reports an event noun rather than doing it: "survived an attack".
EXPERIENCER_VERBS = {
    "survive", "suffer", "face", "fear", "witness", "see", "report", "describe", "escape", "flee", "endure",
    "experience", "recall", "remember", "mark", "commemorate", "discuss", "mention", "cover", "film", "document",
    "expect", "await", "avoid", "prevent", "stop", "end", "oppose", "support", "welcome", "condemn", "blame",
    "criticize", "criticise", "denounce", "deplore", "decry", "slam", "praise", "hail", "applaud", "protest",
    "reject", "investigate", "probe", "confirm", "deny", "claim", "allege", "regret", "call",
}
#: Event nouns whose "of" phrase is the actor, not the target: "the withdrawal of US forces".
SUBJECT_GENITIVE = {
    "withdrawal", "pullout", "retreat", "resignation", "surrender", "visit", "arrival", "trip", "demonstration",
    "protest", "strike", "march", "rally", "deployment", "mobilization", "mobilisation", "advance", "offensive",
    "incursion", "refusal", "rejection", "decision", "demand", "appeal", "call", "offer", "threat",
    "support", "apology", "agreement", "pledge", "promise", "warning", "atrocity",
    "crime", "violence", "crackdown", "campaign", "operation", "boycott", "sit-in", "walkout",
}
#: Participles that read as adjectives: "Israel is opposed to ...", "Vietnam is committed to ...".
STATIVE_PASSIVES = {"oppose", "commit", "prepare", "determine", "dedicate", "resolve", "engage", "involve"}
PREPOSITIONS = {"to", "on", "for", "with", "at", "in", "into", "from", "against", "upon", "over", "of", "by"}
RELATIVE_WORDS = {"who", "which", "that", "whom"}
EXCLUDE_FROM_SPAN = {"conj", "cc", "relcl", "punct", "advcl", "preconj"}
#: "groups in coordination with Iranian forces", "rebels together with ...": a second party.
COMITATIVE_NOUNS = {"coordination", "cooperation", "collaboration", "conjunction", "concert", "league", "alliance",
                    "partnership", "tandem"}
COMITATIVE_ADVERBS = {"together", "along", "alongside"}


def comitative(tok):
    """(the preposition heading a comitative phrase on ``tok``, the party it names), or (None, None)."""
    for c in tok.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ == "in":
            for pobj in c.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in COMITATIVE_NOUNS:
                    for p2 in pobj.children:
                        if p2.dep_ == "prep" and p2.lower_ == "with":
                            party = next((x for x in p2.children if x.dep_ == "pobj"), None)
                            if party is not None:
                                return c, party
        if c.lower_ == "with" and any(a.lower_ in COMITATIVE_ADVERBS for a in c.children if a.dep_ == "advmod"):
            party = next((x for x in c.children if x.dep_ == "pobj"), None)
            if party is not None:
                return c, party
        if c.lower_ == "alongside":
            party = next((x for x in c.children if x.dep_ == "pobj"), None)
            if party is not None:
                return c, party
    return None, None


@dataclass(frozen=True)
class Roles:
    actor: tuple[Span, ...] = ()
    recipient: tuple[Span, ...] = ()
    voice: str = "active"  # active, passive, nominal
    target: Span | None = None  # what the event is done to when that is no actor: "shelled Juba", "a depot"


def np_span(tok) -> Span:
    """The noun phrase headed by ``tok``: its subtree without coordinated items or clauses, cut to
    the contiguous stretch around the head (a misattached phrase further away is left out)."""
    keep = {tok.i}
    partner_prep, _ = comitative(tok)
    # A prepositional phrase before the head ("In a statement, the envoy ...") belongs to the clause,
    # and a comitative phrase ("in coordination with X") names a second party.
    # A past-tense verb the parser hung from the noun as a modifier is the clause's own verb ("the
    # envoy, Abdou Diallo, called on ..."): a reduced relative is a participle ("wounded in the attack").
    stack = [c for c in tok.children if (c.dep_ not in EXCLUDE_FROM_SPAN or c.dep_ == "punct")
             and not (c.dep_ == "prep" and c.i < tok.i) and not (partner_prep is not None and c.i == partner_prep.i)
             and not (c.dep_ == "acl" and c.tag_ == "VBD") and not _dated_prep(c)]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "advcl") and not _dated_prep(c))
    start = end = tok.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    end += 1
    doc = tok.doc
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > tok.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _dated_prep(tok) -> bool:
    """A prepositional phrase of time ("on Tuesday", "in March"): the parser often hangs it from
    the noun before it, but it dates the clause ("arrested four members of a gang on Tuesday")."""
    if tok.dep_ != "prep":
        return False
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return bool(objects) and all(c.ent_type_ in ("DATE", "TIME") for c in objects)


LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet", "case", "punct", "prep"}
#: Nouns that stand for a part of a group: "members of the MEK", "thousands of protesters".
PARTITIVE = {
    "member", "leader", "supporter", "part", "one", "some", "many", "most", "all", "dozen", "hundred",
    "thousand", "million", "score", "number", "majority", "third", "half", "representative", "group",
    "delegation", "contingent", "unit", "faction", "wing", "section", "deployment", "team", "fighter",
}
#: Prepositions through which a thing leads to the actor it involves: "a ban on the FIS",
#: "an admission by Moscow", "a truce with Moslem forces", "the curfew in Algiers".
DIG_PREPS = ("of", "by", "on", "against", "with", "from", "to", "for", "among", "between", "over", "in")


def head_span(tok) -> Span:
    """The head noun with its left modifiers ("Iraq's Prime Minister", "the Sudanese government")
    and an apposition ("Kenzo Oshima, the UN coordinator"), without prepositional phrases."""
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in LEFT_DEPS or c.dep_ in ("amod", "compound"):
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ == "appos":
            end = max(end, c.right_edge.i + 1)
        elif c.dep_ in ("compound", "nummod") or (c.dep_ == "punct" and c.i == end and c.text in ("(", ")")):
            continue
    doc = tok.doc
    while end - 1 > tok.i and doc[end - 1].is_punct:
        end -= 1
    return start, end

#: Generic place nouns after a place name: "Montenegro province", "the Darfur region".
PLACE_HEADS = {"province", "region", "state", "district", "territory", "area", "city", "town", "enclave",
               "republic", "county", "governorate", "prefecture"}


def actor_in(tok, is_actor: IsActor, depth: int = 0):
    """The token heading the actor a noun phrase names: ``tok`` itself when its head noun names
    an actor, else an actor inside one of its prepositional phrases ("the right *of Russian
    troops*", "support *from the Assembly*", "sanctions *on the Taliban*"), or None."""
    if tok is None or depth > 2:
        return None
    if tok.lemma_.lower() in PARTITIVE or tok.lower_ in PARTITIVE:
        for pobj in _prep_objects(tok, ("of", "from", "among")):
            found = actor_in(pobj, is_actor, depth + 1)
            if found is not None:
                return tok  # "members of the group": the members, resolved with their group
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and not is_actor(*np_span(tok)) and is_actor(*np_span(owner)):
            return owner  # "its members": the body they belong to
    if tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ or is_actor(*head_span(tok)):
        if is_actor(*np_span(tok)):
            return tok
    if tok.lemma_.lower() in PLACE_HEADS:
        for c in tok.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i and is_actor(*np_span(c)):
                return c  # "in Montenegro province": the place named
    for prep in DIG_PREPS:
        for pobj in _prep_objects(tok, (prep,)):
            found = actor_in(pobj, is_actor, depth + 1)
            if found is not None:
                return found
    return None


def conjuncts(tok) -> list:
    """``tok`` and every token coordinated with it, in text order."""
    out = [tok, *tok.conjuncts]
    return sorted({t.i: t for t in out}.values(), key=lambda t: t.i)


def _spans(tokens) -> tuple[Span, ...]:
    """One span per party: conjuncts ("Iran and Syria") and comitative partners ("groups in
    coordination with Iranian forces") each get their own."""
    spans: list[Span] = []
    for t in tokens:
        for c in conjuncts(t):
            for party in (c, comitative(c)[1]):
                if party is None:
                    continue
                for p in conjuncts(party):
                    s = np_span(p)
                    if s not in spans:
                        spans.append(s)
    return tuple(spans)


def _child(tok, deps) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def _relative_head(tok):
    """For "who"/"which", the noun the relative clause modifies."""
    if tok.lower_ in RELATIVE_WORDS:
        verb = tok.head
        while verb.dep_ == "conj":
            verb = verb.head
        if verb.dep_ == "relcl":
            return personal_antecedent(tok, verb.head)
    return tok


def subject_of(verb, depth: int = 0):
    """(subject token or None, passive: bool) for a verb, following control and coordination."""
    if depth > 6:
        return None, False
    subj = _child(verb, SUBJECTS)
    if subj:
        return _relative_head(subj[0]), False
    psubj = _child(verb, PASSIVE_SUBJECTS)
    if psubj:
        return _relative_head(psubj[0]), True
    head = verb.head
    if head.i == verb.i:
        return None, False
    dep = verb.dep_
    if dep == "conj" and head.pos_ in ("VERB", "AUX", "ADJ"):
        return subject_of(head, depth + 1)
    if dep == "xcomp":
        # Object control: "asked Iraq to extradite" -> Iraq does the extraditing.
        obj = _child(head, OBJECTS | {"dative"})
        if obj and head.lemma_ in OBJECT_CONTROL:
            return obj[0], False
        # "Abe is scheduled to return": Abe returns (the governor's passive is not the complement's;
        # "are expected to be returned" has its own)
        subj, _ = subject_of(head, depth + 1)
        return subj, any(c.dep_ == "auxpass" for c in verb.children)
    if dep in ("advcl", "pcomp") and verb.tag_ in ("VBG", "VBN"):
        return subject_of(head, depth + 1)
    if dep == "acomp" or (dep == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        # "France is ready to contribute": the copula's subject; "sent staff to investigate": the sender.
        return subject_of(head, depth + 1)
    if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head, verb.tag_ == "VBN" and dep == "acl"
    return None, False


OBJECT_CONTROL = {
    "ask", "urge", "call", "appeal", "request", "press", "force", "order", "tell", "invite", "encourage",
    "persuade", "convince", "pressure", "pressurize", "instruct", "require", "beg", "implore", "advise",
    "allow", "permit", "let", "help", "enable", "compel", "oblige", "demand",
}


def _agent(verb):
    for c in verb.children:
        if c.dep_ == "agent":
            pobj = _child(c, {"pobj"})
            if pobj:
                return pobj[0]
    return None


def _prep_objects(tok, preps) -> list:
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            out.extend(_child(c, {"pobj"}))
    return out


def _owner(noun):
    """Who a speech-act noun belongs to: "North Korea's demand", "a U.S. request", "calls by Annan"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")):
            return c
    by = _prep_objects(noun, ("by", "from"))
    return by[0] if by else None


def _placed_in(found, top) -> bool:
    """True when ``found`` was reached from ``top`` through a phrase of place ("releases from
    prisons *in Blantyre*"): it says where the source is, not who acts."""
    tok = found
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "near", "around", "outside", "inside"):
            return True
        tok = tok.head
    return False


def _first_actor(tokens, is_actor: IsActor):
    for t in tokens:
        found = actor_in(t, is_actor)
        if found is not None:
            return found
    return None


def _shifted_objects(verb) -> list:
    """An object moved after an "as" phrase ("denounced as an ugly crime Serbia's suppression of
    ..."), which the parser hangs from the "as" noun as an apposition."""
    return [a for p in _prep_objects(verb, ("as",)) for a in p.children if a.dep_ == "appos" and a.i > p.i]


def _verb_recipient(verb, is_actor: IsActor, entry: Entry):
    dative = _child(verb, {"dative", "iobj"})
    if dative:
        # "give Tanzania a grant": the dative; "give to X" is a dative prep.
        d = dative[0]
        if d.pos_ == "ADP":
            pobj = _child(d, {"pobj"})
            if pobj:
                return pobj[0]
        elif actor_in(d, is_actor) is not None:
            return actor_in(d, is_actor)
    # A preposition that is part of the trigger phrase names the recipient: "arrive in", "call on".
    phrase_preps = tuple(w for w in entry.others if w in PREPOSITIONS)
    if phrase_preps:
        found = _first_actor(_prep_objects(verb, phrase_preps), is_actor)
        if found is not None:
            return found
    for obj in _child(verb, OBJECTS | {"attr"}) or _shifted_objects(verb):
        if obj.lemma_.lower() in SPEECH_ACT_NOUNS:
            owner = _owner(obj)
            if owner is not None:
                return owner
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)
        if owner is not None and obj.pos_ == "NOUN" and not is_actor(*head_span(obj)) and actor_in(
                owner, is_actor) is not None:
            return owner  # "praised Haiti's efforts", "rejected North Korea's demand"
        # the object itself, or the actor it involves: "the removal of President X", "aid to X"
        found = actor_in(obj, is_actor)
        if found is not None:
            return found
    # "considers the MEK to be a threat", "declared the group to be illegal": the complement's subject.
    for comp in _child(verb, {"ccomp", "xcomp", "oprd"}):
        subj = _child(comp, SUBJECTS)
        if (entry.strict or entry.needs_object) and subj and actor_in(subj[0], is_actor) is not None:
            return actor_in(subj[0], is_actor)
    preps = [p for p in RECIPIENT_PREPS if not (p == "from" and entry.role("from") == "actor")]
    found = _first_actor(_prep_objects(verb, preps), is_actor)
    if found is not None:
        return found
    # The particle's prepositional complement: "cut off electricity to X" handled above; "hand over to".
    for prt in _child(verb, {"prt"}):
        found = _first_actor(_prep_objects(prt, RECIPIENT_PREPS), is_actor)
        if found is not None:
            return found
    return None


def _frame_recipient(verb, is_actor: IsActor, entry: Entry):
    """For frame triggers, the recipient may sit in the embedded action: "threatened to cut off
    electricity to Nakhichevan"; for demands, it is who must act: "demanded that Hamas renounce"."""
    for comp in _child(verb, {"xcomp", "ccomp"}):
        if entry.category == "REQUEST" and comp.dep_ == "ccomp":
            subj = _child(comp, SUBJECTS)
            if subj and actor_in(subj[0], is_actor) is not None:
                return actor_in(subj[0], is_actor)
        r = _verb_recipient(comp, is_actor, entry)
        if r is not None:
            return r
    return None


#: Categories whose recipient may be named only by the event's aim: "began collecting signatures to
#: convince the parliament", "went on strike in protest at the ministry's decision".
AIMED = {"PROTEST", "REQUEST", "ACCUSE", "THREATEN", "REJECT"}
#: Categories whose recipient may be the place a measure applies to: "lifted a curfew in Montenegro".
PLACE_TARGETED = {"COERCE", "CONCEDE", "MOBILIZE"}
AIM_NOUNS = ("protest", "defiance", "support", "solidarity", "opposition", "response")


def _aim_recipient(verb, is_actor: IsActor, entry: Entry, purpose: bool = True):
    """The target named by an event's aim: its purpose clause (unless not ``purpose``) or an "in
    protest of" phrase."""
    for c in verb.children:
        if purpose and c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            r = _verb_recipient(c, is_actor, entry)
            if r is not None:
                return r
        if c.dep_ == "prep" and c.lower_ in ("in", "against"):
            for pobj in _child(c, {"pobj"}):
                if c.lower_ == "against" or pobj.lemma_.lower() in AIM_NOUNS:
                    found = actor_in(pobj, is_actor) if c.lower_ == "against" else _first_actor(
                        _prep_objects(pobj, ("of", "at", "against", "to", "with")), is_actor)
                    if found is not None:
                        return found
    return None


PRESSURE_NOUNS = SPEECH_ACT_NOUNS | {"pressure", "demand", "urging", "insistence", "objection", "protest"}


def _defied(verb, is_actor: IsActor):
    """Whose pressure a refusal withstands: "declined to resign despite pressure by the commission"."""
    for tok in (verb, *_child(verb, {"xcomp"})):
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ != "despite":
                continue
            for pobj in _child(c, {"pobj"}):
                if pobj.lemma_.lower() in PRESSURE_NOUNS:
                    owner = _owner(pobj)
                    found = actor_in(owner, is_actor) if owner is not None else None
                    if found is not None:
                        return found
    return None


def _condition_subject(verb, is_actor: IsActor, actor):
    """Whom a threat targets when its condition names them: "will attack unless Baghdad accepts"."""
    for tok in (verb, *[c for c in verb.children if c.dep_ in ("xcomp", "ccomp")]):
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                subj = _child(c, SUBJECTS | PASSIVE_SUBJECTS)
                if subj:
                    found = actor_in(subj[0], is_actor)
                    if found is not None and (actor is None or found.i != actor.i):
                        return found
    return None


def _left_place(tok, is_actor: IsActor):
    """For a withdrawal (lexicon role ``from: recipient``), the party or place left: a "from" or
    "out of" phrase on the trigger, on its object or on its "of" phrase ("withdrew its troops from
    Lebanon", "pulled out of Lebanon", "the withdrawal of US forces from Panama")."""
    for t in (tok, *_child(tok, OBJECTS), *_prep_objects(tok, ("of",))):
        found = _first_actor(_prep_objects(t, ("from",)), is_actor)
        if found is None:
            for out in t.children:
                if out.lower_ == "out" and out.dep_ in ("prep", "prt", "advmod"):
                    found = _first_actor(_prep_objects(out, ("of",)), is_actor)
                    break
        if found is not None:
            return found
    return None


SENDING_VERBS = {"send", "dispatch", "despatch", "deploy", "fly", "post", "assign"}


def _sent_to(verb, is_actor: IsActor):
    """For the purpose of a sending ("dispatched inspectors to a plant in Iran to monitor ..."), the
    place the senders went to: the state it is in, else the place itself."""
    head = verb.head
    if verb.dep_ not in ("advcl", "xcomp") or head.lemma_.lower() not in SENDING_VERBS or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    to = _prep_objects(head, ("to",))
    for places in (_prep_objects(head, ("in",)), [p for t in to for p in _prep_objects(t, ("in",))], to):
        found = _first_actor([p for p in places if p.pos_ == "PROPN"], is_actor)
        if found is not None:
            return found
    return None


def _unowned(tok) -> bool:
    """A common noun with no owner, name or national modifier of its own: "some invasion forces"."""
    return tok.pos_ == "NOUN" and not any(
        c.dep_ == "poss" or c.ent_type_ or c.pos_ == "PROPN" for c in tok.subtree if c.i < tok.i)


def _cut_before(spans: tuple[Span, ...], tok) -> tuple[Span, ...]:
    """``spans`` with a span that holds ``tok`` (another role's party, "US forces *from Panama*") cut
    before the preposition introducing it."""
    if tok is None:
        return spans
    cut = tok.head.i if tok.head.dep_ == "prep" else tok.i
    return tuple((s, cut) if s < cut and s <= tok.i < e else (s, e) for s, e in spans)


def verb_roles(doc, i: int, entry: Entry, is_actor: IsActor) -> Roles:
    verb = doc[i]
    subj, passive = subject_of(verb)
    if subj is not None and subj.pos_ == "NOUN" and not is_actor(*head_span(subj)):
        # "The first deployment of NATO troops arrived": the troops are the actor.
        subj = actor_in(subj, is_actor) or subj
    actor, recipient = None, None
    if passive and verb.lemma_ in STATIVE_PASSIVES and _agent(verb) is None:
        passive = False  # "Chile is opposed to Brazilian mediation": Chile opposes
    if passive:
        agent = _agent(verb)
        actor = actor_in(agent, is_actor) if agent is not None else None
        recipient = subj
    else:
        actor = subj
        recipient = _verb_recipient(verb, is_actor, entry)
        if recipient is None and entry.frame:
            recipient = _frame_recipient(verb, is_actor, entry)
    if entry.role("to") == "recipient":
        # "was extradited by Spain to Morocco": the receiving state, not the person handed over
        recipient = _first_actor(_prep_objects(verb, ("to",)), is_actor) or recipient
    if entry.role("from") == "recipient":
        # "withdrew its troops from Lebanon": the place left, not the troops withdrawn
        recipient = _left_place(verb, is_actor) or recipient
    if entry.mode == "investigate" and not passive and (
            recipient is None or recipient.head.i != verb.i or recipient.dep_ not in OBJECTS):
        # "sent personnel to Bosnia to investigate the feasibility of a force": Bosnia is examined
        recipient = _sent_to(verb, is_actor) or recipient
    if recipient is None and entry.category in AIMED:
        recipient = _aim_recipient(verb, is_actor, entry)
    elif entry.category == "PROTEST":
        # what a protest blocks or occupies ("blocked streets in Hong Kong") is where it is; whom it
        # defies ("in defiance of Chinese authorities", "against the reform") is its target
        recipient = _aim_recipient(verb, is_actor, entry, purpose=False) or recipient
    if recipient is None and entry.category == "REJECT":
        recipient = _defied(verb, is_actor)
    if recipient is None and entry.category == "THREATEN":
        recipient = _condition_subject(verb, is_actor, actor)
    if recipient is None and entry.category in PLACE_TARGETED:
        recipient = _first_actor(_prep_objects(verb, ("in",)), is_actor)
    if passive and entry.role("passive") == "actor" and actor is None:
        actor, recipient = subj, None  # "guerrillas have been demobilized": they disarm
    if entry.role("subject") == "recipient" and not passive:
        actor, recipient = None, subj
    if entry.role("from") == "actor":
        src = _prep_objects(verb, ("from",))
        if not src:
            for obj in _child(verb, OBJECTS):
                src = _prep_objects(obj, ("from",))
                if src:
                    break
        if src:
            actor = src[0]
    if actor is not None and recipient is not None and actor.i == recipient.i:
        recipient = None
    target = None
    if recipient is None:
        objs = _child(verb, OBJECTS) or ([subj] if passive and subj is not None else [])
        target = np_span(objs[0]) if objs else None
    return Roles(
        actor=_cut_before(_spans([actor]), recipient if entry.role("from") == "recipient" else None)
        if actor is not None else (),
        recipient=_spans([recipient]) if recipient is not None else (),
        voice="passive" if passive else "active",
        target=target,
    )


def noun_roles(doc, i: int, entry: Entry, is_actor: IsActor) -> Roles:
    noun = doc[i]
    actor, recipient = None, None
    # "X came under attack (by Y)": X is the recipient.
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_ in UNDER_VERBS:
        verb = head.head
        subj, _ = subject_of(verb)
        recipient = subj
        by = _prep_objects(noun, ("by",)) or _prep_objects(verb, ("by",))
        actor = by[0] if by else None
        return Roles(
            actor=_spans([actor]) if actor is not None else (),
            recipient=_spans([recipient]) if recipient is not None else (),
            voice="nominal",
        )
    for c in noun.children:
        if c.dep_ == "poss" and actor_in(c, is_actor) is not None:
            actor = actor_in(c, is_actor)
            break
    if actor is None and noun.lemma_.lower() in SUBJECT_GENITIVE:
        of = _prep_objects(noun, ("of",))
        if of and actor_in(of[0], is_actor) is not None:
            actor = actor_in(of[0], is_actor)
            if entry.role("from") == "recipient" and _unowned(actor) and noun.dep_ in ("dobj", "obj"):
                # "the US speeded up the withdrawal of some invasion forces": the subject's forces
                subj, passive = subject_of(head)
                if subj is not None and not passive and actor_in(subj, is_actor) is not None:
                    actor = actor_in(subj, is_actor)
    if actor is None:
        by = _prep_objects(noun, ("by", "from"))
        found = actor_in(by[0], is_actor) if by else None
        if found is not None and not _placed_in(found, by[0]):
            actor = found
    if actor is None:
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and (
                c.ent_type_ in ("NORP", "GPE", "ORG") and is_actor(c.i, c.i + 1)
            ):
                actor = c
                break
    if actor is None and noun.dep_ in ("dobj", "obj") and head.pos_ == "VERB" and (
            head.lemma_ in SUPPORT_VERBS or head.lemma_ not in EXPERIENCER_VERBS):
        # "launched an attack", "tightened the blockade": the verb's subject carries out the event
        subj, passive = subject_of(head)
        if subj is not None and not passive:
            actor = actor_in(subj, is_actor) or subj
        elif passive and _agent(head) is not None:
            actor = actor_in(_agent(head), is_actor)
    preps = NOMINAL_RECIPIENT_PREPS if actor is None or noun.lemma_.lower() not in SUBJECT_GENITIVE else tuple(
        p for p in NOMINAL_RECIPIENT_PREPS if p != "of") + ("from",)
    recipient = _first_actor(_prep_objects(noun, preps), is_actor)
    if entry.role("from") == "recipient":
        recipient = _left_place(noun, is_actor) or recipient
    if recipient is None and noun.dep_ in ("dobj", "obj") and head.pos_ == "VERB":
        # the parser often hangs "on X" from the verb: "condemned an air strike on an army depot"
        preps = RECIPIENT_PREPS if head.lemma_ in SUPPORT_VERBS else ("on", "against", "upon")
        recipient = _first_actor(_prep_objects(head, preps), is_actor)
        if recipient is None and entry.category in AIMED:
            recipient = _aim_recipient(noun, is_actor, entry) or _aim_recipient(head, is_actor, entry)
    if recipient is None and noun.dep_ in ("nsubj",) and head.pos_ == "VERB":
        # "An attack killed three soldiers": the verb's object is who the attack hit.
        objs = _child(head, OBJECTS)
        if objs and actor_in(objs[0], is_actor) is not None:
            recipient = actor_in(objs[0], is_actor)
    if actor is not None and recipient is not None and actor.i == recipient.i:
        recipient = None
    target = None
    if recipient is None:
        objs = _prep_objects(noun, ("on", "against", "at", "of", "into"))
        if not objs and noun.dep_ in ("dobj", "obj") and head.pos_ == "VERB":
            objs = _prep_objects(head, ("on", "against", "at"))
        target = np_span(objs[0]) if objs else None
    return Roles(
        actor=_cut_before(_spans([actor]), recipient if entry.role("from") == "recipient" else None)
        if actor is not None else (),
        recipient=_spans([recipient]) if recipient is not None else (),
        voice="nominal",
        target=target,
    )


def assign_roles(doc, i: int, entry: Entry, is_actor: IsActor, nominal: bool) -> Roles:
    """Actor and recipient spans for the trigger at token ``i``."""
    if nominal:
        return noun_roles(doc, i, entry, is_actor)
    return verb_roles(doc, i, entry, is_actor)
