"""spaCy's attribute ruler and lemmatizer, applied from per-word caches.

In ``en_core_web_sm`` two rule components run after the parser: the attribute ruler (179 Matcher
patterns mapping fine tags to coarse POS and morphology, plus a few word exceptions) and the rule
lemmatizer. Both do their work in Python token by token, and together they take about a fifth of
the pipeline's time, although what they assign to a token depends only on:

- its text, tag and dependency label, for the attribute ruler's one-token patterns;
- its text, POS and morphology, for the lemmatizer (spaCy's own cache key).

:class:`CachedRules` replaces the two with one component that works out each distinct
(text, tag, label) once, by running the real components on a one-token document, and writes
whole documents at once with ``Doc.from_array``. The attribute ruler's few two-token patterns
("there is", "gon na") are matched on the real document and applied in the ruler's own order.
The annotations are identical to the stock components' (``tests/test_nlp_cached_rules.py``
compares them token by token).
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

#: Attributes the attribute ruler may set, in the order they are written.
_OUT = (TAG, DEP, POS, MORPH, LEMMA)
_OUT_NAMES = ("TAG", "DEP", "POS", "MORPH", "LEMMA")


class CachedRules:
    """The pipeline's ``attribute_ruler`` then ``lemmatizer``, with the same output, from caches."""

    def __init__(self, ruler, lemmatizer):
        self.lemmatizer = lemmatizer
        self.vocab = ruler.vocab
        patterns = ruler.patterns  # position = the ruler's attribute id (later ids take precedence)
        self._attrs = [p["attrs"] for p in patterns]
        self._index = [p["index"] for p in patterns]
        self._single = Matcher(self.vocab, validate=False)
        self._multi = Matcher(self.vocab, validate=False)
        for k, p in enumerate(patterns):
            one = all(len(pat) == 1 for pat in p["patterns"])
            (self._single if one else self._multi).add(str(k), p["patterns"])
        self._has_multi = len(self._multi) > 0
        self._rules: dict[tuple[int, int, int], tuple[int, ...]] = {}  # (orth, tag, dep) -> pattern ids
        self._values: dict[tuple[int, int, int, tuple[int, ...]], tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = [tuple(row) for row in doc.to_array([ORTH, TAG, DEP]).tolist()]
        extra = self._multi_matches(doc) if self._has_multi else {}
        out = numpy.empty((len(doc), len(_OUT)), dtype="uint64")
        for i, key in enumerate(keys):
            ids = self._rules.get(key)
            if ids is None:
                ids = self._rules[key] = self._single_matches(*key)
            if i in extra:
                ids = tuple(sorted(ids + extra[i]))
            vkey = (*key, ids)
            values = self._values.get(vkey)
            if values is None:
                values = self._values[vkey] = self._apply(key, ids)
            out[i] = values
        doc.from_array(list(_OUT), out)
        self._lemmatize(doc, [k[0] for k in keys], out)
        return doc

    def _single_matches(self, orth: int, tag: int, dep: int) -> tuple[int, ...]:
        """Ids of the one-token patterns that match a token with this text, tag and label."""
        one = Doc(self.vocab, words=[self.vocab.strings[orth]], spaces=[False])
        one[0].tag = tag
        one[0].dep = dep
        return tuple(sorted(int(self.vocab.strings[m]) for m, _, _ in self._single(one, allow_missing=True)))

    def _multi_matches(self, doc: Doc) -> dict[int, tuple[int, ...]]:
        """Token index -> ids of the multi-token patterns that set its attributes."""
        found: dict[int, tuple[int, ...]] = {}
        for m, start, end in self._multi(doc, allow_missing=True):
            k = int(self.vocab.strings[m])
            i = range(start, end)[self._index[k]]
            found[i] = found.get(i, ()) + (k,)
        return found

    def _apply(self, key: tuple[int, int, int], ids: tuple[int, ...]) -> tuple[int, ...]:
        """(tag, dep, pos, morph, lemma) of a token after the patterns ``ids``, in the ruler's order."""
        _, tag, dep = key
        values = {"TAG": tag, "DEP": dep, "POS": 0, "MORPH": 0, "LEMMA": 0}
        strings = self.vocab.strings
        for k in ids:
            for name, value in self._attrs[k].items():
                if name == "MORPH":
                    values[name] = self.vocab.morphology.add(value)
                elif name == "POS":
                    values[name] = POS_IDS[value]
                else:
                    values[name] = strings.add(value)
        return tuple(values[n] for n in _OUT_NAMES)

    def _lemmatize(self, doc: Doc, orths: list[int], out) -> None:
        """The lemmatizer's lemma for every token the attribute ruler left without one (the
        lemmatizer's own cache, keyed by text, POS and morphology, holds most of them)."""
        cache = self.lemmatizer.cache
        strings = self.vocab.strings
        lemmas = out[:, 4]
        changed = False
        for i, (lemma, orth, pos, morph) in enumerate(zip(lemmas.tolist(), orths, out[:, 2].tolist(),
                                                         out[:, 3].tolist(), strict=True)):
            if lemma:
                continue
            forms = cache.get((orth, pos, morph))
            if forms is None:
                forms = self.lemmatizer.lemmatize(doc[i])
            lemmas[i] = strings.add(forms[0])
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))


@Language.factory("tacitus_cached_rules")
def make_cached_rules(nlp: Language, name: str) -> CachedRules:
    return CachedRules(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> Language:
    """Run the pipeline's attribute ruler and lemmatizer as one :class:`CachedRules` component
    (the two stay in the pipeline, disabled, as its source of rules)."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return nlp
    nlp.add_pipe("tacitus_cached_rules", after="lemmatizer")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp
