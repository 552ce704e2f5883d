"""spaCy's attribute ruler and lemmatizer, applied from caches.

In ``en_core_web_sm`` two rule components run after the parser: the attribute ruler (179 Matcher
patterns mapping fine tags to coarse POS and morphology, plus a few word exceptions) and the rule
lemmatizer. Both do their work in Python token by token, and together they take about a fifth of
spaCy's time, although what they assign to a token depends on very little:

- the attribute ruler's one-token patterns read the tag, the dependency label, whether the token
  is whitespace, and its lower-case form only when a pattern names that word ("i", "but", "do");
- the lemmatizer reads the text, the POS and the morphology (spaCy's own cache key, though spaCy
  leaves most tokens, those already in their base form, out of its cache); for a word it has not
  seen, it scans a list of known words, which is kept as a set here.

:class:`CachedRules` replaces the two with one component that works out each distinct case once,
by running the real components (the ruler's matcher on a one-token document, the lemmatizer on
the token), and writes whole documents at once with ``Doc.from_array``. The ruler's few two-token
patterns ("there is", "gon na") are matched on the real document and applied in the ruler's own
order. The annotations are identical to the stock components' (``tests/test_nlp_cached_rules.py``
compares them token by token).
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

#: Attributes the attribute ruler may set, in the order they are written.
_OUT = (TAG, DEP, POS, MORPH, LEMMA)
_OUT_NAMES = ("TAG", "DEP", "POS", "MORPH", "LEMMA")
#: Stands for every word no one-token pattern names (it is none of them, and not whitespace).
_OTHER_WORD = "tacitus-any-word"


class CachedRules:
    """The pipeline's ``attribute_ruler`` then ``lemmatizer``, with the same output, from caches."""

    def __init__(self, ruler, lemmatizer):
        self.lemmatizer = lemmatizer
        # The lemmatizer checks a candidate lemma with ``form in index``, and its index of known
        # words per POS is a list (57,000 nouns): as sets, the same test is a lookup, not a scan.
        # (The pipeline is never serialised, which sets would not survive.)
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):
            index[pos] = frozenset(index[pos])
        self.vocab = ruler.vocab
        patterns = ruler.patterns  # position = the ruler's attribute id (later ids take precedence)
        self._attrs = [p["attrs"] for p in patterns]
        self._index = [p["index"] for p in patterns]
        self._single = Matcher(self.vocab, validate=False)
        self._multi = Matcher(self.vocab, validate=False)
        self._words: set[str] = set()  # the words the patterns name, and their regexes
        self._regexes: list[re.Pattern] = []
        pairwise = True  # every multi-token pattern is two tokens, one of them a named word
        for k, p in enumerate(patterns):
            for pat in p["patterns"]:
                named = [self._add_lower(t.get("LOWER")) for t in pat]
                pairwise &= len(pat) == 1 or (len(pat) == 2 and any(named))
            (self._single if all(len(pat) == 1 for pat in p["patterns"]) else self._multi).add(str(k), p["patterns"])
        if self._names_word(_OTHER_WORD):
            raise ValueError(f"a pattern of the attribute ruler names {_OTHER_WORD!r}")
        self._pairwise = pairwise
        self._named: dict[int, bool] = {}  # LOWER hash -> does a pattern name it?
        self._other = self.vocab.strings.add(_OTHER_WORD)
        self._has_multi = len(self._multi) > 0
        # (lower or _other, is_space, tag, dep): all the ruler reads of a token
        self._values: dict[tuple, tuple[int, ...]] = {}  # (key, two-token pattern ids) -> attributes
        self._pairs: dict[tuple, tuple[tuple[int, int], ...]] = {}  # (key, key) -> (offset, pattern id)
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, LOWER, IS_SPACE, TAG, DEP]).tolist()
        named, other = self._named, self._other
        keys = []
        for _, lower, space, tag, dep in rows:
            is_named = named.get(lower)
            if is_named is None:
                is_named = named[lower] = self._names_word(self.vocab.strings[lower])
            keys.append((lower if is_named else other, space, tag, dep))
        extra = self._multi_matches(doc, keys) if self._has_multi else {}
        values = self._values
        out = []
        for i, key in enumerate(keys):
            vkey = (key, extra.get(i, ()))
            found = values.get(vkey)
            if found is None:
                found = values[vkey] = self._apply(*vkey)
            out.append(found)
        array = numpy.array(out, dtype="uint64")
        doc.from_array(list(_OUT), array)
        self._lemmatize(doc, [r[0] for r in rows], array)
        return doc

    def _add_lower(self, value) -> bool:
        """Note the words a pattern's LOWER constraint names; True if the token must be one of them."""
        if value is None:
            return False
        if isinstance(value, str):
            self._words.add(value)
            return True
        if isinstance(value, dict) and set(value) <= {"IN", "NOT_IN", "REGEX"}:
            self._words.update(*(value.get(op, ()) for op in ("IN", "NOT_IN")))
            if "REGEX" in value:
                self._regexes.append(re.compile(value["REGEX"]))
            return "NOT_IN" not in value
        raise ValueError(f"cached_rules cannot stand in for an attribute ruler pattern on {value!r}")

    def _names_word(self, lower: str) -> bool:
        return lower in self._words or any(r.search(lower) for r in self._regexes)

    def _multi_matches(self, doc: Doc, keys: list[tuple]) -> dict[int, tuple[int, ...]]:
        """Token index -> ids of the two-token patterns that set its attributes. Each pattern names
        a word, so only pairs with a named word are looked at, each kind of pair matched once."""
        if not self._pairwise:
            return self._assign(self._multi(doc, allow_missing=True))
        other, pairs = self._other, self._pairs
        found: dict[int, tuple[int, ...]] = {}
        for i in range(len(keys) - 1):
            pair = (keys[i], keys[i + 1])
            if pair[0][0] == other and pair[1][0] == other:
                continue
            matches = pairs.get(pair)
            if matches is None:
                two = self._token_doc(pair)
                matches = pairs[pair] = tuple(self._assign(self._multi(two, allow_missing=True)).items())
            for offset, ids in matches:
                found[i + offset] = found.get(i + offset, ()) + ids
        return found

    def _assign(self, matches) -> dict[int, tuple[int, ...]]:
        """Token index -> ids of the matched patterns that set its attributes."""
        found: dict[int, tuple[int, ...]] = {}
        for m, start, end in matches:
            k = int(self.vocab.strings[m])
            i = range(start, end)[self._index[k]]
            found[i] = found.get(i, ()) + (k,)
        return found

    def _token_doc(self, keys: tuple[tuple, ...]) -> Doc:
        """A document of one token per key, with the key's word, tag and label."""
        words = [" " if space else self.vocab.strings[lower] for lower, space, _, _ in keys]
        doc = Doc(self.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
        for tok, (_, _, tag, dep) in zip(doc, keys, strict=True):
            tok.tag = tag
            tok.dep = dep
        return doc

    def _apply(self, key: tuple, multi: tuple[int, ...]) -> tuple[int, ...]:
        """(tag, dep, pos, morph, lemma) of a token after the ruler's patterns, applied in its order."""
        _, _, tag, dep = key
        one = self._token_doc((key,))
        ids = sorted([int(self.vocab.strings[m]) for m, _, _ in self._single(one, allow_missing=True)] + list(multi))
        values = {"TAG": tag, "DEP": dep, "POS": 0, "MORPH": 0, "LEMMA": 0}
        for k in ids:
            for name, value in self._attrs[k].items():
                if name == "MORPH":
                    values[name] = self.vocab.morphology.add(value)
                elif name == "POS":
                    values[name] = POS_IDS[value]
                else:
                    values[name] = self.vocab.strings.add(value)
        return tuple(values[n] for n in _OUT_NAMES)

    def _lemmatize(self, doc: Doc, orths: list[int], array) -> None:
        """The lemmatizer's lemma for every token the attribute ruler left without one."""
        cache = self._lemmas
        lemmas = array[:, 4]
        changed = False
        for i, (lemma, orth, pos, morph) in enumerate(zip(lemmas.tolist(), orths, array[:, 2].tolist(),
                                                         array[:, 3].tolist(), strict=True)):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
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
