"""Per-document token attributes as plain Python lists, built once per ``Doc``.

Every ``doc[i]`` and every iteration over a spaCy ``Doc`` or ``Span`` creates a new ``Token``
object, and ``Doc.text`` rebuilds the whole string on each access; in the coding stages, which
read the same few attributes of the same tokens thousands of times per article, that dominates
the time. :func:`arrays` reads them all with one ``Doc.to_array`` call and keeps them in lists indexed by
token position, cached in ``doc.user_data`` (the ``Doc`` must not be changed afterwards, which
the coding stages never do).

    a = arrays(doc)
    a.lower[i], a.tag[i], a.head[i], a.sent[i], a.sents[a.sent[i]]  # (start, end) of i's sentence

:func:`doc_text` is ``doc.text``, computed once per document.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.parts_of_speech import NAMES as POS_NAMES

_KEY = "tacitus.arrays"
#: Read with one ``Doc.to_array`` call (string attributes come back as hashes).
_ATTRS = ["ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_TYPE", "IDX", "SPACY", "IS_PUNCT", "IS_SPACE",
          "IS_ALPHA", "LIKE_NUM", "SENT_START"]
_U64 = 2**64
#: String of each hash, per string store (one per loaded pipeline), shared by all documents.
_NAMES: dict[int, dict[int, str]] = {}
_TEXT_KEY = "tacitus.text"


@dataclass(frozen=True)
class TokenArrays:
    """Token attributes of one Doc, one list entry per token (index = ``Token.i``)."""

    text: list[str]
    ws: list[str]  # whitespace after the token ("" or " ")
    lower: list[str]
    lemma: list[str]
    lower_lemma: list[str]  # lemmas lower-cased, as lexicons and models key them
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]  # index of the syntactic head (the token itself for a root)
    children: list[list[int]]  # each token's children, in text order (as ``Token.children``)
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
    n = len(doc)
    cols = doc.to_array(_ATTRS).astype("int64").T.tolist() if n else [[] for _ in _ATTRS]
    orth, low, lem, pos_ids, tags, deps, heads, ents, idx, spacy, punct, space, alpha, num, starts = cols
    strings = doc.vocab.strings
    names = _NAMES.setdefault(id(strings), {0: ""})
    for h in {*orth, *low, *lem, *tags, *deps, *ents}.difference(names):
        names[h] = strings[h % _U64]  # hashes above 2**63 came back negative from int64
    text, lower, lemma, tag, dep, ent_type = ([names[h] for h in c] for c in (orth, low, lem, tags, deps, ents))
    pos = [POS_NAMES.get(p, "") for p in pos_ids]
    ws = [" " if x else "" for x in spacy]
    head = [i + h for i, h in enumerate(heads)]  # HEAD is the offset to the head
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    is_punct, is_space, is_alpha, like_num = ([bool(x) for x in c] for c in (punct, space, alpha, num))
    sent = [0] * n
    sents: list[tuple[int, int]] = []
    if doc.has_annotation("SENT_START"):
        cuts = [i for i in range(n) if i == 0 or starts[i] == 1] + [n]
        bounds = list(zip(cuts, cuts[1:], strict=False))
    else:  # no sentence boundaries (a hand-built Doc): one sentence
        bounds = [(0, n)] if n else []
    for k, (a, b) in enumerate(bounds):
        sents.append((a, b))
        sent[a:b] = [k] * (b - a)
    cached = TokenArrays(text=text, ws=ws, lower=lower, lemma=lemma, lower_lemma=[x.lower() for x in lemma], pos=pos,
                         tag=tag, dep=dep, head=head, children=children, ent_type=ent_type, idx=idx, is_punct=is_punct, is_space=is_space, is_alpha=is_alpha,
                         like_num=like_num, sent=sent, sents=sents)
    doc.user_data[_KEY] = cached
    return cached


def doc_text(doc) -> str:
    """``doc.text``, built once per document (from :func:`arrays`) and cached in ``doc.user_data``."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        a = arrays(doc)
        text = "".join(map(str.__add__, a.text, a.ws))
        doc.user_data[_TEXT_KEY] = text
    return text
