-- Serving (tacitus serve): watchlists, the alert log, ingest jobs and feeds, and summary tables
-- that keep dashboard statistics fast on large stores.

-- The event list's order (timeline day, then id) as an index, so a page is an index range scan.
CREATE INDEX events_order ON events(COALESCE(day, ''), id);
CREATE INDEX entities_event_role ON entities(event_id, role, position);

CREATE TABLE watchlists (                      -- saved filters; new matching events raise alerts
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    filters     TEXT NOT NULL,                 -- JSON object of event filters (the API's query names)
    webhook     TEXT,                          -- URL that receives a POST per alert, or NULL
    created_at  TEXT NOT NULL
);

CREATE TABLE alerts (                          -- the alert log: one row per watchlist per ingest batch
    id           INTEGER PRIMARY KEY,
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    n_events     INTEGER NOT NULL,
    event_ids    TEXT NOT NULL,                -- JSON list of the matching event ids
    delivery     TEXT NOT NULL CHECK (delivery IN ('sent', 'failed', 'none')),
    http_status  INTEGER,
    error        TEXT
);
CREATE INDEX alerts_watchlist ON alerts(watchlist_id, id);

CREATE TABLE alert_events (                    -- which events already alerted which watchlist
    watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,
    alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    PRIMARY KEY (watchlist_id, event_id)
) WITHOUT ROWID;

CREATE TABLE ingest_jobs (                     -- uploads and feeds queued for the background worker
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('upload', 'feed')),
    source      TEXT NOT NULL,                 -- file name as uploaded, or the feed URL
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    created_at  TEXT NOT NULL,
    started_at  TEXT,
    finished_at TEXT,
    ingested    INTEGER NOT NULL DEFAULT 0,
    events      INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);

CREATE TABLE feeds (                           -- feed URLs added through the API
    url         TEXT PRIMARY KEY,
    added_at    TEXT NOT NULL,
    last_job    INTEGER REFERENCES ingest_jobs(id) ON DELETE SET NULL
);

-- Summary tables, brought up to date incrementally from events.rowid (Store.refresh_stats).
CREATE TABLE stats_daily (                     -- events per day, category, quad and status
    status   TEXT NOT NULL,
    day      TEXT NOT NULL,
    category TEXT NOT NULL,
    quad     INTEGER NOT NULL,                 -- 0 when unknown
    n        INTEGER NOT NULL,
    PRIMARY KEY (status, day, category, quad)
) WITHOUT ROWID;

CREATE TABLE stats_pairs (                     -- events per day and (first actor, first recipient) country
    status            TEXT NOT NULL,
    day               TEXT NOT NULL,
    actor_country     TEXT NOT NULL,           -- '' when unknown
    recipient_country TEXT NOT NULL,
    n                 INTEGER NOT NULL,
    PRIMARY KEY (status, day, actor_country, recipient_country)
) WITHOUT ROWID;

CREATE TABLE stats_actors (                    -- how often each canonical actor appears, per role
    name        TEXT NOT NULL,
    country     TEXT NOT NULL,                 -- '' when unknown
    sector      TEXT NOT NULL,
    kb_id       TEXT NOT NULL,
    n_actor     INTEGER NOT NULL,
    n_recipient INTEGER NOT NULL,
    PRIMARY KEY (name, country, sector, kb_id)
) WITHOUT ROWID;
CREATE INDEX stats_actors_total ON stats_actors(n_actor + n_recipient);

CREATE TABLE stats_state (                     -- the last events.rowid folded into the summaries
    name       TEXT PRIMARY KEY,
    last_rowid INTEGER NOT NULL
);
