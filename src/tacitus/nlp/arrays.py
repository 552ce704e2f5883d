"""Per-document token attributes as plain Python lists, built once per ``Doc``.

Every ``doc[i]`` and every iteration over a spaCy ``Doc`` or ``Span`` creates a new ``Token``
object, and ``Doc.text`` rebuilds the whole string on each access; in the coding stages, which
read the same few attributes of the same tokens thousands of times per article, that dominates
the time. :func:`arrays` reads each token once and keeps the attributes in lists indexed by
token position, cached in ``doc.user_data`` (the ``Doc`` must not be changed afterwards, which
the coding stages never do).

    a = arrays(doc)
    a.lower[i], a.tag[i], a.head[i], a.sent[i], a.sents[a.sent[i]]  # (start, end) of i's sentence

:func:`doc_text` is ``doc.text``, computed once per document.
"""

from __future__ import annotations

from dataclasses import dataclass

_KEY = "tacitus.arrays"
_TEXT_KEY = "tacitus.text"


@dataclass(frozen=True)
class TokenArrays:
    """Token attributes of one Doc, one list entry per token (index = ``Token.i``)."""

    text: list[str]
    ws: list[str]  # whitespace after the token ("" or " ")
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]  # index of the syntactic head (the token itself for a root)
    ent_type: list[str]
    idx: list[int]  # character offset of the token in the text
    is_punct: list[bool]
    is_space: list[bool]
    is_alpha: list[bool]
    like_num: list[bool]
    sent: list[int]  # number of the token's sentence, counted from 0
    sents: list[tuple[int, int]]  # token range [start, end) of each sentence

    def __len__(self) -> int:
        return len(self.text)

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (the text of tokens [start, end), without trailing whitespace)."""
        if start >= end:
            return ""
        text, ws = self.text, self.ws
        return "".join(text[k] + ws[k] for k in range(start, end - 1)) + text[end - 1]


def arrays(doc) -> TokenArrays:
    """The :class:`TokenArrays` of a parsed ``doc``, built on first use and cached in ``doc.user_data``."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    text, ws, lower, lemma, pos, tag, dep, head, ent_type, idx = [], [], [], [], [], [], [], [], [], []
    is_punct, is_space, is_alpha, like_num = [], [], [], []
    for t in doc:
        text.append(t.text)
        ws.append(t.whitespace_)
        lower.append(t.lower_)
        lemma.append(t.lemma_)
        pos.append(t.pos_)
        tag.append(t.tag_)
        dep.append(t.dep_)
        head.append(t.head.i)
        ent_type.append(t.ent_type_)
        idx.append(t.idx)
        is_punct.append(t.is_punct)
        is_space.append(t.is_space)
        is_alpha.append(t.is_alpha)
        like_num.append(t.like_num)
    sent = [0] * len(text)
    sents: list[tuple[int, int]] = []
    try:
        bounds = [(s.start, s.end) for s in doc.sents]
    except ValueError:  # no sentence boundaries (a hand-built Doc): one sentence
        bounds = [(0, len(text))] if text else []
    for n, (a, b) in enumerate(bounds):
        sents.append((a, b))
        for k in range(a, b):
            sent[k] = n
    cached = TokenArrays(text=text, ws=ws, lower=lower, lemma=lemma, pos=pos, tag=tag, dep=dep, head=head,
                         ent_type=ent_type, idx=idx, is_punct=is_punct, is_space=is_space, is_alpha=is_alpha,
                         like_num=like_num, sent=sent, sents=sents)
    doc.user_data[_KEY] = cached
    return cached


def doc_text(doc) -> str:
    """``doc.text``, built once per document and cached in ``doc.user_data``."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text
