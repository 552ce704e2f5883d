"""Status stage: how factual the text presents an event, and its status.

Input: a parsed ``Doc`` (from :mod:`tacitus.nlp`) and the index of an event trigger's head token.
Output:

- :func:`event_status` -> ``(status, cue)``: one of :data:`tacitus.records.STATUSES` and the
  :class:`tacitus.records.Span` of the words that decided it (None for a plain report of
  something that happened);
- :func:`factuality` -> a float in [-3, 3]: +3 the text presents the event as having happened,
  -3 as not having happened, values between for hedged, planned or hypothetical events.

Status rules (the full table is in ``docs/status.md``; the words in ``data/status/cues.yaml``):

1. Cues are collected level by level, from the trigger's own clause up through the words that
   govern it (:func:`tacitus.status.rules.find_levels`). The nearest decisive cue wins; a
   negation, denial or condition further up overrides it.
2. In the event's own clause: a negation ("did not attack", "no attack", "nobody attacked",
   "instead of attacking") -> **denied**; "if", "unless", "whether", "in case of" and questions
   -> **hypothetical**; "would", "could", "might", "may", "should", "must", "can" ->
   **hypothetical**; "will", "shall" -> **future**; present
   progressive ("are being relocated", "is fighting", "have been fighting"), "still",
   "currently" -> **ongoing**; adjectives on a nominal event ("planned attack", "possible
   strike", "ongoing fighting") -> the adjective's class.
3. Governing words: "planning to", "trying to", "attempting to", "wants to", "a plot to", "in
   order to" -> **planned**; "threatened to", "threat of" -> **threatened**; "asked X to",
   "urged X to", "called for", "demanded", "a call for" -> **requested**; "denied attacking",
   "refused to", "failed to", "foiled", "prevented" -> **denied**; "fears of", "risk of",
   "feared that", "possibility of" -> **hypothetical**; "going to", "expected to", "set to",
   "is to" -> **future**; "continue to", "kept attacking" -> **ongoing**. Reporting and belief
   verbs ("said", "told", "claimed", "believes") pass the status through: the event keeps the
   status of its own clause and :mod:`tacitus.attribution` records who claims it. Implicative
   verbs ("managed to", "began to", "carried out") pass it through as well; presupposing words
   ("condemned the attack", "an end to the fighting", "suspended their protests", "victims of")
   make it **occurred**, whatever is said above them.
4. Request and threat events themselves: when ``category`` is REQUEST (or, without a category, the
   trigger is a request verb with a complement: "asked Iraq to extradite", "called for the
   release"), the status is **requested**, with the trigger as its cue, unless the request itself
   is negated, hypothetical, future or planned; THREATEN events are **threatened** likewise. The
   action requested ("extradite" as an event of its own) is **requested** by rule 3.
5. "will"/"would" under "warned"/"threatened" -> **threatened**; "would" under a past reporting
   verb ("said it would withdraw") -> **future**; a nominal event as the subject of a modal
   copula ("handover will be a great mistake") -> **hypothetical**.
6. Otherwise -> **occurred**, with no cue.

:func:`factuality` is a small learned model: gradient-boosted trees over binary features of the
same cues (plus the mean training factuality of the trigger's lemma and governor), trained by
``bench/train_factuality.py`` on the UW factuality training split. The rules above give its
strongest features.
"""

from __future__ import annotations

from tacitus.records import STATUSES, Span
from tacitus.status.rules import Cue, Level, decide, find_cues, find_levels, lexical_cue

__all__ = ["Cue", "Level", "event_status", "factuality", "factuality_many", "find_cues", "find_levels"]



def cue_span(doc, cue: Cue) -> Span:
    """The character span of a cue in the text the doc was parsed from."""
    start = doc[cue.start].idx
    last = doc[cue.end - 1]
    end = last.idx + len(last.text)
    return Span(start, end, doc[cue.start:cue.end].text)  # not doc.text: it is rebuilt on every call


def status_cue(doc, token_index: int, *, nominal: bool = False, category: str | None = None) -> Cue | None:
    """The cue deciding the status of the event at ``token_index`` (None: occurred)."""
    levels = find_levels(doc, token_index, nominal=nominal)
    lexical = lexical_cue(doc, token_index, category)
    if lexical is not None:
        own = levels[0]
        levels[0] = Level(own.level, own.token, own.relation, own.cues + (lexical,), own.dep)
    return decide(levels, doc)


def event_status(
    doc, token_index: int, *, nominal: bool = False, category: str | None = None
) -> tuple[str, Span | None]:
    """The status of the event whose trigger head is ``doc[token_index]``, and the cue span.

    ``nominal`` says the trigger is a noun ("the attack", "fears of a handover") even where the
    tagger did not tag it as one; ``category`` is the event's PLOVER category when known (REQUEST
    and THREATEN events take the status of their category, see rule 4 of the module docs).
    Returns ``(status, cue)`` with status in :data:`tacitus.records.STATUSES`; cue is None when
    nothing in the text qualifies the event (status "occurred").
    """
    cue = status_cue(doc, token_index, nominal=nominal, category=category)
    if cue is None or cue.status not in STATUSES:
        return "occurred", None
    return cue.status, cue_span(doc, cue)


def factuality(doc, token_index: int) -> float:
    """How factual the text presents the event at ``doc[token_index]``, in [-3, 3]."""
    from tacitus.status.model import predict_tokens

    return float(predict_tokens([(doc, token_index)])[0])


def factuality_many(items) -> list[float]:
    """:func:`factuality` for many ``(doc, token_index)`` pairs at once (vectorised)."""
    from tacitus.status.model import predict_tokens

    return [float(v) for v in predict_tokens(list(items))]

