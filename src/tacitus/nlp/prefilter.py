"""The fast lexicon pass: which sentences could report an event, so that only those are parsed.

Input: an article text and the trigger lexicon. Output: the text with every sentence that holds no
possible trigger (and is not next to one) blanked out, offsets unchanged. spaCy then spends its
time where events can be: in long pages full of navigation, captions and unrelated headlines this
skips most of the text.

A sentence is kept when one of its words is an inflected form of a trigger head ("attacked",
"talks", "were held"), a casualty or crowd word ("wounded", "hospital", "protesters"), or a modal
of demand ("must"); the sentence before and the sentence after each kept sentence are kept too, for
pronouns, attributions ("..., he said.") and figures given in the next sentence. The recall this
costs is measured by ``bench/speed.py``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

#: Sentence ends: . ! ? (with closing quotes or brackets) before a capital, a digit or an opening
#: quote; and every line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")  # hyphens split words, as in spaCy

#: Words that keep a sentence although they are no trigger: figures and demands.
EXTRA_WORDS = frozenset(
    ["must", "should", "killed", "dead", "died", "death", "deaths", "toll", "wounded", "injured", "injuries", "hurt", "hospital", "hospitalised", "hospitalized", "arrested", "detained", "displaced", "fled", "evacuated", "protesters", "demonstrators", "crowd", "crowds", "marched", "casualties", "victims", "victim", "bodies", "body", "fatalities", "fatally"]
)

#: Irregular verb forms of trigger heads (the regular ones are generated).
IRREGULAR = {
    "fight": ("fought",), "hold": ("held",), "meet": ("met",), "give": ("gave", "given"), "send": ("sent",),
    "take": ("took", "taken"), "shoot": ("shot",), "strike": ("struck", "stricken"), "beat": ("beaten",),
    "seek": ("sought",), "lead": ("led",), "leave": ("left",), "break": ("broke", "broken"),
    "stand": ("stood",), "pay": ("paid",), "tell": ("told",), "throw": ("threw", "thrown"),
    "blow": ("blew", "blown"), "flee": ("fled",), "freeze": ("froze", "frozen"),
    "forgive": ("forgave", "forgiven"), "withdraw": ("withdrew", "withdrawn"),
    "undertake": ("undertook", "undertaken"), "overrun": ("overran",), "retake": ("retook", "retaken"),
    "forbid": ("forbade", "forbidden"), "slay": ("slew", "slain"), "begin": ("began", "begun"),
    "go": ("went", "gone"), "come": ("came",), "run": ("ran",), "speak": ("spoke", "spoken"),
    "rise": ("rose", "risen"), "fall": ("fell", "fallen"), "swear": ("swore", "sworn"),
    "tear": ("tore", "torn"), "lose": ("lost",), "win": ("won",), "sit": ("sat",), "fly": ("flew", "flown"),
    "show": ("shown",), "catch": ("caught",), "buy": ("bought",), "build": ("built",), "lend": ("lent",),
    "make": ("made",), "find": ("found",), "keep": ("kept",), "deal": ("dealt",), "lay": ("laid",),
    "bring": ("brought",), "set": ("set",), "let": ("let",), "put": ("put",), "cut": ("cut",),
    "hit": ("hit",), "quit": ("quit",), "shut": ("shut",), "spread": ("spread",), "overthrow": ("overthrew",
    "overthrown"), "arise": ("arose", "arisen"), "bear": ("bore", "borne"), "steal": ("stole", "stolen"),
    "choose": ("chose", "chosen"), "draw": ("drew", "drawn"), "drive": ("drove", "driven"),
    "ride": ("rode", "ridden"), "write": ("wrote", "written"), "bind": ("bound",), "hang": ("hung",),
    "dig": ("dug",), "feed": ("fed",), "sell": ("sold",), "say": ("said",), "think": ("thought",),
    "teach": ("taught",), "sweep": ("swept",), "stick": ("stuck",), "sink": ("sank", "sunk"),
    "foresee": ("foresaw", "foreseen"), "mislead": ("misled",), "outlaw": ("outlawed",),
}

_VOWELS = set("aeiou")


def inflections(lemma: str) -> set[str]:
    """Generous set of inflected forms of a verb or noun lemma (a superset is harmless here)."""
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", *IRREGULAR.get(w, ())}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in _VOWELS | {"w", "x", "y"} and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # ban -> banned, plan -> planning
    if w.endswith(("s", "sh", "ch", "x", "z")):
        out.add(w + "es")
    return out


@dataclass(frozen=True)
class TriggerIndex:
    """Surface forms of trigger heads, each with the other words its phrases need."""

    heads: dict[str, tuple[tuple[frozenset[str], ...], ...]]  # head form -> phrases' other words (forms)

    def hits(self, words: set[str]) -> bool:
        """True when the words of a sentence could realise some trigger."""
        for w in words:
            for others in self.heads.get(w, ()):
                if all(forms & words for forms in others):
                    return True
        return False


@functools.cache
def trigger_index() -> TriggerIndex:
    """The index of the bundled lexicon, plus EXTRA_WORDS as one-word triggers."""
    from tacitus.coding.lexicon import load_lexicon

    heads: dict[str, set[tuple[frozenset[str], ...]]] = {w: {()} for w in EXTRA_WORDS}
    for entry in load_lexicon().entries:
        others = tuple(frozenset(inflections(w)) for w in entry.others)
        for form in inflections(entry.head_lemma):
            heads.setdefault(form, set()).add(others)
    return TriggerIndex({k: tuple(v) for k, v in heads.items()})


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans [start, end) of ``text`` covering it entirely, split at sentence ends
    and line breaks."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        spans.append((start, m.start()))
        start = m.start()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def keep_sentences(text: str, index: TriggerIndex | None = None, context: int = 1) -> list[tuple[int, int]]:
    """Spans of the sentences worth parsing: those with a possible trigger, and their neighbours."""
    index = trigger_index() if index is None else index
    spans = sentence_spans(text)
    hit = [index.hits({w.lower() for w in _WORD.findall(text[s:e])}) for s, e in spans]
    keep = [False] * len(spans)
    for i, h in enumerate(hit):
        if h:
            for j in range(max(0, i - context), min(len(spans), i + context + 1)):
                keep[j] = True
    return [s for s, k in zip(spans, keep, strict=True) if k]


def blank_unlikely(text: str, index: TriggerIndex | None = None) -> str:
    """``text`` with the sentences not worth parsing replaced by spaces (line breaks kept)."""
    kept = keep_sentences(text, index)
    if not kept:
        return re.sub(r"[^\n]", " ", text)
    out, pos = [], 0
    for s, e in kept:
        if s > pos:
            out.append(re.sub(r"[^\n]", " ", text[pos:s]))
        out.append(text[s:e])
        pos = e
    if pos < len(text):
        out.append(re.sub(r"[^\n]", " ", text[pos:]))
    return "".join(out)
