"""Who asserts an event: the attribution chain, and which spans are sources rather than actors.

:func:`event_chain` orders the chain from the original speaker, through the outlets it spoke to
and the quotes it is nested in, to the publisher:

1. the innermost quote (``ctx.quotes``) whose content holds the trigger gives the first link: its
   source (a pronoun source is replaced by its antecedent), kind, cue and resolved entity; a
   quote whose cue *is* the trigger does not count (the speaker is then the event's actor);
2. the outlets that source spoke to ("told Kuwaiti Al-Siyasa") follow, as ``outlet`` links;
3. then the enclosing quotes, innermost first ("Al-Siyasa stated that some Shiite sources say
   that ..."), each with its relays;
4. a sentence with no cue of its own that follows, in the same paragraph, a sentence whose
   reported content runs to its end continues that report ("That is because they want ...");
5. a wire agency named in the dateline ("BAGHDAD (Reuters) -") when it is not the publisher;
6. last, the publisher: ``ctx.article.source``, else the dateline credit. Its ``note`` carries
   the article's translation note when there is one ("A part of this report was translated from
   Arabic; source Al-Siyasa, Kuwait."), or "translated from <language>" when only
   ``translated_from`` is known.

An event in the article's own voice has a chain of one link, the publisher. Consecutive links
naming the same speaker are merged.
"""

from __future__ import annotations

import re

from tacitus.attribution.quotes import Quote, find_quotes
from tacitus.attribution.sources import document_outlets, is_outlet_noun, load_sources, outlet_spans
from tacitus.nlp.arrays import doc_text
from tacitus.records import Attribution

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_CACHE_KEY = "tacitus.attribution"
#: Head nouns of anonymous sources that are never actors themselves ("sources in Baghdad").
_SOURCE_NOUNS = frozenset({"source", "sources", "insider", "insiders", "informant", "informants"})
#: Modifiers left out of a speaker's name in a chain ("Al-Bashir[, who is a member of ...]").
_LONG_MODIFIERS = ("relcl", "appos", "acl", "advcl", "punct", "cc", "conj")


# ------------------------------------------------------------------------------------------------
# per-document facts, computed once and kept in doc.user_data
# ------------------------------------------------------------------------------------------------

def _publisher(article) -> str | None:
    if article.source:
        return article.source
    dl = (article.dateline or "").strip()
    if not dl:
        return None
    m = re.search(r"\(([^()]+)\)\s*$", dl)
    if m:
        return m.group(1).strip()
    return dl if not dl.isupper() else None


def _wire_agency(article) -> str | None:
    m = re.search(r"\(([^()]+)\)\s*$", (article.dateline or "").strip())
    if m and m.group(1).strip().lower() != (article.source or "").strip().lower():
        return m.group(1).strip()
    return None


def _note_outlets(article) -> list[str]:
    """Outlets named in the source notes: "source Al-Siyasa, Kuwait" -> ["Al-Siyasa"]."""
    out = []
    for note in article.source_notes or ():
        for m in re.finditer(r"\b(?:source|sources|via|from|courtesy of)\s*:?\s+([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,4})",
                             note):
            out.append(m.group(1).strip(" .,"))
    return out


def _facts(ctx) -> dict:
    doc = ctx.doc
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None and cached.get("article") == ctx.article.id:
        return cached
    outlets = set(document_outlets(doc))
    names = [_publisher(ctx.article), _wire_agency(ctx.article), *_note_outlets(ctx.article)]
    outlets |= {n.lower() for n in names if n}
    quotes = ctx.quotes if ctx.quotes else find_quotes(doc)
    for q in quotes:
        for r in q.relays:
            outlets.add(r.text.lower())
    # speaker_links: the first link of each quote's chain by quote index, as many events share a quote
    facts = {"article": ctx.article.id, "outlets": outlets, "outlet_spans": outlet_spans(doc, outlets),
             "quotes": quotes, "speaker_links": {}}
    doc.user_data[_CACHE_KEY] = facts
    return facts


# ------------------------------------------------------------------------------------------------
# which spans are sources
# ------------------------------------------------------------------------------------------------

def is_source_span(ctx, start_token: int, end_token: int) -> bool:
    """Whether tokens ``[start_token, end_token)`` name a source that is never an event's actor
    or recipient: a news outlet (a relay, an outlet speaker, the publisher, a dateline credit, a
    name in the source notes) or an anonymous "sources" phrase. Named and official speakers are
    not covered: "Iraq said its forces killed ..." keeps Iraq as a possible actor.
    """
    doc = ctx.doc
    if start_token >= end_token or end_token > len(doc):
        return False
    s_char = doc[start_token].idx
    last = doc[end_token - 1]
    e_char = last.idx + len(last.text)
    facts = _facts(ctx)
    root = doc[start_token:end_token].root
    for os_, oe in facts["outlet_spans"]:
        if os_ < e_char and s_char < oe:
            # "Al-Siyasa" inside "the Al-Siyasa building" is not the outlet itself: check the head
            if os_ <= root.idx < oe or is_outlet_noun(root):
                return True
    lex = load_sources()
    for q in facts["quotes"]:
        if q.source_tokens is None:
            continue
        qs, qe = q.source_tokens
        if qs < end_token and start_token < qe:
            head = doc[qs:qe].root
            words = {head.lemma_.lower(), head.lower_}
            if q.source_kind == "outlet" or (q.source_kind == "anonymous" and words & _SOURCE_NOUNS) or (
                words & lex.journalist_nouns
            ):
                return True
    return False


# ------------------------------------------------------------------------------------------------
# the chain
# ------------------------------------------------------------------------------------------------

def _contains(q: Quote, start: int, end: int) -> bool:
    return q.content is not None and q.content.start <= start and end <= q.content.end


def _enclosing(ctx, token: int, quotes: list[Quote]) -> int | None:
    """Index of the innermost quote whose content holds the token (rule 1 and 4)."""
    doc = ctx.doc
    tok = doc[token]
    s, e = tok.idx, tok.idx + len(tok.text)
    best, best_len = None, None
    for n, q in enumerate(quotes):
        if q.cue_token == token or not _contains(q, s, e):
            continue
        length = q.content.end - q.content.start
        if best_len is None or length < best_len:
            best, best_len = n, length
    if best is not None:
        return best
    # rule 4: continuation of the previous sentence's report in the same paragraph
    sent = tok.sent
    if any(q.cue_token in range(sent.start, sent.end) for q in quotes):
        return None
    first = next((t for t in sent if not t.is_space), tok)
    k = sent.start - 1
    while k >= 0 and (doc[k].is_space or doc[k].is_punct and doc[k].text not in ".!?"):
        k -= 1
    if k < 0:
        return None
    prev_last = doc[k]
    if "\n" in doc_text(doc)[prev_last.idx + len(prev_last.text):first.idx]:
        return None  # a new paragraph
    prev = prev_last.sent
    prev_end = prev_last
    while prev_end.is_punct and prev_end.i > prev.start:
        prev_end = doc[prev_end.i - 1]
    for n, q in enumerate(quotes):
        if q.content is not None and q.cue_token in range(prev.start, prev.end) and (
            q.content.start <= prev_end.idx < q.content.end
        ):
            length = q.content.end - q.content.start
            if best_len is None or length < best_len:
                best, best_len = n, length
    return best


def _entity(ctx, start: int, end: int):
    """The resolved entity of a token span, or None (also when tacitus.actors is unavailable)."""
    try:
        from tacitus import actors
    except ImportError:  # pragma: no cover - the actors stage is part of the package
        return None
    resolve = getattr(actors, "resolve_span", None)
    load_kb = getattr(actors, "load_kb", None)
    if resolve is None or load_kb is None:
        return None
    try:
        return resolve(ctx.doc, start, end, kb=load_kb(), date=ctx.article.published, mentions=ctx.mentions)
    except Exception:  # noqa: BLE001 - a failed lookup must not lose the chain
        return None


def _outlet_country(ctx, start: int, end: int, name: str) -> str | None:
    """An outlet's country: a demonym or place next to its name ("Kuwaiti Al-Siyasa"), else one
    given with it in the source notes ("source Al-Siyasa, Kuwait")."""
    doc = ctx.doc
    cands = []
    if start > 0:
        cands.append(start - 1)
    cands += [t.i for t in doc[start:end] if t.ent_type_ in ("NORP", "GPE")]
    for m in re.finditer(re.escape(name) + r"\s*,\s*([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)", doc_text(doc)):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            cands.append(span.start)
    for i in cands:
        tok = doc[i]
        if tok.ent_type_ in ("NORP", "GPE") or (tok.pos_ in ("PROPN", "ADJ") and tok.text[:1].isupper()):
            ent = _entity(ctx, i, i + 1)
            if ent is not None and ent.country and (ent.kind in (None, "state") or ent.sector in (None, "GOV")):
                return ent.country
    return None


def _token_range(doc, span) -> tuple[int, int] | None:
    sp = doc.char_span(span.start, span.end, alignment_mode="expand")
    return (sp.start, sp.end) if sp is not None and len(sp) else None


def _compact(doc, start: int, end: int) -> tuple[int, int]:
    """A speaker's noun phrase without appositions and relative clauses: "Iraqi Parliamentarian
    Ali Bashir[, a member of Iraq's Supreme Council]"."""
    span = doc[start:end]
    if len(span) <= 1:
        return start, end
    root = span.root
    cut = end
    for c in root.children:
        if c.dep_ in _LONG_MODIFIERS and c.i > root.i and start <= c.i < end:
            cut = min(cut, c.left_edge.i)
    while cut > root.i + 1 and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
        cut -= 1
    return start, max(cut, root.i + 1)


def _speaker_link_of(ctx, n: int) -> Attribution:
    """:func:`_speaker_link` of quote ``n``, computed once per document (it resolves the speaker)."""
    facts = _facts(ctx)
    links = facts["speaker_links"]
    if n not in links:
        links[n] = _speaker_link(ctx, facts["quotes"][n])
    return links[n]


def _speaker_link(ctx, q: Quote) -> Attribution:
    doc = ctx.doc
    src_tokens = q.source_tokens
    src_span = q.source
    if q.antecedent is not None:
        src_tokens, src_span = q.antecedent_tokens, q.antecedent
    elif src_tokens is not None and src_tokens[1] - src_tokens[0] == 1 and doc[src_tokens[0]].lower_ in _PRONOUNS:
        ante = ctx.mentions.antecedent(src_tokens[0]) if ctx.mentions is not None else None
        if ante is not None and ante.start is not None:
            rng = doc.char_span(ante.start, ante.end, alignment_mode="expand")
            if rng is not None:
                src_tokens = (rng.start, rng.end)
                src_span = type(q.cue)(ante.start, ante.end, doc_text(doc)[ante.start:ante.end])
    if src_span is None:
        return Attribution(speaker="unnamed source", kind="anonymous", cue=q.cue.text,
                           cue_start=q.cue.start, cue_end=q.cue.end)
    kind = q.source_kind or "named"
    if src_tokens is not None:
        cs, ce = _compact(doc, *src_tokens)
        if (cs, ce) != tuple(src_tokens):
            src_tokens = (cs, ce)
            start, last = doc[cs].idx, doc[ce - 1]
            src_span = type(q.cue)(start, last.idx + len(last.text), doc_text(doc)[start:last.idx + len(last.text)])
    name = country = sector = kb_id = None
    if kind == "outlet":
        country = _outlet_country(ctx, *src_tokens, src_span.text)
        sector = "JRN"
    else:
        ent = _entity(ctx, *src_tokens)
        if ent is not None:
            name, country, sector, kb_id = ent.name, ent.country, ent.sector, ent.kb_id
    return Attribution(
        speaker=src_span.text, kind=kind, name=name, country=country, sector=sector, kb_id=kb_id,
        cue=q.cue.text, start=src_span.start, end=src_span.end, cue_start=q.cue.start, cue_end=q.cue.end,
    )


def _outlet_link(ctx, span) -> Attribution:
    rng = _token_range(ctx.doc, span)
    country = _outlet_country(ctx, *rng, span.text) if rng else None
    return Attribution(speaker=span.text, kind="outlet", country=country, sector="JRN",
                       start=span.start, end=span.end)


def _publisher_link(ctx) -> Attribution | None:
    article = ctx.article
    name = _publisher(article)
    note = next((n for n in article.source_notes or () if re.search(r"translat", n, re.IGNORECASE)), None)
    if note is None and article.translated_from:
        note = f"translated from {article.translated_from}"
    if name is None and note is None:
        return None
    start = end = None
    k = doc_text(ctx.doc).find(name) if name else -1
    if k >= 0 and k < 200:
        start, end = k, k + len(name)
    return Attribution(speaker=name or "publisher", kind="publisher", note=note, start=start, end=end)


def event_chain(ctx, trigger) -> tuple[Attribution, ...]:
    """The chain of who asserts the event of ``trigger`` (a :class:`tacitus.document.Trigger`),
    from the original speaker to the publisher (see module docs)."""
    facts = _facts(ctx)
    quotes = facts["quotes"]
    links: list[Attribution] = []
    n = _enclosing(ctx, trigger.token, quotes)
    seen: set[int] = set()
    while n is not None and n not in seen:
        seen.add(n)
        q = quotes[n]
        links.append(_speaker_link_of(ctx, n))
        links += [_outlet_link(ctx, r) for r in q.relays]
        n = q.parent
    agency = _wire_agency(ctx.article)
    if agency:
        links.append(Attribution(speaker=agency, kind="outlet", sector="JRN"))
    pub = _publisher_link(ctx)
    if pub is not None:
        links.append(pub)
    return tuple(_merge(links))


def _merge(links: list[Attribution]) -> list[Attribution]:
    """Drop a link naming the same speaker as the one before it (keeping the earlier, richer one)."""
    out: list[Attribution] = []
    for link in links:
        if out and _same(out[-1], link):
            prev = out[-1]
            if prev.country is None and link.country is not None:
                from dataclasses import replace

                out[-1] = replace(prev, country=link.country)
            continue
        out.append(link)
    return out


def _same(a: Attribution, b: Attribution) -> bool:
    na, nb = a.speaker.lower().strip(), b.speaker.lower().strip()
    return na == nb or (a.kind == b.kind == "outlet" and (na in nb or nb in na))


def speaker_of(ctx, token: int) -> Attribution | None:
    """The original speaker of the report holding ``doc[token]``, or None when the article states
    it in its own voice."""
    quotes = _facts(ctx)["quotes"]
    n = _enclosing(ctx, token, quotes)
    return _speaker_link_of(ctx, n) if n is not None else None
