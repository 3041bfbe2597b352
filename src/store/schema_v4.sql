-- Version 4: search that stays fast on a large caseload.
--
-- What is typed is searched as it is typed, so the last word is a prefix:
-- "a" means every word starting with a. Without a prefix index FTS5 merges
-- the lists of every such word for each query, and again for each note it
-- checks (a search within one client's notes): on 200,000 notes a count for
-- "a" took about 260 ms and a one-client search for it ten seconds. With
-- prefix indexes for one and two characters (longer prefixes name few
-- words) they take about 15 and 90 ms, for about a fifth more file.
--
-- The indexes are rebuilt from the notes and addenda themselves (they are
-- external-content tables); the triggers that keep them up to date name the
-- tables, so they carry on unchanged.
DROP TABLE notes_fts;
CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id', prefix='1 2');
INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');
INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1);

DROP TABLE addenda_fts;
CREATE VIRTUAL TABLE addenda_fts USING fts5(body, content='addenda', content_rowid='id', prefix='1 2');
INSERT INTO addenda_fts(addenda_fts) VALUES ('rebuild');
INSERT INTO addenda_fts(addenda_fts, rank) VALUES ('secure-delete', 1);
