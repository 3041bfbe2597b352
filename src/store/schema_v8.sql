-- Version 8: standard measures (PHQ-9, GAD-7, an agency's own).
--
-- One row per time a client answered a measure. The instrument is named by
-- its key (from data/measures or the agency's file); the answers are kept
-- as given, with the total, band and flags as scored when saved, so a
-- later change to a measure's file never rewrites a past score.
--   items:  JSON array, one entry per item in the file's order, null for an
--           optional question left unanswered (PHQ-9's tenth).
--   flags:  JSON array of what each raised flag says (PHQ-9 item 9 > 0).
-- A score typed by mistake is entered in error (who, when, why), never
-- deleted and never edited: a new score is the way on.
CREATE TABLE measures (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    instrument   TEXT NOT NULL
                 CHECK (instrument <> '' AND length(instrument) <= 40
                        AND instrument NOT GLOB '*[^a-z0-9_]*'),
    taken_on     TEXT NOT NULL,
    items        TEXT NOT NULL CHECK (json_valid(items) AND json_type(items) = 'array'),
    total        INTEGER NOT NULL CHECK (total >= 0),
    band         TEXT NOT NULL,
    flags        TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(flags) AND json_type(flags) = 'array'),
    recorded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    error_at     TEXT,
    error_by     TEXT,
    error_reason TEXT
);
CREATE INDEX measures_client ON measures(client_id, instrument, taken_on);

CREATE TRIGGER measures_no_delete BEFORE DELETE ON measures
BEGIN SELECT RAISE(ABORT, 'a measure is entered in error, never deleted'); END;

-- Only the mark may be written, once.
CREATE TRIGGER measures_kept BEFORE UPDATE ON measures
WHEN NEW.client_id IS NOT OLD.client_id OR NEW.instrument IS NOT OLD.instrument
     OR NEW.taken_on IS NOT OLD.taken_on OR NEW.items IS NOT OLD.items
     OR NEW.total IS NOT OLD.total OR NEW.band IS NOT OLD.band
     OR NEW.flags IS NOT OLD.flags OR NEW.recorded_by IS NOT OLD.recorded_by
     OR NEW.created_at IS NOT OLD.created_at
     OR (OLD.error_at IS NOT NULL AND (NEW.error_at IS NOT OLD.error_at
         OR NEW.error_by IS NOT OLD.error_by OR NEW.error_reason IS NOT OLD.error_reason))
BEGIN SELECT RAISE(ABORT, 'a measure stays as it was saved; a mistake is entered in error'); END;
