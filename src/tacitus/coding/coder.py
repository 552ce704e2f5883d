"""The coder: from a parsed article to event records.

Input: an :class:`~tacitus.records.Article` and its spaCy ``Doc``.
Output: a :class:`~tacitus.records.CodedArticle` (events and resolved toponyms).

Steps, per sentence:

1. **Triggers** from the lexicon (:mod:`tacitus.coding.triggers`).
2. **Content, not events**: a trigger inside the complement of a frame trigger ("asked Iraq *to
   extradite*", "threatened *to cut off* electricity", "rejected a U.S. *request*") is what that
   event is about, not an event of its own.
3. **Roles** from the parse (:mod:`tacitus.coding.roles`), resolved to entities
   (:mod:`tacitus.actors`). Sources of reported speech are never actors (:mod:`tacitus.attribution`).
4. **Category choice** among the trigger's lexicon entries: ambiguous words are settled by who acts
   ("workers *strike*" is PROTEST, "aircraft *strike*" is ASSAULT; a state that "protests" is ACCUSE),
   entries needing a recipient are dropped without one, and a negated trigger takes its entry's
   ``negated`` category ("will not accept" is REJECT).
5. **Status** (:mod:`tacitus.status`), then the PLOVER single-category rules: a future or planned
   cooperative event is AGREE; a conflictual one announced by its own actor is THREATEN.
6. **Fields**: when (:mod:`tacitus.timex`), where (:mod:`tacitus.geo`), sizes (:mod:`tacitus.sizes`),
   attribution chain (:mod:`tacitus.attribution`), evidence with every field's span.
7. **One incident, one record**: events of the same category in one sentence whose participants do
   not conflict are merged ("shelled Juba ..., killing 20 people").

Per document, MOBILIZE followed by ASSAULT by the same side is coded as ASSAULT only.
"""

from __future__ import annotations

import contextlib
import functools
import time
from dataclasses import dataclass, replace

from tacitus import actors, attribution, geo, sizes, status, timex
from tacitus.actors.resolve import kb_matches
from tacitus.coding.lexicon import Entry, Lexicon, load_lexicon
from tacitus.coding.roles import SPEECH_ACT_NOUNS, Roles, assign_roles, np_span, subject_of
from tacitus.coding.triggers import Candidate, find_candidates
from tacitus.document import DocContext, Trigger
from tacitus.records import (
    Article,
    CodedArticle,
    Entity,
    Event,
    Evidence,
    FieldSpan,
    Span,
    event_id,
)

#: Sectors of people who act as civilians: their "strike" is a PROTEST, not an ASSAULT.
CIVILIAN_SECTORS = {"CVL", "LAB", "EDU", "OPP", "SOC", "REF", "REL", "AGR", "MED", "BUS", "JRN", "ELI", "PTY"}
#: Sectors of states and armed groups: their "protest" is diplomatic (ACCUSE), their "blockade" COERCE.
STATE_OR_ARMED_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "REB", "PRM", "UAF", "IMG"}
#: Categories that need a recipient (PLOVER: "Recipient required? Yes").
RECIPIENT_REQUIRED = {"COOPERATE", "AID", "SANCTION"}
#: Cooperative categories coded AGREE when future or planned (PLOVER convention).
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
#: Conflictual categories coded THREATEN when announced as future by their own actor.
CONFLICTUAL = {"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"}
#: Words that commit their speaker to an act: committing to coerce or attack is a threat.
COMMISSIVE = {"ready", "willing", "prepared", "vow", "pledge", "promise", "commit", "determined"}
#: THREATEN mode by the category of what is threatened.
THREAT_MODE = {"ASSAULT": "violence", "MOBILIZE": "violence", "COERCE": "restrict", "SANCTION": "relations",
               "PROTEST": "restrict"}
#: CAMEO "express intent" codes by the category of the promised action.
INTENT_CAMEO = {"AID": "033", "COOPERATE": "031", "CONSULT": "036", "SUPPORT": "032", "RETREAT": "035",
                "CONCEDE": "035"}
THREAT_CAMEO = {"ASSAULT": "138", "MOBILIZE": "138", "COERCE": "137", "SANCTION": "1312", "PROTEST": "133"}
#: Dependency relations through which a trigger is the content of a governing trigger.
CONTENT_DEPS = {"xcomp", "ccomp", "dobj", "obj", "pobj", "prep", "acl", "pcomp", "attr", "oprd", "advcl", "relcl",
                "conj", "appos", "nsubj", "nsubjpass", "compound", "amod", "npadvmod"}
CONTENT_STOP = {"advcl", "relcl", "conj", "appos", "nsubj", "nsubjpass", "npadvmod"}
#: Verbs of saying that carry a "must"/"should" demand in their complement.
SAYING = {"say", "declare", "conclude", "insist", "state", "tell", "remind", "stress", "add", "announce", "warn",
          "note", "argue", "maintain", "reiterate", "emphasize", "emphasise", "write", "urge"}
DEMAND_MODALS = {"must": ("100", "change"), "should": ("020", "change"), "ought": ("020", "change")}


@dataclass(frozen=True)
class Resources:
    lexicon: Lexicon
    kb: object
    gazetteer: object


@functools.cache
def load_resources() -> Resources:
    """The lexicon, knowledge base and gazetteer, loaded once per process."""
    actors.warm_up()
    return Resources(lexicon=load_lexicon(), kb=actors.load_kb(), gazetteer=geo.load_gazetteer())


def _timed(timings: dict[str, float] | None, key: str):
    """Add the time spent in the block to ``timings[key]`` (when profiling; a no-op otherwise)."""
    return contextlib.nullcontext() if timings is None else _timer(timings, key)


@contextlib.contextmanager
def _timer(timings: dict[str, float], key: str):
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[key] = timings.get(key, 0.0) + time.perf_counter() - t0


def analyse(article: Article, doc, res: Resources | None = None, timings: dict | None = None) -> DocContext:
    """Document-level analyses every event of the article draws on."""
    res = res or load_resources()
    ctx = DocContext(article=article, doc=doc)
    with _timed(timings, "timex"):
        ctx.timexes = timex.find_timexes(article.text, article.published, doc)
    with _timed(timings, "geo"):
        ctx.toponyms = geo.find_toponyms(article, doc, res.gazetteer)
    with _timed(timings, "attribution"):
        ctx.quotes = attribution.find_quotes(doc)
    with _timed(timings, "actors"):
        ctx.mentions = actors.Mentions.build(doc, res.kb, article.published)
    return ctx


# ------------------------------------------------------------------------------------------------
# Working state of one event while it is being decided
# ------------------------------------------------------------------------------------------------
@dataclass
class Draft:
    cand: Candidate
    entry: Entry
    category: str
    mode: str | None
    cameo: str | None
    context: tuple[str, ...]
    actor: list[tuple[Entity, tuple[int, int]]]
    recipient: list[tuple[Entity, tuple[int, int]]]
    status: str = "occurred"
    status_cue: Span | None = None
    merged: list[int] | None = None  # tokens of triggers merged into this one
    announced: bool = False  # a promise or threat made in a statement: dated by the statement

    @property
    def token(self) -> int:
        return self.cand.token


def code_document(article: Article, doc, timings: dict[str, float] | None = None) -> CodedArticle:
    """Code one parsed article. With a ``timings`` dict, seconds spent per stage are added to it."""
    res = load_resources()
    ctx = analyse(article, doc, res, timings)
    resolver = _Resolver(ctx, res)
    drafts: list[Draft] = []
    with _timed(timings, "coding"):
        for sent in doc.sents:
            cands = find_candidates(doc, res.lexicon, sent)
            nouns = frozenset(c.token for c in cands if c.nominal)
            decided = [d for c in cands if (d := _decide(ctx, c, resolver, res, nouns)) is not None]
            # A trigger is content only of a trigger that is itself an event: "Al-Siyasa warned
            # that ... are planning to kidnap" codes the kidnapping, since a source warning is
            # reporting, not a THREATEN.
            events_here = [d.cand for d in decided]
            by_token = {d.token: d for d in decided}
            for c in cands:
                # "it is prepared to impose martial law": the commitment's content need not be an
                # event of its own (it has no actor of its own) to make the commitment a threat
                act = next((e.category for e in c.entries if e.category in CONFLICTUAL), None)
                if act is None or c.token in by_token:
                    continue  # decided drafts are handled below
                gov = by_token.get(getattr(_content_of(doc, c, events_here), "token", None))
                if gov is not None and _commits_to_conflict(gov, act):
                    _make_threat(gov, act)
            sent_drafts = []
            for d in decided:
                gov = _content_of(doc, d.cand, events_here)
                if gov is None:
                    sent_drafts.append(d)
                    continue
                g = by_token[gov.token]
                if g.category in REPORTING_FRAMES and d.cand.nominal and d.status in ("occurred", "ongoing") \
                        and res.lexicon.ontology.categories[d.category].quad in (2, 4):
                    # "Iran and Syria condemned an Israeli air strike": the strike happened and is
                    # an event of its own; the condemnation targets whoever carried it out.
                    sent_drafts.append(d)
                    if not g.recipient and d.actor and not _same_parties(d.actor, g.actor):
                        g.recipient = d.actor
                    continue
                if _commits_to_conflict(g, d.entry.category):  # the act committed to, before any recoding
                    _make_threat(g, d.entry.category)
                # The event is about its content: its target is the content's target
                # ("agreed to reopen its borders to UN peacekeepers", "struck to protest X").
                # (Only what an event is about gives its target: not the purpose of a resignation.)
                about = g.entry.frame or g.cand.nominal or g.category in ("PROTEST", "ACCUSE", "THREATEN")
                if not g.recipient and about:
                    if d.recipient and not _same_parties(d.recipient, g.actor):
                        g.recipient = d.recipient
                    elif g.category in ("THREATEN", "REQUEST", "ACCUSE") and d.actor and not (
                            _countries(d.actor) & _countries(g.actor)) and not _same_parties(d.actor, g.actor):
                        # "warned that police will not tolerate rallies by Kifaya": the target is
                        # who would act.
                        g.recipient = d.actor
            # "warned that the risk of disease would rise" is a warning, not a threat: a threat
            # names an action (a trigger in its content).
            governed = {gov.token for c in cands if (gov := _content_of(doc, c, events_here)) is not None}
            sent_drafts = [d for d in sent_drafts if not d.entry.needs_content or d.token in governed
                           or any(c.dep_ == "xcomp" for c in doc[d.token].children)]
            demands = _modal_demands(ctx, sent, resolver, res, {c.token for c in cands})
            if demands:
                # What must be done is the content of the demand, not an event of its own.
                demanded = {t.i for d in demands for c in doc[d.token].children if c.dep_ == "ccomp"
                            for t in c.subtree}
                sent_drafts = [d for d in sent_drafts if d.token not in demanded] + demands
            drafts.extend(_merge(doc, sent_drafts))
        drafts = _mobilize_then_assault(drafts)
    events = _to_events(ctx, drafts, res, timings)
    places = tuple(t.place for t in ctx.toponyms if getattr(t, "place", None) is not None)
    return CodedArticle(article=article, events=tuple(events), places=places)


# ------------------------------------------------------------------------------------------------
# Step 2: a trigger that is the content of another
# ------------------------------------------------------------------------------------------------
CONDITION_MARKS = {"if", "unless", "until", "provided", "lest"}
#: Verbal events about something that happened ("condemned the attack", "welcomed the release").
REPORTING_FRAMES = {"ACCUSE", "SUPPORT"}
#: Categories of words (said, asked, accused, refused): as a manner clause they are the message.
VERBAL = {"REQUEST", "ACCUSE", "REJECT", "SUPPORT", "AGREE", "THREATEN"}


def _clause_kind(tok) -> str:
    """ "purpose" for "to"-clauses and "demanding ..." adjuncts, "condition" for if/unless clauses."""
    if tok.dep_ != "advcl":
        return ""
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children):
        return "condition"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return "purpose"
    return ""


def _commits_to_conflict(g: Draft, content_category: str) -> bool:
    """ "is prepared to impose martial law", "vowed to attack": a commitment to coerce or attack."""
    return g.category == "AGREE" and g.entry.head_lemma in COMMISSIVE and content_category in CONFLICTUAL


def _make_threat(g: Draft, content_category: str) -> None:
    """A commitment to a conflictual act is a threat (PLOVER: THREATEN, mode = what is threatened)."""
    g.category, g.status, g.announced = "THREATEN", "threatened", True
    g.mode, g.cameo = THREAT_MODE.get(content_category), THREAT_CAMEO.get(content_category, "130")


def _content_of(doc, cand: Candidate, cands: list[Candidate]) -> Candidate | None:
    """The trigger whose content, purpose or condition this trigger is, or None."""
    by_token = {c.token: c for c in cands if c.token != cand.token}
    tok = doc[cand.token]
    steps = 0
    while tok.head.i != tok.i and steps < 6:
        dep = tok.dep_
        if dep not in CONTENT_DEPS:
            return None
        if _clause_kind(tok) or (dep == "advcl" and tok.tag_ == "VBG" and cand.entries[0].category in VERBAL):
            # "began a hunger strike to demand ...", "will meet him if he gives them a veto",
            # "blocked roads demanding ...": the purpose, condition or message of an event is part
            # of that event.
            return _governing_event(tok.head, by_token)
        if dep in ("relcl", "acl") and tok.head.lemma_.lower() in SPEECH_ACT_NOUNS:
            dep = "acl"  # "a call for its forces to be deployed": what the call asks for
        if dep == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head.dep_ in ("xcomp", "ccomp"):
            # "refused to allow planes to land and evacuate observers": a verb coordinated with an
            # embedded action is embedded with it
            tok = tok.head
            steps += 1
            continue
        tok = tok.head
        steps += 1
        gov = by_token.get(tok.i)
        if dep in CONTENT_STOP:
            return None
        if gov is None:
            continue
        if gov.entries[0].frame or gov.nominal or dep in (
                "dobj", "obj", "pobj", "prep", "attr", "compound", "amod", "xcomp", "acl"):
            return gov
        return None
    return None


def _governing_event(tok, by_token: dict):
    """The nearest trigger at or above ``tok`` within its clause chain, if any."""
    for _ in range(4):
        if tok.i in by_token:
            return by_token[tok.i]
        if tok.head.i == tok.i or tok.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "dobj", "pobj", "prep"):
            return None
        tok = tok.head
    return None


# ------------------------------------------------------------------------------------------------
# Step 3-5: roles, category, status
# ------------------------------------------------------------------------------------------------
class _Resolver:
    """Resolves token spans to entities once per span, and tells actors from sources."""

    def __init__(self, ctx: DocContext, res: Resources):
        self.ctx, self.res = ctx, res
        self.cache: dict[tuple[int, int], Entity | None] = {}

    def entity(self, start: int, end: int) -> Entity | None:
        key = (start, end)
        if key not in self.cache:
            ent = actors.resolve_span(
                self.ctx.doc, start, end, kb=self.res.kb, date=self.ctx.article.published, mentions=self.ctx.mentions
            )
            if ent is not None:
                ent = self._local_country(self._own_state(ent, start, end), start, end)
            # An actor names a role or an identity; a phrase that only borrows a country from
            # its sentence ("joint military exercises" near "Jordan") is a thing, not an actor.
            if ent is not None and ent.sector is None and (
                    ent.country is None or (ent.confidence <= 0.4 and ent.kind not in NAMED_KINDS)):
                # a thing that only borrows a country ("joint military exercises" near "Jordan",
                # "the Brazilian harvest", "an Israeli air strike") is not an actor
                ent = None
            elif ent is not None and ent.sector is None and ent.kind == "state":
                ent = replace(ent, sector="GOV")  # a state that acts or is acted upon: its government
            elif ent is not None and ent.sector in ("PRM", "REB") and ent.kb_id is None and _unnamed(
                    self.ctx.doc[start:end]):
                ent = replace(ent, sector="UAF")  # "some paramilitary groups": unidentified armed men
            self.cache[key] = ent
        return self.cache[key]

    def _own_state(self, ent: Entity, start: int, end: int) -> Entity:
        """ "The Nigeria Labour Congress" is not the US Congress: a body named after one state is
        that state's, whatever its last word matches in the knowledge base."""
        if ent.kind not in ("organization", "institution") or ent.kb_id is None:
            return ent
        doc = self.ctx.doc
        first = next((t for t in doc[start:end] if not (t.is_punct or t.pos_ == "DET")), None)
        if first is None or first.pos_ not in ("PROPN", "ADJ") or first.i + 1 >= end:
            return ent
        state = actors.resolve_span(doc, first.i, first.i + 1, kb=self.res.kb, date=self.ctx.article.published)
        if state is None or state.kind != "state" or state.country in (None, ent.country):
            return ent
        return replace(ent, name=None, kb_id=None, country=state.country, confidence=min(ent.confidence, 0.6))

    def _local_country(self, ent: Entity, start: int, end: int) -> Entity:
        """ "Police in Paris" in a story about Paris, Texas: a town named in the phrase gives the
        country the geo stage resolved for it, with the whole article as context."""
        if ent.kb_id is not None or ent.kind in ("state", "igo") or ent.start is None:
            return ent
        s, e = ent.start, ent.end
        inside = [t for t in self.ctx.toponyms if s <= t.start and t.end <= e and getattr(t, "place", None)]
        # A nationality or a country in the phrase ("Chinese engineers based in Lagos", "Niger's
        # ambassador") says more about the actor than a town does.
        if any(t.role != "location" or t.place.precision == "country" for t in inside):
            return ent
        doc = self.ctx.doc
        states = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
                  for m in kb_matches(doc, start, end, self.res.kb)
                  if any(h.entry.kind == "state" and h.how == "demonym" for h in m.hits)] if inside else []
        for top in inside:
            if any(e.kind == "state" and top.text.lower() in {n.lower() for n in (e.name, *e.aliases)}
                   for e in self.res.kb.lookup(top.text)):
                return ent  # "Niger's ambassador" is Niger's, whatever Niger State the gazetteer prefers
            if any(a < top.end and top.start < b for a, b in states):
                return ent  # "the Central African army": a state's demonym, not a region "Central"
            if top.place.country and top.place.precision in ("city", "site", "admin1") and (
                    top.place.country != ent.country):
                return replace(ent, country=top.place.country)
        return ent

    def is_actor(self, start: int, end: int) -> bool:
        return self.entity(start, end) is not None

    def is_source(self, start: int, end: int) -> bool:
        return attribution.is_source_span(self.ctx, start, end)


#: Kinds of entity that name someone, even when their sector is unknown.
NAMED_KINDS = {"state", "organization", "group", "igo", "person", "institution", "media"}
#: Categories whose target may be a place (PLOVER GSR codes "shelled Juba" with Juba's country).
PLACE_TARGETS = {"ASSAULT", "COERCE", "MOBILIZE", "CONCEDE", "RETREAT", "SANCTION"}


def _place_target(ctx: DocContext, span: tuple[int, int]) -> list:
    """An attacked or restricted thing in a known place ("an army depot near the Syrian city of
    Homs", "the southern regional capital Juba"): a recipient standing for that place."""
    doc = ctx.doc
    s, e = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
    for top in ctx.toponyms:
        place = getattr(top, "place", None)
        if place is None or place.country is None or getattr(top, "role", "") != "location":
            continue
        if s <= top.start and top.end <= e:
            ent = Entity(text=ctx.article.text[s:e], name=place.name, country=place.country, kind="place",
                         start=s, end=e, confidence=0.5)
            return [(ent, span)]
    return []


UNNAMED_DETERMINERS = {"some", "several", "unidentified", "unknown", "unnamed", "certain", "various"}


def _unnamed(span) -> bool:
    """An armed group the text does not identify: "some Shiite paramilitary groups"."""
    return bool(len(span)) and span[0].lower_ in UNNAMED_DETERMINERS


def _resolve_all(spans, resolver: _Resolver) -> list[tuple[Entity, tuple[int, int]]]:
    out = []
    for s, e in spans:
        if resolver.is_source(s, e):
            continue
        ent = resolver.entity(s, e)
        if ent is None:
            continue
        out.extend(_split_modifiers(resolver, ent, s, e) or [(ent, (s, e))])
    return out


def _split_modifiers(resolver: _Resolver, ent: Entity, start: int, end: int):
    """ "Hungarian and Romanian officials" names two actors: one per coordinated national modifier,
    each with the head noun's sector. Returns None when the phrase has no such modifiers."""
    doc = resolver.ctx.doc
    head = doc[start:end].root
    mods = [c for c in head.lefts if c.dep_ in ("amod", "compound", "nmod") and c.conjuncts]
    # "the navies of India and France": the same, with the parties after "of"
    mods += [p for c in head.rights if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
             if p.dep_ == "pobj" and p.conjuncts]
    if not mods:
        return None
    out = []
    for m in sorted({t.i: t for t in (mods[0], *mods[0].conjuncts)}.values(), key=lambda t: t.i):
        country = resolver.entity(m.i, m.i + 1)
        if country is None or country.country is None:
            return None
        text = f"{head.text} of {m.text}" if m.i > head.i else f"{m.text} {head.text}"
        out.append((replace(ent, text=text, name=None, country=country.country, kb_id=None,
                            start=m.idx, end=m.idx + len(m.text)), (m.i, m.i + 1)))
    return out if len(out) > 1 else None


def _sector_of(parts) -> set[str | None]:
    """Sectors of the parties; a state or an intergovernmental body counts as GOV."""
    return {ent.sector or ("GOV" if ent.kind in ("state", "igo") else None) for ent, _ in parts}


def _gives_a_thing(doc, i: int, resolver) -> bool:
    """For "give", "send", "provide": what is given is a thing (aid, arms), not people."""
    objs = [c for c in doc[i].children if c.dep_ in ("dobj", "obj")]
    return not objs or not resolver.is_actor(*np_span(objs[0]))


def _acts_on_someone(doc, i: int, roles: Roles, resolver, nouns: frozenset[int] = frozenset()) -> bool:
    """The trigger's direct object (or, in the passive, its subject) names an actor. An object that
    is itself an event noun (``nouns``) is not one: "police held joint patrols" is the patrols'
    event, not a detention."""
    if roles.voice == "passive":
        return bool(roles.recipient)
    tok = doc[i]
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj", "dative") and c.i not in nouns]
    objs += [s for c in tok.children if c.dep_ in ("ccomp", "xcomp", "oprd") for s in c.children
             if s.dep_ in ("nsubj", "nsubjpass")]  # "considers the MEK to be ..."
    return any(resolver.is_actor(*np_span(o)) for o in objs)


#: Nouns that, counted two or more ("both countries", "the two governments"), make one actor
#: phrase several parties.
PARTY_NOUNS = frozenset({"country", "government", "nation", "state", "side", "party", "army", "force"})


def _several_parties(doc, act: list) -> bool:
    """True when one actor phrase names several parties: "police from both countries", "officials
    of the two governments"."""
    for _, (start, end) in act:
        for t in doc[start:end]:
            if t.lemma_.lower() in PARTY_NOUNS and any(
                    c.lower_ == "both" or (c.dep_ == "nummod" and c.lower_ not in ("one", "1")) for c in t.children):
                return True
    return False


def _entry_fits(entry: Entry, actor_sectors: set, has_recipient: bool, all_entries: tuple[Entry, ...]) -> bool:
    cats = {e.category for e in all_entries}
    if entry.strict and not has_recipient:
        return False
    if entry.category in RECIPIENT_REQUIRED and not has_recipient:
        return False
    civilian = bool(actor_sectors & CIVILIAN_SECTORS) and not (actor_sectors & STATE_OR_ARMED_SECTORS)
    state = bool(actor_sectors & STATE_OR_ARMED_SECTORS)
    if entry.category == "PROTEST" and len(cats) > 1 and (state or not civilian):
        return False  # "blockade", "occupation": a crowd's is PROTEST, anyone else's is not
    if entry.category in ("ASSAULT", "COERCE", "MOBILIZE") and civilian and "PROTEST" in cats:
        return False
    return True


def _negated(doc, i: int) -> bool:
    tok = doc[i]
    for t in (tok, tok.head if tok.dep_ in ("xcomp", "acomp") else None):
        if t is None:
            continue
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never",):
                return True
    return False


def _decide(ctx: DocContext, cand: Candidate, resolver: _Resolver, res: Resources,
            nouns: frozenset[int] = frozenset()) -> Draft | None:
    """The event a candidate trigger reports, or None. ``nouns``: the sentence's noun triggers."""
    doc = ctx.doc
    chosen: tuple[Entry, Roles, list, list] | None = None
    for entry in cand.entries:
        roles = assign_roles(doc, cand.token, entry, resolver.is_actor, cand.nominal)
        act = _resolve_all(roles.actor, resolver)
        rec = _resolve_all(roles.recipient, resolver)
        if not act and not rec:
            continue
        if entry.category == "AID" and entry.strict and not cand.nominal and not _gives_a_thing(
                doc, cand.token, resolver):
            continue  # "sent 21 personnel to investigate": people sent are not aid
        if entry.needs_object and not _acts_on_someone(doc, cand.token, roles, resolver, nouns):
            continue  # "returned to Tokyo" is travel, "returned the detainees" a deportation
        # A joint act of several parties ("India and France began a joint exercise") needs no
        # recipient: PLOVER lists every participant as actor.
        if _entry_fits(entry, _sector_of(act), bool(rec) or len(act) > 1 or _several_parties(doc, act),
                       cand.entries):
            chosen = (entry, roles, act, rec)
            break
    if chosen is None:
        return None
    entry, roles, act, rec = chosen
    category, mode, cameo = entry.category, entry.mode, entry.cameo
    if not rec and category in PLACE_TARGETS and roles.target is not None:
        rec = _place_target(ctx, roles.target)
    # Words are spoken by someone: a verbal event with no actor ("the agreement with the UN",
    # "passengers are advised to check timetables") is a mention or a notice, not a report of an
    # event; unless someone named is the target of an unnamed speaker ("Aristide was accused of").
    if not act and res.lexicon.ontology.categories[category].quad in (1, 3) and (
            cand.nominal or not any(e.kind in NAMED_KINDS for e, _ in rec)):
        return None
    # Someone acts, or someone is acted upon: a phrase that only borrows a country ("a slow start to
    # the Brazilian harvest supported prices") with no one on the other side is no event.
    if not rec and act and all(e.kind == "collective" and e.sector is None and e.confidence < 0.5 for e, _ in act):
        return None
    # A government's "protest" is a diplomatic protest (PLOVER: ACCUSE disapprove).
    if category == "PROTEST" and doc[cand.token].lemma_ == "protest" and act and all(
        e.sector == "GOV" or (e.kind == "state" and e.sector is None) for e, _ in act
    ):
        category, mode, cameo = "ACCUSE", "disapprove", "111"
    if entry.negated and _negated(doc, cand.token):
        if entry.negated == "drop":
            return None
        category, mode, cameo = entry.negated, None, res.lexicon.ontology.categories[entry.negated].cameo
    draft = Draft(cand=cand, entry=entry, category=category, mode=mode, cameo=cameo, context=entry.context,
                  actor=act, recipient=rec)
    st, cue = status.event_status(doc, cand.token, nominal=cand.nominal, category=category)
    draft.status, draft.status_cue = st, cue
    _single_category(ctx, draft, resolver)
    return draft


def _single_category(ctx: DocContext, d: Draft, resolver: _Resolver) -> None:
    """PLOVER: future cooperation is AGREE; a conflictual act announced by its actor is THREATEN."""
    tok = ctx.doc[d.token]
    conditional = any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children) for c in tok.children)
    if conditional and d.status in ("future", "hypothetical", "planned") and d.category != "THREATEN" and (
            _announced_by_actor(ctx, d)):
        # "will withdraw its force from Chad unless ...": an act made conditional is a threat.
        d.cameo, d.mode = "130", None
        d.category, d.status, d.announced = "THREATEN", "threatened", True
    elif d.category in COOPERATIVE and (d.status == "future" or (d.status == "planned" and _intent_cue(d))):
        d.cameo = INTENT_CAMEO.get(d.category, "030")
        d.category, d.mode, d.announced = "AGREE", None, True
    elif d.status in ("future", "planned", "hypothetical") and d.category in CONFLICTUAL:
        if _announced_by_actor(ctx, d):
            d.cameo = THREAT_CAMEO.get(d.category, "130")
            d.mode = THREAT_MODE.get(d.category)
            d.category, d.announced = "THREATEN", True
            d.status = "threatened"


INTENT_WORDS = {"plan", "intend", "prepare", "ready", "willing", "prepared", "decide", "agree", "aim", "set", "vow",
                "pledge", "promise", "commit", "committed", "offer"}


def _intent_cue(d: Draft) -> bool:
    """A plan the actor announces ("plans to visit", "is ready to contribute"), not an attempt or a
    purpose someone else ascribes ("trying to", "in order to")."""
    if d.status_cue is None:
        return False
    return any(w.lower() in INTENT_WORDS for w in d.status_cue.text.split())


PERSONAL_PRONOUNS = {"he", "she", "it", "they", "we", "i"}


def _statement_verb(doc, i: int) -> int | None:
    """The verb of saying whose complement holds token ``i`` ("announced ... that it would lift")."""
    tok = doc[i]
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        dep, tok = tok.dep_, tok.head
        if tok.pos_ == "VERB" and tok.lemma_ in SAYING and dep in ("ccomp", "xcomp", "advcl", "conj"):
            return tok.i
    return None


def _announced_by_actor(ctx: DocContext, d: Draft) -> bool:
    """True unless the trigger sits in speech reported by someone other than the actor."""
    speaker = attribution.speaker_of(ctx, d.token)
    if speaker is None:
        return True
    doc = ctx.doc
    if any(doc[s:e].text.lower() in PERSONAL_PRONOUNS for _, (s, e) in d.actor):
        return True  # "Kenyan opposition leaders said they would boycott ...": the speaker speaks of itself
    # The speaker is the actor's own side: same country, and the same sector when both are known
    # (police speaking of a gang in the same city are not announcing their own act).
    return any(
        speaker.country and e.country == speaker.country
        and (e.sector is None or speaker.sector is None or e.sector == speaker.sector
             or {e.sector, speaker.sector} <= {"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
        for e, _ in d.actor
    )


def _modal_demands(ctx, sent, resolver: _Resolver, res: Resources, trigger_tokens: set[int]) -> list[Draft]:
    """"Russia said Sudan must return the helicopter": a demand (REQUEST) from the speaker."""
    doc = ctx.doc
    out = []
    for tok in sent:
        if tok.lemma_ not in SAYING or tok.pos_ != "VERB" or tok.i in trigger_tokens:
            continue
        for comp in tok.children:
            if comp.dep_ != "ccomp":
                continue
            modal = next((c for c in comp.children if c.dep_ == "aux" and c.lower_ in DEMAND_MODALS), None)
            if modal is None:
                continue
            speaker, passive = subject_of(tok)
            addressee, _ = subject_of(comp)
            if speaker is None or passive or addressee is None:
                continue
            act = _resolve_all([np_span(speaker)], resolver)
            rec = _resolve_all([np_span(addressee)], resolver)
            if not act or not rec:
                continue
            cameo, mode = DEMAND_MODALS[modal.lower_]
            entry = Entry(category="REQUEST", pos="verb", words=(tok.lemma_,), head=0, mode=mode, cameo=cameo)
            cand = Candidate(token=tok.i, entries=(entry,), tokens=(tok.i, modal.i), nominal=False)
            cue = Span(doc[modal.i].idx, doc[modal.i].idx + len(doc[modal.i]), modal.text)
            out.append(Draft(cand=cand, entry=entry, category="REQUEST", mode=mode, cameo=cameo, context=(),
                             actor=act, recipient=rec, status="requested", status_cue=cue))
    return out


# ------------------------------------------------------------------------------------------------
# Step 7: one incident, one record
# ------------------------------------------------------------------------------------------------
def _countries(parts) -> set[str]:
    return {e.country for e, _ in parts if e.country}


def _same_parties(x, y) -> bool:
    cx, cy = _countries(x), _countries(y)
    return bool(cx) and cx == cy and {e.sector for e, _ in x} <= {e.sector for e, _ in y}


def _no_conflict(x, y) -> bool:
    cx, cy = _countries(x), _countries(y)
    return not (cx and cy and not cx & cy)


def _same_party(x: Entity, y: Entity) -> bool:
    """Could be the same party: no known country or sector differs."""
    return (x.country is None or y.country is None or x.country == y.country) and (
        x.sector is None or y.sector is None or x.sector == y.sector)


def _compatible(a: Draft, b: Draft) -> bool:
    """Two triggers in a sentence can be one event: neither the actors nor the recipients clash.
    ("called on the armed groups to stop ... and urged the government to protect ..." are two.)"""
    for x, y in ((a.actor, b.actor), (a.recipient, b.recipient)):
        if x and y and not any(_same_party(e, f) for e, _ in x for f, _ in y):
            return False
    # A reversed dyad is a different event ("A shelled B and B fired back at A").
    ca, cb = _countries(a.actor), _countries(b.actor)
    ra, rb = _countries(a.recipient), _countries(b.recipient)
    return not (ca and rb and ca == rb and ra and cb and ra == cb and ca != ra)


def _anchors(doc, d: Draft) -> set[int]:
    """The trigger token, and for a noun its governing verb ("came under *attack*" -> came)."""
    out = {d.token}
    tok = doc[d.token]
    if d.cand.nominal:
        for _ in range(3):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                out.add(tok.i)
                break
    return out


def _same_incident(doc, a: Draft, b: Draft) -> bool:
    """b elaborates a: "shelled Juba ..., killing 20 people", "wounded two soldiers in a bomb attack",
    "came under attack ... when 26 members were killed"."""
    anchors = _anchors(doc, a)
    tok = doc[b.token]
    for _ in range(4):
        if tok.head.i == tok.i or tok.dep_ not in ("advcl", "xcomp", "pobj", "prep", "acl", "relcl"):
            return False
        tok = tok.head
        if tok.i in anchors:
            return True
    return False


def _merge(doc, drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        target = next((o for o in out if o.category == d.category and o.status == d.status and (
            ((_same_incident(doc, o, d) or _same_incident(doc, d, o)) and _no_conflict(o.actor, d.actor))
            or _compatible(o, d)
        )), None)
        if target is None:
            out.append(d)
            continue
        target.merged = (target.merged or []) + [d.token]
        if not target.actor:
            target.actor = d.actor
        if not target.recipient:
            target.recipient = d.recipient
        if target.mode is None and d.mode is not None:
            target.mode, target.cameo = d.mode, d.cameo
    return out


def _mobilize_then_assault(drafts: list[Draft]) -> list[Draft]:
    assault_sides = [_countries(d.actor) for d in drafts if d.category == "ASSAULT"]
    if not assault_sides:
        return drafts
    out = []
    for d in drafts:
        if d.category == "MOBILIZE":
            side = _countries(d.actor)
            if not side or any(side & s for s in assault_sides):
                continue
        out.append(d)
    return out


# ------------------------------------------------------------------------------------------------
# Step 6: the records
# ------------------------------------------------------------------------------------------------
def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _with_offsets(doc, ent: Entity, span: tuple[int, int]) -> Entity:
    if ent.start is not None:
        return ent
    s, e = _char_span(doc, *span)
    return replace(ent, start=s, end=e)


def _to_events(ctx: DocContext, drafts: list[Draft], res: Resources, timings: dict | None = None) -> list[Event]:
    doc, article = ctx.doc, ctx.article
    onto = res.lexicon.ontology
    events: list[Event] = []
    seen: dict[str, int] = {}
    for d in drafts:
        tok = doc[d.token]
        t_tokens = sorted(d.cand.tokens)
        ts, te = _char_span(doc, t_tokens[0], t_tokens[-1] + 1) if len(t_tokens) > 1 and (
            t_tokens[-1] - t_tokens[0] < 6) else _char_span(doc, d.token, d.token + 1)
        trigger = Trigger(
            token=d.token, start=ts, end=te, text=article.text[ts:te], lemma=tok.lemma_, category=d.category,
            mode=d.mode, cameo=d.cameo, nominal=d.cand.nominal, entry=d.entry.id, context=d.context,
        )
        mode = onto.valid_mode(d.category, d.mode)
        with _timed(timings, "timex"):
            when, historical = timex.event_when(ctx, trigger)
            if when.precision == "unknown" and d.announced:
                # "announced on Monday that it would lift the curfew": the promise was made Monday
                speech = _statement_verb(doc, d.token)
                if speech is not None:
                    when, historical = timex.event_when(ctx, replace(trigger, token=speech, nominal=False))
        with _timed(timings, "geo"):
            where = geo.event_location(ctx, trigger)
            if where is None and d.cand.nominal:
                # "came under attack ... in a forest in Sukma district": the place hangs from the verb
                for anchor in sorted(_anchors(doc, d) - {d.token}):
                    where = geo.event_location(ctx, replace(trigger, token=anchor, nominal=False))
                    if where is not None:
                        break
        with _timed(timings, "sizes"):
            size = sizes.event_sizes(ctx, trigger)
        with _timed(timings, "attribution"):
            chain = attribution.event_chain(ctx, trigger)
        recipient = tuple(_with_offsets(doc, e, s) for e, s in d.recipient)
        # a place named as both who acts and who is acted on is only the target ("a drone strike on
        # a market in El Fasher, ..., killed 20" gave El Fasher as both); people may be both
        # ("rebels operating in Kivu have been disarmed")
        places = {span for _, span in d.recipient if doc[span[0]:span[1]].root.ent_type_ in ("GPE", "LOC", "FAC")}
        actor = tuple(_with_offsets(doc, e, s) for e, s in d.actor if s not in places)
        sent = tok.sent
        # the sentence without the blank space around it (a blanked dateline, paragraph breaks)
        sent_text = sent.text.strip()
        sent_start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        spans = [FieldSpan("trigger", ts, te, trigger.text)]
        spans += [FieldSpan("actor", e.start, e.end, article.text[e.start:e.end], e.confidence) for e in actor]
        spans += [FieldSpan("recipient", e.start, e.end, article.text[e.start:e.end], e.confidence) for e in recipient]
        if where is not None and where.start is not None:
            spans.append(FieldSpan("where", where.start, where.end, article.text[where.start:where.end]))
        if when.start is not None:
            spans.append(FieldSpan("when", when.start, when.end, article.text[when.start:when.end]))
        spans += [FieldSpan("size", s.start, s.end, article.text[s.start:s.end]) for s in size if s.start is not None]
        if d.status_cue is not None:
            spans.append(FieldSpan("status", d.status_cue.start, d.status_cue.end, d.status_cue.text))
        spans += [FieldSpan("attribution", a.start, a.end, article.text[a.start:a.end]) for a in chain
                  if a.start is not None]
        n = seen.get(f"{ts}:{d.category}", 0)
        seen[f"{ts}:{d.category}"] = n + 1
        cameo = d.cameo or onto.categories[d.category].cameo
        events.append(
            Event(
                id=event_id(article.id, ts, d.category, n),
                article_id=article.id,
                category=d.category,
                mode=mode,
                context=d.context,
                cameo=cameo,
                quad=onto.categories[d.category].quad,
                intensity=onto.intensity(d.category, mode),
                actor=actor,
                recipient=recipient,
                status=d.status,
                historical=historical,
                when=when,
                where=where,
                sizes=size,
                attribution=chain,
                evidence=Evidence(
                    sentence=sent_text,
                    sentence_start=sent_start,
                    sentence_end=sent_start + len(sent_text),
                    trigger=Span(ts, te, trigger.text),
                    spans=tuple(spans),
                    status_cue=d.status_cue,
                ),
                published=article.published,
                publisher=article.source,
                url=article.url,
                confidence=_confidence(d),
            )
        )
    return events


def _confidence(d: Draft) -> float:
    """A rough prior: full dyads from verbs are the most reliable codings."""
    score = 0.5
    if d.actor:
        score += 0.25
    if d.recipient:
        score += 0.15
    if not d.cand.nominal:
        score += 0.1
    return round(min(score, 1.0), 2)

