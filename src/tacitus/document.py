"""Working types shared by the coding stages of one document.

``Trigger`` is what the coding stage found: the word or phrase that reports an event.
``DocContext`` holds one parsed article and the document-level analyses that every event of the
article draws on (temporal expressions, toponyms, reported speech, entity mentions). It is built
once per article by :func:`tacitus.coding.analyse` and thrown away after coding; only the frozen
records of :mod:`tacitus.records` leave the coding stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tacitus.records import Article


@dataclass(frozen=True)
class Trigger:
    """A word or phrase reporting an event, found by the trigger lexicon."""

    token: int  # index in the Doc of the trigger's head token
    start: int  # character offsets of the trigger text in the article
    end: int
    text: str
    lemma: str
    category: str
    mode: str | None = None
    cameo: str | None = None
    nominal: bool = False  # carried by a noun ("the attack by Iraqi forces")
    entry: str = ""  # id of the lexicon entry that matched
    context: tuple[str, ...] = ()


@dataclass
class DocContext:
    """One article with its parse and document-level analyses."""

    article: Article
    doc: Any  # spacy.tokens.Doc
    timexes: list = field(default_factory=list)  # tacitus.timex.Timex
    toponyms: list = field(default_factory=list)  # tacitus.geo.Toponym
    quotes: list = field(default_factory=list)  # tacitus.attribution.Quote
    mentions: Any = None  # tacitus.actors.Mentions: entity mentions and coreference
