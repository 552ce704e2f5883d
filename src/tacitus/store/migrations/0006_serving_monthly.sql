-- Serving: monthly summaries, so whole-range timelines, totals and country pairs read a few
-- thousand rows instead of one per day (folded by Store.refresh_stats, watermark 'monthly').

CREATE TABLE stats_monthly (
    status   TEXT NOT NULL,
    month    TEXT NOT NULL,                    -- YYYY-MM of the timeline day
    category TEXT NOT NULL,
    quad     INTEGER NOT NULL,                 -- 0 when unknown
    n        INTEGER NOT NULL,
    PRIMARY KEY (status, month, category, quad)
) WITHOUT ROWID;

CREATE TABLE stats_pairs_monthly (
    status            TEXT NOT NULL,
    month             TEXT NOT NULL,
    actor_country     TEXT NOT NULL,           -- '' when unknown
    recipient_country TEXT NOT NULL,
    n                 INTEGER NOT NULL,
    PRIMARY KEY (status, month, actor_country, recipient_country)
) WITHOUT ROWID;
