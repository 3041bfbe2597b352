-- Version 5: check-ins held, moved or cancelled, and why cases close.
--
-- A cancelled check-in stays on record with the day and the reason; it is
-- no longer due. (Held ones already carry done_on and their note.)
ALTER TABLE followups ADD COLUMN cancelled_on TEXT;
ALTER TABLE followups ADD COLUMN cancel_reason TEXT;

-- Why a case closed: on entering Termination and on archiving. One row per
-- closing; a case re-opened and closed again has two.
CREATE TABLE closures (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    closed_on   TEXT NOT NULL,
    event       TEXT NOT NULL CHECK (event IN ('termination', 'archive')),
    reason      TEXT NOT NULL CHECK (reason IN
                ('goals_met', 'client_withdrew', 'moved', 'referred_on', 'other')),
    note        TEXT
);
CREATE INDEX closures_client ON closures(client_id, id);
