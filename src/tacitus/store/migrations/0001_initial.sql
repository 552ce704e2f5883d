-- tacitus store, schema version 1: articles, events, their entities, places and failures.

CREATE TABLE articles (
    id              TEXT PRIMARY KEY,          -- content hash of the text (records.article_id)
    external_id     TEXT,                      -- the id the input gave, if any
    title           TEXT,
    text            TEXT NOT NULL,
    published       TEXT,                      -- YYYY-MM-DD, or NULL when unknown
    url             TEXT,
    source          TEXT,                      -- the outlet that published it
    language        TEXT,
    origin          TEXT,                      -- where tacitus read it
    dateline        TEXT,
    translated_from TEXT,
    source_notes    TEXT NOT NULL DEFAULT '[]', -- JSON list of strings
    ingested_at     TEXT NOT NULL,
    coder_version   TEXT NOT NULL,
    n_events        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    category        TEXT NOT NULL,
    mode            TEXT,
    cameo           TEXT,
    quad            INTEGER,
    intensity       REAL,
    status          TEXT NOT NULL,
    historical      INTEGER NOT NULL DEFAULT 0,
    date            TEXT,                      -- TIMEX3 value of the event date, NULL when unknown
    date_precision  TEXT NOT NULL,
    date_start      TEXT,                      -- first and last day the date value covers
    date_end        TEXT,
    day             TEXT,                      -- date_start, else the publication date: for timelines
    published       TEXT,
    place_name      TEXT,
    place_country   TEXT,
    admin1          TEXT,
    lat             REAL,
    lon             REAL,
    place_precision TEXT,
    geonames_id     INTEGER,
    sentence        TEXT,
    cluster_id      TEXT,
    confidence      REAL NOT NULL DEFAULT 1.0,
    record          TEXT NOT NULL              -- the full exported record, JSON
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_category_day ON events(category, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_status ON events(status);
CREATE INDEX events_cluster ON events(cluster_id);
CREATE INDEX events_latlon ON events(lat, lon);

CREATE TABLE entities (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position  INTEGER NOT NULL,
    text      TEXT,
    name      TEXT,
    country   TEXT,
    sector    TEXT,
    kb_id     TEXT,
    office    TEXT,
    PRIMARY KEY (event_id, role, position)
);
CREATE INDEX entities_country ON entities(country, role);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
CREATE INDEX entities_kb ON entities(kb_id);

CREATE TABLE places (                          -- every resolved toponym of an article
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    name        TEXT,
    geonames_id INTEGER,
    lat         REAL,
    lon         REAL,
    admin1      TEXT,
    country     TEXT,
    precision   TEXT,
    role        TEXT,
    PRIMARY KEY (article_id, start)
);

CREATE TABLE failures (                        -- inputs that did not become articles, and why
    origin      TEXT PRIMARY KEY,              -- path, URL, path:line, stdin
    outcome     TEXT NOT NULL CHECK (outcome IN ('failed', 'skipped')),
    code        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    article_id  TEXT,
    recorded_at TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 1
);
