-- Serving: the order indexes also carry `day`, so date filters on a page are checked from the
-- index and only matching events are read from the table.

DROP INDEX events_order;
CREATE INDEX events_order ON events(COALESCE(day, ''), id, day);
DROP INDEX events_category_order;
CREATE INDEX events_category_order ON events(category, COALESCE(day, ''), id, day);
