-- Full-text search over the evidence sentences of events (SQLite FTS5).
CREATE VIRTUAL TABLE events_fts USING fts5(sentence, content='events', content_rowid='rowid');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, sentence) VALUES (new.rowid, new.sentence);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, sentence) VALUES ('delete', old.rowid, old.sentence);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF sentence ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, sentence) VALUES ('delete', old.rowid, old.sentence);
    INSERT INTO events_fts(rowid, sentence) VALUES (new.rowid, new.sentence);
END;
