"""Syndicated copies: near-duplicate articles found with MinHash LSH.

A wire story reprinted by ten outlets, or a report lightly edited and reposted, is one source, not
ten. Each article's story text (:func:`tacitus.cluster.text.story_text`) is cut into word 5-grams
and summarised by a MinHash signature (:mod:`datasketch`). The signature is split into bands;
articles sharing a band hash are candidates, and a candidate is a copy when the estimated Jaccard
similarity of the two shingle sets, or the share of the shorter text inside the longer one, is
high enough (``syndication`` in ``data/cluster/clustering.yaml``).

Signatures and band hashes live in the store (``article_signatures``, ``signature_bands``), so a
new article is compared with every stored one by index look-ups, not by a scan. Copies are linked
in ``syndicates`` (article -> group, the group named after its first article); nothing is deleted.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from tacitus.cluster.settings import Syndication

SCHEME = "affine32"
SEED = 1
#: Candidates read per band, the most recent first: a copy shares several bands with its original
#: and usually follows it closely, so a few per band suffice, and the work per article stays bounded
#: however many unrelated articles happen to share a band.
MAX_PER_BAND = 10


@dataclass(frozen=True)
class Signature:
    """An article's MinHash signature and the number of distinct shingles it summarises."""

    values: np.ndarray
    size: int

    def to_blob(self) -> bytes:
        return self.values.astype(np.uint32).tobytes()

    @classmethod
    def from_blob(cls, blob: bytes, size: int) -> Signature:
        return cls(np.frombuffer(blob, dtype=np.uint32), size)


def signature(shingles: Iterable[str], num_perm: int) -> Signature:
    """The MinHash of a set of shingles."""
    items = sorted(set(shingles))
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in items])
    return Signature(np.asarray(m.hashvalues, dtype=np.uint32), len(items))


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.values == b.values)) / len(a.values)


def containment(a: Signature, b: Signature, j: float | None = None) -> float:
    """Estimated share of the smaller shingle set inside the larger one."""
    j = jaccard(a, b) if j is None else j
    if min(a.size, b.size) == 0:
        return 0.0
    inter = j * (a.size + b.size) / (1.0 + j)
    return min(1.0, inter / min(a.size, b.size))


def band_keys(sig: Signature, bands: int) -> list[int]:
    """One 63-bit hash per band of the signature (band number included, so bands never collide)."""
    rows = len(sig.values) // bands
    out = []
    for b in range(bands):
        chunk = sig.values[b * rows : (b + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "big") >> 1)
    return out


def is_copy(a: Signature, b: Signature, cfg: Syndication) -> tuple[bool, float]:
    """Whether two articles are copies of one story, and their estimated Jaccard similarity."""
    if min(a.size, b.size) < cfg.min_shingles:
        return False, 0.0
    j = jaccard(a, b)
    if j >= cfg.jaccard:
        return True, j
    return (j >= cfg.min_jaccard_for_containment and containment(a, b, j) >= cfg.containment), j


@dataclass(frozen=True)
class Link:
    """The outcome of indexing one article: its group (None: no copy found), and the stored
    articles whose group was set or changed by it (they need their clusters' source counts fixed)."""

    group: str | None
    regrouped: tuple[str, ...] = ()


def link(conn: sqlite3.Connection, article_id: str, sig: Signature, cfg: Syndication) -> Link:
    """Index an article's signature and link it to the copies already stored.

    Call inside the caller's transaction; idempotent for an article already indexed.
    """
    if conn.execute("SELECT 1 FROM article_signatures WHERE article_id = ?", (article_id,)).fetchone():
        row = conn.execute("SELECT group_id FROM syndicates WHERE article_id = ?", (article_id,)).fetchone()
        return Link(row[0] if row else None)
    if sig.size < cfg.min_shingles:  # too little text to call anything a copy: not indexed either
        conn.execute("INSERT INTO article_signatures (article_id, signature, shingles) VALUES (?, ?, ?)",
                     (article_id, sig.to_blob(), sig.size))
        return Link(None)
    keys = band_keys(sig, cfg.bands)
    candidates: set[str] = set()
    for key in keys:  # bounded: a band shared by very many articles yields its most recent few
        rows = conn.execute("SELECT article_id FROM signature_bands WHERE band = ? ORDER BY rowid DESC LIMIT ?",
                            (key, MAX_PER_BAND))
        candidates.update(r[0] for r in rows)
    best: tuple[float, str] | None = None
    groups: dict[str, float] = {}
    others = sorted(candidates)
    stored: dict[str, Signature] = {}
    for i in range(0, len(others), 500):  # one query for all candidates' signatures
        chunk = others[i : i + 500]
        rows = conn.execute(f"SELECT article_id, signature, shingles FROM article_signatures WHERE article_id IN "
                            f"({','.join('?' * len(chunk))})", chunk)
        stored.update((a, Signature.from_blob(blob, size)) for a, blob, size in rows)
    for other in others:
        if other not in stored:
            continue
        ok, j = is_copy(sig, stored[other], cfg)
        if not ok:
            continue
        g = conn.execute("SELECT group_id FROM syndicates WHERE article_id = ?", (other,)).fetchone()
        group = g[0] if g else other
        groups[group] = max(groups.get(group, 0.0), j)
        if best is None or j > best[0]:
            best = (j, group)
    conn.execute("INSERT INTO article_signatures (article_id, signature, shingles) VALUES (?, ?, ?)",
                 (article_id, sig.to_blob(), sig.size))
    conn.executemany("INSERT INTO signature_bands (band, article_id) VALUES (?, ?)",
                     [(k, article_id) for k in keys])
    if best is None:
        return Link(None)
    group = min(groups)  # several groups met through this article become one, named by the smallest id
    regrouped: list[str] = []
    for g, j in groups.items():  # the group's first article joins the table when its first copy arrives
        cur = conn.execute("INSERT OR IGNORE INTO syndicates (article_id, group_id, similarity) VALUES (?, ?, ?)",
                           (g, g, round(j, 4)))
        if cur.rowcount == 1:
            regrouped.append(g)
        if g != group:
            regrouped.extend(r[0] for r in conn.execute("SELECT article_id FROM syndicates WHERE group_id = ?", (g,)))
            conn.execute("UPDATE syndicates SET group_id = ? WHERE group_id = ?", (group, g))
    conn.execute("INSERT OR REPLACE INTO syndicates (article_id, group_id, similarity) VALUES (?, ?, ?)",
                 (article_id, group, round(best[0], 4)))
    return Link(group, tuple(dict.fromkeys(regrouped)))
