"""What the normaliser knows about one document while it reads it left to right.

:class:`DocState` takes the text, the publication date and (optionally) a spaCy ``Doc`` of the
same text. It answers the questions the rules ask: the tense of the verb governing a stretch of
text, the part of speech or entity label at an offset, and the most recent date mentioned before
an offset (the anchor of "the previous day", "a year earlier", "the following Monday").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tacitus.timex.calendar import precision

#: Without a parse: a date right after a reporting verb dates the report ("police said on Monday").
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told|announced|reported|added|stated|confirmed|denied|declared|warned|disclosed)"
    r"(?:\s+\w+ly)?\s+(?:on\s+|late\s+|early\s+)?$", re.I)

#: Words that make a clause about the future when no parse is at hand.
_FUTURE_WORDS = re.compile(
    r"\b(?:will|'ll|shall|wo\s*n't|won't|going\s+to|is\s+to|are\s+to|scheduled|due\s+to|expected\s+to|"
    r"plans?\s+to|planning\s+to|set\s+to|would|next|upcoming|coming|intends?\s+to|to\s+be\s+held)\b",
    re.I)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"'`(])|\n\s*\n")

#: Verbs whose infinitive complement is about the future ("plans to open on Monday").
_PROSPECTIVE = frozenset({
    "expect", "plan", "schedule", "set", "due", "intend", "hope", "aim", "want", "prepare", "seek",
    "vow", "promise", "threaten", "pledge", "agree", "decide", "propose", "wish", "go", "need",
    "arrange", "anticipate",
})
#: Verbs that report speech or findings: a date attached to them dates the report, not the event.
REPORTING_LEMMAS = frozenset({
    "say", "tell", "report", "announce", "state", "add", "claim", "confirm", "deny", "declare",
    "disclose", "reveal", "indicate", "note", "explain", "write", "quote", "testify", "allege",
    "insist", "warn", "acknowledge", "admit", "assert", "argue", "believe", "estimate", "suggest",
    "know", "learn", "hear", "show", "find", "publish", "tweet", "post", "comment", "describe",
})
_FUTURE_AUX = frozenset({"will", "'ll", "ll", "shall", "wo", "gon"})
#: Modals that look ahead ("could" and "can" do not: "could not be reached Monday").
_MODAL_AUX = frozenset({"would", "might", "may", "should", "must"})


@dataclass
class Accepted:
    """A temporal expression already found in this document (what anaphora can refer back to)."""

    start: int
    end: int
    type: str
    value: str
    precision: str
    anchor: bool = True


@dataclass
class DocState:
    """One document being read: text, publication date, optional parse, and what was found so far."""

    text: str
    dct: dt.date | None
    doc: Any = None
    found: list[Accepted] = field(default_factory=list)

    # --- parse lookups ---------------------------------------------------------------------------
    def token_at(self, offset: int) -> Any:
        """The spaCy token covering a character offset, or None without a parse."""
        if self.doc is None:
            return None
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return span[0]

    def span_root(self, start: int, end: int) -> Any:
        if self.doc is None:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return span.root

    # --- tense -------------------------------------------------------------------------------------
    def tense(self, start: int, end: int) -> str | None:
        """"past", "future", "present" or None: the tense of the clause a stretch of text belongs to.

        With a parse: the tense of the verb governing the expression (its head, or the head's head).
        Without one: future cue words ("will", "scheduled") in the same sentence, else None.
        """
        root = self.span_root(start, end)
        if root is not None:
            verb = root
            for _ in range(5):
                if verb.pos_ in ("VERB", "AUX") and verb.dep_ not in ("aux", "auxpass"):
                    break
                if verb.head.i == verb.i:
                    break
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX"):
                t = verb_tense(verb)
                if t is not None:
                    return t
            else:
                t = verb_tense(root.sent.root) if root.sent.root.pos_ in ("VERB", "AUX") else None
                if t is not None:
                    return t
        s, e = self.sentence_bounds(start)
        sentence = self.text[s:e]
        if _FUTURE_WORDS.search(sentence):
            return "future"
        return None

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """Rough sentence boundaries around an offset (a parse's sentences when there is one)."""
        tok = self.token_at(offset)
        if tok is not None:
            return tok.sent.start_char, tok.sent.end_char
        s = 0
        for m in _SENTENCE_END.finditer(self.text, max(0, offset - 400), offset):
            s = m.end()
        m = _SENTENCE_END.search(self.text, offset)
        return s, (m.start() + 1 if m else len(self.text))

    # --- anchors -----------------------------------------------------------------------------------
    def last(self, precisions: set[str], before: int, window: int | None = None) -> Accepted | None:
        """The most recent fully specified date found before ``before`` whose precision is one of
        ``precisions`` (optionally no further back than ``window`` characters)."""
        for a in reversed(self.found):
            if a.end > before:
                continue
            if window is not None and before - a.end > window:
                return None
            if not a.anchor or a.type not in ("DATE", "TIME") or "X" in a.value or not a.value[:1].isdigit():
                continue
            if a.precision in precisions:
                return a
        return None

    def dates_a_report(self, start: int, end: int) -> bool:
        """Whether an expression dates a report ("officials *said on Monday*") rather than an event.
        The day of a report is not the reference of "the previous day" and the like (a quarter
        "reported" in business news is the period of the figures, so callers ask only about days)."""
        root = self.span_root(start, end)
        if root is not None:
            g = governor(root)
            return g.pos_ in ("VERB", "AUX") and g.lemma_.lower() in REPORTING_LEMMAS
        return bool(_REPORTED_ON.search(self.text, max(0, start - 40), start))

    def add(self, start: int, end: int, type_: str, value: str, anchor: bool = True) -> None:
        prec = precision(value) if type_ in ("DATE", "TIME") else "unknown"
        self.found.append(Accepted(start, end, type_, value, prec, anchor))


def governor(head: Any) -> Any:
    """The word a temporal expression hangs from, through prepositions and adverbs: "broke out
    late *on Monday*" -> "broke"; "the attack *in April*" -> "attack"."""
    g = head.head
    steps = 0
    while (g.i != head.i and g.head.i != g.i and steps < 4
           and (g.dep_ in ("prep", "advmod", "pcomp") or g.pos_ in ("ADP", "ADV"))):
        g = g.head
        steps += 1
    return g


def verb_tense(verb: Any) -> str | None:
    """The tense of a spaCy verb token from its tag and auxiliaries: past, future, present or None."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return "future"
    if any(w in _MODAL_AUX for w in words):
        return "future"
    if verb.tag_ == "VB" and any(a.lower_ == "to" for a in auxes):
        head = verb.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX", "ADJ"):
            if head.lemma_.lower() in _PROSPECTIVE or head.lower_ in ("set", "due", "scheduled", "expected"):
                return "future"
            return verb_tense(head) if head.pos_ in ("VERB", "AUX") else None
        return "future"
    if "going" in words:
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None
