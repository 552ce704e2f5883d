-- Clustering (tacitus.cluster): syndicated copies of articles and real-world event clusters.

-- Near-duplicate articles. MinHash signature of each article's story text, its LSH band hashes,
-- and the syndicate group of every article that has a copy (the group is named by an article id).
CREATE TABLE article_signatures (
    article_id  TEXT PRIMARY KEY,
    signature   BLOB NOT NULL,                 -- MinHash values, uint32 each
    shingles    INTEGER NOT NULL               -- distinct word 5-grams summarised
);
CREATE TABLE signature_bands (
    band        INTEGER NOT NULL,              -- hash of one band of a signature
    article_id  TEXT NOT NULL
);
CREATE INDEX signature_bands_band ON signature_bands(band);
CREATE TABLE syndicates (
    article_id  TEXT PRIMARY KEY,
    group_id    TEXT NOT NULL,
    similarity  REAL NOT NULL                  -- estimated Jaccard with the copy it was linked to
);
CREATE INDEX syndicates_group ON syndicates(group_id);

-- Document frequencies of story words, for TF-IDF text similarity (kept up to date per batch).
CREATE TABLE term_df (
    term        TEXT PRIMARY KEY,
    df          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE cluster_state (
    name        TEXT PRIMARY KEY,
    value       INTEGER NOT NULL
);

-- One row per real-world event. Summary columns are kept up to date as reports join;
-- `profile` holds what the clusterer compares new reports with (JSON).
CREATE TABLE clusters (
    id            TEXT PRIMARY KEY,
    family        TEXT NOT NULL,               -- category family (+ status class): violence, protest, ...
    category      TEXT,                        -- the category most reports give
    day           TEXT,                        -- the best-supported event date (YYYY-MM-DD), else NULL
    date_start    TEXT,                        -- span of the event dates the reports give
    date_end      TEXT,
    place_name    TEXT,
    place_country TEXT,
    lat           REAL,
    lon           REAL,
    n_reports     INTEGER NOT NULL,            -- event records
    n_articles    INTEGER NOT NULL,
    sources       INTEGER NOT NULL,            -- independent outlets (syndicated copies merged)
    attributions  INTEGER NOT NULL,            -- distinct original claimants
    first_report  TEXT,                        -- publication dates of the first and latest report
    latest_report TEXT,
    dead_min      INTEGER,                     -- death toll across reports, as a range
    dead_max      INTEGER,
    injured_min   INTEGER,
    injured_max   INTEGER,
    profile       TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX clusters_order ON clusters(COALESCE(day, first_report, ''), id);
CREATE INDEX clusters_sources ON clusters(sources);

-- Blocking keys: family | place | time (and actors, rare words) -> clusters, most recent first.
CREATE TABLE cluster_keys (
    key         TEXT NOT NULL,
    cluster_id  TEXT NOT NULL,
    day         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (key, cluster_id)
) WITHOUT ROWID;
CREATE INDEX cluster_keys_recent ON cluster_keys(key, day);
CREATE INDEX cluster_keys_cluster ON cluster_keys(cluster_id);

-- Which article's events (a unit: one article about one event) joined which cluster, and why.
CREATE TABLE cluster_members (
    article_id  TEXT NOT NULL,
    unit        INTEGER NOT NULL,
    cluster_id  TEXT NOT NULL,
    principal   INTEGER NOT NULL DEFAULT 0,    -- 1 for the event the article is mainly about
    score       REAL,                          -- match score; NULL for the report that opened the cluster
    matched     TEXT,                          -- the member (article#unit) it matched best
    PRIMARY KEY (article_id, unit)
);
CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id);

-- Independent sources behind each event's cluster, read back into Event.sources.
ALTER TABLE events ADD COLUMN sources INTEGER;
