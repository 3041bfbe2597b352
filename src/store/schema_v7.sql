-- Version 7: note kinds come from the vocabulary file, so an agency can add
-- its own (and casework ships "supervision"). The notes table's CHECK no
-- longer lists the kinds; it keeps only their shape: 1 to 40 of a-z, 0-9, _.
-- Which kinds a new note may have is the program's rule, from the file.
--
-- SQLite has no ALTER for a CHECK. Of its two documented ways, this uses the
-- one for changes that leave what is on disk untouched (removing or loosening
-- a CHECK): rewrite the table's CREATE text in sqlite_master. No row, seal,
-- trigger, index or foreign key is touched. Every kind stored before is one
-- of the seven, each of which passes the new CHECK. The rebuild route (new
-- table, copy, drop, rename) would have to drop a table that addenda and
-- note_goals point at while foreign keys are on (they cannot be switched off
-- inside the migration's transaction) and re-create its five triggers by
-- hand. The step after this SQL checks the text took and bumps the schema
-- cookie so every connection re-reads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql,
       'CHECK (kind IN (''session'', ''phone'', ''home_visit'',
                  ''collateral'', ''group'', ''crisis'', ''consultation''))',
       'CHECK (kind <> '''' AND length(kind) <= 40 AND kind NOT GLOB ''*[^a-z0-9_]*'')')
 WHERE type = 'table' AND name = 'notes';
PRAGMA writable_schema = OFF;
