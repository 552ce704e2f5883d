"""What kind of source a speaker is, and which names in a document are news outlets.

Reads ``data/attribution/sources.yaml`` once per process. :func:`document_outlets` finds the
outlets a document names; :func:`source_kind` classifies a source noun phrase as named,
anonymous, official or outlet (see the YAML file for the definitions).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from tacitus.errors import ResourceError
from tacitus.nlp.arrays import arrays, doc_text

#: Verbs whose organisation subject is a news outlet: "Al-Siyasa reported", "the paper quoted".
OUTLET_VERBS = frozenset({"report", "publish", "quote", "cite", "broadcast", "air", "print", "run"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me", "who",
                       "which", "that"})


@dataclass(frozen=True)
class SourceLexicon:
    outlet_nouns: frozenset[str]
    outlet_heads: frozenset[str]
    outlet_modifiers: frozenset[str]
    journalist_nouns: frozenset[str]
    outlets: tuple[str, ...]
    anonymous_nouns: frozenset[str]
    anonymity_words: tuple[str, ...]
    official_nouns: frozenset[str]

    @functools.cached_property
    def _outlets_lower(self) -> tuple[str, ...]:
        return tuple(n.lower() for n in self.outlets)

    def outlet_names_in(self, text: str) -> set[str]:
        """The outlet names of the lexicon that ``text`` mentions, lower-cased as written."""
        low = text.lower()
        # one pattern over the hundred names is slow on a long text: try only those it contains
        present = tuple(n for n, n_low in zip(self.outlets, self._outlets_lower, strict=True) if n_low in low)
        return {m.group(0).lower() for m in _names_pattern(present).finditer(text)} if present else set()


@functools.lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern:
    """Whole-word matches of any of ``names``, any case; the longest name first."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def _words(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ResourceError(f"attribution sources: {key!r} must be a list of strings")
    return value


@functools.cache
def load_sources() -> SourceLexicon:
    """The source lexicon (cached: read once per process)."""
    try:
        text = resources.files("tacitus").joinpath("data/attribution/sources.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ResourceError(f"Cannot read tacitus/data/attribution/sources.yaml: {e}") from e
    low = lambda key: frozenset(w.lower() for w in _words(data, key))  # noqa: E731
    return SourceLexicon(
        outlet_nouns=low("outlet_nouns"),
        outlet_heads=low("outlet_heads"),
        outlet_modifiers=low("outlet_modifiers"),
        journalist_nouns=low("journalist_nouns"),
        outlets=tuple(_words(data, "outlets")),
        anonymous_nouns=low("anonymous_nouns"),
        anonymity_words=tuple(w.lower() for w in _words(data, "anonymity_words")),
        official_nouns=low("official_nouns"),
    )


def _name_tokens(doc, tok) -> tuple[int, int]:
    """The proper-name run around ``tok`` (compounds and hyphenated parts), as a token range."""
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I"):
        start = tok.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        # drop a leading demonym ("Kuwaiti Al-Siyasa"): it says where the outlet is from
        while start < end - 1 and is_demonym(doc[start]) and doc[start + 1].pos_ == "PROPN":
            start += 1
        return start, end
    start = tok.i
    while start > 0 and doc[start - 1].dep_ in ("compound",) and doc[start - 1].head.i >= tok.i - 3:
        start -= 1
    return start, tok.i + 1


def is_demonym(tok) -> bool:
    """A capitalised nationality word before a name: "Kuwaiti", "Iranian", "Chinese"."""
    if tok.ent_type_ == "NORP":
        return True
    return tok.text[:1].isupper() and tok.text.lower().endswith(("i", "an", "ese", "ish")) and tok.tag_ in (
        "NNP", "JJ"
    )


def document_outlets(doc) -> set[str]:
    """Names (lower case) of the news outlets named in ``doc``.

    An outlet is a name from the lexicon, an organisation that "reported"/"published"/"quoted"
    something, a name next to an outlet or journalist noun ("Al-Siyasa reporter", "the daily
    Al-Siyasa", "Al-Siyasa newspaper"), or a name that others "told" and that is also one of these.
    """
    cached = doc.user_data.get(_OUTLETS_KEY)
    if cached is not None:
        return set(cached)
    lex = load_sources()
    names = lex.outlet_names_in(doc_text(doc))
    a = arrays(doc)
    # only these nouns can be a journalist or outlet noun (see is_outlet_noun)
    nouns = lex.journalist_nouns | lex.outlet_nouns | lex.outlet_heads
    for i, pos in enumerate(a.pos):
        if pos not in ("VERB", "NOUN"):
            continue
        lemma = a.lower_lemma[i]
        if lemma not in (OUTLET_VERBS if pos == "VERB" else nouns):
            continue
        tok = doc[i]
        lem = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lem in OUTLET_VERBS:
            for c in tok.children:
                if c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.ent_type_ != "PERSON":
                    s, e = _name_tokens(doc, c)
                    names.add(doc[s:e].text.lower())
        if tok.pos_ == "NOUN" and (lem in lex.journalist_nouns or is_outlet_noun(tok, lex)):
            for c in tok.children:
                if c.dep_ in ("compound", "poss", "appos", "nmod") and c.pos_ == "PROPN" and c.ent_type_ != "PERSON":
                    s, e = _name_tokens(doc, c)
                    names.add(doc[s:e].text.lower())
            if tok.dep_ in ("compound", "appos") and tok.head.pos_ == "PROPN" and is_outlet_noun(tok, lex):
                s, e = _name_tokens(doc, tok.head)
                names.add(doc[s:e].text.lower())
    found = frozenset(n.strip(" ,.'’\"") for n in names if len(n.strip()) > 1)
    doc.user_data[_OUTLETS_KEY] = found
    return set(found)


_OUTLETS_KEY = "tacitus.document_outlets"


def outlet_spans(doc, outlets: set[str]) -> list[tuple[int, int]]:
    """Character spans of every mention of the given outlet names in ``doc``."""
    if not outlets:
        return []
    return [(m.start(), m.end()) for m in _names_pattern(tuple(sorted(outlets))).finditer(doc_text(doc))]


def _head(doc, start: int, end: int):
    span = doc[start:end]
    return span.root if len(span) else None


def source_kind(doc, start: int, end: int, outlets: set[str]) -> str | None:
    """Kind of the source at tokens ``[start, end)``: named, anonymous, official, outlet, or None
    for a pronoun (its antecedent decides)."""
    lex = load_sources()
    span = doc[start:end]
    if not len(span):
        return None
    text = span.text.lower()
    head = span.root
    hl = head.lemma_.lower()
    if len(span) == 1 and head.lower_ in _PRONOUNS:
        return None
    if any(o in text for o in outlets) and (hl not in lex.journalist_nouns):
        # "Al-Siyasa", "the Kuwaiti daily Al-Siyasa"; but "an Al-Siyasa reporter" is a journalist
        return "outlet"
    if is_outlet_noun(head, lex):
        return "outlet"
    ent_types = {t.ent_type_ for t in span if t.ent_type_}
    if "PERSON" in ent_types:
        return "named"
    anonymous_marker = any(w in text for w in lex.anonymity_words)
    if hl in lex.anonymous_nouns or hl == "source":
        return "anonymous"
    if hl in lex.official_nouns:
        return "anonymous" if anonymous_marker else "official"
    if ent_types & {"GPE", "NORP"} and head.pos_ == "PROPN":
        return "official"  # "Iran said": a state speaks through its government
    if head.pos_ == "PROPN" or ent_types & {"ORG", "FAC"}:
        return "named"
    if head.pos_ == "NOUN":
        return "anonymous"  # "analysts", "critics", "a man": people the text does not name
    return None


def is_outlet_noun(tok, lex: SourceLexicon | None = None) -> bool:
    """Whether a noun names a news outlet: "the newspaper", "the daily Indus Courier", or "the state
    news agency" (an ambiguous head such as "agency" or "station" needs a media word before it)."""
    lex = lex or load_sources()
    lem = tok.lemma_.lower()
    if lem in lex.outlet_nouns:
        return True
    if tok.pos_ == "PROPN" and any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lex.outlet_nouns
                                   for c in tok.lefts):
        return True  # a name after an outlet noun: "the daily Indus Courier", "the newspaper Al-Ahram"
    return lem in lex.outlet_heads and any(
        c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in lex.outlet_modifiers for c in tok.lefts)
