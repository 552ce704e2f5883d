"""Toponyms: place names in an article, recognised and resolved against the gazetteer.

Recognition draws on spaCy's entities (GPE, LOC, FAC; NORP for demonyms), places embedded in
organisation names ("the Madison County Sheriff's Office"), the dateline ("BAGHDAD, April 26 -"),
"Rep. Jane Doe, D-Chicopee" style district tags, and proper nouns after a locative preposition.

Resolution ranks each name's candidates by population and feature class, then by the article's
context: countries and first-level divisions named elsewhere in it (demonyms included), its
dateline, its outlet's country domain, and nearness to the other places it names. Two rules are
hard: a country's name always resolves to the country (never to a town or building named after
it), and "U.S."/"US"/"America"/"the States" are the United States.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from tacitus.geo.gazetteer import Candidate, Gazetteer, haversine_km, load_gazetteer, normalise
from tacitus.records import Article, Place

ROLES = ("location", "metonym", "demonym")

#: Verbs whose subject, when a place, stands for its government or people ("Tehran said").
_AGENT_VERBS = frozenset(["say", "tell", "warn", "accuse", "announce", "deny", "reject", "demand", "urge", "threaten", "agree", "sign", "send", "claim", "insist", "refuse", "condemn", "criticize", "criticise", "call", "ask", "respond", "reply", "vow", "pledge", "offer", "propose", "seek", "want", "plan", "decide", "expel", "recall", "impose", "lift", "sanction", "support", "back", "oppose", "welcome", "praise", "blame", "dismiss", "protest", "request", "order", "launch", "retaliate", "respond", "negotiate", "announce", "declare", "recognise", "recognize", "acknowledge", "confirm", "suspend", "approve", "veto", "vote", "beat", "defeat", "win", "lose", "host", "invite", "meet", "join"])
_LOCATIVE_PREPS = frozenset(["in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "to", "into", "toward", "towards", "via", "through", "between", "within", "of"])
_DETERMINERS = frozenset({"the", "The", "THE"})
_DISTRICT_TAG = re.compile(r"\b[DRI]-([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)")
_DATELINE = re.compile(r"\s*([A-Z][A-Z.'’\- ]{2,40}?)(?:,\s*([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
                       r"\s*(?:\(|[-–—:]|,\s*\w+\.? \d|\s(?=[A-Z][a-z]))")
_PREFIXED = re.compile(r"^(?:anti|ex|pro|all|non|post|pre)-(\w+)$", re.I)
_ROUND_WEIGHT = 1.0
_MAX_SCORED = 40  # candidates ranked by population; the long tail of hamlets is not scored
#: Mention kinds trusted enough to give context to the others.
_STRONG = ("ner", "dateline", "demonym", "district")
_TLD_COUNTRY = {
    "uk": "GBR", "ie": "IRL", "au": "AUS", "ca": "CAN", "in": "IND", "nz": "NZL", "za": "ZAF", "ng": "NGA",
    "ke": "KEN", "pk": "PAK", "ph": "PHL", "sg": "SGP", "my": "MYS", "lk": "LKA", "gh": "GHA", "jm": "JAM",
    "tt": "TTO", "fr": "FRA", "de": "DEU", "it": "ITA", "es": "ESP", "ru": "RUS", "cn": "CHN", "jp": "JPN",
    "il": "ISR", "ae": "ARE", "qa": "QAT", "eg": "EGY", "tr": "TUR", "ua": "UKR", "bd": "BGD", "np": "NPL",
}
#: Words that are place names somewhere but, alone inside an organisation's name, are not places.
_GENERIC = frozenset(["center", "centre", "federal", "national", "state", "city", "county", "district", "union", "council", "university", "college", "school", "hospital", "point", "act", "cup", "community", "department", "police", "court", "office", "church", "park", "valley", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater", "new", "old", "general", "royal", "grand", "gold", "golden", "love", "hope", "faith", "liberty", "independence", "victoria", "union", "republic", "democrat", "republican", "america", "american", "international", "global", "world", "metro", "downtown", "uptown", "midtown", "capital", "harbor", "harbour", "bay", "beach", "lake", "river", "mountain", "island", "islands", "airport", "station", "bridge", "road", "street", "avenue", "square", "creek", "hill", "hills", "field", "fields", "forest", "wood", "woods", "springs", "spring", "falls", "heights", "ridge", "rock", "stone", "shell", "rail", "research", "alliance", "force", "sales", "war", "bed", "orchard", "landmark", "march", "may", "section", "commerce", "justice", "superior", "first", "second", "third", "fifth", "king", "queen", "prince", "princess", "lincoln", "jackson", "franklin", "jefferson", "madison", "hamilton", "clinton", "wilson", "grant", "mission", "trinity", "providence", "concord", "unity", "progress"])
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

def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Token span without leading determiners and trailing possessives or punctuation."""
    while start < end and (doc[start].text in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _is_name_token(tok) -> bool:
    return tok.is_title or tok.is_upper or (tok.pos_ == "PROPN" and tok.text[:1].isupper())


def _name_candidates(gaz: Gazetteer, text: str) -> list[Candidate]:
    """Candidates for a name found inside other names: main names only (alternate spellings and
    codes match too much), except countries' and the team's names ("EU", "U.S.")."""
    return [c for c in gaz.lookup(text) if c.primary or c.is_country or c.source.startswith("team")]


def _best_subspan(doc, start: int, end: int, gaz: Gazetteer, max_len: int = 4):
    """The longest run of capitalised tokens inside [start, end) that the gazetteer knows, or None.

    Starts are tried left to right, so "Madison County Sheriff" yields "Madison County". A single
    generic word ("Center", "Federal") or a short all-capitals code is not taken."""
    best = None
    for i in range(start, end):
        if not _is_name_token(doc[i]) or doc[i].is_stop and not doc[i].is_upper:
            continue
        for j in range(min(end, i + max_len), i, -1):
            if not all(_is_name_token(t) or t.text in ("-", "'s") for t in doc[i:j]):
                continue
            text = doc[i:j].text
            if len(text) < 3 and text not in ("US", "UK", "EU"):
                continue
            cands = _name_candidates(gaz, text)
            if j - i == 1:
                if doc[i].lower_ in _GENERIC:
                    continue
                if doc[i].is_upper and len(text) <= 4 and not any(
                        c.is_country or c.feature_code == "ADM1" or c.source.startswith("team") for c in cands):
                    continue
            if cands:
                if best is None or (j - i) > (best[1] - best[0]):
                    best = (i, j, cands)
                break
    return best


def _variants(gaz: Gazetteer, text: str) -> list[Candidate]:
    """Candidates for a name the gazetteer does not know as written: without a compass or size
    prefix ("South Florida", "S.E. Paris") or a generic suffix ("Oaxaca State")."""
    for pattern in (_DIRECTIONS, _SUFFIXES):
        m = pattern.match(text)
        if m:
            cands = _name_candidates(gaz, m.group(1))
            if cands:
                return cands
    return []


def _recognise(article: Article, doc, gaz: Gazetteer) -> list[_Mention]:
    text = doc.text
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
    person_words = set()
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            person_words.update(t.lower_ for t in ent)

    # 1. places named by the entity recogniser, split at commas ("Alexandria, La.")
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        s, e = _trim(doc, ent.start, ent.end)
        parts, k0 = [], s
        for k in range(s, e):
            if doc[k].text == ",":
                parts.append((k0, k))
                k0 = k + 1
        parts.append((k0, e))
        if len(parts) > 1 and not all(gaz.lookup(doc[a:b].text) for a, b in parts if b > a):
            parts = [(s, e)]
        for a, b in parts:
            a, b = _trim(doc, a, b)
            if b <= a:
                continue
            span_text = doc[a:b].text
            if gaz.lookup(span_text):
                add(a, b, "ner")
                continue
            demonym = gaz.demonym(span_text)
            if demonym is not None:
                add(a, b, "demonym", (demonym,))
                continue
            cands = _variants(gaz, span_text)
            if not cands:
                hit = _best_subspan(doc, a, b, gaz)
                cands = hit[2] if hit else []
            if not cands and b - a == 1 and doc[a].lower_ in person_words:
                continue  # a surname the recogniser took for a place ("Saakashvili")
            add(a, b, "ner-part" if cands else "ner", cands)

    # 2. demonyms (and language names, which GeoWebNews counts as toponyms) and places mislabelled as groups
    for ent in ents:
        if ent.label_ not in ("NORP", "LANGUAGE"):
            continue
        s, e = _trim(doc, ent.start, ent.end)
        if e <= s:
            continue
        span_text = doc[s:e].text
        prefixed = _PREFIXED.match(span_text)
        if prefixed and e - s == 1 and gaz.demonym(prefixed.group(1)) is not None:
            # "anti-Russian", "ex-Soviet": the demonym after the prefix
            a = doc[s].idx + prefixed.start(1)
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
        first = gaz.demonym(doc[s].text)
        if first is not None:
            add(s, s + 1, "demonym", (first,))
            continue
        cands = [c for c in gaz.lookup(span_text) if c.primary]
        if cands and not (e - s == 1 and doc[s].lower_ in _GENERIC):
            add(s, e, "weak", cands)

    # 3. places embedded in organisation, event and work names; people's names that are places
    for ent in ents:
        if ent.label_ in ("ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "FAC", "LAW"):
            hit = _best_subspan(doc, ent.start, ent.end, gaz)
            if hit:
                add(hit[0], hit[1], "embedded", hit[2])
            else:
                for k in range(ent.start, ent.end):  # "the Russian Ministry of Defence"
                    place = gaz.demonym(doc[k].text) if doc[k].text[:1].isupper() else None
                    if place is not None:
                        add(k, k + 1, "demonym", (place,))
                        break
        elif ent.label_ == "PERSON":
            s, e = _trim(doc, ent.start, ent.end)
            if e <= s:
                continue
            cands = [c for c in gaz.lookup(doc[s:e].text) if c.primary]
            if cands and not (e - s == 1 and (doc[s].lower_ in person_words or doc[s].lower_ in _GENERIC)):
                add(s, e, "weak", cands)
            elif not cands and doc[s].lower_ not in person_words:
                hit = _best_subspan(doc, s, e, gaz)  # "Alexandria Police" taken for a person
                if hit and hit[0] == s:
                    add(hit[0], hit[1], "weak", [c for c in hit[2] if c.primary] or hit[2])

    # 4. proper nouns after a locative preposition that the recogniser missed ("in Nitro")
    lowers = [t.lower_ for t in doc]
    after_prep = [i + 1 for i, w in enumerate(lowers[:-1]) if w in ("in", "at", "near", "outside", "from", "to")]
    for i in after_prep:
        tok = doc[i]
        if taken[i] or not (tok.pos_ == "PROPN" and tok.text[:1].isupper()):
            continue
        j = tok.i
        while j < len(doc) and not taken[j] and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        cands = [c for c in gaz.lookup(doc[tok.i:j].text) if c.primary]
        if cands and not (j - tok.i == 1 and (tok.lower_ in person_words or tok.lower_ in _GENERIC)):
            add(tok.i, j, "weak", cands)

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

    mentions.sort(key=lambda m: m.start)
    return mentions


def _dateline_spans(article: Article, text: str) -> list[tuple[int, int]]:
    """Character spans of the place words of a dateline at the start of a paragraph."""
    out = []
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*|[.!?]\s+(?=[A-Z]{3,})", text[:600])]
    for st in starts[:6]:
        m = _DATELINE.match(text, st)
        if m and m.group(1).strip().isupper() and len(m.group(1).strip().replace(".", "")) >= 3:
            out.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
            if m.group(2):
                out.append((m.start(2), m.start(2) + len(m.group(2).rstrip())))
    return out


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

def _prior(c: Candidate, key: str) -> float:
    """Context-free score of a candidate: size and kind of place, main name or alternate."""
    score = math.log10(c.population + 10)
    if c.feature_code == "CONT":
        score += 4.0
    elif c.feature_code in ("ADM1",):
        score -= 0.4
    elif c.feature_code == "ADM2":
        score -= 1.0
    elif c.feature_code == "PPLC":
        score += 1.2
    elif c.feature_class in ("S", "L", "H", "T") and c.source.startswith("team"):
        score += 5.0  # the team's places are there because they matter in the news
    if not c.primary:
        score -= 1.5
    return score


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


def _resolve(mentions: list[_Mention], gaz: Gazetteer, article: Article) -> None:
    _apply_qualifiers(mentions, article.text)
    # context from what is unambiguous: countries, demonyms, team places, dateline, outlet domain
    countries: Counter = Counter()
    admin1: Counter = Counter()
    for m in mentions:
        if not m.candidates or m.kind not in _STRONG:
            continue
        key = normalise(m.text)
        country = _country_names(gaz, key, m.candidates)
        if country is not None and _ambiguous_country(key, m.candidates):
            continue
        if m.kind == "demonym" or country is not None:
            c = m.candidates[0] if m.kind == "demonym" else country
            if c.country:
                countries[c.country] += 1
        weight = 3 if m.kind == "dateline" else 1
        top = max(m.candidates, key=lambda c: _prior(c, key))
        if len(m.candidates) == 1 or m.kind == "dateline":
            if top.country:
                countries[top.country] += weight
            if top.admin1_code and top.feature_class != "A" or top.feature_code in ("ADM1", "ADM2"):
                admin1[top.admin1_code] += weight
    tld = _tld_country(article.source)
    if tld:
        countries[tld] += 1

    # what each name's own first-round choice added, so that a name is not its own context
    own_countries: dict[str, Counter] = {}
    own_admin1: dict[str, Counter] = {}

    def score(c: Candidate, key: str, placed: list[tuple[str, Candidate]]) -> float:
        s = _prior(c, key)
        n_country = countries[c.country] - own_countries.get(key, Counter())[c.country] if c.country else 0
        if n_country > 0:
            s += 2.0 + min(n_country, 5) * 0.4
        n_admin1 = admin1[c.admin1_code] - own_admin1.get(key, Counter())[c.admin1_code] if c.admin1_code else 0
        if n_admin1 > 0:
            s += 2.0 + min(n_admin1, 5) * 0.3
        if c.feature_class in ("A", "L"):
            return s
        others = [p for k, p in placed if k != key]
        if others:
            near = min(haversine_km(c.lat, c.lon, p.lat, p.lon) for p in others[:30])
            if near < 50:
                s += 1.5
            elif near < 200:
                s += 0.8
        return s

    for rnd in range(2):
        placed = [(normalise(m.text), m.chosen) for m in mentions if m.chosen is not None and m.kind in _STRONG
                  and m.chosen.feature_class not in ("L", "H") and not m.chosen.is_country]
        for m in mentions:
            if not m.candidates:
                continue
            key = normalise(m.text)
            if m.kind == "demonym":
                m.chosen = m.candidates[0]
                continue
            country = None if m.qualified else _country_names(gaz, key, m.candidates)
            if country is not None:
                # hard rule: a country's name is the country, unless a first-level division of the
                # same name fits the article's context much better (Georgia, USA)
                alt = [c for c in m.candidates if c.feature_code == "ADM1" and c.country != country.country
                       and normalise(c.name) == key and countries[c.country] >= 1
                       and countries[c.country] > 2 * countries[country.country]]
                m.chosen = alt[0] if alt and country.country != "USA" else country
                continue
            m.chosen = max(m.candidates[:_MAX_SCORED], key=lambda c: score(c, key, placed))
        if rnd == 0:
            for m in mentions:
                c = m.chosen
                if c is not None and m.kind in ("ner", "demonym") and len(m.candidates) > 1:
                    key = normalise(m.text)
                    if c.country:
                        countries[c.country] += _ROUND_WEIGHT
                        own_countries.setdefault(key, Counter())[c.country] += _ROUND_WEIGHT
                    if c.admin1_code:
                        admin1[c.admin1_code] += _ROUND_WEIGHT
                        own_admin1.setdefault(key, Counter())[c.admin1_code] += _ROUND_WEIGHT


def _tld_country(source: str | None) -> str | None:
    if not source:
        return None
    host = source.lower().split("/")[0]
    tld = host.rsplit(".", 1)[-1]
    return _TLD_COUNTRY.get(tld)


def _accept_weak(m: _Mention, countries: set[str], admin1: set[str]) -> bool:
    """Whether a mention found outside the entity recogniser's places is a place: a country,
    division or team place, or a town that fits the places the article names elsewhere."""
    c = m.chosen
    if c is None:
        return False
    if c.is_country or c.feature_code in ("CONT", "ADM1") or c.source.startswith("team"):
        return True
    if c.admin1_code in admin1 or c.feature_code == "ADM2" and c.country in countries:
        return True
    if c.country in countries and c.population >= 10_000:
        return True
    return c.population >= 200_000


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
    _resolve(mentions, gaz, article)
    strong_countries = {m.chosen.country for m in mentions if m.chosen is not None and m.kind in ("ner", "dateline", "demonym")}
    strong_admin1 = {m.chosen.admin1_code for m in mentions if m.chosen is not None and m.kind in ("ner", "dateline")}
    out = []
    for m in mentions:
        if m.kind in ("weak", "embedded") and not _accept_weak(m, strong_countries, strong_admin1):
            continue
        if m.kind == "ner-part" and not _accept_weak(m, strong_countries, strong_admin1):
            m.chosen = None  # the recogniser's place stays, unresolved
        place = None
        if m.chosen is not None:
            conf = 1.0 if len(m.candidates) == 1 else 0.8
            place = to_place(m.chosen, m.text, m.start, m.end, conf)
        out.append(Toponym(m.start, m.end, m.text, place, _role(doc, m), len(m.candidates)))
    return out
