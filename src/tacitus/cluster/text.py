"""Text features for clustering: clean paragraphs, weighted terms, shingles.

Local-news pages carry navigation, share buttons, copyright lines and repeated paragraphs. The
clusterer compares what the story says, so :func:`story_paragraphs` keeps the paragraphs a reader
would read (each once, without page furniture). From them:

- :func:`terms` gives the content words of a text (lower-cased, stop words dropped);
  :func:`select_terms` keeps the heaviest of them with their term frequencies, and :func:`weigh`
  turns those into a unit TF-IDF vector with the document frequencies of the moment (so a report
  stored early, when few documents were known, is compared with today's weights);
- :func:`shingles` gives the word 5-grams that near-duplicate detection (MinHash) hashes.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_GLUED = re.compile(r"([a-z]{2}[.!?][\"”’']?)([A-Z][a-z])")
_FURNITURE = re.compile(
    r"(enable javascript|javascript is disabled|all rights reserved|copyright|©|\(c\) \d{4}|terms of (use|service)|"
    r"privacy policy|sign up|subscribe|newsletter|click here|share this|follow us|log ?in|comments|"
    r"this material may not be|advertisement|related stories|related articles|read more|download (our|the)|"
    r"report a typo|submit a tip|cookies|photo gallery|watch video|loading\.\.\.)",
    re.IGNORECASE,
)
#: Paragraphs shorter than this many words are page furniture ("Twitter", "Print", "More").
MIN_WORDS = 4
#: Furniture words are only trusted on short lines: a long paragraph that says "copyright" is a story.
FURNITURE_MAX_CHARS = 300
SHINGLE = 5
#: Words kept per text for similarity (the heaviest by TF-IDF).
TOP_TERMS = 80


STOP_WORDS_FILE = "data/cluster/stop_words.txt"


@functools.cache
def stop_words() -> frozenset[str]:
    """Words left out of text similarity (``data/cluster/stop_words.txt``)."""
    from importlib import resources

    from tacitus.errors import ResourceError

    try:
        text = resources.files("tacitus").joinpath(STOP_WORDS_FILE).read_text(encoding="utf-8")
    except OSError as e:
        raise ResourceError(f"Cannot read tacitus/{STOP_WORDS_FILE} ({e}).") from e
    words = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def story_paragraphs(text: str) -> list[str]:
    """The paragraphs of a page a reader would read: each once, glued sentences split, no furniture."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in (text or "").split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        line = _GLUED.sub(r"\1 \2", line)
        key = " ".join(_WORD.findall(line.lower()))
        if not key or key in seen:
            continue
        seen.add(key)
        if len(key.split()) < MIN_WORDS:
            continue
        if len(line) <= FURNITURE_MAX_CHARS and _FURNITURE.search(line):
            continue
        out.append(line)
    return out


def story_text(text: str, title: str | None = None) -> str:
    """Title and story paragraphs, one per line."""
    paras = story_paragraphs(text)
    if title and title.strip():
        paras.insert(0, " ".join(title.split()))
    return "\n".join(paras)


def clean_title(title: str | None) -> str:
    """A headline without the site name: "Man shot - WAFF-TV: News, Weather" -> "Man shot"."""
    if not title:
        return ""
    parts = [p.strip() for p in re.split(r"\s+[-|–—]{1,2}\s+|\s*[|:]\s+", title) if p.strip()]
    if not parts:
        return ""
    return max(parts, key=lambda p: (len(p.split()), -parts.index(p))).rstrip(" .")  # site names are short


def lead(text: str, *, max_chars: int = 1500) -> str:
    """The opening of the story (whole paragraphs, at least one), for a quick reading of the main event."""
    out: list[str] = []
    size = 0
    for p in story_paragraphs(text):
        if out and size + len(p) > max_chars:
            break
        out.append(p)
        size += len(p) + 1
    return "\n".join(out)


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _WORD.findall((text or "").lower().replace("’", "'"))


def terms(text: str) -> Counter:
    """Content-word counts: stop words and one- or two-letter words dropped, numbers kept."""
    stops = stop_words()
    return Counter(w for w in words(text) if w not in stops and (len(w) > 2 or w.isdigit()))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Word ``size``-grams of a text (the whole text when it is shorter)."""
    ws = words(text)
    if len(ws) <= size:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i : i + size]) for i in range(len(ws) - size + 1)}


BACKGROUND_FILE = "data/cluster/background_df.tsv"


def idf(df: int, n_docs: int) -> float:
    """Inverse document frequency of a word seen in ``df`` of ``n_docs`` documents (smoothed, ≥ 0)."""
    return max(0.0, math.log((n_docs + 1) / (df + 0.5)))


@functools.cache
def background() -> tuple[int, dict[str, int]]:
    """Background document frequencies (``data/cluster/background_df.tsv``): the number of news
    articles counted, and in how many of them each common word occurs. Added to a store's own
    counts, so that a young store already knows that "police" or "killed" are common words."""
    from importlib import resources

    from tacitus.errors import ResourceError

    try:
        text = resources.files("tacitus").joinpath(BACKGROUND_FILE).read_text(encoding="utf-8")
        n, counts = 0, {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            word, count = line.split("\t")
            if word == "documents":
                n = int(count)
            else:
                counts[word] = int(count)
    except (OSError, ValueError) as e:
        raise ResourceError(f"Cannot read tacitus/{BACKGROUND_FILE} ({e}).") from e
    return n, counts


def select_terms(counts: Mapping[str, int], idf_of: Callable[[str], float], *, top: int = TOP_TERMS
                 ) -> dict[str, float]:
    """The ``top`` heaviest words of a text by TF-IDF, each with its log-scaled term frequency,
    heaviest first. Weights are applied later (:func:`weigh`), with the frequencies of that time."""
    scored = [(t, 1.0 + math.log(c)) for t, c in counts.items() if c > 0]
    scored.sort(key=lambda tc: (-tc[1] * idf_of(tc[0]), tc[0]))
    return {t: round(tf, 3) for t, tf in scored[:top]}


def weigh(tf: Mapping[str, float], idf_of: Callable[[str], float]) -> dict[str, float]:
    """A unit-length TF-IDF vector from term frequencies; ``idf_of(word)`` gives each word's weight
    (e.g. :func:`idf` of its current document frequency)."""
    weights = {t: f * idf_of(t) for t, f in tf.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items() if w > 0} if norm else {}


def add_terms(base: Mapping[str, float], extra: Iterable[tuple[Mapping[str, float], float]]) -> dict[str, float]:
    """``base`` plus each ``(terms, weight)`` of ``extra``, scaled (a report's own sentences on top of
    its article's words)."""
    out = dict(base)
    for tf, weight in extra:
        for t, f in tf.items():
            out[t] = round(out.get(t, 0.0) + weight * f, 3)
    return out


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(a[t] * b[t] for t in a.keys() & b.keys())
