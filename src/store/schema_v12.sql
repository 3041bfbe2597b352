-- Version 12: three-letter prefixes in the search indexes too.
--
-- Search runs as the user types, so its last word is a prefix. Version 4
-- indexed prefixes of one and two letters; three letters ("con", "hou")
-- still merged the lists of every word so starting, for each search. On
-- 2,000,000 notes a first page for "con" took about 135 ms and for "hou"
-- 33 ms; with three-letter prefixes indexed, 2 ms and 1 ms, and a count of
-- "con" half as long. It costs about a third more index (a sixth more
-- file). Four letters and more name few enough words to need nothing.
--
-- The indexes are rebuilt from the notes and addenda themselves (they are
-- external-content tables): every row is indexed again. The triggers that
-- keep them up to date name the tables, so they carry on unchanged, and
-- secure-delete (version 3) is set again on the new tables.
DROP TABLE notes_fts;
CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id', prefix='1 2 3');
INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');
INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1);

DROP TABLE addenda_fts;
CREATE VIRTUAL TABLE addenda_fts USING fts5(body, content='addenda', content_rowid='id', prefix='1 2 3');
INSERT INTO addenda_fts(addenda_fts) VALUES ('rebuild');
INSERT INTO addenda_fts(addenda_fts, rank) VALUES ('secure-delete', 1);
