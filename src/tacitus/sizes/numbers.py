"""Figures in running text: numbers in digits or words, bounds, ranges and vague quantities.

Works on lower-cased word sequences as spaCy tokenises them ("twenty-six" is ``twenty - six``),
so it can be used and tested without a parse. :func:`scan` finds every figure in a sequence;
:func:`parse_number` reads one number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tacitus.sizes.lexicon import Lexicon, PhraseMap, load_lexicon

QUALIFIERS = ("exact", "at_least", "more_than", "up_to", "about", "nearly", "range", "vague")

_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class Quantity:
    """One figure found by :func:`scan`: word indices and its bounds.

    ``start``/``end`` cover the whole expression, bound words included ("at least 26");
    ``number_start``/``number_end`` cover the figure itself ("26"). ``value`` is the figure as
    written (for a range its lower end, for a vague quantity its minimum).
    """

    start: int
    end: int
    number_start: int
    number_end: int
    value: int
    min: int | None
    max: int | None
    qualifier: str


def parse_number(words: Sequence[str], i: int, lex: Lexicon | None = None) -> tuple[int, int] | None:
    """Read a number at ``words[i]``: ``(value, index after it)``, or None.

    Takes digits ("26", "1,200", "1.5 million") and words ("twenty-six", "three hundred and
    fifty", "a dozen", "two dozen", "half a dozen").
    """
    lex = lex or load_lexicon()
    n = len(words)
    if i >= n:
        return None
    w = words[i]
    m = _DIGITS.match(w)
    if m:
        value = float(w.replace(",", ""))
        k = i + 1
        while k < n and words[k] in lex.scales:
            value *= lex.scales[words[k]]
            k += 1
        if value != int(value):
            return None
        return int(value), k
    if w == "half" and i + 2 < n and words[i + 1] == "a" and words[i + 2] == "dozen":
        return 6, i + 3
    k = i
    if w in ("a", "an"):
        if i + 1 < n and words[i + 1] in lex.scales:
            k = i + 1
        else:
            return None
    total = 0
    current = 0
    seen = False
    last_was_scale = False
    while k < n:
        w = words[k]
        if w in lex.units:
            current += lex.units[w]
            k += 1
            seen, last_was_scale = True, False
        elif w in lex.tens:
            current += lex.tens[w]
            k += 1
            if k + 1 < n and words[k] == "-" and words[k + 1] in lex.units and lex.units[words[k + 1]] < 10:
                current += lex.units[words[k + 1]]
                k += 2
            elif k < n and words[k] in lex.units and lex.units[words[k]] < 10:
                current += lex.units[words[k]]
                k += 1
            seen, last_was_scale = True, False
        elif w in lex.scales and (seen or words[k - 1] in ("a", "an")):
            scale = lex.scales[w]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
            k += 1
            seen, last_was_scale = True, True
        elif (
            w == "and"
            and last_was_scale
            and k + 1 < n
            and (words[k + 1] in lex.units or words[k + 1] in lex.tens)
        ):
            k += 1
            last_was_scale = False
        else:
            break
    if not seen:
        return None
    return total + current, k


def _match_phrase(words: Sequence[str], i: int, phrases: PhraseMap):
    """The longest phrase of ``phrases`` starting at ``words[i]``: ``(phrase, value)`` or None."""
    if i >= len(words):
        return None
    best = None
    for phrase, value in phrases.by_first.get(words[i], ()):
        if tuple(words[i : i + len(phrase)]) == phrase and (best is None or len(phrase) > len(best[0])):
            best = (phrase, value)
    return best


def _bounds(qualifier: str, value: int) -> tuple[int | None, int | None, str]:
    """min, max and the recorded qualifier for a bounded figure (see data/sizes/numbers.yaml)."""
    if qualifier == "at_least":
        return value, None, "at_least"
    if qualifier == "more_than":
        return value + 1, None, "more_than"
    if qualifier == "up_to":
        return None, value, "up_to"
    if qualifier == "fewer":
        return None, max(value - 1, 0), "up_to"
    if qualifier == "nearly":
        return None, max(value - 1, 0), "nearly"
    if qualifier == "about":
        return value, value, "about"
    return value, value, "exact"


def _figure(words: Sequence[str], j: int, lex: Lexicon):
    """A plain number, a range or a vague quantity at ``words[j]``.

    Returns ``(end, number_end, value, min, max, qualifier)`` or None.
    """
    n = len(words)
    if words[j] in lex.range_openers:
        first = parse_number(words, j + 1, lex)
        if first and first[1] < n and words[first[1]] in ("and", "to", "-", "–"):
            second = parse_number(words, first[1] + 1, lex)
            if second and second[0] > first[0]:
                return second[1], second[1], first[0], first[0], second[0], "range"
        return None
    vague = _match_phrase(words, j, lex.vague)
    number = parse_number(words, j, lex)
    if vague and (number is None or j + len(vague[0]) > number[1]):
        lo, hi = vague[1]
        end = j + len(vague[0])
        return end, end, lo, lo, hi, "vague"
    if number is None:
        return None
    value, k = number
    if k + 1 < n and words[k] in lex.range_joiners:
        second = parse_number(words, k + 1, lex)
        if second and second[0] > value:
            return second[1], second[1], value, value, second[0], "range"
    return k, k, value, value, value, "exact"


def scan(words: Sequence[str], lex: Lexicon | None = None) -> list[Quantity]:
    """Every figure in a lower-cased word sequence, left to right, without overlaps."""
    lex = lex or load_lexicon()
    out: list[Quantity] = []
    i = 0
    n = len(words)
    starts = lex.figure_starts
    while i < n:
        if words[i] not in starts and not words[i][:1].isdigit():
            i += 1  # most words: nothing to try
            continue
        bound = _match_phrase(words, i, lex.bounds_before)
        j = i + len(bound[0]) if bound else i
        if j >= n:
            i += 1
            continue
        fig = _figure(words, j, lex)
        if fig is None and bound:
            j = i
            bound = None
            fig = _figure(words, j, lex)
        if fig is None:
            i += 1
            continue
        end, number_end, value, lo, hi, qualifier = fig
        if qualifier == "exact":
            if bound:
                lo, hi, qualifier = _bounds(bound[1], value)
            after = _match_phrase(words, end, lex.bounds_after)
            if after:
                lo, hi, qualifier = _bounds(after[1], value)
                end += len(after[0])
        out.append(Quantity(i, end, j, number_end, value, lo, hi, qualifier))
        i = end
    return out
