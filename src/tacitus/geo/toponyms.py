"""Toponyms: place names in an article, recognised and resolved against the gazetteer.

Recognition draws on spaCy's entities (GPE, LOC, FAC; NORP for demonyms), places embedded in
organisation names ("the Madison County Sheriff's Office"), datelines ("BAGHDAD, April 26 -"),
"Rep. Jane Doe, D-Chicopee" district tags, US postal codes after a town ("Myrtle Beach, SC"),
names before or after a noun for a kind of place ("the village of Sheikh Najjar", "Makhmur
district"), and names the recogniser missed or mislabelled: every other occurrence of a name it
took for a place (one sense per discourse), the town an outlet is named after, unlabelled names
of countries and first-level divisions, and proper names the gazetteer knows when the words
around them make them places ("a Gainesville man", "in Beslan", "captured Jaffna", "the Manbij
campaign") or the article's other places fit them.

Resolution ranks each name's candidates by a prior (population, kind of place, how well the name
fits: "New York" is the city, not the state; a national capital above its namesakes) plus what
the article says about where it is: the countries and first-level divisions it names without
doubt (its home region; big cities count less than towns), and how near a candidate lies to the
places the article's other names may be. Choices are repeated until stable, each round's choices
for ambiguous names being context for the next. Names the gazetteer does not know (streets,
buildings, neighbourhoods) are placed at the article's focus town with a low confidence.

Two rules are hard: a country's name always resolves to the country (never to a town or building
named after it) unless a qualifier says otherwise ("Palestine, Texas"), and "U.S."/"US"/
"America"/"the States" are the United States.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from tacitus.geo.gazetteer import Candidate, Gazetteer, haversine_km, load_gazetteer, normalise
from tacitus.nlp.arrays import arrays, doc_text
from tacitus.records import Article, Place

ROLES = ("location", "metonym", "demonym")

#: Verbs whose subject, when a place, stands for its government or people ("Tehran said").
_AGENT_VERBS = frozenset(["say", "tell", "warn", "accuse", "announce", "deny", "reject", "demand", "urge", "threaten", "agree", "sign", "send", "claim", "insist", "refuse", "condemn", "criticize", "criticise", "call", "ask", "respond", "reply", "vow", "pledge", "offer", "propose", "seek", "want", "plan", "decide", "expel", "recall", "impose", "lift", "sanction", "support", "back", "oppose", "welcome", "praise", "blame", "dismiss", "protest", "request", "order", "launch", "retaliate", "respond", "negotiate", "announce", "declare", "recognise", "recognize", "acknowledge", "confirm", "suspend", "approve", "veto", "vote", "beat", "defeat", "win", "lose", "host", "invite", "meet", "join"])
_DETERMINERS = frozenset({"the", "The", "THE"})
_DISTRICT_TAG = re.compile(r"\b[DRI]-([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)")
_DATELINE = re.compile(r"\s*([A-Z][A-Z.'’\- ]{2,40}?)(?:,\s*([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
                       r"\s*(?:\(|[-–—:]|,\s*\w+\.? \d|\s(?=[A-Z][a-z]))")
_PREFIXED = re.compile(r"^(?:anti|ex|pro|all|non|post|pre)-(\w+)$", re.I)
_ROUND_WEIGHT = 1.0  # weight of a round's choice for an ambiguous name as context for the next
_ROUNDS = 4  # rounds of choices at most (they usually settle in two)
#: Kinds of mention whose current choice is context for the other names.
_CHOICE_KINDS = ("ner", "dateline", "district", "outlet", "embedded", "ner-part", "weak")
_MAX_SCORED = 40  # candidates ranked by population; the long tail of hamlets is not scored
_TLD_COUNTRY = {
    "uk": "GBR", "ie": "IRL", "au": "AUS", "ca": "CAN", "in": "IND", "nz": "NZL", "za": "ZAF", "ng": "NGA",
    "ke": "KEN", "pk": "PAK", "ph": "PHL", "sg": "SGP", "my": "MYS", "lk": "LKA", "gh": "GHA", "jm": "JAM",
    "tt": "TTO", "fr": "FRA", "de": "DEU", "it": "ITA", "es": "ESP", "ru": "RUS", "cn": "CHN", "jp": "JPN",
    "il": "ISR", "ae": "ARE", "qa": "QAT", "eg": "EGY", "tr": "TUR", "ua": "UKR", "bd": "BGD", "np": "NPL",
}
#: Words that are place names somewhere but, alone inside an organisation's name, are not places.
_GENERIC = frozenset(["center", "centre", "federal", "national", "state", "city", "county", "district", "union", "council", "university", "college", "school", "hospital", "point", "act", "cup", "community", "department", "police", "court", "office", "church", "park", "valley", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater", "new", "old", "general", "royal", "grand", "gold", "golden", "love", "hope", "faith", "liberty", "independence", "victoria", "union", "republic", "democrat", "republican", "america", "american", "international", "global", "world", "metro", "downtown", "uptown", "midtown", "capital", "harbor", "harbour", "bay", "beach", "lake", "river", "mountain", "island", "islands", "airport", "station", "bridge", "road", "street", "avenue", "square", "creek", "hill", "hills", "field", "fields", "forest", "wood", "woods", "springs", "spring", "falls", "heights", "ridge", "rock", "stone", "shell", "rail", "research", "alliance", "force", "sales", "war", "bed", "orchard", "landmark", "march", "may", "section", "commerce", "justice", "superior", "first", "second", "third", "fifth", "king", "queen", "prince", "princess", "lincoln", "jackson", "franklin", "jefferson", "madison", "hamilton", "clinton", "wilson", "grant", "mission", "trinity", "providence", "concord", "unity", "progress", "man", "men", "states", "energy", "leader", "green", "bishop", "hurricane", "olympic", "january", "february", "april", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter", "abu", "umm", "bin", "ibn", "al", "el", "sheikh"])
#: Words after "<town> City" in the names of a town's offices ("Dublin City Council").
_CIVIC_WORDS = frozenset(["council", "hall", "manager", "commission", "commissioners", "schools", "school", "police",
                          "attorney", "clerk", "board", "government", "administrator", "engineer", "planning"])
#: Last words of street and square names: a street named after a town is not in that town.
_STREET_WORDS = frozenset(["street", "st", "road", "rd", "drive", "dr", "avenue", "ave", "av", "lane", "ln",
                           "boulevard", "blvd", "way", "highway", "hwy", "court", "ct", "place", "pl", "parkway",
                           "pkwy", "trail", "terrace", "circle", "pike", "row", "alley", "crescent", "close",
                           "square", "plaza", "turnpike", "expressway", "freeway"])
_DIRECTIONS = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central|"
                         r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|"
                         r"upper|lower|greater|downtown|inner|outer|[NSEW]\.(?:[EW]\.)?)\s+(.+)$", re.I)
_SUFFIXES = re.compile(r"^(.+?)\s+(?:state|city|county|area|region|province|metro|metropolitan area|"
                       r"valley|district)$", re.I)


@dataclass(frozen=True)
class Toponym:
    """A place named in the text, with the place it resolves to (None when the gazetteer has none)."""

    start: int
    end: int
    text: str
    place: Place | None
    role: str  # "location" | "metonym" | "demonym"
    candidates_considered: int


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    kind: str  # ner, demonym, embedded, weak, dateline, district
    tok_start: int | None = None
    tok_end: int | None = None
    candidates: tuple[Candidate, ...] = ()
    chosen: Candidate | None = None
    qualified: bool = False  # narrowed by a following "…, Texas" / "…, France"


# ---------------------------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------------------------

# Token attributes are read from the document's arrays (tacitus.nlp.arrays) rather than from
# spaCy Token objects, which are created anew on every ``doc[i]``: recognition looks at the same
# tokens many times. ``str.istitle``/``str.isupper``/``str.isalpha`` are how spaCy sets
# ``is_title``/``is_upper``/``is_alpha``.

def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Token span without leading determiners and trailing possessives or punctuation."""
    a = arrays(doc)
    while start < end and (a.text[start] in _DETERMINERS or a.is_punct[start]):
        start += 1
    while end > start and (a.text[end - 1] in ("'s", "’s", "'", "’") or a.is_punct[end - 1]):
        end -= 1
    return start, end


def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    a = arrays(doc)
    return a.idx[start], a.idx[end - 1] + len(a.text[end - 1])


_NAME_KEY = "tacitus.geo.names"


def _name_tokens(doc) -> tuple[list[bool], list[bool]]:
    """Per token: whether it is a name word (title case, all capitals, or a capitalised proper
    noun), and whether a name may start there (a name word, not a lower-case stop word such as
    "The"). Built once per ``Doc``."""
    cached = doc.user_data.get(_NAME_KEY)
    if cached is None:
        a = arrays(doc)
        vocab = doc.vocab
        name = [t.istitle() or t.isupper() or (p == "PROPN" and t[:1].isupper()) for t, p in zip(a.text, a.pos, strict=True)]
        # is_stop is a flag of the word's lexeme
        start = [n and not (vocab[t].is_stop and not t.isupper()) for n, t in zip(name, a.text, strict=True)]
        cached = doc.user_data[_NAME_KEY] = (name, start)
    return cached


def _name_candidates(gaz: Gazetteer, text: str) -> list[Candidate]:
    """Candidates for a name found inside other names: main names only (alternate spellings and
    codes match too much), except countries' and the team's names ("EU", "U.S.") and main names
    without "City" ("New York")."""
    key = normalise(text)
    return [c for c in gaz.lookup(text) if _name_fit(c, key) > -1]


def _best_subspan(doc, start: int, end: int, gaz: Gazetteer, max_len: int = 4):
    """The longest run of capitalised tokens inside [start, end) that the gazetteer knows, or None.

    Starts are tried left to right, so "Madison County Sheriff" yields "Madison County". A single
    generic word ("Center", "Federal") or a short all-capitals code is not taken."""
    a = arrays(doc)
    words, lower = a.text, a.lower
    name, name_start = _name_tokens(doc)
    best = None
    for i in range(start, end):
        if not name_start[i]:
            continue
        for j in range(min(end, i + max_len), i, -1):
            if not all(name[k] or words[k] in ("-", "'s") for k in range(i, j)) or words[j - 1] == "-":
                continue
            if j < end and words[j] == "-" and a.ws[j - 1] == "":
                continue  # part of a hyphenated name ("Al-Bayaa")
            text = a.span_text(i, j)
            if len(text) < 3 and text not in ("US", "UK", "EU"):
                continue
            if j - i > 1 and lower[j - 1] == "city" and j < end and lower[j] in _CIVIC_WORDS:
                continue  # "Dublin City Council": the council of the city of Dublin
            cands = _name_candidates(gaz, text)
            if j - i == 1:
                if lower[i] in _GENERIC:
                    continue
                if words[i].isupper() and len(text) <= 4 and not any(
                        c.is_country or c.feature_code == "ADM1" or c.source.startswith("team") for c in cands):
                    continue
            if cands:
                if best is None or (j - i) > (best[1] - best[0]):
                    best = (i, j, cands)
                break
    return best


#: A generic suffix that says what kind of place the name before it is.
_SUFFIX_CODES = {"state": ("ADM1",), "province": ("ADM1",), "region": ("ADM1", "RGN"), "county": ("ADM2",),
                 "district": ("ADM2", "ADM1")}


def _extend_right(doc, start: int, end: int, gaz: Gazetteer) -> int:
    """The end of a place name the recogniser cut short ("Boa" + "Vista"): up to two following
    capitalised words, when the longer name is a main name in the gazetteer."""
    a = arrays(doc)
    best = end
    for j in (end + 1, end + 2):
        if j > len(a) or not all(a.text[k][:1].isupper() and a.is_alpha[k] for k in range(end, j)):
            break
        if _name_candidates(gaz, a.span_text(start, j)):
            best = j
    return best


def _variants(gaz: Gazetteer, text: str) -> list[Candidate]:
    """Candidates for a name the gazetteer does not know as written: without a compass or size
    prefix ("South Florida", "S.E. Paris") or a generic suffix ("Oaxaca State": divisions only)."""
    for pattern in (_DIRECTIONS, _SUFFIXES):
        m = pattern.match(text)
        if m and m.group(1).lower() not in _GENERIC and m.group(1).lower().rstrip(".") not in _STREET_WORDS:
            cands = _name_candidates(gaz, m.group(1))
            suffix = text[m.end(1):].strip().lower() if pattern is _SUFFIXES else ""
            if suffix in _SUFFIX_CODES:
                cands = [c for c in cands if c.feature_code in _SUFFIX_CODES[suffix]]
            if cands:
                return cands
    return []


def _recognise(article: Article, doc, gaz: Gazetteer) -> list[_Mention]:
    text = doc_text(doc)
    arr = arrays(doc)
    mentions: list[_Mention] = []
    taken = [False] * len(doc)

    def add(start_tok: int, end_tok: int, kind: str, cands=None) -> None:
        if end_tok <= start_tok or any(taken[start_tok:end_tok]):
            return
        s, e = _char_span(doc, start_tok, end_tok)
        span_text = text[s:e]
        if cands is None:
            cands = gaz.lookup(span_text)
        mentions.append(_Mention(s, e, span_text, kind, start_tok, end_tok, tuple(cands)))
        for k in range(start_tok, end_tok):
            taken[k] = True

    ents = list(doc.ents)  # doc.ents builds new spans on every access
    words, lowers = arr.text, arr.lower
    person_words = set()
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            person_words.update(lowers[ent.start:ent.end])

    # 1. places named by the entity recogniser, split at commas ("Alexandria, La.")
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        s, e = _trim(doc, ent.start, ent.end)
        e = _extend_right(doc, s, e, gaz)
        parts, k0 = [], s
        for k in range(s, e):
            if words[k] == ",":
                parts.append((k0, k))
                k0 = k + 1
        parts.append((k0, e))
        if len(parts) > 1 and not all(gaz.lookup(arr.span_text(a, b)) for a, b in parts if b > a):
            parts = [(s, e)]
        for a, b in parts:
            a, b = _trim(doc, a, b)
            if b <= a:
                continue
            span_text = arr.span_text(a, b)
            if gaz.lookup(span_text):
                add(a, b, "ner")
                continue
            demonym = gaz.demonym(span_text)
            if demonym is not None:
                add(a, b, "demonym", (demonym,))
                continue
            if b - a > 1 and lowers[b - 1].rstrip(".") in _STREET_WORDS:
                add(a, b, "ner", ())  # "Wichita Street": a street, not the town it is named after
                continue
            cands = _variants(gaz, span_text)
            if not cands:
                hit = _best_subspan(doc, a, b, gaz)
                cands = hit[2] if hit else []
            if not cands and b - a == 1 and lowers[a] in person_words:
                continue  # a surname the recogniser took for a place ("Saakashvili")
            add(a, b, "ner-part" if cands else "ner", cands)

    # 2. demonyms (and language names, which GeoWebNews counts as toponyms) and places mislabelled as groups
    for ent in ents:
        if ent.label_ not in ("NORP", "LANGUAGE"):
            continue
        s, e = _trim(doc, ent.start, ent.end)
        if e <= s:
            continue
        span_text = arr.span_text(s, e)
        prefixed = _PREFIXED.match(span_text)
        if prefixed and e - s == 1 and gaz.demonym(prefixed.group(1)) is not None:
            # "anti-Russian", "ex-Soviet": the demonym after the prefix
            a = arr.idx[s] + prefixed.start(1)
            mentions.append(_Mention(a, a + len(prefixed.group(1)), prefixed.group(1), "demonym", None, None,
                                     (gaz.demonym(prefixed.group(1)),)))
            taken[s] = True
            continue
        if ent.label_ == "LANGUAGE":
            place = gaz.demonym(span_text)
            if place is not None:
                add(s, e, "demonym", (place,))
            continue
        place = gaz.demonym(span_text)
        if place is not None:
            add(s, e, "demonym", (place,))
            continue
        # "Bosnian Serb": the first word alone may be a demonym
        first = gaz.demonym(words[s])
        if first is not None:
            add(s, s + 1, "demonym", (first,))
            continue
        cands = [c for c in gaz.lookup(span_text) if c.primary]
        if cands and not (e - s == 1 and lowers[s] in _GENERIC):
            add(s, e, "weak", cands)

    # 3. places embedded in organisation, event and work names; people's names that are places
    for ent in ents:
        if ent.label_ in ("ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "FAC", "LAW"):
            hit = _best_subspan(doc, ent.start, ent.end, gaz)
            if hit and hit[1] - hit[0] == 1 and gaz.demonym(words[hit[0]]) is not None:
                add(hit[0], hit[1], "demonym", (gaz.demonym(words[hit[0]]),))  # "the Canadian Press"
            elif hit:
                add(hit[0], hit[1], "embedded", hit[2])
            else:
                for k in range(ent.start, ent.end):  # "the Russian Ministry of Defence"
                    place = gaz.demonym(words[k]) if words[k][:1].isupper() else None
                    if place is not None:
                        add(k, k + 1, "demonym", (place,))
                        break
        elif ent.label_ == "PERSON":
            s, e = _trim(doc, ent.start, ent.end)
            if e <= s:
                continue
            cands = [c for c in gaz.lookup(arr.span_text(s, e)) if c.primary]
            if cands and not (e - s == 1 and (lowers[s] in person_words or lowers[s] in _GENERIC)):
                add(s, e, "weak", cands)
            elif not cands and lowers[s] not in person_words:
                hit = _best_subspan(doc, s, e, gaz)  # "Alexandria Police" taken for a person
                if hit and hit[0] == s:
                    add(hit[0], hit[1], "weak", [c for c in hit[2] if c.primary] or hit[2])

    # 4. proper nouns after a locative preposition that the recogniser missed ("in Nitro")
    after_prep = [i + 1 for i, w in enumerate(lowers[:-1]) if w in ("in", "at", "near", "outside", "from", "to")]
    for i in after_prep:
        if taken[i] or not (arr.pos[i] == "PROPN" and arr.text[i][:1].isupper()):
            continue
        j = i
        while j < len(arr) and not taken[j] and arr.pos[j] == "PROPN" and arr.text[j][:1].isupper():
            j += 1
        cands = [c for c in gaz.lookup(arr.span_text(i, j)) if c.primary]
        if cands and not (j - i == 1 and (arr.lower[i] in person_words or arr.lower[i] in _GENERIC)):
            add(i, j, "weak", cands)

    # 5. district tags of legislators: "Sen. Ken Cuccinelli, R-Fairfax"
    for m in _DISTRICT_TAG.finditer(text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            cands = gaz.lookup(m.group(1))
            if cands:
                s, e = _trim(doc, span.start, span.end)
                add(s, e, "district", cands)

    # 6. dateline: "BAGHDAD, April 26 (Reuters) -", "SALINA, Kan. -"
    for s_char, e_char in _dateline_spans(article, text):
        span = doc.char_span(s_char, e_char, alignment_mode="expand")
        if span is None:
            continue
        s, e = _trim(doc, span.start, span.end)
        if e > s and any(taken[s:e]):
            for m in mentions:
                if m.tok_start is not None and m.tok_start < e and s < m.tok_end:
                    m.kind = "dateline"
            continue
        add(s, e, "dateline")
        if mentions and mentions[-1].kind == "dateline" and not mentions[-1].candidates:
            mentions.pop()
            for k in range(s, e):
                taken[k] = False

    # 6b. US postal codes after a town: "Myrtle Beach, SC"
    for m in re.finditer(r"(?<=[a-z.]), ([A-Z]{2})\b(?![-.'’])", text):
        state = gaz.admin1.get("US." + m.group(1))
        span = doc.char_span(m.start(1), m.end(1))
        if state is not None and span is not None and span.start > 1 and taken[span.start - 2]:
            add(span.start, span.end, "ner", (state,))

    # 6c. names the gazetteer may not know, in "the village of X", "X district"
    _place_noun_names(doc, gaz, taken, add)

    # 7. the same names again where the recogniser missed them (one sense per discourse), names
    #    of the outlet's home town, and unlabelled names of countries and first-level divisions
    _repeat_names(doc, gaz, mentions, taken, ents, person_words, add, article.source)

    mentions.sort(key=lambda m: m.start)
    return mentions


#: Nouns for a kind of place that name it with "of X" or a preceding "X": "the village of Arbin",
#: "Makhmur district".
_PLACE_KIND_NOUNS = frozenset(["village", "town", "city", "neighbourhood", "neighborhood", "district", "suburb",
                               "province", "region", "area", "camp", "settlement", "hamlet", "municipality",
                               "island", "port", "governorate", "township", "commune", "county", "parish",
                               "valley", "oasis", "enclave"])
_NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "ar-", "an-", "at-", "az-", "ibn-")
_ARTICLE_PARTICLES = frozenset(["al", "el", "ad", "as", "ash", "ar", "an", "at", "az", "ibn"])


def _name_word(tok) -> bool:
    return (tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text or "'" in tok.text)
            or tok.lower_.startswith(_NAME_PARTICLES) and len(tok) > 4)


def _name_run(doc, i: int, taken: list[bool]) -> int:
    """The end of a run of name words from token ``i``, hyphenated parts included ("Al-Bayaa",
    "al-Tijara", "Umm al-Fahm"); ``i`` itself when there is none."""
    n = len(doc)
    j = i
    while j < n and not taken[j]:
        tok = doc[j]
        glued_to_next = j + 1 < n and tok.whitespace_ == "" and doc[j + 1].text == "-"
        hyphen = (tok.text == "-" and j > i and doc[j - 1].whitespace_ == "" and tok.whitespace_ == ""
                  and j + 1 < n and (_name_word(doc[j + 1]) or doc[j + 1].lower_ in _ARTICLE_PARTICLES))
        name = _name_word(tok) and tok.ent_type_ not in ("DATE", "TIME")
        if not (name or hyphen or tok.lower_ in _ARTICLE_PARTICLES and glued_to_next):
            break
        j += 1
    while j > i and (doc[j - 1].text == "-" or doc[j - 1].lower_ in _ARTICLE_PARTICLES):
        j -= 1
    return j


def _place_noun_names(doc, gaz: Gazetteer, taken: list[bool], add) -> None:
    """Names the recogniser missed where a noun says what kind of place they are: after "the
    village of", "the town of", "the neighbourhood of" ... or before "district", "area",
    "province" ... ("Makhmur district"). Unknown to the gazetteer, they stay unresolved."""
    n = len(doc)
    for k, low in enumerate(arrays(doc).lower):
        if low not in _PLACE_KIND_NOUNS:
            continue
        # "the village of X"
        if k + 2 < n and doc[k + 1].lower_ == "of":
            _add_place_noun_name(doc, gaz, k + 2, _name_run(doc, k + 2, taken), add)
        # "X district" (not the start of a sentence, not a generic word)
        if k > 0 and not taken[k - 1] and (_name_word(doc[k - 1]) or doc[k - 1].text[:1].isupper()):
            i = k - 1
            while i > 0 and not taken[i - 1] and (_name_word(doc[i - 1]) or doc[i - 1].text == "-"
                                                  or doc[i - 1].lower_ in _ARTICLE_PARTICLES):
                i -= 1
            while i < k and (doc[i].text == "-" or doc[i].lower_ in _ARTICLE_PARTICLES and doc[i].whitespace_):
                i += 1
            if i < k and doc[i].is_sent_start and k - i == 1:
                continue
            _add_place_noun_name(doc, gaz, i, k, add)


def _add_place_noun_name(doc, gaz: Gazetteer, i: int, j: int, add) -> None:
    if j <= i or j - i > 4 or doc[i:j].text.lower() in _GENERIC or doc[j - 1].lower_ in _DETERMINERS:
        return
    if any(t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "NORP") for t in doc[i:j]):
        return
    text = doc[i:j].text
    key = normalise(text)
    add(i, j, "ner", tuple(c for c in gaz.lookup(text) if _name_fit(c, key) > -1))


def _outlet_words(source: str | None) -> str:
    """The outlet's host name without its top-level domain, lower case ("gainesvilletimes")."""
    if not source:
        return ""
    host = source.lower().split("/")[0]
    host = re.sub(r"^(?:www\d?|m|news)\.", "", host)
    return host.rsplit(".", 1)[0] if "." in host else host


def _repeat_names(doc, gaz: Gazetteer, mentions: list[_Mention], taken: list[bool], ents, person_words: set,
                  add, source: str | None) -> None:
    """Recognition from what the article has already shown to be a place: every other occurrence
    of a name taken as a place (or demonym), not inside a person's name; a name the outlet is
    named after ("gainesvilletimes.com"); and capitalised names of countries and first-level
    divisions that the recogniser did not label."""
    a = arrays(doc)
    in_person = [False] * len(doc)
    named_person = set()  # words the recogniser also takes for a person somewhere in the article
    for ent in ents:
        if ent.label_ == "PERSON":
            named_person.update(a.text[ent.start:ent.end])
            if len(ent) > 1:
                for k in range(ent.start, ent.end):
                    in_person[k] = True
    lower_words = {t for t in a.text if t.islower()}
    known: dict[tuple[str, ...], tuple[str, tuple]] = {}
    for m in mentions:
        if m.tok_start is None or m.kind not in ("ner", "dateline", "district", "demonym") or not m.candidates:
            continue
        words = tuple(a.text[m.tok_start:m.tok_end])
        if len(words) == 1 and m.kind != "demonym" and (
                words[0] in named_person or words[0].lower() in lower_words or words[0].lower() in _GENERIC):
            continue  # a surname or a common word the recogniser once took for a place
        known.setdefault(words, ("demonym" if m.kind == "demonym" else "ner", m.candidates))
    outlet = _outlet_words(source).replace("-", "")
    by_first: dict[str, list] = {}
    for words, val in known.items():
        by_first.setdefault(words[0], []).append((words, val))
    n = len(doc)
    i = 0
    while i < n:
        if taken[i] or in_person[i] or not a.text[i][:1].isupper():
            i += 1
            continue
        hit = None
        for words, (kind, cands) in sorted(by_first.get(a.text[i], ()), key=lambda x: -len(x[0])):
            j = i + len(words)
            if j <= n and not any(taken[i:j]) and tuple(a.text[i:j]) == words:
                if len(words) == 1 and kind != "demonym" and _person_context(doc, i):
                    break
                hit = (j, kind, cands)
                break
        if hit is None:
            hit = _unlabelled_name(doc, i, gaz, taken, in_person, person_words, outlet)
        if hit is not None:
            j, kind, cands = hit
            add(i, j, kind, cands)
            i = j
        else:
            i += 1


_TITLES = frozenset(["mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "prof", "rev", "sgt", "lt", "capt",
                     "col", "gen", "judge", "coach", "officer", "president", "minister", "mayor", "sir", "lady",
                     "lord", "st", "saint", "father", "brother", "sister"])


def _person_context(doc, i: int) -> bool:
    """Whether the single name at token ``i`` reads as part of a person's name: after a title
    ("Mr. Jordan") or before a capitalised surname ("Kristina Petrova")."""
    a = arrays(doc)
    if i > 0 and a.lower[i - 1].rstrip(".") in _TITLES:
        return True
    k = i + 1
    return k < len(a) and a.pos[k] == "PROPN" and a.text[k][:1].isupper() and a.ent_type[k] == "PERSON"


def _unlabelled_name(doc, i: int, gaz: Gazetteer, taken: list[bool], in_person: list[bool], person_words: set,
                     outlet: str):
    """A capitalised name starting at token ``i`` that is a place without the recogniser's label:
    a country or first-level division by its main name ("Texas", "Azerbaijan"), or the town an
    outlet is named after. Returns (end, kind, candidates) or None."""
    a = arrays(doc)
    ent_type, low = a.ent_type[i], a.lower[i]
    if ent_type in ("PERSON", "DATE", "TIME", "ORDINAL", "QUANTITY", "PERCENT"):
        return None
    if low in _GENERIC or low in person_words or not a.is_alpha[i]:
        return None
    for j in range(min(len(a), i + 3), i, -1):
        if any(taken[i:j]) or any(in_person[i:j]) or not all(
                a.text[k][:1].isupper() and a.is_alpha[k] for k in range(i, j)):
            continue
        text = a.span_text(i, j)
        key = normalise(text)
        cands = gaz.lookup(text)
        if not cands:
            continue
        if any(c.is_country or c.feature_code == "ADM1" and c.primary and normalise(c.name) == key for c in cands):
            return j, "ner", cands  # "US dollars", "Azerbaijan", "Texas"
        if ent_type in ("MONEY", "CARDINAL"):
            continue
        if outlet and len(key) >= 5 and key.replace(" ", "") in outlet and any(
                c.feature_class in ("P", "A") and c.primary for c in cands):
            return j, "outlet", tuple(c for c in cands if c.primary)
        if all(a.pos[k] == "PROPN" for k in range(i, j)) and a.sents[a.sent[i]][0] != i:  # not a sentence start
            primary = tuple(c for c in cands if _name_fit(c, key) > -1)
            if primary and not (j - i == 1 and low in _GENERIC):
                return j, "weak", primary  # kept only with a cue or context (see find_toponyms)
    return None


def _dateline_spans(article: Article, text: str) -> list[tuple[int, int]]:
    """Character spans of the place words of a dateline at the start of a paragraph."""
    out = []
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z]{3,})", text[:600])]
    starts += [m.end() for m in re.finditer(r"\n\s*", text)]
    for st in sorted(set(starts))[:30]:
        m = _DATELINE.match(text, st)
        if m and m.group(1).strip().isupper() and len(m.group(1).strip().replace(".", "")) >= 3:
            out.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
            if m.group(2):
                out.append((m.start(2), m.start(2) + len(m.group(2).rstrip())))
    return out


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------
#
# Each name's candidates are ranked by a context-free prior (size and kind of place, and how well
# the name fits: a main name, the main name without "City"/", D.C.", or a mere alternate), plus
# what the article says about where it is: the countries and first-level divisions it names
# unambiguously (its "home region"), and how near a candidate lies to the other places it names.

#: Weights of the context terms (log10-population units: 1.0 = ten times the population).
_COUNTRY_BASE, _COUNTRY_STEP = 1.5, 0.3  # the candidate's country is named in the article
_ADMIN1_BASE, _ADMIN1_STEP = 1.5, 0.4  # its first-level division is named (or implied)
_NEAR_BANDS = ((30.0, 1.0), (80.0, 0.6), (200.0, 0.25))  # km → bonus per other place that near
_NEAR_CAP = 2.5
_PLAUSIBLE_GAP = 2.5  # a candidate within this prior of its name's best may lend nearness to others
_LOCAL_POPULATION = 300_000  # above this, a city is news across its country
_METRO_WEIGHT = 0.4
_CAPITAL_BONUS = 1.2  # a national capital is named far more often than its size says
_CAPITAL_HOME_BONUS = 1.5  # ... above all in a story about its own country
_STEM_SUFFIXES = (" city", " d c", " dc")


def _name_fit(c: Candidate, key: str) -> float:
    """How well the name looked up fits the candidate: 0 for its main name (or a team place's
    listed name), a little less for the main name without "City"/", D.C." ("New York",
    "Washington"), much less for an alternate spelling or a name in another language."""
    if c.primary or c.source.startswith("team") or c.is_country or c.feature_code == "ADM1":
        return 0.0  # countries' and divisions' other names are listed with care ("B.C.", "Ind.")
    name = normalise(c.name)
    if any(name == key + suffix for suffix in _STEM_SUFFIXES):
        return -0.2
    return -2.0


@functools.lru_cache(maxsize=131_072)
def _prior(c: Candidate, key: str) -> float:
    """Context-free score of a candidate: size and kind of place, main name or alternate."""
    score = math.log10(c.population + 10)
    if c.feature_code == "CONT":
        score += 4.0
    elif c.feature_code == "ADM1":
        score -= 0.4
    elif c.feature_code == "ADM2":
        # county populations are summed from the towns in them and run high
        score = min(score, 5.7) - 1.0
    elif c.feature_code == "PPLC":
        score += _CAPITAL_BONUS
    elif c.source.startswith("team") and c.feature_class in ("S", "L", "H", "T"):
        # the team's places are there because they matter in the news; seas and regions
        # across borders are as large as continents
        score += 6.0 if c.country is None else 5.0
    return score + _name_fit(c, key)


def _country_names(gaz: Gazetteer, key: str, cands: tuple[Candidate, ...]) -> Candidate | None:
    for c in cands:
        if c.is_country and c.primary or c.is_country and key == normalise(c.name):
            return c
    for c in cands:
        if c.is_country:
            return c
    return None


def _apply_qualifiers(mentions: list[_Mention], text: str) -> None:
    """"Paris, Texas", "Alexandria, La.", "Delft, South Africa": a place followed by a comma and a
    first-level division or country keeps only the candidates inside it."""
    for m, q in zip(mentions, mentions[1:], strict=False):
        if text[m.end:q.start].strip() != "," or not m.candidates:
            continue
        areas = [c for c in q.candidates if c.feature_code in ("ADM1", "PCLI")]
        if not areas:
            continue
        inside = tuple(c for c in m.candidates if c not in areas and any(
            (a.feature_code == "ADM1" and c.admin1_code == a.admin1_code)
            or (a.feature_code == "PCLI" and c.country == a.country) for a in areas))
        if inside:
            m.candidates = inside
            m.qualified = True


def _ambiguous_country(key: str, cands: tuple[Candidate, ...]) -> bool:
    """A country's name that is also a first-level division elsewhere (Georgia)."""
    return any(c.feature_code == "ADM1" and normalise(c.name) == key for c in cands)


def _city_over_state(key: str, cands: tuple[Candidate, ...], text: str) -> tuple[Candidate, ...]:
    """"New York", "São Paulo": a first-level division named after a city that holds a large share
    of its people is written for the city, unless the text says "state" ("New York State")."""
    states = [c for c in cands if c.feature_code == "ADM1" and normalise(c.name) == key]
    if not states or re.search(r"\bstate\b", text, re.I):
        return cands
    drop = set()
    for s in states:
        if any(c.feature_class == "P" and c.admin1_code == s.admin1_code and _name_fit(c, key) > -1
               and c.population >= 0.15 * s.population for c in cands):
            drop.add(s.id)
    return tuple(c for c in cands if c.id not in drop) if drop else cands


@dataclass
class _Evidence:
    """What the article says about where it is, name by name (so a name is not its own context)."""

    countries: Counter
    admin1: Counter
    by_key: dict  # key → (Counter of countries, Counter of admin1 codes) that key contributed
    anchors: list  # (key, Candidate): places resolved without doubt
    _votes: dict = dataclasses.field(default_factory=dict, repr=False)  # memo of the votes, until the next add

    def add(self, key: str, country: str | None, admin1: str | None, weight: float) -> None:
        self._votes.clear()
        own = self.by_key.setdefault(key, (Counter(), Counter()))
        if country:
            self.countries[country] += weight
            own[0][country] += weight
        if admin1:
            self.admin1[admin1] += weight
            own[1][admin1] += weight

    def country_votes(self, key: str, country: str | None) -> float:
        if not country:
            return 0.0
        memo = (0, key, country)
        found = self._votes.get(memo)
        if found is None:
            found = self._votes[memo] = self.countries[country] - sum(
                own[0][country] for k, own in self.by_key.items() if _related(k, key))
        return found

    def admin1_votes(self, key: str, admin1: str | None) -> float:
        if not admin1:
            return 0.0
        memo = (1, key, admin1)
        found = self._votes.get(memo)
        if found is None:
            found = self._votes[memo] = self.admin1[admin1] - sum(
                own[1][admin1] for k, own in self.by_key.items() if _related(k, key))
        return found


def _related(a: str, b: str) -> bool:
    """Whether two names are one inside the other ("richmond", "north richmond"): neither is
    context for the other."""
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


#: How much a mention of each kind tells about the article's places.
_EVIDENCE_WEIGHT = {"dateline": 3.0, "ner": 1.0, "district": 1.0, "demonym": 1.0, "outlet": 1.0,
                    "embedded": 0.7, "ner-part": 0.5, "weak": 0.5}


def _unambiguous(m: _Mention, key: str) -> Candidate | None:
    """The candidate a mention surely means, or None: its only candidate, the one its qualifier
    or dateline position leaves, or one that outranks the rest by far (a first-level division
    over towns named after it; a city a hundred times larger than its namesakes)."""
    cands = m.candidates[:_MAX_SCORED]
    if len(cands) == 1:
        # a hamlet that happens to share a word with a company or a person says little
        c = cands[0]
        return c if c.feature_class != "P" or c.population >= 1000 or m.qualified else None
    ranked = sorted(cands, key=lambda c: -_prior(c, key))
    top, second = ranked[0], ranked[1]
    margin = _prior(top, key) - _prior(second, key)
    if m.qualified or m.kind == "dateline":
        return top
    if top.feature_code == "ADM1" and _name_fit(top, key) == 0 and margin >= 1.0 and not (
            second.feature_code == "ADM1" and normalise(second.name) == key):
        return top
    if margin >= 2.0:
        return top
    return None


def _local_weight(c: Candidate) -> float:
    """How much naming a place says that the article is about its first-level division: fully
    for a town or county, less for a city that is news across its country ("New York",
    "Houston" do not make a story about the state)."""
    if c.feature_class != "P":
        return 1.0
    return 1.0 if c.population < _LOCAL_POPULATION else _METRO_WEIGHT


def _gather_evidence(mentions: list[_Mention], gaz: Gazetteer, article: Article) -> _Evidence:
    ev = _Evidence(Counter(), Counter(), {}, [])
    for m in mentions:
        if not m.candidates:
            continue
        key = normalise(m.text)
        weight = _EVIDENCE_WEIGHT.get(m.kind, 0.5)
        if m.kind == "demonym":
            ev.add(key, m.candidates[0].country, None, weight)
            continue
        country = None if m.qualified else _country_names(gaz, key, m.candidates)
        if country is not None:
            if not _ambiguous_country(key, m.candidates):
                ev.add(key, country.country, None, weight)
            continue
        sure = _unambiguous(m, key)
        if sure is None:
            continue
        admin1 = sure.admin1_code if sure.feature_code not in ("CONT", "RGN", "SEA") else None
        ev.add(key, sure.country, None, weight)
        ev.add(key, None, admin1, weight * _local_weight(sure))
        if sure.feature_class not in ("A", "L", "H") and m.kind not in ("weak", "ner-part"):
            ev.anchors.append((key, sure))
    tld = _tld_country(article.source)
    if tld:
        ev.add("", tld, None, 1.0)
    return ev


def _grid(points: list[tuple[str, Candidate]]) -> dict:
    """The points by one-degree cell: ``cells[floor(lat)][floor(lon)]`` lists (key, candidate)."""
    cells: dict[int, dict[int, list]] = {}
    for key, c in points:
        cells.setdefault(math.floor(c.lat), {}).setdefault(math.floor(c.lon), []).append((key, c))
    return cells


def _near_bonus(c: Candidate, key: str, cells: dict) -> float:
    """Bonus for lying near places the article names under other names: per other name, the
    band of its nearest place (see ``_NEAR_BANDS``), capped at ``_NEAR_CAP``."""
    if c.feature_class in ("A", "L", "H"):
        return 0.0
    best: dict[str, float] = {}
    la, lo = math.floor(c.lat), math.floor(c.lon)
    for dl in (-2, -1, 0, 1, 2):
        row = cells.get(la + dl)
        if row is None:
            continue  # most rows of cells are empty: one lookup per row, not per cell
        for dn in (-2, -1, 0, 1, 2):
            for k, p in row.get(lo + dn, ()):
                if p.id == c.id or _related(k, key):
                    continue  # "North Richmond" says nothing about which Richmond
                d = haversine_km(c.lat, c.lon, p.lat, p.lon)
                for limit, bonus in _NEAR_BANDS:
                    if d <= limit:
                        if bonus > best.get(k, 0.0):
                            best[k] = bonus
                        break
    return min(sum(best.values()), _NEAR_CAP)


def _score(c: Candidate, key: str, ev: _Evidence, cells: dict) -> float:
    s = _prior(c, key)
    n_country = ev.country_votes(key, c.country)
    if n_country > 0:
        s += _COUNTRY_BASE + min(n_country, 5) * _COUNTRY_STEP
        if c.feature_code == "PPLC":
            s += _CAPITAL_HOME_BONUS  # "Washington" in a story about the USA is its capital
    n_admin1 = ev.admin1_votes(key, c.admin1_code) if c.feature_code not in ("PCLI", "CONT") else 0
    if n_admin1 > 0:
        s += _ADMIN1_BASE + min(n_admin1, 5) * _ADMIN1_STEP
    return s + _near_bonus(c, key, cells)


def _score_once(scores: dict, c: Candidate, key: str, ev: _Evidence, cells: dict) -> float:
    """:func:`_score`, kept in ``scores`` for the round (the same name may be mentioned often)."""
    found = scores.get((c, key))
    if found is None:
        found = scores[(c, key)] = _score(c, key, ev, cells)
    return found


def _plausible(m: _Mention, key: str) -> list[Candidate]:
    """Candidates of an unresolved name that may lend nearness to the others: not far below the
    name's best, and populated places of some size, or counties."""
    cands = [c for c in m.candidates[:_MAX_SCORED] if c.feature_class in ("P", "S") or c.feature_code == "ADM2"]
    if not cands:
        return []
    top = max(_prior(c, key) for c in m.candidates[:_MAX_SCORED])
    return [c for c in cands if _prior(c, key) >= top - _PLAUSIBLE_GAP][:10]


def _resolve(mentions: list[_Mention], gaz: Gazetteer, article: Article) -> _Evidence:
    """Choose a candidate for each mention (``m.chosen``). Returns the article's evidence."""
    _apply_qualifiers(mentions, article.text)
    for m in mentions:
        if not m.qualified and m.kind != "demonym":
            m.candidates = _city_over_state(normalise(m.text), m.candidates, m.text)
    ev = _gather_evidence(mentions, gaz, article)
    anchor_keys = {k for k, _ in ev.anchors}
    points = list(ev.anchors)
    seen = set(anchor_keys)
    for m in mentions:
        key = normalise(m.text)
        if m.candidates and key not in seen and m.kind != "demonym":
            seen.add(key)
            points += [(key, c) for c in _plausible(m, key)]
    plausible = points  # every plausible reading of every name lends nearness in every round
    cells = _grid(points)

    # choose, then let the choices for ambiguous names be context for the others, until stable
    base, ev = ev, ev
    previous = None
    for _ in range(_ROUNDS):
        scores: dict = {}  # (candidate, key) -> score in this round (a name may be mentioned often)
        for m in mentions:
            if not m.candidates:
                continue
            key = normalise(m.text)
            if m.kind == "demonym":
                m.chosen = m.candidates[0]
                continue
            country = None if m.qualified else _country_names(gaz, key, m.candidates)
            if country is not None:
                m.chosen = _country_or_namesake(key, country, m.candidates, ev)
                continue
            m.chosen = max(m.candidates[:_MAX_SCORED], key=lambda c: _score_once(scores, c, key, ev, cells))
        choices = [m.chosen for m in mentions]
        if choices == previous:
            break
        previous = choices
        ev = _with_choices(base, mentions)
        cells = _grid(plausible + [
            (normalise(m.text), m.chosen) for m in mentions if m.chosen is not None and m.kind != "demonym"
            and (m.chosen.feature_class in ("P", "S") or m.chosen.feature_code == "ADM2")])
    return ev


def _with_choices(base: _Evidence, mentions: list[_Mention]) -> _Evidence:
    """The article's evidence plus the current choices for the names that gave none (one vote
    per name, weighted by how the name was found)."""
    ev = _Evidence(Counter(base.countries), Counter(base.admin1),
                   {k: (Counter(c), Counter(a)) for k, (c, a) in base.by_key.items()}, base.anchors)
    done = set(base.by_key)
    for m in mentions:
        c = m.chosen
        key = normalise(m.text)
        if c is None or key in done or m.kind not in _CHOICE_KINDS or len(m.candidates) < 2:
            continue
        done.add(key)
        if c.feature_class in ("A", "L", "H") and c.feature_code not in ("ADM1", "ADM2"):
            continue
        weight = _ROUND_WEIGHT * _EVIDENCE_WEIGHT.get(m.kind, 0.5)
        ev.add(key, c.country, None, weight)
        ev.add(key, None, c.admin1_code, weight * _local_weight(c))
    return ev


def _country_or_namesake(key: str, country: Candidate, cands: tuple[Candidate, ...], ev: _Evidence) -> Candidate:
    """Hard rule: a country's name is the country, unless a first-level division of the same
    name elsewhere fits the article much better (Georgia, USA: the article names the USA or
    places in that division, and not the country Georgia)."""
    if country.country == "USA":
        return country
    for c in cands:
        if c.feature_code != "ADM1" or c.country == country.country or normalise(c.name) != key:
            continue
        for_state = ev.country_votes(key, c.country) + 2 * ev.admin1_votes(key, c.admin1_code)
        if for_state >= 1 and for_state > 2 * ev.country_votes(key, country.country):
            return c
    return country


def _tld_country(source: str | None) -> str | None:
    if not source:
        return None
    host = source.lower().split("/")[0]
    tld = host.rsplit(".", 1)[-1]
    return _TLD_COUNTRY.get(tld)


def _accept_weak(m: _Mention, ev: _Evidence) -> bool:
    """Whether a mention found outside the entity recogniser's places is a place: a country,
    division or team place, or a town that fits the places the article names elsewhere."""
    c = m.chosen
    if c is None:
        return False
    if c.is_country or c.feature_code in ("CONT", "ADM1") or c.source.startswith("team"):
        return True
    key = normalise(m.text)
    if ev.admin1_votes(key, c.admin1_code) >= 1 or c.feature_code == "ADM2" and ev.country_votes(key, c.country) >= 1:
        return True
    if ev.country_votes(key, c.country) >= 1 and c.population >= 10_000:
        return True
    return c.population >= 200_000


#: Words after a town's name that make it a town: "a Gainesville man", "Oxford City Council".
_LOCAL_NOUNS = frozenset(["man", "men", "woman", "women", "boy", "girl", "teen", "teenager", "resident", "residents",
                          "native", "natives", "couple", "family", "homeowner", "homeowners", "police", "sheriff",
                          "mayor", "council", "township", "village", "area", "schools", "school", "library",
                          "fire", "firefighters", "officials", "community", "neighborhood", "neighbourhood", "chamber",
                          "aldermen", "selectmen", "board", "borough", "downtown", "city", "county", "municipal",
                          "district", "hospital", "airport", "station", "students", "voters", "businesses"])
_LOCAL_PREFIX = frozenset(["city", "town", "village", "county", "borough", "township", "municipality", "outskirts"])


#: Words after a place's name for what happens there or part of it: "the Manbij campaign",
#: "the Rafah region".
_AREA_NOUNS = frozenset(["campaign", "offensive", "operation", "battle", "front", "siege", "massacre", "bombing",
                         "bombings", "attack", "attacks", "clashes", "fighting", "region", "province", "governorate",
                         "countryside", "border", "crossing", "outskirts", "suburb", "suburbs", "enclave", "valley",
                         "earthquake", "floods", "uprising", "protests", "riots"])
#: Verbs whose object, when a whole name the gazetteer knows, is a place ("captured Jaffna").
_PLACE_OBJECT_VERBS = frozenset(["capture", "recapture", "seize", "retake", "storm", "overrun", "liberate", "occupy",
                                 "invade", "besiege", "encircle", "surround", "shell", "bomb", "raid", "enter",
                                 "reach", "visit", "leave", "flee", "evacuate", "tour", "patrol"])
_LOCATIVE_BEFORE = frozenset(["in", "at", "near", "outside", "inside", "around", "across", "throughout", "into",
                              "towards", "toward", "from"])


def _local_cue(doc, m: _Mention) -> bool:
    """Whether the words around a name make it a place: a following word for its people and
    offices ("Gainesville man", "Oxford City Council") or for an event or area there ("the
    Manbij campaign"); "City of X", "the town of X"; or, when the name is all of an entity the
    recogniser labelled otherwise, a locative preposition before it ("in Beslan") or a verb of
    taking or entering whose object it is ("captured Jaffna")."""
    if m.tok_start is None:
        return False
    after = doc[m.tok_end] if m.tok_end < len(doc) else None
    if after is not None and (after.lower_ in _LOCAL_NOUNS or after.lower_ in _AREA_NOUNS):
        return True
    if m.tok_start >= 2 and doc[m.tok_start - 1].lower_ == "of" and doc[m.tok_start - 2].lower_ in _LOCAL_PREFIX:
        return True
    whole = (after is None or after.ent_iob_ != "I") and doc[m.tok_start].ent_iob_ != "I"
    if not whole:
        return False
    before = doc[m.tok_start - 1] if m.tok_start > 0 else None
    if before is not None and before.lower_ in _LOCATIVE_BEFORE:
        return True
    root = doc[m.tok_start:m.tok_end].root
    return root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in _PLACE_OBJECT_VERBS


def _role(doc, m: _Mention) -> str:
    if m.kind == "demonym":
        return "demonym"
    if m.tok_start is None:
        return "location"
    head = doc[m.tok_start:m.tok_end].root
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in _AGENT_VERBS:
        c = m.chosen
        if c is None or c.is_country or c.feature_code in ("PPLC", "ADM1") or c.feature_class == "S":
            return "metonym"
    if head.dep_ == "poss" and m.chosen is not None and (m.chosen.is_country or m.chosen.feature_code == "PPLC"):
        if head.head.lemma_.lower() in ("government", "decision", "position", "policy", "refusal", "demand",
                                        "response", "offer", "request", "support", "plan", "leadership"):
            return "metonym"
    return "location"


def to_place(c: Candidate, text: str, start: int | None, end: int | None, confidence: float = 1.0) -> Place:
    """A gazetteer candidate as a :class:`tacitus.records.Place` for the text that named it."""
    return Place(text=text, name=c.name, geonames_id=c.geonames_id, lat=round(c.lat, 5), lon=round(c.lon, 5),
                 admin1=c.admin1, country=c.country, precision=c.precision, feature_code=c.feature_code,
                 start=start, end=end, confidence=confidence)


def find_toponyms(article: Article, doc, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """Toponyms of an article, in text order.

    Takes the article (its text, dateline and source give context), its spaCy ``Doc`` (parsed from
    ``article.text``) and a gazetteer (default: :func:`load_gazetteer`). Returns a list of
    :class:`Toponym`, each with the place it resolves to (or None) and its role: "demonym" for
    "Iraqi", "metonym" for a place standing for its government ("Tehran said"), else "location".
    """
    gaz = gazetteer or load_gazetteer()
    mentions = _recognise(article, doc, gaz)
    ev = _resolve(mentions, gaz, article)
    sure_names = {normalise(m.text) for m in mentions if m.kind in ("ner", "dateline", "district", "outlet")
                  and m.candidates}
    outlet = _outlet_words(article.source).replace("-", "")
    out = []
    for m in mentions:
        if m.kind in ("weak", "embedded", "ner-part"):
            key = normalise(m.text)
            accepted = (_accept_weak(m, ev) or key in sure_names or _local_cue(doc, m)
                        or len(key) >= 5 and key.replace(" ", "") in outlet)
            if not accepted and m.kind == "ner-part":
                m.chosen = None  # the recogniser's place stays, unresolved
            elif not accepted:
                continue
        place = None
        if m.chosen is not None:
            conf = 1.0 if len(m.candidates) == 1 else 0.8
            place = to_place(m.chosen, m.text, m.start, m.end, conf)
        out.append(Toponym(m.start, m.end, m.text, place, _role(doc, m), len(m.candidates)))
    return _within_focus(out)


def _within_focus(toponyms: list[Toponym]) -> list[Toponym]:
    """Names the gazetteer does not know (streets, buildings, neighbourhoods) placed at the
    article's focus: the town it names most often. Their places keep the town's coordinates and
    precision, with a low confidence (0.3)."""
    towns = Counter((t.place.name, t.place.lat, t.place.lon) for t in toponyms
                    if t.place is not None and t.role != "demonym" and t.place.precision in ("city", "site")
                    and t.place.confidence > 0.3)
    if not towns:
        return toponyms
    (name, lat, lon), _ = towns.most_common(1)[0]
    focus = next(t.place for t in toponyms if t.place is not None and (t.place.name, t.place.lat, t.place.lon)
                 == (name, lat, lon))
    out = []
    for t in toponyms:
        if t.place is None and t.role == "location":
            place = dataclasses.replace(focus, text=t.text, start=t.start, end=t.end, confidence=0.3)
            t = dataclasses.replace(t, place=place)
        out.append(t)
    return out
