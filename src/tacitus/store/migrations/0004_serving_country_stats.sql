-- Serving: timelines filtered by country from a summary, and category-filtered pages in index order.

CREATE INDEX events_category_order ON events(category, COALESCE(day, ''), id);

CREATE TABLE stats_country (                   -- events per country named (either role), status, day, category, quad
    country  TEXT NOT NULL,
    status   TEXT NOT NULL,
    day      TEXT NOT NULL,
    category TEXT NOT NULL,
    quad     INTEGER NOT NULL,                 -- 0 when unknown
    n        INTEGER NOT NULL,                 -- events, each counted once per country it names
    PRIMARY KEY (country, status, day, category, quad)
) WITHOUT ROWID;
