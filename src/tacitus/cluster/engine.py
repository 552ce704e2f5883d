"""The incremental clusterer: new coded articles join the clusters already in the store.

:func:`update` takes one batch of coded articles (already written by ``Store.write_batch``) and,
in one transaction:

1. folds the batch's story words into the document frequencies (``term_df``);
2. links syndicated copies (:mod:`tacitus.cluster.syndicate`);
3. groups each article's events into units (:mod:`tacitus.cluster.units`);
4. for each unit, looks up candidate clusters by blocking keys (:mod:`tacitus.cluster.blocking`),
   scores it against each candidate's exemplars (:mod:`tacitus.cluster.scoring`) and joins the
   best one above the threshold, opens a new cluster otherwise, and merges two clusters when a
   report matches both strongly;
5. writes the cluster id of every event, the clusters' summaries and the independent-source
   count of every touched cluster onto its events.

Work per article is bounded (a fixed number of keys, of clusters per key, of exemplars per
cluster), so clustering a stream costs time proportional to its length. Articles already
clustered are skipped: calling :func:`update` twice with the same batch changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tacitus.cluster import blocking, syndicate
from tacitus.cluster.profile import Profile
from tacitus.cluster.scoring import pair_score
from tacitus.cluster.settings import Settings, load_settings
from tacitus.cluster.text import background, cosine, idf, select_terms, shingles, story_text, terms, weigh
from tacitus.cluster.units import STORY_INDEX, Unit, article_units, principal_unit, story_unit
from tacitus.records import CodedArticle

SENTENCE_TERMS = 20


@dataclass
class UpdateSummary:
    """What one call of :func:`update` did."""

    articles: int = 0  # articles clustered by this call
    skipped: int = 0  # articles that were already clustered
    units: int = 0
    events: int = 0
    new_clusters: int = 0
    joined: int = 0  # units that joined an existing cluster
    merged: int = 0  # clusters merged into another
    syndicated: int = 0  # articles found to be copies of a stored article
    principal: dict[str, str | None] = field(default_factory=dict)  # article id -> its main event's cluster
    story: dict[str, str] = field(default_factory=dict)  # article id -> its story


def cluster_id_for(unit_key: str) -> str:
    """The id of a cluster opened by a unit: a hash of the unit key (deterministic)."""
    return "c" + hashlib.blake2b(unit_key.encode("utf-8"), digest_size=10).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Memo:
    """What one process remembers about a store between update calls: parsed cluster profiles
    (each with the token of the stored row it was read from, so another writer's change is
    noticed) and weighted vectors of cluster members (recomputed once the store has grown by a
    quarter, as their word weights drift)."""

    MAX_PROFILES = 20_000
    MAX_VECTORS = 100_000
    REWEIGH_GROWTH = 1.25

    def __init__(self):
        self.profiles: OrderedDict[str, tuple[tuple, Profile]] = OrderedDict()
        self.vectors: OrderedDict[str, tuple[int, dict[str, float]]] = OrderedDict()

    @staticmethod
    def _put(cache: OrderedDict, key, value, limit: int) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > limit:
            cache.popitem(last=False)


_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
PROFILE_TOKEN = "n_articles, n_reports, sources, attributions, length(profile), updated_at"


class _Batch:
    """State of one update call: cached profiles and document frequencies."""

    def __init__(self, conn: sqlite3.Connection, settings: Settings, memo: _Memo | None = None):
        self.conn = conn
        self.s = settings
        self.memo = memo or _Memo()
        self.profiles: dict[str, Profile] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        self.df: dict[str, int] = {}
        self.vectors: dict[str, dict[str, float]] = {}  # unit key -> TF-IDF vector with this batch's weights
        self.idfs: dict[str, float] = {}
        self.n_docs = 0
        self.summary = UpdateSummary()

    # -- document frequencies --------------------------------------------------------------------
    def fold_terms(self, counts: Sequence[dict]) -> None:
        batch_df: dict[str, int] = {}
        for c in counts:
            for t in c:
                batch_df[t] = batch_df.get(t, 0) + 1
        self.conn.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            sorted(batch_df.items()),
        )
        self.conn.execute(
            "INSERT INTO cluster_state (name, value) VALUES ('documents', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", (len(counts),)
        )
        self.n_docs = self.conn.execute("SELECT value FROM cluster_state WHERE name = 'documents'").fetchone()[0]
        wanted = sorted(batch_df)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self.conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({','.join('?' * len(chunk))})",
                                     chunk)
            self.df.update(rows)

    def ensure_df(self, words) -> None:
        df = self.df
        missing = [t for t in words if t not in df]
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            rows = self.conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({','.join('?' * len(chunk))})",
                                     chunk)
            self.df.update(rows)
            self.df.update((t, 0) for t in chunk if t not in self.df)

    def vector(self, u: Unit) -> dict[str, float]:
        """The unit's TF-IDF vector, weighted with the current document frequencies."""
        v = self.vectors.get(u.key)
        if v is not None:
            return v
        remembered = self.memo.vectors.get(u.key)
        if remembered is not None and self.n_docs <= remembered[0] * _Memo.REWEIGH_GROWTH:
            v = remembered[1]
        else:
            self.ensure_df(u.terms)
            v = weigh(u.terms, self.idf_of)
            self.memo._put(self.memo.vectors, u.key, (self.n_docs, v), _Memo.MAX_VECTORS)
        self.vectors[u.key] = v
        return v

    def idf_of(self, word: str) -> float:
        """The word's IDF over the store's documents and the background counts (call ensure_df first)."""
        w = self.idfs.get(word)
        if w is None:
            bg_n, bg = background()
            w = self.idfs[word] = idf(self.df.get(word, 0) + bg.get(word, 0), self.n_docs + bg_n)
        return w

    def rare_terms(self, vector: dict[str, float]) -> list[str]:
        cfg = self.s.blocking
        cap = cfg.rare_term_max_docs
        # the heaviest words of the story (vectors are ordered by weight) that few documents have
        cands = [t for t in vector if t.isalpha() and len(t) >= 4 and self.df.get(t, 0) <= cap]
        return cands[: cfg.rare_terms]

    # -- profiles --------------------------------------------------------------------------------
    def profile(self, cluster_id: str) -> Profile | None:
        if cluster_id in self.deleted:
            return None
        p = self.profiles.get(cluster_id)
        if p is None:
            row = self.conn.execute(f"SELECT profile, {PROFILE_TOKEN} FROM clusters WHERE id = ?",
                                    (cluster_id,)).fetchone()
            if row is None:
                return None
            token = tuple(row[1:])
            remembered = self.memo.profiles.get(cluster_id)
            if remembered is not None and remembered[0] == token:
                p = remembered[1]
            else:
                p = Profile.from_json(cluster_id, json.loads(row[0]))
            self.profiles[cluster_id] = p
        return p

    def candidates(self, unit: Unit, rare: list[str]) -> list[str]:
        """Clusters filed under the unit's blocking keys: at most ``per_key`` per key (the most
        recent), then at most ``max_candidates`` in all, those met under most keys first."""
        cfg = self.s.blocking
        hits: dict[str, int] = {}
        latest: dict[str, str] = {}
        for key in blocking.keys(unit, cfg, rare, query=True):
            rows = self.conn.execute(
                "SELECT cluster_id, day FROM cluster_keys WHERE key = ? ORDER BY day DESC LIMIT ?", (key, cfg.per_key)
            )
            for cid, day in rows:
                hits[cid] = hits.get(cid, 0) + 1
                if day > latest.get(cid, ""):
                    latest[cid] = day
        ranked = sorted(hits)  # ties: by id, then the latest first, then most keys first (stable sorts)
        ranked.sort(key=latest.__getitem__, reverse=True)
        ranked.sort(key=hits.__getitem__, reverse=True)
        return ranked[: cfg.max_candidates]

    def register(self, cluster_id: str, unit: Unit, rare: list[str]) -> None:
        day = blocking.recency(unit, self.s.blocking)
        self.conn.executemany(
            "INSERT INTO cluster_keys (key, cluster_id, day) VALUES (?, ?, ?) "
            "ON CONFLICT(key, cluster_id) DO UPDATE SET day = MAX(day, excluded.day)",
            [(k, cluster_id, day) for k in blocking.keys(unit, self.s.blocking, rare, query=False)],
        )

    # -- assignment ------------------------------------------------------------------------------
    def assign(self, unit: Unit, rare: list[str], taken: set[str], principal: bool) -> str:
        """Put a unit into its cluster; returns the cluster id. ``taken``: clusters of the article's
        other units (one article's units are different events by construction)."""
        w = self.s.scoring
        scored: list[tuple[float, str, str]] = []
        for cid in self.candidates(unit, rare):
            if cid in taken:
                continue
            p = self.profile(cid)
            if p is None or p.family != unit.family or unit.article_id in p.article_ids:
                continue
            best, matched = None, None
            mine = self.vector(unit)
            for ex in p.exemplars:
                m = pair_score(unit, ex, w, cosine(mine, self.vector(ex)))
                if best is None or m.score > best:
                    best, matched = m.score, ex.key
            if best is not None and best >= w.threshold:
                scored.append((best, cid, matched))
        scored.sort(key=lambda x: (-x[0], x[1]))
        if scored:
            score, cid, matched = scored[0]
            self.summary.joined += 1
            for other_score, other, _ in scored[1:]:
                if other_score >= w.merge_threshold:
                    self.merge(cid, other)
        else:
            score, matched = None, None
            cid = cluster_id_for(unit.key)
            self.profiles[cid] = Profile(id=cid, family=unit.family)
            self.summary.new_clusters += 1
        self.profiles[cid].add(unit, w.exemplars)
        self.dirty.add(cid)
        self.register(cid, unit, rare)
        self.conn.execute(
            "INSERT OR REPLACE INTO cluster_members (article_id, unit, cluster_id, principal, score, matched) "
            "VALUES (?, ?, ?, ?, ?, ?)", (unit.article_id, unit.index, cid, int(principal), score, matched),
        )
        self.conn.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", [(cid, e) for e in unit.event_ids])
        return cid

    def merge(self, keep: str, gone: str) -> None:
        """Merge cluster ``gone`` into ``keep``: its reports, keys and profile move over."""
        a, b = self.profile(keep), self.profile(gone)
        if a is None or b is None or keep == gone:
            return
        a.absorb(b, self.s.scoring.exemplars)
        c = self.conn
        c.execute("UPDATE events SET cluster_id = ? WHERE cluster_id = ?", (keep, gone))
        c.execute("UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", (keep, gone))
        c.execute("INSERT INTO cluster_keys (key, cluster_id, day) SELECT key, ?, day FROM cluster_keys "
                  "WHERE cluster_id = ? ON CONFLICT(key, cluster_id) DO UPDATE SET day = MAX(day, excluded.day)",
                  (keep, gone))
        c.execute("DELETE FROM cluster_keys WHERE cluster_id = ?", (gone,))
        c.execute("DELETE FROM clusters WHERE id = ?", (gone,))
        self.profiles.pop(gone, None)
        self.dirty.discard(gone)
        self.deleted.add(gone)
        self.dirty.add(keep)
        self.summary.merged += 1

    def relink(self, article_ids: Sequence[str], group: str) -> None:
        """Stored articles that just became syndicated copies: their clusters count them with the group."""
        for aid in article_ids:
            row = self.conn.execute("SELECT source FROM articles WHERE id = ?", (aid,)).fetchone()
            outlet = row[0] if row else None
            for (cid,) in self.conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = ?", (aid,)):
                p = self.profile(cid)
                if p is not None:
                    p.link_copy(outlet, aid, group)
                    self.dirty.add(cid)

    # -- writing ---------------------------------------------------------------------------------
    def flush(self) -> None:
        now = _now()
        for cid in sorted(self.dirty):
            p = self.profiles[cid]
            place = p.best_place() or (None, None, None, None, None)
            dead, injured = p.figures.get("dead"), p.figures.get("injured")
            self.conn.execute(
                "INSERT OR REPLACE INTO clusters (id, family, category, day, date_start, date_end, place_name, "
                "place_country, lat, lon, n_reports, n_articles, sources, attributions, first_report, "
                "latest_report, dead_min, dead_max, injured_min, injured_max, profile, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cid, p.family, p.best_category(), p.best_day(), p.span[0] if p.span else None,
                    p.span[1] if p.span else None, place[0], place[3], place[1], place[2], p.n_reports, p.n_units,
                    p.sources, p.attributions, p.published[0] if p.published else None,
                    p.published[1] if p.published else None, dead[0] if dead else None, dead[1] if dead else None,
                    injured[0] if injured else None, injured[1] if injured else None,
                    json.dumps(p.to_json(), ensure_ascii=False, separators=(",", ":")), now,
                ),
            )
            self.conn.execute("UPDATE events SET sources = ? WHERE cluster_id = ?", (p.sources, cid))
            token = self.conn.execute(f"SELECT {PROFILE_TOKEN} FROM clusters WHERE id = ?", (cid,)).fetchone()
            p.article_ids.clear()
            self.memo._put(self.memo.profiles, cid, (tuple(token), p), _Memo.MAX_PROFILES)
        for cid in self.deleted:
            self.memo.profiles.pop(cid, None)


def _sentence_terms(coded: CodedArticle, b: _Batch) -> dict[str, dict[str, float]]:
    out = {}
    for ev in coded.events:
        if ev.evidence and ev.evidence.sentence:
            tf = select_terms(terms(ev.evidence.sentence), b.idf_of, top=SENTENCE_TERMS)
            if tf:
                out[ev.id] = tf
    return out


def already_clustered(conn: sqlite3.Connection, article_ids: Iterable[str]) -> set[str]:
    ids = list(article_ids)
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = conn.execute(
            f"SELECT article_id FROM article_signatures WHERE article_id IN ({','.join('?' * len(chunk))})", chunk
        )
        found.update(r[0] for r in rows)
    return found


def update(store, coded: Sequence[CodedArticle]) -> UpdateSummary:
    """Cluster a batch of newly stored coded articles into the store's clusters (one transaction).

    ``store`` is an open, writable :class:`tacitus.store.Store`; ``coded`` the batch as
    ``pipeline.run`` passes it to ``on_batch``. Returns an :class:`UpdateSummary`, whose
    ``principal`` maps each clustered article to the cluster of the event it is mainly about,
    and ``story`` to its story.
    """
    try:
        return _update(store, coded)
    except BaseException:
        _MEMOS.pop(store, None)  # profiles changed in memory by a rolled-back batch are forgotten
        raise


def _update(store, coded: Sequence[CodedArticle]) -> UpdateSummary:
    s = load_settings()
    conn = store.conn
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        memo = _MEMOS.get(store)
        if memo is None:
            memo = _MEMOS[store] = _Memo()
        b = _Batch(conn, s, memo)
        done = already_clustered(conn, (c.article.id for c in coded))
        fresh: list[CodedArticle] = []
        seen: set[str] = set()
        for c in coded:
            if c.article.id in done or c.article.id in seen:
                b.summary.skipped += 1
                continue
            seen.add(c.article.id)
            fresh.append(c)
        if not fresh:
            return b.summary
        stories = [story_text(c.article.text, c.article.title) for c in fresh]
        counts = [terms(t) for t in stories]
        b.fold_terms(counts)
        for c, story, count in zip(fresh, stories, counts, strict=True):
            sig = syndicate.signature(shingles(story), s.syndication.num_perm)
            linked = syndicate.link(conn, c.article.id, sig, s.syndication)
            group = linked.group
            if group is not None:
                b.summary.syndicated += 1
                b.relink(linked.regrouped, group)
            vector = select_terms(count, b.idf_of)
            units = article_units(c, vector, syndicate=group, sentence_terms=_sentence_terms(c, b))
            lead = principal_unit(units)
            taken: set[str] = set()
            main = None
            rare = b.rare_terms(vector)
            for u in units:
                cid = b.assign(u, rare, taken, principal=u is lead)
                taken.add(cid)
                if u is lead:
                    main = cid
                b.summary.units += 1
                b.summary.events += len(u.event_ids)
            b.summary.articles += 1
            b.summary.principal[c.article.id] = main
            b.summary.story[c.article.id] = b.assign(story_unit(c, units, vector, syndicate=group), rare, set(),
                                                     principal=False)
        # a cluster merged away after an article was assigned to it: follow the merge
        for aid, cid in b.summary.principal.items():
            if cid is not None and cid in b.deleted:
                row = conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = ? AND principal = 1",
                                   (aid,)).fetchone()
                b.summary.principal[aid] = row[0] if row else None
        for aid, cid in b.summary.story.items():
            if cid in b.deleted:
                row = conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = ? AND unit = ?",
                                   (aid, STORY_INDEX)).fetchone()
                b.summary.story[aid] = row[0]
        b.flush()
    return b.summary
