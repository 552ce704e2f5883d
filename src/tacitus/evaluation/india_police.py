"""`india_police` task: which police actions a sentence reports (multi-label).

Labels: KILL, ARREST, FAIL, FORCE, ANY_ACTION, for actions by the police and other security forces.
The sentences are lower-cased and partly mojibake, so named-entity cues are weak: the labels come
from a police lexicon (``data/police/lexicon.yaml``) read against the spaCy parse and the status
stage (:mod:`tacitus.status`). Each sentence is read on its own. (The coder's events were tried as
extra evidence, COERCE arrest -> ARREST and events with a police or military actor -> ANY_ACTION /
FORCE: on this lower-cased text they added nothing the lexicon did not already find and some false
arrests, so the task runs the parser and the status stage only, which is also three times faster.)

Rules, per sentence:

- **Cues** are lexicon phrases found in the text. An action cue counts only when the status stage
  (:func:`tacitus.status.event_status` on the cue's head word) says the action is real (occurred or
  ongoing), not requested, planned, future, conditional or threatened; a to-infinitive goal ("have
  to arrest the guilty") is planned, unless its governor reports the act ("forced the police to open
  fire", "had to fire").
- **Police** are named when a police noun is in the sentence. They take part in it unless every
  mention is a victim ("stones were pelted at the policemen", "a constable was injured"): the
  annotation counts a sentence naming the police as one about police action even when they are
  its setting or someone's demand, so those are kept. The army (``military`` in the lexicon) takes
  part only when sent in ("army columns were called in", "the deployment of the army") or as the
  subject of something it did, and not when that is only asked for ("the opposition demanded the
  deployment of the army", "a plea asking for the army to be deployed").
- **ARREST**: a real arrest cue ("arrested", "taken into custody", "booked under poto") that no
  false friend overlaps ("cardiac arrest", "court arrest", "were booked for ram sevaks"), or the
  police as the subject or agent of a verb of arrest that reports something real ("the police have
  booked 40 people", "caught by the police", "the police moved in and caught three of them"; not
  "allows the police to arrest anyone").
- **FORCE**: a force cue ("police firing", "tear gas", "lathi-charge"), a weapon cue ("fired",
  "opened fire") in a sentence where the police take part as more than victims or a place ("shot at
  near the park under the kotwali police station" is not police force), or the police as the subject of a verb of
  force ("the police fired", "policemen beat"); force that is only conditional, future, threatened
  or negated is dropped. **KILL**: FORCE and a death word that is not negated ("no reports of
  casualties"), or the police as subject of "kill" / "shoot".
- **FAIL**: a failure cue ("failed to", "inaction", "mute spectators", "turned a blind eye") in a
  sentence naming the police, the police as subject of a negated or refused action ("the police did
  not act", "would not register complaints"), or a negated arrest in a sentence naming the police.
  Declining to talk to the press ("refused to comment") is not a failure, nor is complicity in the
  violence ("with police connivance", "police complicity"): that is the police taking part.
- **ANY_ACTION**: any of ARREST, FORCE, KILL; police taking part in the sentence; or a security
  measure even when nobody is named as taking it ("security arrangements were tightened",
  "patrolling was intensified", "a flag march"). A failure to act is not an action: police mentions
  that are the failing party ("police inaction", "the police did not act") do not count as taking
  part, nor does a measure inside a failure cue ("slow deployment of troops").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

import yaml

from tacitus.errors import ResourceError

LABELS = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
LEXICON_PATH = "data/police/lexicon.yaml"
CUE_KINDS = ("police", "arrest", "not_arrest", "force", "force_with_police", "kill", "fail", "not_fail",
             "not_kill", "measures", "places", "military")
#: Statuses of actions that did not (yet) happen.
IRREAL = {"requested", "hypothetical", "future", "planned", "threatened"}
FORCE_IRREAL = {"hypothetical", "future", "threatened", "denied"}
#: Words for sending forces in: the army named with one of them takes part ("the army was called in").
SEND_VERBS = {"deploy", "deployment", "send", "dispatch", "despatch", "induct", "induction", "call", "requisition",
              "move", "rush", "post", "station"}
#: Verbs whose negation makes the police subject a failure to act ("the police did not act").
NEGATABLE_ACTIONS = {"act", "intervene", "stop", "prevent", "arrest", "register", "record", "protect", "come",
                     "respond", "take", "do", "control", "disperse", "save", "help", "reach", "arrive", "move",
                     "book", "lodge", "file", "check", "rescue"}
#: Governors of a to-infinitive that report the action as done ("forced the police to open fire").
IMPLICATIVE = {"force", "compel", "oblige", "begin", "start", "manage", "proceed", "resort"}
#: Verbs of force and killing with the police as their subject ("the police fired", "policemen beat").
FORCE_VERBS = {"fire", "shoot", "beat", "kill", "injure", "wound", "lathicharge", "lathi-charge", "thrash", "cane",
               "baton-charge"}
KILL_VERBS = {"kill", "shoot"}
#: Verbs of arrest with the police as their subject or agent ("the police have booked 40 people",
#: "caught by the police").
ARREST_VERBS = {"arrest", "catch", "book", "nab", "detain", "apprehend"}
FAIL_VERBS = {"fail", "refuse", "decline", "neglect"}
FAIL_ADJECTIVES = {"unable", "unwilling", "reluctant", "helpless", "mute", "silent", "passive"}
#: What the police may decline without failing to act: talking to the press ("refused to comment").
SPEECH_VERBS = {"comment", "speak", "say", "talk", "reveal", "disclose", "divulge", "give", "name", "confirm",
                "elaborate", "identify", "answer", "respond", "share"}

#: Common mojibake of UTF-8 read as Windows-1252, and doubled quotes, as the source prints them.
MOJIBAKE = (
    ("â€™", "'"), ("â€˜", "'"), ("â€œ", '"'), ("â€\ufffd", '"'), ("â€”", " - "), ("â€“", "-"), ("â€¢", " "),
    ("â€", "'"), ("Â", " "), ("™", "'"), ("\ufffd", " "), ("''", '"'),
)


def repair_text(text: str) -> str:
    """``text`` with common mojibake replaced by the characters meant ("â€™" -> "'")."""
    for bad, good in MOJIBAKE:
        text = text.replace(bad, good)
    return text


# ------------------------------------------------------------------------------------------------
# Lexicon
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoliceLexicon:
    """Compiled cue patterns by kind, and the verbs whose object is a victim."""

    patterns: dict[str, re.Pattern]
    victim_verbs: frozenset[str]


_GAP = r"[\s-]+(?:[\w,.'-]+\s+){0,3}?"  # "~": up to three words in between
_SEP = r"[\s-]+"


def _phrase_pattern(phrase: str) -> str:
    parts: list[str] = []
    for word in phrase.split():
        if word == "~":
            parts.append(_GAP)
            continue
        part = re.escape(word.rstrip("*")) + (r"[\w-]*" if word.endswith("*") else "")
        parts.append(_SEP + part if parts and parts[-1] != _GAP else part)
    return "".join(parts)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern:
    """One pattern matching any of ``phrases`` (lexicon syntax) as whole words, longest first."""
    alternatives = [_phrase_pattern(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p))]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def _words(data: dict, key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ResourceError(f"police lexicon: {key!r} must be a list of phrases")
    return [v.strip().lower() for v in value]


@functools.cache
def load_lexicon() -> PoliceLexicon:
    """The police lexicon (cached: read once per process)."""
    try:
        text = resources.files("tacitus").joinpath(LEXICON_PATH).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as e:
        raise ResourceError(f"Cannot read tacitus/{LEXICON_PATH}: {e}") from e
    if not isinstance(data, dict):
        raise ResourceError(f"tacitus/{LEXICON_PATH}: expected a mapping of cue lists")
    patterns = {kind: compile_phrases(_words(data, kind)) for kind in CUE_KINDS}
    return PoliceLexicon(patterns=patterns, victim_verbs=frozenset(_words(data, "victim_verbs")))


# ------------------------------------------------------------------------------------------------
# Cues
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    """One lexicon phrase found in the sentence, with its head token and the status of what it says."""

    kind: str
    start: int
    end: int
    text: str
    head: int | None  # token index of the phrase's head in the doc
    status: str  # from tacitus.status; "occurred" when nothing qualifies it

    @property
    def real(self) -> bool:
        return self.status not in IRREAL


def find_cues(text: str, doc, lexicon: PoliceLexicon | None = None) -> dict[str, list[Cue]]:
    """Cues of every kind in ``text`` (which ``doc`` is the parse of), by kind, in text order."""
    from tacitus import status

    lexicon = lexicon or load_lexicon()
    out: dict[str, list[Cue]] = {}
    for kind, pattern in lexicon.patterns.items():
        cues = []
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand") if doc is not None else None
            head = span.root.i if span is not None and len(span) else None
            st = "occurred"
            if head is not None:
                st, _ = status.event_status(doc, head, nominal=doc[head].pos_ in ("NOUN", "PROPN"))
                if st == "occurred" and _infinitive_goal(doc[head]):
                    st = "planned"
            cues.append(Cue(kind, m.start(), m.end(), m.group(0), head, st))
        out[kind] = cues
    return out


def _infinitive_goal(tok) -> bool:
    """A to-infinitive that is a goal or duty, not a report: "have to arrest the guilty", "took steps
    to arrest". "had to fire" (an Indian English report of firing) stays a report."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    governor = tok.head.lemma_.lower()
    return not (governor in IMPLICATIVE or (governor == "have" and tok.head.tag_ == "VBD"))


def _inside(cue: Cue, others: list[Cue]) -> bool:
    return any(o.start <= cue.start and cue.end <= o.end for o in others)


def _overlaps(cue: Cue, others: list[Cue]) -> bool:
    return any(o.start < cue.end and cue.start < o.end for o in others)


def _clause_verb(tok):
    """The verb a (noun) token belongs to: itself for a verb, else its nearest verb ancestor."""
    steps = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and steps < 6:
        tok = tok.head
        steps += 1
    return tok


def _victim(doc, cue: Cue, lexicon: PoliceLexicon) -> bool:
    """Whether a police mention is hurt or blamed rather than acting: the object or passive subject
    of a victim verb ("a constable was injured"), or its target ("pelted stones at the policemen")."""
    if cue.head is None:
        return False
    tok = doc[cue.head]
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    dep, head = tok.dep_, tok.head
    if dep in ("dobj", "nsubjpass") and _clause_verb(tok).lemma_.lower() in lexicon.victim_verbs:
        return True
    return dep == "pobj" and head.lower_ in ("at", "on") and _clause_verb(head).lemma_.lower() in lexicon.victim_verbs


def _police_verbs(doc, police: list[Cue]) -> set[str]:
    """Lemmas of the verbs the police are the subject of, when those verbs report real actions."""
    from tacitus import status

    out = set()
    for cue in police:
        if cue.head is None:
            continue
        tok = doc[cue.head]
        if tok.dep_ == "nsubj":
            verb = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":  # "caught by the kolkata police"
            verb = tok.head.head
        else:
            continue
        # verbs sharing the subject: "the police moved in and caught three of them"
        for v in [verb, *(c for c in verb.children if c.dep_ == "conj")]:
            if v.pos_ == "VERB" and status.event_status(doc, v.i)[0] not in FORCE_IRREAL and not _infinitive_goal(v):
                out.add(v.lemma_.lower())
    return out


def _acts(doc, cue: Cue) -> bool:
    """Whether a (military) mention takes part: sent in, or the active subject of a verb that reports
    something real ("the two army columns which arrived")."""
    from tacitus import status

    if cue.head is None:
        return False
    tok = doc[cue.head]
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "nsubjpass" or (tok.dep_ in ("dobj", "pobj") and _clause_verb(tok).lemma_.lower() in SEND_VERBS):
        return True  # sent in: "an army column was dispatched", "decided to send in the army"
    if tok.head.lemma_.lower() in SEND_VERBS or (tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in SEND_VERBS):
        return True  # "the deployment of the army", "army deployment"
    if tok.dep_ != "nsubj" and not (tok.dep_ == "pobj" and tok.head.dep_ == "agent"):
        return False
    verb = tok.head if tok.dep_ == "nsubj" else tok.head.head
    return verb.pos_ == "VERB" and status.event_status(doc, verb.i)[0] not in FORCE_IRREAL | IRREAL


def _failed_police(doc, cues: dict[str, list[Cue]]) -> list[Cue]:
    """Police mentions that are the subject of an action they did not take ("the police did not act",
    "would not register complaints", "refused to take the complaint")."""
    out = []
    for cue in cues["police"]:
        if cue.head is None:
            continue
        tok = doc[cue.head]
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = tok.head
        lemma = verb.lemma_.lower()
        negated = any(c.dep_ == "neg" for c in verb.children)
        if lemma in FAIL_VERBS and any(c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_VERBS
                                       for c in verb.children):
            continue
        unable = lemma == "be" and any(c.dep_ == "acomp" and c.lower_ in FAIL_ADJECTIVES for c in verb.children)
        if lemma in FAIL_VERBS or unable or (negated and lemma in NEGATABLE_ACTIONS):
            out.append(cue)
    return out


_HOLDER_AFTER = re.compile(r"\s+(?:by|of|on the part of|among)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}")
_HOLDER_BEFORE = re.compile(r"(?:'s?)?\s+")


def _fails_in(doc, text: str, police: Cue, fails: list[Cue]) -> bool:
    """Whether a police mention is the one a failure cue is about: its holder ("police inaction",
    "inaction by the police", "the failure of the police") or the subject of the clause that holds the
    cue ("the police were mute spectators", "the posse of the railway police failed to protect")."""
    for cue in fails:
        if police.start < cue.end and cue.start < police.end:
            return True
        if (_HOLDER_AFTER.fullmatch(text, cue.end, police.start)
                or _HOLDER_BEFORE.fullmatch(text, police.end, cue.start)):
            return True
        if police.head is None or cue.head is None:
            continue
        tok, fail = doc[police.head], doc[cue.head]
        verb = _clause_verb(fail)
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(s.left_edge.i <= tok.i <= s.right_edge.i for s in subjects):
            return True
        # the subject of a governing verb ("the constables chose to stand and watch")
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass"):
            anc, steps = verb, 0
            while steps < 3 and anc.i != tok.head.i and anc.dep_ in ("xcomp", "prep", "pobj", "advcl") \
                    and anc.head.i != anc.i:
                anc, steps = anc.head, steps + 1
            if anc.i == tok.head.i:
                return True
    return False


def sentence_labels(text: str, doc, lexicon: PoliceLexicon | None = None) -> set[str]:
    """The labels of one sentence: ``text`` (repaired, see :func:`repair_text`) and its parse ``doc``
    (None: lexicon cues only, every cue taken as real)."""
    lexicon = lexicon or load_lexicon()
    cues = find_cues(text, doc, lexicon)
    labels: set[str] = set()

    named = bool(cues["police"])
    # Police count as taking part unless every mention is a victim: the annotators read a sentence
    # naming the police as a report of police action even in a demand or as a setting.
    acting = [c for c in cues["police"] if doc is None or not _victim(doc, c, lexicon)]
    # The army is not the police: named in demands and debates about calling it in, it takes part
    # only as the subject of something it did ("the two army columns which arrived") or when
    # sent in, and a sending that is only asked for ("sought deployment of the army") is not one.
    acting = [c for c in acting if not _inside(c, cues["military"])
              or (doc is not None and c.status != "requested" and _acts(doc, c))]

    fails = [c for c in cues["fail"] if not _inside(c, cues["not_fail"])]
    # a false friend overlapping the cue rules it out ("the coaches which were booked for ram sevaks")
    arrests = [c for c in cues["arrest"] if c.real and c.status != "denied" and not _overlaps(c, cues["not_arrest"])]
    denied_arrests = [c for c in cues["arrest"] if c.status == "denied" and not _overlaps(c, cues["not_arrest"])]
    police_verbs = _police_verbs(doc, cues["police"]) if doc is not None else set()
    if arrests or police_verbs & ARREST_VERBS:
        labels.add("ARREST")

    # Force reported as ordered, sought or "forced" still happened more often than not: only
    # conditional, future, threatened and negated force is dropped.
    force = [c for c in cues["force"] if c.status not in FORCE_IRREAL]
    # Weapon words are police force only when police take part as more than victims or a place
    # ("shot dead in a village under the sadar police station", "the mob fired at the police").
    if any(not _inside(c, cues["places"]) for c in acting):
        force += [c for c in cues["force_with_police"] if c.status not in FORCE_IRREAL]
    if force or police_verbs & FORCE_VERBS:
        labels.add("FORCE")
        if any(c.status != "denied" and not _inside(c, cues["not_kill"]) for c in cues["kill"]) or police_verbs & KILL_VERBS:
            labels.add("KILL")

    failed = _failed_police(doc, cues) if doc is not None else []
    if (fails and named) or failed or (denied_arrests and named):
        labels.add("FAIL")
        # A report that the police failed to act is not one of police action: mentions that are
        # the failing party do not count as the police taking part.
        acting = [c for c in acting if c not in failed and (doc is None or not _fails_in(doc, text, c, fails))]

    # "slow deployment of troops" is a failure, not a measure taken.
    measures = [c for c in cues["measures"] if c.real and c.status != "denied" and not _inside(c, fails)]
    if labels & {"ARREST", "FORCE", "KILL"} or acting or measures:
        labels.add("ANY_ACTION")
    return labels


# ------------------------------------------------------------------------------------------------
# Running the task
# ------------------------------------------------------------------------------------------------
def predict(rows: Iterable[dict], batch_size: int = 64) -> Iterator[dict]:
    """``{"id", "labels"}`` for each row (labels in :data:`LABELS` order)."""
    from tacitus import nlp

    lexicon = load_lexicon()
    batch: list[tuple[str, str]] = []

    def flush():
        docs = nlp.parse([text for _, text in batch], batch_size=batch_size)
        for (row_id, text), doc in zip(batch, docs, strict=True):
            labels = sentence_labels(text, doc, lexicon)
            yield {"id": row_id, "labels": [label for label in LABELS if label in labels]}

    for row in rows:
        batch.append((row["id"], repair_text(row.get("text") or "")))
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
