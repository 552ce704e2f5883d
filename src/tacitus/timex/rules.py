"""Recognition rules for temporal expressions and their normalisation to TIMEX3 values.

Each :class:`Rule` is a compiled regular expression (built once from the lexicon, with macros
such as ``<MONTH>`` and ``<NUM>``) and a handler. The handler takes the match and the
:class:`~tacitus.timex.state.DocState` and returns a :class:`Found` (type, value, possibly a
corrected span) or None to reject the match. Handlers run in text order, so anaphoric
expressions ("the previous day", "a year earlier") can refer back to dates already found.

Conventions (TimeML / TempEval-3): the span includes determiners and modifiers ("the past two
months", "early next year", "about two years ago") but not prepositions ("in 2003" -> "2003").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from tacitus.timex import calendar as cal
from tacitus.timex.lexicon import Lexicon, load_lexicon
from tacitus.timex.state import DocState


@dataclass(frozen=True)
class Found:
    """A handler's answer: TIMEX3 type and value; ``start``/``end`` override the match's span.

    ``extend`` says which modifiers may be attached on the left afterwards: "date" (early, late,
    the end of, ...), "approx" (about, nearly, more than, ...), or "" for none. ``anchor`` False
    keeps a comparison date ("a year earlier") from becoming the reference of later anaphora.
    """

    type: str
    value: str
    start: int | None = None
    end: int | None = None
    extend: str = "date"
    anchor: bool = True  # may later expressions refer back to it? (not "a year earlier" values)


@dataclass(frozen=True)
class Rule:
    """A pattern and its handler. ``pattern`` is written in lower case and run on the lower-cased
    text (much faster than a case-insensitive search); ``pattern_ci`` is the same pattern,
    case-insensitive, for the rare text whose lower-cased form has a different length."""

    name: str
    pattern: re.Pattern
    pattern_ci: re.Pattern
    handler: Callable[[re.Match, DocState], Found | None]
    priority: int = 0  # higher wins among candidates with the same span
    keys: tuple[str, ...] = ()  # the rule can only match a text containing one of these (empty: any)

    def may_match(self, lowered: str) -> bool:
        """A cheap necessary condition, checked before running the pattern over a whole text."""
        return not self.keys or any(k in lowered for k in self.keys)


# ------------------------------------------------------------------------------------------------
# Macros
# ------------------------------------------------------------------------------------------------

def _alt(words) -> str:
    items = sorted({w for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def _macros(lex: Lexicon) -> dict[str, str]:
    units_w = _alt([w for w, v in lex.cardinals.items() if 1 <= v <= 9])
    teens_w = _alt([w for w, v in lex.cardinals.items() if 10 <= v <= 19])
    tens_w = _alt([w for w, v in lex.cardinals.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)])
    small = rf"(?:{tens_w}(?:[\s-]+{units_w})?|{teens_w}|{units_w})"
    numword = (rf"(?:(?:a\s+)?(?:hundred|thousand)|(?:{small}|dozen)"
               rf"(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{small})?)?)")
    numdig = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+[1-9]/[1-9])?"
    qty = _alt(lex.quantity_words)
    month_full = [w for w in lex.months if len(w) > 4 or w in ("may", "june", "july")]
    month_abbr = [w for w in lex.months if w not in month_full]
    month = rf"(?:{_alt(month_full)}|{_alt(month_abbr)}\.?)(?![\w])"
    wd_full = [w for w in lex.weekdays if not w.endswith(".") and len(w) > 5]
    wd_abbr = [w for w in lex.weekdays if w.endswith(".")]
    weekday = rf"(?:{_alt(wd_full)}|{_alt(wd_abbr)})"
    unit_sg = [u.name for u in set(lex.units.values())]
    unit_pl = [u.plural for u in set(lex.units.values())]
    ordinal_w = _alt(lex.ordinals)
    day = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d])|{ordinal_w})"
    year = r"(?:1\d{3}|20\d\d)(?![\d])"
    spelled_year = (
        rf"(?:(?:nineteen|eighteen|seventeen)(?:[\s-]+(?:hundred(?:\s+and)?\s+)?"
        rf"(?:{tens_w}(?:[\s-]+{units_w})?|{teens_w}|oh[\s-]+{units_w})|\s+hundred)"
        rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{tens_w}(?:[\s-]+{units_w})?|{teens_w}|{units_w}))?)"
    )
    dayref = (rf"(?:(?:(?:last|next|this)\s+)?{weekday}|today|tonight|yesterday|tomorrow"
              rf"|{month}\s*{day}(?:,?\s+{year})?)")
    return {
        "NUMWORD": numword,
        "NUM": rf"(?:{numdig}|{numword}|{qty})",
        "SMALL": small,
        "MONTH": month,
        "WEEKDAY": weekday,
        "DAY": day,
        "YEAR": year,
        "SPELLEDYEAR": spelled_year,
        "UNIT": _alt(unit_sg + unit_pl),
        "UNITSG": _alt(unit_sg),
        "UNITPL": _alt(unit_pl),
        "PART": _alt(lex.parts_of_day),
        "SEASON": _alt(lex.seasons),
        "TZ": _alt(lex.time_zones),
        "CLOCKWORD": _alt(lex.clock_words),
        "HOLIDAY": _alt(lex.holidays),
        "ORDINAL": ordinal_w,
        "DECADEWORD": _alt(lex.decade_words),
        "REFERENCE": _alt(lex.references),
        "SETWORD": _alt(lex.set_words),
        "DAYREF": dayref,
    }


def _expand(pattern: str, macros: dict[str, str]) -> str:
    # Longest macro names first, so <NUMWORD> is not read as <NUM> + "WORD>".
    for name in sorted(macros, key=len, reverse=True):
        pattern = pattern.replace(f"<{name}>", macros[name])
    return pattern


# ------------------------------------------------------------------------------------------------
# Small parsers
# ------------------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    return _WS.sub(" ", s.lower().strip())


def parse_number(text: str, lex: Lexicon) -> float | None:
    """A number written in digits or words ("2 1/2", "twenty-four", "a couple of"); None if vague."""
    s = norm(text)
    if s in lex.quantity_words:
        v = lex.quantity_words[s]
        return None if v is None else float(v)
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?:\s+([1-9])/([1-9]))?", s)
    if m:
        v = float(m.group(1).replace(",", ""))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return v
    total = current = 0
    seen = False
    for w in s.replace("-", " ").split():
        if w in ("and", "a", "an"):
            if w != "and":
                current = max(current, 1)
                seen = True
            continue
        if w not in lex.cardinals:
            return None
        v = lex.cardinals[w]
        seen = True
        if v == 100:
            current = max(current, 1) * 100
        elif v == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += v
    return float(total + current) if seen else None


def parse_spelled_year(text: str, lex: Lexicon) -> int | None:
    s = norm(text).replace("-", " ")
    words = s.split()
    if not words:
        return None
    if words[0] == "two" and len(words) > 1 and words[1] == "thousand":
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(parse_number(" ".join(rest), lex) or 0) if rest else 2000
    head = lex.cardinals.get(words[0])
    if head is None:
        return None
    rest = [w for w in words[1:] if w != "and"]
    if rest and rest[0] == "hundred":
        rest = rest[1:]
    if rest and rest[0] == "oh":
        rest = rest[1:]
    tail = parse_number(" ".join(rest), lex) if rest else 0
    if tail is None:
        return None
    return head * 100 + int(tail)


def parse_day(text: str, lex: Lexicon) -> int | None:
    s = norm(text)
    m = re.match(r"(\d+)", s)
    if m:
        return int(m.group(1))
    return lex.ordinals.get(s)


def month_of(text: str, lex: Lexicon) -> int | None:
    return lex.months.get(norm(text).rstrip("."))


def weekday_of(text: str, lex: Lexicon) -> int | None:
    s = norm(text)
    return lex.weekdays.get(s, lex.weekdays.get(s.rstrip(".")))


def _cap(s: str) -> bool:
    return s[:1].isupper()


# ------------------------------------------------------------------------------------------------
# Resolution helpers (all handle an unknown publication date by writing X)
# ------------------------------------------------------------------------------------------------

#: How much closer a coming date must be than the past one to be chosen when the text does not
#: mark the future: news mostly reports what happened ("Sept. 30" in late October is last month's).
PAST_BIAS = {"past": 8, None: 2, "present": 2}


def _pick_year(st: DocState, m_start: int, m_end: int, mon: int, day: int | None = None) -> int | None:
    """The year of a month (and day) given without one.

    In a clause about the future: the next occurrence (on or after the publication date), unless the
    last one is much closer (a deadline that has just passed). Otherwise the last occurrence, unless
    the next one is :data:`PAST_BIAS` times closer ("Dec. 15" in a report of 26 October is this
    December even in "said it would pay on Dec. 15").
    """
    dct = st.dct
    if dct is None:
        return None
    tense = st.tense(m_start, m_end)
    same = (mon, day or 0)
    now = (dct.month, dct.day if day else 0)
    prev_year = dct.year if same <= now else dct.year - 1
    next_year = dct.year if same >= now else dct.year + 1
    if prev_year == next_year:
        return next_year

    def distance(y: int) -> int:
        if day:
            try:
                return abs((dt.date(y, mon, day) - dct).days)
            except ValueError:
                return abs((dt.date(y, mon, 28) - dct).days)
        return abs((y * 12 + mon) - (dct.year * 12 + dct.month)) * 30

    if tense == "future":
        # the next one, unless a deadline has just passed ("repatriate the child by Jan. 14", a day ago)
        return prev_year if distance(prev_year) * PAST_BIAS["past"] < distance(next_year) else next_year
    if distance(next_year) * PAST_BIAS.get(tense, 2) < distance(prev_year):
        return next_year
    return prev_year


def _anchor_date(st: DocState, before: int, window: int | None = None) -> dt.date | None:
    """The date of the most recent day-precision mention before an offset, else the publication date."""
    a = st.last({"day"}, before, window)
    if a is not None:
        d = cal.parse_date(a.value)
        if d is not None:
            return d
    return st.dct


def _anchor_year(st: DocState, before: int) -> int | None:
    a = st.last({"day", "month", "year", "quarter", "half", "season", "week"}, before)
    if a is not None:
        try:
            return int(a.value[:4])
        except ValueError:
            pass
    return st.dct.year if st.dct else None


def _resolve_weekday(st: DocState, wd: int, rel: str, start: int, end: int) -> str:
    """A weekday with an optional relative word (last, next, this, the previous, ...)."""
    rel = norm(rel)
    if rel in ("the previous", "previous", "the following", "following", "the next", "that"):
        base = _anchor_date(st, start)
    else:
        base = st.dct
    if base is None:
        return f"XXXX-WXX-{wd}"
    if rel in ("last", "this past", "past", "the previous", "previous"):
        d = cal.weekday_before(base, wd, strict=True)
    elif rel in ("next", "this coming", "coming", "the following", "following", "the next"):
        d = cal.weekday_after(base, wd, strict=True)
    elif rel == "this":
        d = cal.weekday_in_week(base, wd)
    else:
        # news mostly reports what happened: the last such weekday, unless the clause is about the future
        tense = st.tense(start, end)
        d = cal.weekday_after(base, wd) if tense == "future" else cal.weekday_before(base, wd)
    return cal.day(d)


def _dayref_value(st: DocState, text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """The day value of a short day reference: a weekday, today/yesterday/tomorrow, a month and day."""
    s = norm(text)
    dct = st.dct
    if s in ("today", "tonight"):
        return cal.day(dct) if dct else "XXXX-XX-XX"
    if s == "yesterday":
        return cal.day(dct - dt.timedelta(days=1)) if dct else "XXXX-XX-XX"
    if s == "tomorrow":
        return cal.day(dct + dt.timedelta(days=1)) if dct else "XXXX-XX-XX"
    m = re.fullmatch(r"(?:(last|next|this)\s+)?(\S+)", s)
    if m and weekday_of(m.group(2), lex):
        return _resolve_weekday(st, weekday_of(m.group(2), lex), m.group(1) or "", start, end)
    m = re.fullmatch(r"([a-z]+\.?)\s*(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", s)
    if m and month_of(m.group(1), lex):
        mon, day = month_of(m.group(1), lex), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else _pick_year(st, start, end, mon, day)
        if year is None:
            return f"XXXX-{mon:02d}-{day:02d}"
        if not cal.valid_day(year, mon, day):
            return None
        return f"{year:04d}-{mon:02d}-{day:02d}"
    return None


def _dct_value(st: DocState, unit: str, shift: int) -> str:
    """The publication date's week/month/year/quarter/... moved by ``shift`` units."""
    dct = st.dct
    if dct is None:
        return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
                "year": "XXXX", "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}.get(unit, "XXXX")
    return shifted_value(dct, unit, shift)


def shifted_value(d: dt.date, unit: str, shift: int) -> str:
    """The value of ``unit`` containing date ``d``, moved by ``shift`` units."""
    if unit == "day":
        return cal.day(d + dt.timedelta(days=shift))
    if unit == "week":
        return cal.week(d + dt.timedelta(weeks=shift))
    if unit == "weekend":
        return cal.week(d + dt.timedelta(weeks=shift)) + "-WE"
    if unit == "month":
        return cal.month(*cal.shift_month(d.year, d.month, shift))
    if unit == "quarter":
        y, q = cal.shift_quarter(d.year, cal.quarter_of(d), shift)
        return f"{y:04d}-Q{q}"
    if unit == "decade":
        return str(d.year // 10 + shift)
    if unit == "century":
        return f"{d.year // 100 + shift:02d}"
    return f"{d.year + shift:04d}"


def _base_for(st: DocState, value: str) -> dt.date | None:
    """A representative date of a value (its first day), to do arithmetic from it."""
    span = cal.span_of(value)
    return span[0] if span else None


def _shift_value(value: str, unit: str, n: int) -> str | None:
    """Move a fully specified value by ``n`` units of its own granularity (quarters by quarters)."""
    prec = cal.precision(value)
    span = cal.span_of(value)
    if span is None:
        return None
    d = span[0]
    if prec == "quarter":
        y, q = cal.shift_quarter(d.year, cal.quarter_of(d), n * (4 if unit == "year" else 1))
        return f"{y:04d}-Q{q}"
    if prec == "half":
        y = d.year + (n if unit == "year" else 0)
        return f"{y:04d}-H{1 if d.month <= 6 else 2}"
    if prec == "month":
        return cal.month(*cal.shift_month(d.year, d.month, n * (12 if unit == "year" else 1)))
    if prec == "day":
        if unit == "year":
            return cal.day(cal.add_years(d, n))
        if unit == "month":
            return cal.day(cal.add_months(d, n))
        if unit == "week":
            return cal.day(d + dt.timedelta(weeks=n))
        return cal.day(d + dt.timedelta(days=n))
    if prec == "season":
        return f"{d.year + (n if unit == 'year' else 0):04d}-{value[5:]}"
    if prec == "week":
        return cal.week(d + dt.timedelta(weeks=n * (52 if unit == "year" else 1)))
    return f"{d.year + n:04d}"


def _duration(n: float | None, unit_word: str, lex: Lexicon) -> str:
    """A TIMEX3 duration: P2Y, PT5H30M, P1Y6M, PXD for an unspecified number."""
    unit = lex.units[norm(unit_word)]
    prefix = "PT" if unit.time else "P"
    if n is None:
        return f"{prefix}X{unit.letter}"
    n = n * unit.factor
    whole = int(n)
    frac = n - whole
    if frac < 1e-9:
        return f"{prefix}{whole}{unit.letter}"
    sub = {"Y": (12, "M", False), "D": (24, "H", True), "H": (60, "M", True), "M": (60, "S", True),
           "W": (7, "D", False)}
    if unit.letter in sub and not (unit.letter == "M" and not unit.time):
        k, letter, time_sub = sub[unit.letter]
        extra = frac * k
        if abs(extra - round(extra)) < 1e-6:
            head = f"{prefix}{whole}{unit.letter}" if whole else prefix
            if time_sub and not unit.time:
                return f"{head}T{int(round(extra))}{letter}"
            return f"{head}{int(round(extra))}{letter}"
    text = f"{n:.2f}".rstrip("0").rstrip(".")
    return f"{prefix}{text}{unit.letter}"


# ------------------------------------------------------------------------------------------------
# Handlers
# ------------------------------------------------------------------------------------------------

_TEMPORAL_PREP = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|throughout|during|early|late|mid|of|last|next|this|"
    r"before|after|between|to|on|around|about|for|and|or|every|each)\s+|mid-)$", re.I)
_YEAR_BAD_BEFORE = re.compile(r"(?:[$€£¥#]|\bno\.|\bnumber|\bpage|\broute|\bflight)\s*$", re.I)
_YEAR_BAD_AFTER = re.compile(
    r"^(?:\s*(?:%|percent|per\s*cent)|[.,]\d|\s*-\s*(?:year|month|week|day)|\s+(?:years?|months?|"
    r"weeks?|days?|hours?|minutes?|feet|foot|meters?|metres?|miles?|kilometers?|km|tons?|tonnes?|"
    r"people|troops|soldiers|men|women|children|votes|shares|points|units|cars|jobs|workers|"
    r"employees|pounds|dollars|euros|yen|barrels|acres|[a-z]+ers)\b)", re.I)
_NON_DATE_ENTS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})


class Handlers:
    """The rule handlers, sharing the lexicon."""

    def __init__(self, lex: Lexicon):
        self.lex = lex

    # --- explicit calendar dates -------------------------------------------------------------------
    def month_day(self, m: re.Match, st: DocState) -> Found | None:
        mon_text = m.group("mon")
        if not _cap(mon_text):
            return None
        mon, day = month_of(mon_text, self.lex), parse_day(m.group("day"), self.lex)
        if mon is None or day is None or day > 31:
            return None
        if norm(mon_text) in self.lex.ambiguous_months and not re.match(r"\d", m.group("day")):
            return None
        if m.group("year"):
            year = int(m.group("year"))
        elif m.group("year2"):
            year = parse_spelled_year(m.group("year2"), self.lex)
        else:
            year = _pick_year(st, m.start(), m.end(), mon, day)
        if year is None:
            return Found("DATE", f"XXXX-{mon:02d}-{day:02d}")
        if not cal.valid_day(year, mon, day):
            return None
        return Found("DATE", f"{year:04d}-{mon:02d}-{day:02d}")

    def day_month(self, m: re.Match, st: DocState) -> Found | None:
        mon_text = m.group("mon")
        if not _cap(mon_text):
            return None
        mon, day = month_of(mon_text, self.lex), parse_day(m.group("day"), self.lex)
        if mon is None or day is None or day > 31:
            return None
        year = int(m.group("year")) if m.group("year") else _pick_year(st, m.start(), m.end(), mon, day)
        if year is None:
            return Found("DATE", f"XXXX-{mon:02d}-{day:02d}")
        if not cal.valid_day(year, mon, day):
            return None
        return Found("DATE", f"{year:04d}-{mon:02d}-{day:02d}")

    def numeric_date(self, m: re.Match, st: DocState) -> Found | None:
        g = m.groupdict()
        if g["y"]:
            y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        elif g["y2"]:
            mo, d, y = int(g["m2"]), int(g["d2"]), int(g["y2"])
            if mo > 12 >= d:
                mo, d = d, mo
        else:
            d, mo, y = int(g["d3"]), int(g["m3"]), int(g["y3"])
        if y < 100:
            y += 1900 if y > 40 else 2000
        if not cal.valid_day(y, mo, d):
            return None
        return Found("DATE", f"{y:04d}-{mo:02d}-{d:02d}")

    def month_year(self, m: re.Match, st: DocState) -> Found | None:
        mon_text = m.group("mon")
        if not _cap(mon_text):
            return None
        mon = month_of(mon_text, self.lex)
        if m.group("year"):
            year = int(m.group("year"))
        elif m.group("year2"):
            year = parse_spelled_year(m.group("year2"), self.lex)
        else:
            yrel = norm(m.group("yrel"))
            if st.dct is None:
                return Found("DATE", f"XXXX-{mon:02d}")
            year = st.dct.year + {"this": 0, "last": -1, "next": 1}[yrel]
        if year is None:
            return None
        return Found("DATE", cal.month(year, mon))

    def month(self, m: re.Match, st: DocState) -> Found | None:
        mon_text = m.group("mon")
        if not _cap(mon_text):
            return None
        key = norm(mon_text)
        rel = norm(m.group("rel") or "")
        mon = month_of(mon_text, self.lex)
        if mon is None:
            return None
        if not mon_text.endswith(".") and key in self.lex.ambiguous_months and key not in ("may", "march"):
            return None  # "Jan", "Dec" without a dot or a number: names, not months
        if key in self.lex.ambiguous_months and not rel and not self._month_context(m, st):
            return None
        dct = st.dct
        if dct is None:
            return Found("DATE", f"XXXX-{mon:02d}")
        if rel in ("last", "this past", "past"):
            year = dct.year if mon < dct.month else dct.year - 1
        elif rel in ("next", "this coming", "coming"):
            year = dct.year if mon > dct.month else dct.year + 1
        elif rel == "this":
            year = dct.year
        else:
            year = _pick_year(st, m.start(), m.end(), mon)
        return Found("DATE", cal.month(year, mon))

    def _month_context(self, m: re.Match, st: DocState) -> bool:
        tok = st.token_at(m.start("mon"))
        if tok is not None:
            if tok.ent_type_ == "DATE":
                return True
            if tok.ent_type_ in ("PERSON", "ORG", "GPE", "WORK_OF_ART", "EVENT") or tok.pos_ in ("AUX", "VERB"):
                return False
        before = st.text[max(0, m.start() - 12):m.start()]
        return bool(_TEMPORAL_PREP.search(before))

    def year(self, m: re.Match, st: DocState) -> Found | None:
        year = int(m.group("year"))
        s, e = m.start(), m.end()
        prefix = m.group("fy")
        before, after = st.text[max(0, s - 12):s], st.text[e:e + 16]
        if _YEAR_BAD_BEFORE.search(before) or re.search(r"[\d,.]$", before) and not prefix:
            return None
        if re.search(r"\d\s*[-/]$|[/]$", before) and not prefix:
            return None  # the second year of a range or a number like 12-1990
        if _YEAR_BAD_AFTER.match(after):
            return None
        if re.match(r"^[/-]\d{1,2}[/-]\d", after):
            return None
        tok = st.token_at(m.start("year"))
        if tok is not None and not prefix:
            if tok.ent_type_ in _NON_DATE_ENTS and tok.ent_type_ != "":
                return None
            if tok.ent_type_ != "DATE" and year < 1800 and not _TEMPORAL_PREP.search(before):
                return None
        elif not prefix and year < 1800 and not _TEMPORAL_PREP.search(before):
            return None
        return Found("DATE", f"{year:04d}")

    def spelled_year(self, m: re.Match, st: DocState) -> Found | None:
        text = norm(m.group(0))
        year = parse_spelled_year(re.sub(r"^the\s+year\s+", "", text), self.lex)
        if year is None:
            return None
        if text.startswith("two thousand") and not re.search(r"\b(?:in|since|by|until|of)\s+$",
                                                            st.text[max(0, m.start() - 8):m.start()]):
            return None
        return Found("DATE", f"{year:04d}")

    def decade(self, m: re.Match, st: DocState) -> Found | None:
        g = m.groupdict()
        before = st.text[max(0, m.start() - 30):m.start()]
        if re.search(r"\b(?:his|her|their|my|your|our|its)\s+(?:early\s+|mid-?\s*|late\s+)?$", before, re.I):
            return None  # an age: "in her early 20s"
        if g["c"]:
            return Found("DATE", g["c"] + g["d"])
        digit = g["d2"] or g["d3"]
        if digit is None:
            digit = str(self.lex.decade_words[norm(g["dw"])])
            if not norm(m.group(0)).startswith("the"):
                return None
        elif g["d3"] and not norm(m.group(0)).startswith("the") and not re.search(
                r"(?:\b(?:in|the|of|since|from|to|and|early|late|mid)\s+|mid-)$", before, re.I):
            return None
        century = 19
        if st.dct is not None:
            century = st.dct.year // 100
            if int(digit) > (st.dct.year // 10) % 10:
                century -= 1
        return Found("DATE", f"{century}{digit}")

    def century(self, m: re.Match, st: DocState) -> Found | None:
        s = norm(m.group("n"))
        n = int(re.match(r"\d+", s).group(0)) if s[:1].isdigit() else self.lex.ordinals.get(s)
        if not n or n > 21:
            return None
        return Found("DATE", f"{n - 1:02d}")

    # --- quarters, halves, financial periods ------------------------------------------------------
    def quarter(self, m: re.Match, st: DocState) -> Found | None:
        text = norm(m.group(0))
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4}[norm(m.group("ord"))]
        year = self._period_year(m, st, text, q, "quarter")
        if year is None:
            return Found("DATE", f"XXXX-Q{q}")
        return Found("DATE", f"{year:04d}-Q{q}")

    def qcode(self, m: re.Match, st: DocState) -> Found | None:
        """'Q3', '3Q', 'Q3 2009', 'H1 2008' (written in capitals)."""
        if not m.group(0).split()[-1 if m.group(0).lower().startswith("the") else 0][:2].isupper() and \
                not re.search(r"\d", m.group(0)[:1]):
            return None
        letter = "H" if (m.group("kind") or "q").lower() == "h" else "Q"
        q = int(m.group("q") or m.group("q2"))
        if letter == "H" and q > 2:
            return None
        if m.group("year"):
            return Found("DATE", f"{m.group('year')}-{letter}{q}")
        if letter == "H" and st.last({"quarter", "half", "year"}, m.start()) is None:
            return None  # a bare "H1" is more often a name than a half-year
        year = self._period_year(m, st, norm(m.group(0)), q, "quarter" if letter == "Q" else "half")
        return Found("DATE", f"{year:04d}-{letter}{q}" if year is not None else f"XXXX-{letter}{q}")

    def half(self, m: re.Match, st: DocState) -> Found | None:
        text = norm(m.group(0))
        h = 1 if norm(m.group("h")) == "first" else 2
        if " of " not in text and re.match(r"\s+of\b", st.text[m.end():m.end() + 4]):
            return None  # "the second half of the match"
        if " of " not in text and not re.search(r"\b(?:fiscal|year|\d{4})", text):
            # a bare "the first half": only in a text that talks about periods
            if st.last({"quarter", "half", "year"}, m.start()) is None:
                return None
        year = self._period_year(m, st, text, h, "half")
        return Found("DATE", f"{year:04d}-H{h}" if year is not None else f"XXXX-H{h}")

    def _period_year(self, m: re.Match, st: DocState, text: str, n: int, kind: str) -> int | None:
        ym = re.search(r"(?<!\d)(1\d{3}|20\d\d)(?!\d)", text)
        dct = st.dct
        if ym:
            year = int(ym.group(1))
        elif dct is None:
            return None
        elif re.search(r"\blast year|\bprevious (?:fiscal )?year|\bprior (?:fiscal )?year", text):
            year = dct.year - 1
        elif re.search(r"\bnext year|\bcoming year", text):
            year = dct.year + 1
        elif re.search(r"\bthis year|\bcurrent (?:fiscal )?year", text):
            year = dct.year
        else:
            year = dct.year
            current = cal.quarter_of(dct) if kind == "quarter" else (1 if dct.month <= 6 else 2)
            if n > current:
                tense = st.tense(m.start(), m.end())
                if tense == "past" or (kind == "quarter" and n - current >= 2 and tense != "future"):
                    year -= 1
        if re.search(r"year-(?:ago|earlier)|prior-year|a year (?:ago|earlier)", text):
            year -= 1
        return year

    def fin_period(self, m: re.Match, st: DocState) -> Found | None:
        """'the quarter', 'the latest quarter', 'this quarter', 'the 1988 period', 'the previous quarter'."""
        text = norm(m.group(0))
        noun = "period" if text.endswith("period") else "quarter"
        mods = text.split()[1:-1]
        if noun == "period" and not mods:
            return None
        ym = re.search(r"(1\d{3}|20\d\d)", text)
        anchor = st.last({"quarter"}, m.start())
        dct = st.dct
        if "year-ago" in text or "year-earlier" in text or "prior-year" in text:
            return self._year_ago(st, m.start())
        if ym:
            if anchor is not None:
                return Found("DATE", f"{ym.group(1)}-Q{anchor.value[-1]}")
            return Found("DATE", ym.group(1))
        if dct is None:
            return Found("DATE", "XXXX-QX")
        if any(w in ("current", "this") for w in mods) or text.startswith("this"):
            return Found("DATE", _dct_value(st, "quarter", 0))
        if any(w in ("previous", "prior", "preceding") for w in mods):
            base = anchor.value if anchor else _dct_value(st, "quarter", 0)
            return Found("DATE", _shift_value(base, "quarter", -1) or base)
        if anchor is not None:
            return Found("DATE", anchor.value)
        return Found("DATE", _dct_value(st, "quarter", -1))

    def _year_ago(self, st: DocState, start: int, window: int | None = None) -> Found:
        """A year before the period under discussion: its quarter or month if one was just named."""
        a = st.last({"quarter", "half", "month"}, start, window)
        if a is not None:
            v = _shift_value(a.value, "year", -1)
            if v:
                return Found("DATE", v, anchor=False)
        if st.dct is None:
            return Found("DATE", "XXXX", anchor=False)
        return Found("DATE", f"{st.dct.year - 1:04d}", anchor=False)

    def fin_year_ago(self, m: re.Match, st: DocState) -> Found | None:
        text = norm(m.group(0))
        mm = re.search(r"\b(nine|six|three|\d+)\s+months\b", text)
        if mm:
            return Found("DURATION", _duration(parse_number(mm.group(1), self.lex), "months", self.lex))
        return self._year_ago(st, m.start())

    # --- relative expressions ----------------------------------------------------------------------
    def dayword(self, m: re.Match, st: DocState) -> Found | None:
        w = norm(m.group("w"))
        dct = st.dct
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        value = cal.day(dct + dt.timedelta(days=offset)) if dct else "XXXX-XX-XX"
        part = m.group("part")
        if w == "tonight":
            return Found("TIME", value + "TNI")
        if part:
            code = self._part_code(part)
            return Found("TIME", value + code)
        return Found("DATE", value)

    def _part_code(self, part: str) -> str:
        p = norm(part)
        if p in self.lex.parts_of_day:
            return "T" + self.lex.parts_of_day[p]
        return "T" + self.lex.clock_words.get(p, "XX")

    def weekday(self, m: re.Match, st: DocState) -> Found | None:
        wd_text = m.group("wd")
        if not _cap(wd_text):
            return None
        wd = weekday_of(wd_text, self.lex)
        if wd is None:
            return None
        part = m.group("part")
        if m.group("pl"):
            suffix = self._part_code(part) if part else ""
            return Found("SET", f"XXXX-WXX-{wd}{suffix}")
        if part and m.group("pl2"):
            return Found("SET", f"XXXX-WXX-{wd}{self._part_code(part)}")
        value = _resolve_weekday(st, wd, m.group("rel") or "", m.start(), m.end())
        if part:
            # "Friday morning": the TempEval corpora mostly type a weekday with a part of the day DATE
            return Found("DATE", value + self._part_code(part))
        return Found("DATE", value)

    def holiday(self, m: re.Match, st: DocState) -> Found | None:
        name = m.group("h")
        if not _cap(name):
            return None
        rule = self.lex.holidays[norm(name)]
        rel = norm(m.group("rel") or "")
        dct = st.dct

        def on(year: int) -> dt.date:
            kind, *args = rule.split()
            if kind == "fixed":
                mo, d = (int(x) for x in args[0].split("-"))
                return dt.date(year, mo, d)
            if kind == "nth":
                mo, wd, n = (int(x) for x in args)
                return cal.nth_weekday(year, mo, wd, n)
            if kind == "easter":
                return cal.easter(year) + dt.timedelta(days=int(args[0]))
            first_monday = cal.nth_weekday(year, 11, 1, 1)
            return first_monday + dt.timedelta(days=1)

        if m.group("year"):
            return Found("DATE", cal.day(on(int(m.group("year")))))
        if dct is None:
            return Found("DATE", "XXXX-XX-XX")
        this, prev, nxt = on(dct.year), on(dct.year - 1), on(dct.year + 1)
        if rel == "last":
            d = this if this < dct else prev
        elif rel == "next":
            d = this if this > dct else nxt
        elif rel == "this":
            d = this
        else:
            tense = st.tense(m.start(), m.end())
            if tense == "past":
                d = this if this <= dct else prev
            elif tense == "future":
                d = this if this >= dct else nxt
            else:
                d = min((prev, this, nxt), key=lambda x: abs((x - dct).days))
        return Found("DATE", cal.day(d))

    def relative(self, m: re.Match, st: DocState) -> Found | None:
        """this/last/next/previous/following/that + week, month, year, quarter, season, part of day."""
        rel = norm(m.group("rel"))
        unit = norm(m.group("unit"))
        dct = st.dct
        kind = _REL_KIND.get(rel)
        if kind is None:
            return None
        if unit in ("fiscal year", "financial year", "calendar year"):
            unit = "year"
        if unit == "week-end":
            unit = "weekend"
        # parts of the day
        if unit in self.lex.parts_of_day:
            code = self._part_code(unit)
            if kind == "this":
                base = dct
                shift = 0
            elif kind == "last":
                if unit not in ("night", "evening"):
                    return None
                base, shift = dct, -1
            elif kind == "same":
                base, shift = _anchor_date(st, m.start()), 0
            elif kind == "prev":
                base, shift = _anchor_date(st, m.start()), -1
            elif kind in ("foll",):
                base, shift = _anchor_date(st, m.start()), 1
            else:
                return None
            value = cal.day(base + dt.timedelta(days=shift)) if base else "XXXX-XX-XX"
            return Found("TIME", value + code)
        if unit == "day":
            if kind not in ("prev", "foll", "same"):
                return None
            base = _anchor_date(st, m.start())
            if base is None:
                return Found("DATE", "XXXX-XX-XX")
            shift = {"prev": -1, "foll": 1, "same": 0}[kind]
            return Found("DATE", cal.day(base + dt.timedelta(days=shift)))
        if unit in self.lex.seasons:
            if norm(m.group("unit")) in self.lex.ambiguous_seasons and kind in ("same", "foll", "prev"):
                return None
            code = self.lex.seasons[unit]
            if dct is None:
                return Found("DATE", f"XXXX-{code}")
            year = dct.year
            if kind == "last":
                if rel == "this past":
                    first = cal.SEASON_MONTHS[code][0]
                    year = dct.year if first <= dct.month else dct.year - 1
                else:
                    year -= 1
            elif kind == "next":
                year += 1
            elif kind in ("same", "prev", "foll"):
                year = _anchor_year(st, m.start()) or year
                year += {"same": 0, "prev": -1, "foll": 1}[kind]
            return Found("DATE", f"{year:04d}-{code}")
        if unit in ("decade", "century"):
            if kind in ("last", "next", "prev", "foll"):
                n = 10 if unit == "decade" else 100
                return Found("DURATION", f"P{n}Y", extend="approx")
            if kind == "this":
                return Found("DATE", _dct_value(st, unit, 0))
            return None
        if unit == "quarter" and kind == "recent":
            anchor = st.last({"quarter"}, m.start())
            return Found("DATE", anchor.value if anchor else _dct_value(st, "quarter", -1))
        if kind == "recent":
            if unit in ("year", "month", "week"):
                return Found("DATE", _dct_value(st, unit, -1))  # the latest (completed) fiscal year
            return None
        shift = {"this": 0, "last": -1, "next": 1}.get(kind)
        if shift is not None:
            if unit == "weekend" and kind == "this" and dct is not None:
                tense = st.tense(m.start(), m.end())
                if tense == "past" and dct.isoweekday() < 6:
                    shift = -1
            return Found("DATE", _dct_value(st, unit, shift))
        # anaphoric: relative to the last date of that granularity mentioned
        shift = {"prev": -1, "foll": 1, "same": 0}[kind]
        precs = {"week": {"day", "week"}, "weekend": {"day", "week"}, "month": {"day", "month"},
                 "quarter": {"quarter"}, "year": {"day", "month", "year", "quarter", "half", "season", "week"}}
        a = st.last(precs.get(unit, {"day"}), m.start())
        if a is not None:
            base = _base_for(st, a.value)
            if base is not None:
                return Found("DATE", shifted_value(base, unit, shift))
        return Found("DATE", _dct_value(st, unit, shift))

    def the_unit(self, m: re.Match, st: DocState) -> Found | None:
        """'the week', 'the year', 'the month', 'the weekend', 'the day', 'the full year', 'the fiscal
        year' without a relative word: the period under discussion (or a one-unit duration after "for")."""
        unit = norm(m.group("unit"))
        unit = {"fiscal year": "year", "financial year": "year", "week-end": "weekend"}.get(unit, unit)
        before = st.text[max(0, m.start() - 24):m.start()]
        after = st.text[m.end():m.end() + 8]
        if unit == "day":
            if not (re.search(r"\b(?:in|during|throughout)\s+$", before, re.I)
                    or re.match(r"\s+(?:before|after)\b", after, re.I)):
                return None
            base = _anchor_date(st, m.start())
            return Found("DATE", cal.day(base) if base else "XXXX-XX-XX")
        if m.group("whole"):
            a = st.last({"day", "month", "year", "quarter", "week"}, m.start(), window=600)
            year = int(a.value[:4]) if a is not None else (st.dct.year if st.dct else None)
            return Found("DATE", f"{year:04d}" if year else "XXXX")
        if unit in ("weekend", "week-end"):
            dct = st.dct
            if dct is None:
                return Found("DATE", "XXXX-WXX-WE")
            tense = st.tense(m.start(), m.end())
            shift = -1 if tense != "future" and dct.isoweekday() < 5 else 0
            return Found("DATE", _dct_value(st, "weekend", shift))
        if re.search(r"\b(?:for|over|during|throughout|through)\s+$", before, re.I):
            letter = {"year": "Y", "month": "M", "week": "W"}[unit]
            if m.group("whole"):
                return None
            return Found("DURATION", f"P1{letter}", extend="")
        if not re.search(r"\b(?:in|of|earlier\s+in|later\s+in|end\s+of|beginning\s+of|start\s+of|"
                         r"middle\s+of|rest\s+of)\s+$", before, re.I):
            return None
        a = st.last({"day", "month", "year", "quarter", "week"}, m.start(), window=600)
        base = _base_for(st, a.value) if a is not None else st.dct
        if base is None:
            return Found("DATE", {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}[unit])
        return Found("DATE", shifted_value(base, unit, 0))

    def offset(self, m: re.Match, st: DocState) -> Found | None:
        """'two days ago', 'a year earlier', 'three weeks later', 'five years from now'."""
        direction = norm(m.group("dir"))
        unit_word = norm(m.group("unit"))
        unit = self.lex.units[unit_word]
        after = st.text[m.end():m.end() + 3]
        if direction in ("before", "after") and not re.match(r"\s*(?:[,.;:!?)\"']|$)", after):
            return None  # "two days before the vote": a duration and a signal, not a date
        n = parse_number(m.group("num"), self.lex) if m.group("num") else None
        if m.group("num") is None and unit_word == unit.name:
            return None  # "year ago" without a number
        past = direction in ("ago", "earlier", "before", "back", "previously")
        if n is None:
            return Found("DATE", "PAST_REF" if past else "FUTURE_REF", extend="approx")
        count = int(round(n * unit.factor))
        sign = -1 if past else 1
        letter = unit.letter
        anaphoric = direction in ("earlier", "later", "before", "after")
        if letter == "Y" and unit.factor == 1 and count == 1 and past:
            window = 400
            a = st.last({"quarter", "half"}, m.start(), window)
            if a is not None:
                return Found("DATE", _shift_value(a.value, "year", -1) or a.value, extend="approx",
                             anchor=False)
        if anaphoric:
            gran = {"D": {"day"}, "W": {"day", "week"}, "M": {"day", "month"}, "Q": {"quarter"},
                    "Y": {"day", "month", "year", "quarter", "half", "season", "week"}}.get(letter, {"day"})
            a = st.last(gran, m.start())
            if a is not None:
                if unit.time:
                    return Found("TIME", a.value, extend="approx")
                key = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}[letter]
                v = _shift_value(a.value, key, sign * count)
                if v:
                    # keep the anchor's own granularity when it is finer than the unit
                    return Found("DATE", v, extend="approx", anchor=letter != "Y")
        dct = st.dct
        if unit.time:
            return Found("DATE", cal.day(dct) if dct else "XXXX-XX-XX", extend="approx")
        if dct is None:
            x = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX"}.get(letter, "XXXX")
            return Found("DATE", x, extend="approx")
        if letter == "D":
            return Found("DATE", cal.day(dct + dt.timedelta(days=sign * count)), extend="approx")
        if letter == "W":
            return Found("DATE", cal.week(dct + dt.timedelta(weeks=sign * count)), extend="approx")
        if letter == "M":
            return Found("DATE", cal.month(*cal.shift_month(dct.year, dct.month, sign * count)),
                         extend="approx")
        if letter == "Q":
            y, q = cal.shift_quarter(dct.year, cal.quarter_of(dct), sign * count)
            return Found("DATE", f"{y:04d}-Q{q}", extend="approx")
        return Found("DATE", f"{dct.year + sign * count:04d}", extend="approx")

    def day_before(self, m: re.Match, st: DocState) -> Found | None:
        """'the day before', 'the day after' (with a day reference or at the end of a clause)."""
        direction = -1 if norm(m.group("dir")) == "before" else 1
        ref = m.group("ref")
        if ref:
            v = _dayref_value(st, ref, m.start("ref"), m.end("ref"), self.lex)
            d = cal.parse_date(v) if v else None
            if d is None:
                return None
            return Found("DATE", cal.day(d + dt.timedelta(days=direction)))
        if not re.match(r"\s*(?:[,.;:!?)\"']|$)", st.text[m.end():m.end() + 3]):
            return None
        base = _anchor_date(st, m.start())
        if base is None:
            return Found("DATE", "XXXX-XX-XX")
        return Found("DATE", cal.day(base + dt.timedelta(days=direction)))

    def year_end(self, m: re.Match, st: DocState) -> Found | None:
        """'year-end', "year's end": the end of the current year."""
        return Found("DATE", f"{st.dct.year:04d}" if st.dct else "XXXX")

    def season(self, m: re.Match, st: DocState) -> Found | None:
        """'the summer', 'winter', 'the fall of 1998', 'the winter of nineteen ninety-four'."""
        word = norm(m.group("s"))
        code = self.lex.seasons[word]
        if m.group("year") or m.group("year2"):
            year = int(m.group("year")) if m.group("year") else parse_spelled_year(m.group("year2"), self.lex)
            return Found("DATE", f"{year:04d}-{code}" if year else f"XXXX-{code}")
        if word in self.lex.ambiguous_seasons:
            return None  # "the fall of the Berlin Wall", "spring water"
        if re.match(r"\s+of\b", st.text[m.end():m.end() + 4]):
            return None
        tok = st.token_at(m.start("s"))
        if tok is not None and tok.pos_ not in ("NOUN", "PROPN"):
            return None
        year = _anchor_year(st, m.start())
        return Found("DATE", f"{year:04d}-{code}" if year else f"XXXX-{code}")

    def part_of_period(self, m: re.Match, st: DocState) -> Found | None:
        """'the last week of March', 'the first week of 2009': the ISO week."""
        mon = month_of(m.group("mon"), self.lex) if m.group("mon") else None
        if m.group("mon") and not _cap(m.group("mon")):
            return None
        first = norm(m.group("ord")) in ("first", "1st")
        if m.group("year") or m.group("y2"):
            year = int(m.group("year") or m.group("y2"))
        elif mon is not None:
            year = _pick_year(st, m.start(), m.end(), mon)
        else:
            year = None
        if year is None:
            return Found("DATE", "XXXX-WXX")
        if mon is None:
            d = dt.date(year, 1, 1) if first else dt.date(year, 12, 31)
        else:
            d = dt.date(year, mon, 1) if first else cal.add_months(dt.date(year, mon, 1), 1) - dt.timedelta(days=1)
        if first and d.isoweekday() > 4:
            d += dt.timedelta(days=7)
        elif not first and d.isoweekday() < 4:
            d -= dt.timedelta(days=7)
        return Found("DATE", cal.week(d))

    def unit_before(self, m: re.Match, st: DocState) -> Found | None:
        """'the year previous', 'the year before.', 'the week after.': anaphoric, one unit away."""
        unit = norm(m.group("unit"))
        direction = norm(m.group("dir"))
        if direction in ("before", "after", "earlier", "later") and not re.match(
                r"\s*(?:[,.;:!?)\"']|$)", st.text[m.end():m.end() + 3]):
            return None
        shift = 1 if direction in ("after", "later") else -1
        precs = {"week": {"day", "week"}, "month": {"day", "month"},
                 "year": {"day", "month", "year", "quarter", "half", "season", "week"}}[unit]
        a = st.last(precs, m.start())
        base = _base_for(st, a.value) if a is not None else st.dct
        if base is None:
            return Found("DATE", {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}[unit])
        return Found("DATE", shifted_value(base, unit, shift))

    # --- durations ---------------------------------------------------------------------------------
    def duration(self, m: re.Match, st: DocState) -> Found | None:
        num_text = m.group("num")
        n = parse_number(num_text, self.lex)
        unit_word = norm(m.group("unit"))
        text = norm(m.group(0))
        if m.group("post") and m.group("post").lower() == "-old":
            return None
        if n is None and norm(num_text) not in self.lex.quantity_words:
            return None
        if n is not None and (m.group("half1") or m.group("half2")):
            n += 0.5
        if n is not None and n > 10000:
            return None
        if norm(num_text) in ("a", "an", "one") and unit_word in ("second", "quarter"):
            return None  # "a quarter of the market", "a second": fractions and ordinals, not periods
        if norm(num_text) == "second" or unit_word == "second" and not re.search(r"\d|one|a\b", text):
            return None
        # "a day", "a year" after a quantity: a rate ("$5 a year"), which the TempEval corpora do not
        # mark as a temporal expression
        if norm(num_text) in ("a", "an") and not m.group("det") and not m.group("adj"):
            before = st.text[max(0, m.start() - 30):m.start()]
            if _RATE_BEFORE.search(before):
                return None
        if re.match(r"\s+old\b", st.text[m.end():m.end() + 5]):
            return None  # an age: "52 years old"
        if "-" in text and unit_word != self.lex.units[unit_word].name:
            return None  # "three-quarters" is a fraction, not a duration
        tok = st.token_at(m.start("num"))
        if tok is not None and tok.ent_type_ in ("MONEY", "PERCENT"):
            return None
        if text == "one day" and re.search(r"\b(?:will|would|could|might|may|can|should|must|to|he|she|they|we|i|"
                                            r"you|it)\s+$", st.text[max(0, m.start() - 8):m.start()], re.I):
            return Found("DATE", "FUTURE_REF", extend="")  # "Islam will one day be ..."
        return Found("DURATION", _duration(n, unit_word, self.lex), extend="approx")

    def vague_duration(self, m: re.Match, st: DocState) -> Found | None:
        """'several years', 'recent months', 'the coming weeks', 'decades-long', 'for years'."""
        unit_word = norm(m.group("unit"))
        pre = norm(m.group("pre") or "")
        if not pre and not m.group("post"):
            before = st.text[max(0, m.start() - 12):m.start()]
            if not re.search(r"\b(?:for|within|over|in|after|lasting|took|take|takes|spent|than)\s+$", before, re.I):
                return None
            if re.match(r"\s+(?:of|old|ago|earlier|later|before|after)\b", st.text[m.end():m.end() + 8], re.I):
                return None
        if pre in ("the", "the first", "first", "the early", "early", "the final", "final"):
            if not m.group("post"):
                return None
        return Found("DURATION", _duration(None, unit_word, self.lex), extend="approx")

    def half_unit(self, m: re.Match, st: DocState) -> Found | None:
        return Found("DURATION", _duration(0.5, norm(m.group("unit")), self.lex), extend="approx")

    # --- times of day ------------------------------------------------------------------------------
    def clock(self, m: re.Match, st: DocState) -> Found | None:
        g = m.groupdict()
        hour = minute = None
        if g["h"] is not None:
            hour, minute = int(g["h"]), int(g["mi"] or 0)
            ap = g["ap"].lower().replace(".", "").replace(" ", "")
            if hour > 12 or hour == 0:
                return None
            if ap == "pm" and hour != 12:
                hour += 12
            if ap == "am" and hour == 12:
                hour = 0
        elif g["h2"] is not None:
            hour, minute = int(g["h2"]), int(g["mi2"])
            if g["hrs"] and ":" not in m.group(0) and not m.group(0).startswith("0"):
                return None  # "1500 hours" is a duration; "0600 hours", "15:00 h" are clock times
        elif g["cw"] is not None:
            if re.search(r"\bhigh\s+$", st.text[max(0, m.start() - 6):m.start()], re.I):
                return None  # "High Noon"
            clock = self.lex.clock_words[norm(g["cw"])]
            hour, minute = int(clock[:2]), int(clock[3:])
        else:
            htext = g["h3"] or g["h4"]
            hour = int(htext) if htext.isdigit() else int(parse_number(htext, self.lex) or 0)
            minute = 0
            part = norm(g["p4"] or "")
            if part in ("afternoon", "evening") and hour < 12:
                hour += 12
            if not 0 < hour <= 24:
                return None
        zone = "Z" if g["tz"] and norm(g["tz"]) in ("utc", "gmt") else ""
        if g["day"]:
            day = _dayref_value(st, g["day"], m.start("day"), m.end("day"), self.lex)
            if day is None:
                return None
        else:
            base = _anchor_date(st, m.start(), window=300)
            day = cal.day(base) if base else "XXXX-XX-XX"
        return Found("TIME", f"{day}T{hour:02d}:{minute:02d}{zone}", extend="approx")

    def part_day(self, m: re.Match, st: DocState) -> Found | None:
        """'mid-afternoon yesterday', 'morning Tuesday'."""
        day = _dayref_value(st, m.group("day"), m.start("day"), m.end("day"), self.lex)
        if day is None:
            return None
        return Found("TIME", day + self._part_code(m.group("part")))

    def the_part(self, m: re.Match, st: DocState) -> Found | None:
        """'in the morning', 'by mid-afternoon', 'in morning trading': a part of the day last mentioned."""
        before = st.text[max(0, m.start() - 16):m.start()]
        if not re.search(r"\b(?:in|during|early\s+in|late\s+in|throughout|by|until|from)\s+$", before, re.I):
            return None
        if not norm(m.group(0)).startswith(("the", "mid")) and not re.search(r"\bin\s+$", before, re.I):
            return None
        if re.match(r"\s+of\b", st.text[m.end():m.end() + 4]):
            return None
        base = _anchor_date(st, m.start(), window=400)
        day = cal.day(base) if base else "XXXX-XX-XX"
        return Found("TIME", day + self._part_code(m.group("part")))

    # --- references and sets -----------------------------------------------------------------------
    def reference(self, m: re.Match, st: DocState) -> Found | None:
        text = norm(m.group(0))
        value = self.lex.references[text]
        after = st.text[m.end():m.end() + 12]
        before = st.text[max(0, m.start() - 12):m.start()]
        if text == "now" and re.match(r"-\w|\s+that\b", after):
            return None
        if text in ("soon", "shortly") and re.match(r"\s+(?:after|before|thereafter|as)\b", after, re.I):
            return None
        if text in ("the future", "the past") and re.match(r"\s+of\b", after, re.I):
            return None
        if text == "the future" and not re.search(r"\b(?:in|into|for|to|near|about)\s+$", before, re.I):
            return None
        if text == "the past" and re.search(r"\b(?:for|over|in)\s+$", before, re.I) and re.match(
                r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|decade)",
                after, re.I):
            return None
        return Found("DATE", value, extend="")

    def set_word(self, m: re.Match, st: DocState) -> Found | None:
        text = norm(m.group(0))
        return Found("SET", self.lex.set_words[text], extend="")

    def set_every(self, m: re.Match, st: DocState) -> Found | None:
        what = norm(m.group("what"))
        other = bool(m.group("other"))
        n = parse_number(m.group("num"), self.lex) if m.group("num") else 1.0
        if n is None:
            return None
        if what in self.lex.units:
            return Found("SET", _duration(n * (2 if other else 1), what, self.lex), extend="")
        if weekday_of(what, self.lex):
            return Found("SET", f"XXXX-WXX-{weekday_of(what, self.lex)}", extend="")
        if month_of(what, self.lex):
            return Found("SET", f"XXXX-{month_of(what, self.lex):02d}", extend="")
        if what in self.lex.seasons:
            return Found("SET", f"XXXX-{self.lex.seasons[what]}", extend="")
        if what in self.lex.parts_of_day:
            return Found("SET", f"XXXX-XX-XX{self._part_code(what)}", extend="")
        return None

    def set_times(self, m: re.Match, st: DocState) -> Found | None:
        return Found("SET", _duration(1, norm(m.group("unit")), self.lex), extend="")


_REL_KIND = {
    "this": "this", "the current": "this", "current": "this",
    "last": "last", "the last": "last", "past": "last", "the past": "last", "this past": "last",
    "the most recent": "last",
    "next": "next", "coming": "next", "the coming": "next", "this coming": "next", "upcoming": "next",
    "the upcoming": "next",
    "the previous": "prev", "previous": "prev", "the prior": "prev", "prior": "prev", "the preceding": "prev",
    "the following": "foll", "following": "foll", "the next": "foll", "the subsequent": "foll",
    "that": "same", "the same": "same", "that same": "same", "this same": "same",
    "the latest": "recent", "latest": "recent", "the just-ended": "recent", "the recent": "recent",
}

_RATE_BEFORE = re.compile(
    r"(?:[\d%]\S*|\b(?:times|once|twice|million|billion|trillion|percent|cents?|dollars?|pounds?|euros?|yen|"
    r"hundreds|thousands|dozens|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred))"
    r"(?:\s+(?:of\s+)?[a-z]+){0,2}\s*$", re.I)

#: Modifiers attached on the left of a date ("early", "the end of"), and of a duration ("about").
DATE_MODIFIER = re.compile(
    r"(?:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|turn|close|first\s+half|second\s+half|"
    r"early\s+part|latter\s+part)\s+of\s+|(?<![\w-])(?:early|late|mid|earlier|later|the\s+early|the\s+late|"
    r"the\s+mid)\s+|(?<![\w-])(?:mid|late|early)-\s*|(?<![\w-])(?:sometime|around|about|approximately|circa|"
    r"roughly|nearly|almost)\s+)$", re.I)
APPROX_MODIFIER = re.compile(
    r"(?<![\w-])(?:about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than|"
    r"fewer\s+than|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|under|close\s+to|upwards\s+of|"
    r"no\s+more\s+than|no\s+less\s+than|not\s+quite|only|barely|well\s+over|a\s+little\s+over|"
    r"a\s+little\s+more\s+than|almost\s+exactly|exactly|another|an\s+additional)\s+$", re.I)
#: Of those, the ones that are not prepositions and may precede a phrase starting with "the".
APPROX_BEFORE_THE = re.compile(r"(?<![\w-])(?:at\s+least|nearly|almost|about|roughly)\s+$", re.I)
RIGHT_OR_SO = re.compile(r"^\s+or\s+so(?![\w])", re.I)


# ------------------------------------------------------------------------------------------------
# The rule table
# ------------------------------------------------------------------------------------------------

_RULES = [
    # name, pattern, handler, priority
    ("month_day",
     r"(?:(?:(?:this\s+coming|this|last|next)\s+)?<WEEKDAY>,?\s+)?(?P<mon><MONTH>)\s*(?P<day><DAY>)"
     r"(?:(?:,\s*|\s+)(?:(?P<year><YEAR>)|(?P<year2><SPELLEDYEAR>)))?", "month_day", 2),
    ("day_month",
     r"(?:<WEEKDAY>,?\s+)?(?:the\s+)?(?P<day>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?|<ORDINAL>)"
     r"(?:\s+of)?\s+(?P<mon><MONTH>)(?:,?\s+(?P<year><YEAR>))?", "day_month", 1),
    ("numeric_date",
     r"(?:(?P<y>1\d{3}|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)|(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)/(?P<y2>\d{4}|\d{2})"
     r"|(?P<d3>[0-3]?\d)\.(?P<m3>[01]?\d)\.(?P<y3>\d{4}))", "numeric_date", 2),
    ("month_year",
     r"(?P<mon><MONTH>),?\s+(?:of\s+)?(?:(?P<year><YEAR>)|(?P<year2><SPELLEDYEAR>)|(?P<yrel>this|last|next)\s+year)",
     "month_year", 2),
    ("month", r"(?:(?P<rel>last|next|this\s+past|this\s+coming|this|past|coming)\s+)?(?P<mon><MONTH>)", "month", 0),
    ("year",
     r"(?:(?P<fy>fiscal(?:\s+year)?|fy|the\s+year|calendar(?:\s+year)?|model\s+year)\s*['’]?)?(?P<year><YEAR>)",
     "year", 0),
    ("spelled_year", r"(?:the\s+year\s+)?<SPELLEDYEAR>", "spelled_year", 0),
    ("decade",
     r"(?:the\s+)?(?:(?:(?P<c>1\d|20)(?P<d>\d)0|['’](?P<d2>\d)0|(?P<d3>[1-9])0)['’]?s|(?P<dw><DECADEWORD>))",
     "decade", 1),
    ("century", r"(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|<ORDINAL>)[\s-]+century", "century", 1),
    ("quarter",
     r"(?:(?:the|its|their|this|that|a|an)\s+)?"
     r"(?:(?:(?:this|last|next)\s+year's|year-(?:ago|earlier)|prior-year|comparable|corresponding|same|"
     r"<YEAR>(?:'s)?|fiscal|financial|calendar|flat|current|latest|recent|just-ended)[\s-]+){0,3}"
     r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter(?!s)"
     r"(?:\s+(?:of|in)\s+(?:(?:the\s+)?(?:fiscal|calendar)\s+)?(?:(?:fiscal\s+)?<YEAR>|(?:this|last|next)\s+year|"
     r"the\s+(?:current|previous|prior|last|next|same)\s+(?:fiscal\s+)?year))?"
     r"(?:,?\s+<YEAR>)?(?:\s+a\s+year\s+(?:ago|earlier))?", "quarter", 2),
    ("qcode", r"(?:(?:the\s+)?(?P<kind>[qh])(?P<q>[1-4])|(?P<q2>[1-4])q)(?:\s+(?P<year><YEAR>))?", "qcode", 1),
    ("half",
     r"(?:(?:the|its|their)\s+)?(?:(?:fiscal|financial|<YEAR>|(?:this|last|next)\s+year's)\s+)?"
     r"(?P<h>first|second|latter|last)[\s-]+half(?:\s+of\s+(?:(?:the\s+)?(?:fiscal\s+)?(?:<YEAR>|this\s+year|"
     r"last\s+year|next\s+year|the\s+year)))?", "half", 1),
    ("fin_period",
     r"(?:the|its|this|that)\s+(?:(?:latest|current|most\s+recent|just-ended|recent|previous|prior|preceding|"
     r"comparable|fiscal|year-ago|year-earlier|prior-year|<YEAR>)\s+){0,2}(?:quarter|period)(?![\w-])",
     "fin_period", 0),
    ("fin_year_ago",
     r"(?:(?:the|its|their)\s+)?(?:(?:same|corresponding|comparable)\s+)?(?:year-(?:ago|earlier)|prior-year)"
     r"(?:\s+(?:(?:first|second|third|fourth)[\s-]+quarter|quarter|period|nine\s+months|six\s+months|"
     r"three\s+months|month))?"
     r"|(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|quarter|month|week|time)\s+(?:(?:of\s+)?"
     r"(?:the\s+)?last\s+year|a\s+year\s+(?:ago|earlier)|(?:of\s+)?the\s+(?:previous|prior)\s+year)"
     r"|(?:the\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)"
     r"|last\s+year's\s+(?:quarter|period)", "fin_year_ago", 1),
    ("dayword",
     r"(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
     r"(?:\s+(?P<part>morning|afternoon|evening|night))?", "dayword", 1),
    ("weekday",
     r"(?:(?P<rel>last|next|this\s+coming|this\s+past|this|coming|past|the\s+previous|previous|the\s+following|"
     r"following|the\s+next|that)\s+)?(?P<wd><WEEKDAY>)(?P<pl>s)?(?:\s+(?P<part><PART>)(?P<pl2>s)?)?",
     "weekday", 0),
    ("holiday", r"(?:(?P<rel>last|next|this)\s+)?(?P<h><HOLIDAY>)(?:,?\s+(?P<year><YEAR>))?", "holiday", 1),
    ("relative",
     r"(?P<rel>this\s+past|this\s+coming|this\s+same|that\s+same|this|that|the\s+current|current|the\s+same|"
     r"the\s+previous|previous|the\s+prior|prior|the\s+preceding|the\s+following|following|the\s+next|next|"
     r"the\s+coming|coming|the\s+upcoming|upcoming|the\s+last|last|the\s+past|past|the\s+most\s+recent|"
     r"the\s+latest|latest|the\s+just-ended|the\s+subsequent)\s+"
     r"(?P<unit>(?:fiscal|financial|calendar)\s+year|week-?end|week|month|year|quarter|decade|century|day|"
     r"morning|afternoon|evening|night|<SEASON>)(?![\w-])", "relative", 1),
    ("year_end", r"(?:year[-\s]end|year['’]s\s+end)", "year_end", 1),
    ("season",
     r"(?:the\s+)?(?P<s><SEASON>)(?:\s+of\s+(?:(?P<year><YEAR>)|(?P<year2><SPELLEDYEAR>)))?", "season", 0),
    ("part_of_period",
     r"the\s+(?P<ord>first|1st|last|final)\s+week\s+of\s+(?:(?P<mon><MONTH>)(?:,?\s+(?P<year><YEAR>))?|(?P<y2><YEAR>))",
     "part_of_period", 2),
    ("unit_before",
     r"the\s+(?P<unit>year|month|week)\s+(?P<dir>previous|prior|before|after|earlier|later)", "unit_before", 1),
    ("the_unit", r"the\s+(?P<whole>(?:full|entire|whole)\s+)?(?P<unit>week-?end|week|month|(?:fiscal\s+|financial\s+)?year|day)"
     r"(?![\w-])", "the_unit", 0),
    ("offset",
     r"(?:(?P<num><NUM>)(?:\s+and\s+a\s+half)?\s+)?(?P<unit><UNIT>)(?:\s+or\s+(?:so|more|two|less))?\s+"
     r"(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)", "offset", 3),
    ("day_before",
     r"(?:the\s+)?day\s+(?P<dir>before|after)(?:\s+(?P<ref>(?:last\s+|next\s+)?<WEEKDAY>|<MONTH>\s*<DAY>))?",
     "day_before", 2),
    ("duration",
     r"(?:(?P<det>the|a|an|this|that|its|their|each\s+of\s+the|all|the\s+entire|the\s+full)\s+)?"
     r"(?:(?P<adj>past|last|next|first|coming|previous|following|latest|final|remaining|initial|ensuing|"
     r"preceding|prior|recent|additional|further|subsequent|same)\s+)?"
     r"(?P<num><NUM>)(?P<half1>\s+and\s+a\s+half)?(?:\s+(?:to|or|-)\s+<NUM>)?\s*(?:-\s*)?"
     r"(?:(?:more|additional|full|straight|consecutive|trading|business|calendar|working)\s+)?"
     r"(?P<unit><UNIT>)(?P<half2>\s+and\s+a\s+half)?(?:(?P<post>-long|-old)|(?!-\w))", "duration", 0),
    ("vague_duration",
     r"(?P<pre>(?:the\s+)?(?:recent|coming|past|last|next|previous|following|ensuing|intervening|first|early|"
     r"final|last\s+few|past\s+few|next\s+few|next\s+several|past\s+several|last\s+several)\s+)?"
     r"(?P<unit><UNITPL>)(?P<post>-long|\s+ahead)?", "vague_duration", -1),
    ("half_unit", r"half\s+(?:an?\s+)(?P<unit><UNITSG>)", "half_unit", 0),
    ("clock",
     r"(?:(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.\s?m\.?|p\.\s?m\.?|am|pm)(?![\w])"
     r"|(?P<h2>[01]?\d|2[0-3]):?(?P<mi2>[0-5]\d)(?=\s*(?:<TZ>|hours?\b|h\b))(?P<hrs>\s*(?:hours|h)\b)?"
     r"|(?P<cw><CLOCKWORD>)"
     r"|(?P<h3>\d{1,2}|<SMALL>)\s+o'clock"
     r"|(?P<h4>\d{1,2}|<SMALL>)\s+in\s+the\s+(?P<p4>morning|afternoon|evening))"
     r"(?:\s*(?P<tz><TZ>)(?![\w]))?(?:,?\s+(?P<day><DAYREF>))?", "clock", 1),
    ("part_day", r"(?P<part><PART>)\s+(?P<day>today|yesterday|tomorrow|<WEEKDAY>)", "part_day", 1),
    ("the_part", r"(?:the\s+)?(?P<part>mid-?\s*afternoon|mid-?\s*morning|morning|afternoon|evening|night)",
     "the_part", 0),
    ("reference", r"<REFERENCE>", "reference", 0),
    ("set_word", r"<SETWORD>", "set_word", 1),
    ("set_every",
     r"(?:every|each)\s+(?P<other>other\s+)?(?:(?P<num><NUM>)\s+)?"
     r"(?P<what><UNIT>|<WEEKDAY>|<MONTH>|<SEASON>|morning|afternoon|evening|night)", "set_every", 2),
    ("set_times",
     r"(?:once|twice|three\s+times|four\s+times|\d+\s+times|<SMALL>\s+times)\s+(?:a|an|per|each|every)\s+"
     r"(?P<unit><UNITSG>)", "set_times", 2),
]


#: Words one of which every match of a rule contains (lower case), to skip rules that cannot match
#: a text without running them. "@name" stands for a word list of the lexicon (the longest word of
#: each of its phrases). Rules not listed always run.
_KEYS = {
    "month_day": ("@months",), "day_month": ("@months",), "month_year": ("@months",), "month": ("@months",),
    "spelled_year": ("nineteen", "eighteen", "seventeen", "thousand"),
    "decade": ("0s", "0's", "0’s", "ties"),
    "century": ("century",),
    "quarter": ("quarter",),
    "qcode": ("q1", "q2", "q3", "q4", "1q", "2q", "3q", "4q", "h1", "h2"),
    "half": ("half",),
    "fin_period": ("quarter", "period"),
    "fin_year_ago": ("year-ago", "year-earlier", "prior-year", "same", "corresponding", "comparable", "year"),
    "dayword": ("today", "tonight", "yesterday", "tomorrow"),
    "weekday": ("day", "mon.", "tue", "wed.", "thu", "fri.", "sat.", "sun."),
    "holiday": ("@holidays",),
    "offset": ("ago", "earlier", "later", "before", "after", "from now", "hence", "back"),
    "day_before": ("before", "after"),
    "duration": ("@units",), "vague_duration": ("@units",), "half_unit": ("half",),
    "clock": ("a.m", "p.m", "am", "pm", "noon", "midday", "mid-day", "midnight", "o'clock", ":", "morning",
              "afternoon", "evening", "hour", " h", "@zones"),
    "part_day": ("@parts",), "the_part": ("morning", "afternoon", "evening", "night"),
    "reference": ("@references",), "set_word": ("@set_words",),
    "set_every": ("every", "each"), "set_times": ("times", "once", "twice"),
    "year_end": ("end",), "season": ("@seasons",), "part_of_period": ("week",),
    "unit_before": ("previous", "prior", "before", "after", "earlier", "later"),
}


def _longest_words(phrases) -> tuple[str, ...]:
    return tuple(sorted({max(p.split(), key=len) for p in phrases}))


def _keys(name: str, lex: Lexicon) -> tuple[str, ...]:
    lists = {
        "@months": tuple(lex.months), "@units": tuple(u.name[:5] for u in lex.units.values()),
        "@holidays": _longest_words(lex.holidays), "@references": _longest_words(lex.references),
        "@set_words": _longest_words(lex.set_words), "@parts": _longest_words(lex.parts_of_day),
        "@seasons": tuple(lex.seasons), "@zones": _longest_words(lex.time_zones),
    }
    out: list[str] = []
    for key in _KEYS.get(name, ()):
        out.extend(lists[key] if key.startswith("@") else (key,))
    return tuple(dict.fromkeys(w.lower() for w in out))


@functools.cache
def compiled_rules() -> tuple[Rule, ...]:
    """All rules, compiled once per process."""
    lex = load_lexicon()
    macros = _macros(lex)
    handlers = Handlers(lex)
    out = []
    for name, pattern, method, priority in _RULES:
        source = r"(?<![\w'’])" + _expand(pattern, macros) + r"(?![\w])"
        out.append(Rule(name, re.compile(source), re.compile(source, re.IGNORECASE), getattr(handlers, method),
                        priority, _keys(name, lex)))
    return tuple(out)
