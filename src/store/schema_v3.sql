-- Version 3: a record that shows when it was tampered with.
--
-- Every audit row carries `hash`, the SHA-256 of the row's fields and the
-- previous row's hash (the encoding is described in store/chain.rs), so a
-- row changed, removed or slipped in breaks the chain after it. A row that
-- signs a note or an addendum carries `seal`, the SHA-256 of what was
-- signed, so a signed text changed behind the database's back no longer
-- matches. Both are computed by casework as it writes the row.
ALTER TABLE audit ADD COLUMN seal TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;

-- Rows written before version 3 get their hash once, as the file is
-- upgraded; a row that has its hash can never change.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN OLD.hash IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;

-- Finding the row that seals a note or an addendum.
CREATE INDEX audit_entity ON audit(entity, entity_id);

CREATE TRIGGER audit_hash_required BEFORE INSERT ON audit
WHEN NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit rows are written by casework, with their hash'); END;

-- Text edited out of a note or addendum is removed from the full-text
-- index's pages too, not merely marked deleted (FTS5, SQLite 3.42+).
INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO addenda_fts(addenda_fts, rank) VALUES ('secure-delete', 1);
