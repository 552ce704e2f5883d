"""Actors stage: the knowledge base, mention resolution and coreference.

Public API:

- :func:`load_kb` -> :class:`KnowledgeBase` (``lookup(name, date)`` -> list of :class:`KBEntry`);
- :func:`resolve_span` (doc, start_token, end_token, kb=, date=, mentions=) -> ``records.Entity``;
- :class:`Mentions` (``Mentions.build(doc, kb, published)``, ``antecedent(token_index)``);
- :func:`load_sector_lexicon` (role nouns -> PLOVER sector);
- :func:`legacy_code`: current PLOVER codes folded to the legacy ones of older gold data;
- :func:`warm_up`: load everything once (for worker processes).

``Entity.kind`` is one of person, organization (institutions, outlets, unknown organisations),
state, group, igo, collective (a role phrase: "Iraqi forces"), place (a region or city standing
for its people or state).
"""

from tacitus.actors.kb import KBEntry, KnowledgeBase, Office, load_kb, user_kb_dir
from tacitus.actors.lexicon import SectorLexicon, load_sector_lexicon
from tacitus.actors.mentions import Mention, Mentions
from tacitus.actors.resolve import resolve_span

#: Codes the current PLOVER manual uses where older codings (CAMEO, the PLOVER GSR records) wrote IGO.
LEGACY_CODES = {"UNO": "IGO", "EUR": "IGO"}


def legacy_code(code: str | None) -> str | None:
    """``code`` as older CAMEO/PLOVER-GSR data writes it: the UN (UNO) and the EU (EUR) are IGO there."""
    return LEGACY_CODES.get(code, code) if code else code


def warm_up() -> None:
    """Load the knowledge base, the sector lexicon and the city index now rather than on first use."""
    from tacitus.actors.resolve import _city_index

    load_kb()
    load_sector_lexicon()
    _city_index()


__all__ = [
    "KBEntry",
    "KnowledgeBase",
    "LEGACY_CODES",
    "Mention",
    "Mentions",
    "Office",
    "SectorLexicon",
    "legacy_code",
    "load_kb",
    "load_sector_lexicon",
    "resolve_span",
    "user_kb_dir",
    "warm_up",
]
