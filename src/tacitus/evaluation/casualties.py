"""Benchmark task ``casualties``: killed and injured totals (and the date) of a gun-violence report.

Input rows are whole local-news pages: the story plus navigation, other headlines, repeated
paragraphs and comments. For each row the module

1. cleans the page: glued sentences are split, repeated paragraphs and page furniture dropped;
2. keeps the paragraphs that can hold a casualty figure (a cheap word test) and parses only those;
3. reads size mentions (:func:`tacitus.sizes.find_sizes`) sentence by sentence, title first;
4. picks the sentences that tell the main incident (the headline and the opening of the story,
   the incident most repeated) and sums them with :func:`tacitus.sizes.totals.incident_totals`;
   a page whose sentences count nobody still reports someone shot: one dead where the headline or
   the opening speaks of a death, else one hurt (:func:`_nobody_counted`);
5. dates the incident from the temporal expressions nearest its first report, resolved against
   the publication date (:mod:`tacitus.timex` when present, else a small weekday/date resolver);
6. reads the reports of one incident together: the product's clustering groups the articles
   (:func:`incident_groups`, as ``tacitus ingest`` would, joined where reports name the same
   victim on the same days), and the reports that date the incident
   alike vote on its killed and injured (:func:`incident_vote`). Each article's own figures are
   kept beside the agreed ones.

``predict(rows)`` yields ``{"id", "killed", "injured", "incident_date", "article_killed",
"article_injured"}``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import MappingProxyType

from tacitus.nlp import load_pipeline
from tacitus.sizes.mentions import SizeMention, find_sizes
from tacitus.sizes.totals import incident_totals, is_aggregate

BATCH_SIZE = 64
#: A paragraph is parsed only if it has one of these words.
CASUALTY_WORDS = re.compile(
    r"\b(kill|dead|die[ds]?\b|dying|death|fatal|shot|shoot|wound|injur|hurt|hospital|victim|murder|"
    r"homicide|slain|gunned|gunfire|gunshot|stab|struck|critical|condition|casualt|bod(?:y|ies)|"
    r"pronounced|succumb|lifeless|no one|nobody)",
    re.IGNORECASE,
)
#: Page furniture: lines with these are not part of any story.
BOILERPLATE = re.compile(
    r"(enable javascript|javascript is disabled|all rights reserved|copyright|\(c\) \d{4}|terms of (use|service)|"
    r"privacy policy|sign up for|subscribe|newsletter|click here|share this|follow us|log ?in to|"
    r"comments? (are|is) closed|post a comment|leave a comment|commenting|this material may not be published|"
    r"advertisement|related stories|related articles|more stories|recommended for you|you might also like|"
    r"trending now|most popular|most read|read more|image \d+ of \d+|photo gallery|watch video|"
    r"download our app|breaking news alerts|report a typo|send us a tip|cookies)",
    re.IGNORECASE,
)
_GLUED = re.compile(r"([a-z]{2}[.!?][\"”’']?)([A-Z][a-z])")
#: Photo-gallery counters inside a story line ("Photo: Channel 9 Image 2 of 8 A child was shot"):
#: their figures count pictures, not people.
_GALLERY_COUNTER = re.compile(r"\b(?:hide )?(?:image|caption|photo|slide)s? \d+ of \d+\b", re.IGNORECASE)
_NORM = re.compile(r"\W+")
MAX_PARAGRAPH = 3000
#: How many story paragraphs, counted from the first casualty report, tell the main incident.
LEAD_PARAGRAPHS = 6


@dataclass
class Paragraph:
    """One kept paragraph of the page: its text, its order, how often the page repeats it."""

    text: str
    order: int
    repeats: int = 1
    title: bool = False
    mentions: list[list[SizeMention]] = field(default_factory=list)  # one list per sentence
    sentences: list[str] = field(default_factory=list)
    dates: list[list[tuple[int, str]]] = field(default_factory=list)  # per sentence: (rank, date)


def clean_title(title: str | None) -> str:
    """The headline without the site name, in sentence case so the parser can read it
    ("4 Shot, 2 Killed In Memphis - WREG" -> "4 shot, 2 killed in memphis")."""
    if not title:
        return ""
    parts = re.split(r"\s+[-|–—:]{1,2}\s+", title)
    parts = [p for p in parts if p.strip()]
    if not parts:
        return ""
    best = max(parts, key=lambda p: (bool(CASUALTY_WORDS.search(p)), len(p))).strip()
    words = best.split()
    capitalised = sum(w[:1].isupper() for w in words)
    if len(words) >= 3 and capitalised >= 0.6 * len(words):
        words = [words[0]] + [w if (w.isupper() and len(w) <= 4) else w.lower() for w in words[1:]]
        best = " ".join(words)
    # a headline's comma stands for "and" ("Man, woman shot in Dallas"), unless it sets off an
    # age ("Boy, 11, shot") or a place's state ("Durham, N.C.")
    if best.count(",") == 1:
        before, after = best.split(",")
        if after.strip()[:1].isalpha() and not after.strip()[:1].isupper():
            best = f"{before} and{after}"
    return best


def _shouting(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _sentence_case(line: str) -> str:
    """An all-capitals line in sentence case, so the parser can read it."""
    low = line.lower()
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), low)


def paragraphs(text: str) -> list[Paragraph]:
    """The page's paragraphs, unglued, without furniture, each kept once with its repeat count."""
    seen: dict[str, Paragraph] = {}
    out: list[Paragraph] = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        line = _GLUED.sub(r"\1 \2", line)
        if _shouting(line):
            line = _sentence_case(line)
        key = _NORM.sub(" ", line.lower()).strip()
        if not key:
            continue
        if key in seen:
            seen[key].repeats += 1
            continue
        if len(line) < 400 and BOILERPLATE.search(line):
            continue
        line = " ".join(_GALLERY_COUNTER.sub(" ", line).split())
        p = Paragraph(text=line, order=len(out))
        seen[key] = p
        out.append(p)
    return out


def _chunks(p: Paragraph) -> list[str]:
    """A long paragraph cut into pieces the parser can take, on sentence-like boundaries."""
    if len(p.text) <= MAX_PARAGRAPH:
        return [p.text]
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", p.text)
    out, cur = [], ""
    for piece in pieces:
        if len(cur) + len(piece) > MAX_PARAGRAPH and cur:
            out.append(cur)
            cur = ""
        cur = f"{cur} {piece}".strip()
    if cur:
        out.append(cur)
    return [c for c in out if CASUALTY_WORDS.search(c)]


@dataclass
class Reading:
    """What the module read from one row: kept paragraphs (title first) and its metadata."""

    id: str
    published: str | None
    paragraphs: list[Paragraph]


ROWS_PER_CHUNK = 32


def read_rows(rows: Iterable[dict], nlp=None, batch_size: int = BATCH_SIZE) -> Iterator[Reading]:
    """Clean, select and parse each row's paragraphs; yield one :class:`Reading` per row, in order."""
    nlp = nlp or load_pipeline()
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= ROWS_PER_CHUNK:
            yield from _read_chunk(chunk, nlp, batch_size)
            chunk = []
    if chunk:
        yield from _read_chunk(chunk, nlp, batch_size)


def _read_chunk(rows: list[dict], nlp, batch_size: int) -> list[Reading]:
    readings: list[Reading] = []
    jobs: list[tuple[Paragraph, str]] = []
    for row in rows:
        paras = paragraphs(row.get("text") or "")
        title = clean_title(row.get("title"))
        kept: list[Paragraph] = []
        if title:
            kept.append(Paragraph(text=title, order=-1, title=True))
        for p in paras:
            if CASUALTY_WORDS.search(p.text):
                kept.append(p)
        for p in kept:
            for chunk in _chunks(p):
                jobs.append((p, chunk))
        readings.append(Reading(id=row["id"], published=row.get("published"), paragraphs=kept))
    seen_sentences: dict[int, list[str]] = {}
    docs = nlp.pipe((chunk for _, chunk in jobs), batch_size=batch_size)
    owner = {id(p): r for r in readings for p in r.paragraphs}
    for (p, _), doc in zip(jobs, docs, strict=True):
        seen = seen_sentences.setdefault(id(owner[id(p)]), [])
        mentions = find_sizes(doc)
        for sent in doc.sents:
            key = _NORM.sub(" ", sent.text.lower()).strip()
            if not key or (not p.title and _repeated(key, seen)):
                continue
            seen.append(key)
            p.sentences.append(sent.text)
            own = [m for m in mentions if m.sentence_start == sent.start]
            p.mentions.append([] if own and is_aggregate(sent.text) else own)
            reading = owner[id(p)]
            told = sum(len(q.sentences) for q in reading.paragraphs if not q.title)
            wanted = reading.published and not p.title and told <= DATE_SENTENCES
            p.dates.append(sentence_dates(sent, reading.published) if wanted else [])
    return readings


def _repeated(key: str, seen: list[str]) -> bool:
    """True when a sentence was read before, also inside a caption ("Photo: ... Image 3 of 9 <it>")."""
    if key in seen:
        return True
    if len(key) < 40:
        return False
    return any(len(k) >= 40 and (k in key or key in k) for k in seen)


def _has_casualty(p: Paragraph) -> bool:
    return any(m.kind in ("dead", "injured", "hit") for ms in p.mentions for m in ms)


def _story_text(p: Paragraph) -> bool:
    """False for a line that reads like another story's headline or a caption: short, no full stop."""
    text = p.text.rstrip()
    return len(text) > 160 or text.endswith((".", "!", "?", '"', "”", "’", "'"))


def main_incident(reading: Reading) -> list[list[SizeMention]]:
    """The sentences (as mention lists) that tell the main incident of a page.

    The headline, and the story paragraphs from the first one that reports a casualty on,
    for :data:`LEAD_PARAGRAPHS` paragraphs.
    """
    out: list[list[SizeMention]] = []
    body = [p for p in reading.paragraphs if not p.title and _story_text(p)]
    first = next((i for i, p in enumerate(body) if _has_casualty(p)), None)
    for p in reading.paragraphs:
        if p.title:
            out.extend(p.mentions)
    if first is not None:
        for p in body[first : first + LEAD_PARAGRAPHS]:
            out.extend(p.mentions)
    return out


# ---------------------------------------------------------------------------------------------
# Incident date
# ---------------------------------------------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _simple_dates(text: str, published: dt.date) -> list[tuple[int, dt.date]]:
    """A small resolver: weekdays, yesterday/last night/today, "Month day" dates."""
    out = []
    low = text.lower()
    for m in re.finditer(r"\b(yesterday|last night|today|tonight|this morning)\b", low):
        days = 1 if m.group(1) in ("yesterday", "last night") else 0
        out.append((m.start(), published - dt.timedelta(days=days)))
    for m in re.finditer(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", low):
        wd = _WEEKDAYS.index(m.group(1))
        back = (published.weekday() - wd) % 7
        out.append((m.start(), published - dt.timedelta(days=back)))
    months = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    for m in re.finditer(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b", low):
        mon = months.index(m.group(1)[:3]) + 1
        day = int(m.group(2))
        try:
            d = dt.date(published.year, mon, day)
        except ValueError:
            continue
        if d > published:
            d = dt.date(published.year - 1, mon, day)
        out.append((m.start(), d))
    out.sort()
    return out


#: Words that tell the incident itself: a date they govern is the incident's date. Rank 2:
#: the shooting; rank 1: a death that may come days later. Other governors (arrested, said,
#: charged) give rank 0 and are not used.
INCIDENT_LEMMAS = MappingProxyType({
    "shoot": 2, "kill": 2, "wound": 2, "injure": 2, "fire": 2, "happen": 2, "occur": 2, "strike": 2,
    "hit": 2, "slay": 2, "murder": 2, "gun": 2, "stab": 2, "erupt": 2, "shooting": 2, "homicide": 2,
    "killing": 2, "slaying": 2, "gunfire": 2, "attack": 2, "find": 1, "die": 1, "pronounce": 1,
    "death": 1, "respond": 1, "call": 1, "report": 1,
})
#: Words whose dates are of later events of the story (arrests, charges, statements): rank -1.
LATER_LEMMAS = frozenset({
    "say", "tell", "arrest", "charge", "sentence", "indict", "announce", "identify", "release",
    "arraign", "convict", "plead", "book", "testify", "hold", "confirm", "state", "add", "update",
    "rule", "file", "appear", "hear", "vigil", "funeral", "trial", "hearing", "court", "news",
    "conference", "meeting", "gather", "remember", "mourn", "bury", "attend", "speak", "visit",
})
#: How far back an incident date may lie from the publication date.
MAX_DAYS_BACK = 366
DATE_SENTENCES = 15


def _date_rank(sent, start: int, end: int) -> int:
    """Rank of a date expression at character offsets ``start``-``end`` of ``sent``'s doc: what
    its governing word says (see :data:`INCIDENT_LEMMAS`)."""
    tokens = [t for t in sent if t.idx < end and t.idx + len(t) > start]
    if not tokens:
        return 0
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])
    tok = head
    for _ in range(6):
        if tok.i not in inside:
            lemma = tok.lemma_.lower()
            rank = INCIDENT_LEMMAS.get(lemma)
            if rank is not None:
                return rank
            if lemma in LATER_LEMMAS:
                return -1
            if tok.pos_ in ("VERB", "AUX") and lemma != "be":
                return 0
        if tok.head.i == tok.i:
            break
        tok = tok.head
    # a date governed by nothing telling ("Saturday's shooting" parses either way): look at
    # the possessive noun or next word
    after = sent.doc[head.i + 1] if head.i + 1 < len(sent.doc) else None
    if after is not None and INCIDENT_LEMMAS.get(after.lemma_.lower(), 0) == 2:
        return 2
    return 0


def sentence_dates(sent, published: str) -> list[tuple[int, str]]:
    """Day-precise dates of a parsed sentence, not after ``published`` nor more than
    :data:`MAX_DAYS_BACK` before it, with their rank (see :func:`_date_rank`)."""
    pub = dt.date.fromisoformat(published[:10])
    out = []
    base = sent.start_char
    for offset, end, d in _dates_spans(sent.text, published):
        if 0 <= (pub - d).days <= MAX_DAYS_BACK:
            out.append((_date_rank(sent, base + offset, base + end), d.isoformat()))
    return out


def _dates_spans(text: str, published: str) -> list[tuple[int, int, dt.date]]:
    pub = dt.date.fromisoformat(published[:10])
    try:
        from tacitus.timex import find_timexes
    except ImportError:
        return [(off, off + 1, d) for off, d in _simple_dates(text, pub)]
    out = []
    for t in find_timexes(text, published):
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", t.value)
        if not m or t.type not in ("DATE", "TIME"):
            continue
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        out.append((t.start, t.end, d))
    return out


#: A date governed by the shooting itself wins if it is this early in the story.
LEAD_SENTENCES_FOR_DATE = 3


def incident_date(reading: Reading, fallback_days: int = 0) -> str | None:
    """The incident's date, resolved against the publication date.

    A date governed by a word that tells the shooting ("was shot Saturday night", "Sunday's
    shooting") in the first :data:`LEAD_SENTENCES_FOR_DATE` story sentences; else the first date
    of the story not governed by a later event ("arrested Friday", "said Monday"); else the
    publication date less ``fallback_days``.
    """
    if not reading.published:
        return None
    try:
        pub = dt.date.fromisoformat(reading.published[:10])
    except ValueError:
        return None
    story = [ds for p in reading.paragraphs if not p.title for ds in p.dates]
    for ds in story[:LEAD_SENTENCES_FOR_DATE]:
        for rank, d in ds:
            if rank == 2:
                return d
    for ds in story:
        for rank, d in ds:
            if rank >= 0:
                return d
    return (pub - dt.timedelta(days=fallback_days)).isoformat()


_DEATH_WORDS = re.compile(r"\b(kill|dead|died|dies|death|fatal|homicide|murder|slain|slaying|manslaughter)", re.IGNORECASE)


def _nobody_counted(reading: Reading) -> tuple[int, int]:
    """Killed and injured for a page whose sentences count nobody: a report of a shooting has at
    least one victim, dead if the headline or story speaks of a death, else hurt."""
    texts = [p.text for p in reading.paragraphs if p.title or _story_text(p)]
    if any(_DEATH_WORDS.search(t) for t in texts[: LEAD_PARAGRAPHS + 1]):
        return 1, 0
    return 0, 1


@dataclass(frozen=True)
class ArticleFigures:
    """One article's own reading: killed, injured, the incident date, and whether a sentence
    counted anyone (``counted`` False: the figures are :func:`_nobody_counted`'s guess), and the
    victims it names in full ("marcus delane whitfield")."""

    id: str
    published: str | None
    killed: int
    injured: int
    incident_date: str | None
    counted: bool
    victims: frozenset[str] = frozenset()


def read_figures(rows: Iterable[dict]) -> Iterator[ArticleFigures]:
    """Each row's own figures, in order."""
    for reading in read_rows(rows):
        sentences = main_incident(reading)
        totals = incident_totals(sentences)
        killed, injured = totals.killed, totals.injured
        counted = bool(killed or injured)
        if not counted:
            killed, injured = _nobody_counted(reading)
        victims = frozenset(m.text.lower() for ms in sentences for m in ms if m.form == "name"
                            and m.kind in ("dead", "injured", "hit") and len(m.text.split()) >= 2)
        yield ArticleFigures(reading.id, reading.published, killed, injured, incident_date(reading), counted,
                             victims)


# ---------------------------------------------------------------------------------------------
# Reports of one incident read together
# ---------------------------------------------------------------------------------------------

#: Reports of one incident agree on its figures only if they date it within this many days.
SAME_INCIDENT_DAYS = 1
#: The vote of a page whose sentences counted nobody (its figures are a guess).
GUESS_WEIGHT = 0.5


def incident_groups(rows: list[dict], figures: list[ArticleFigures]) -> dict[str, str]:
    """Row id -> its incident: the story the product's clustering files the article under
    (:func:`tacitus.evaluation.dedup.stories`, as ``tacitus ingest`` would), joined with the
    stories of articles that name the same victim in full and date the incident within
    :data:`SAME_INCIDENT_DAYS` (a follow-up told in other words: "Marcus Delane Whitfield coached
    youth basketball for ten years ... died on Sunday, hours after he was shot")."""
    from tacitus.evaluation.dedup import stories

    story = {row_id: s or row_id for row_id, s in stories(rows).items()}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    by_victim: dict[str, list[ArticleFigures]] = {}
    for f in figures:
        for name in f.victims:
            by_victim.setdefault(name, []).append(f)
    for named in by_victim.values():
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                d = _days_apart(a.incident_date, b.incident_date)
                if d is not None and d <= SAME_INCIDENT_DAYS and root(story[a.id]) != root(story[b.id]):
                    parent[root(story[a.id])] = root(story[b.id])
    return {row_id: root(s) for row_id, s in story.items()}


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def incident_vote(own: ArticleFigures, reports: list[ArticleFigures]) -> tuple[int, int]:
    """Killed and injured of ``own``'s incident, voted over the reports of it (``own`` among them).

    Only reports that date the incident within :data:`SAME_INCIDENT_DAYS` of ``own`` vote; each
    figure is voted on its own (:func:`tacitus.cluster.record.most_supported`: ties go to the
    later report). A report whose sentences counted nobody votes :data:`GUESS_WEIGHT`, every
    other one 1."""
    from tacitus.cluster.record import most_supported

    voters = [r for r in reports if r is own or (
        (d := _days_apart(r.incident_date, own.incident_date)) is not None and d <= SAME_INCIDENT_DAYS)]
    voters.sort(key=lambda r: (r.published or "", r.id))
    weights = [1.0 if r.counted else GUESS_WEIGHT for r in voters]
    killed = most_supported([(r.killed, w) for r, w in zip(voters, weights, strict=True)])
    injured = most_supported([(r.injured, w) for r, w in zip(voters, weights, strict=True)])
    return killed, injured  # type: ignore[return-value]


def predict(rows: Iterable[dict], *, together: bool = True) -> Iterator[dict]:
    """Predictions for casualties rows: ``{"id", "killed", "injured", "incident_date"}``, with
    ``article_killed`` and ``article_injured``, the figures the article gives on its own.

    With ``together`` (the default), the reports of one incident (:func:`incident_groups`) agree
    on its figures (:func:`incident_vote`): one article misreads or predates a death, most reports
    of the incident do not."""
    rows = list(rows)
    own = list(read_figures(rows))
    groups = incident_groups(rows, own) if together and len(rows) > 1 else {}
    members: dict[str, list[ArticleFigures]] = {}
    for f in own:
        members.setdefault(groups.get(f.id, f.id), []).append(f)
    for f in own:
        killed, injured = incident_vote(f, members[groups.get(f.id, f.id)])
        yield {"id": f.id, "killed": killed, "injured": injured, "incident_date": f.incident_date,
               "article_killed": f.killed, "article_injured": f.injured}
