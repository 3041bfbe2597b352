-- casework schema, version 1: the whole data model.
-- Dates are ISO text (YYYY-MM-DD); timestamps are UTC RFC 3339 text.

CREATE TABLE clients (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    preferred_name  TEXT,
    pronouns        TEXT,
    date_of_birth   TEXT,
    contact         TEXT,
    referral_source TEXT,
    intake_date     TEXT,
    next_contact    TEXT,
    case_review     TEXT,
    risk_level      TEXT NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high')),
    crisis          INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
    stage           TEXT NOT NULL DEFAULT 'assessment' CHECK (stage IN
                    ('assessment', 'goal_setting', 'planning', 'implementation',
                     'evaluation', 'termination', 'follow_up')),
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- What to do when a client is in crisis; one per client.
CREATE TABLE safety_plans (
    client_id       INTEGER PRIMARY KEY REFERENCES clients(id),
    warning_signs   TEXT NOT NULL DEFAULT '',
    coping          TEXT NOT NULL DEFAULT '',
    supports        TEXT NOT NULL DEFAULT '',
    professionals   TEXT NOT NULL DEFAULT '',
    safe_environment TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);

-- Per-client state of the stage checklist; items come from the template
-- and are identified by their stable key. A row exists once an item is ticked
-- or annotated; done_on NULL means open.
CREATE TABLE checklist_state (
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    stage       TEXT NOT NULL,
    item_key    TEXT NOT NULL,
    done_on     TEXT,
    note        TEXT,
    PRIMARY KEY (client_id, stage, item_key)
) WITHOUT ROWID;

CREATE TABLE stage_history (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    stage       TEXT NOT NULL,
    entered_on  TEXT NOT NULL,
    left_on     TEXT,
    reason      TEXT,
    -- Entering Termination: what was achieved and what supports are in place.
    summary     TEXT
);
CREATE INDEX stage_history_client ON stage_history(client_id, id);

-- A re-opened case starts a fresh checklist; the marks of the earlier cycle
-- move here so they stay on record.
CREATE TABLE checklist_past (
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    reopened_on TEXT NOT NULL,
    stage       TEXT NOT NULL,
    item_key    TEXT NOT NULL,
    done_on     TEXT,
    note        TEXT
);
CREATE INDEX checklist_past_client ON checklist_past(client_id, reopened_on);

CREATE TABLE goals (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES clients(id),
    client_words  TEXT NOT NULL CHECK (length(trim(client_words)) > 0),
    smart         TEXT,
    measure       TEXT,
    unit          TEXT,
    baseline      REAL,
    target        REAL,
    due           TEXT,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN
                  ('active', 'achieved', 'revised', 'discontinued')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX goals_client ON goals(client_id);

CREATE TABLE progress (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goals(id),
    recorded_on TEXT NOT NULL,
    value       REAL NOT NULL,
    rated_by    TEXT NOT NULL CHECK (rated_by IN ('client', 'worker')),
    note        TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX progress_goal ON progress(goal_id, recorded_on);

CREATE TABLE plan_steps (
    id          INTEGER PRIMARY KEY,
    goal_id     INTEGER NOT NULL REFERENCES goals(id),
    description TEXT NOT NULL,
    who         TEXT NOT NULL CHECK (who IN ('client', 'worker', 'other')),
    who_detail  TEXT,
    due         TEXT,
    done_on     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX plan_steps_goal ON plan_steps(goal_id);

CREATE TABLE referrals (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    goal_id     INTEGER REFERENCES goals(id),
    agency      TEXT NOT NULL,
    contact     TEXT,
    status      TEXT NOT NULL DEFAULT 'suggested' CHECK (status IN
                ('suggested', 'made', 'accepted', 'declined', 'closed')),
    created_on  TEXT NOT NULL
);
CREATE INDEX referrals_client ON referrals(client_id);

-- Follow-up check-ins scheduled at termination.
CREATE TABLE followups (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    due         TEXT NOT NULL,
    done_on     TEXT,
    note        TEXT
);
CREATE INDEX followups_client ON followups(client_id);

CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES clients(id),
    kind          TEXT NOT NULL CHECK (kind IN ('session', 'phone', 'home_visit',
                  'collateral', 'group', 'crisis', 'consultation')),
    format        TEXT NOT NULL CHECK (format IN ('dap', 'soap', 'birp', 'girp', 'free')),
    body          TEXT NOT NULL,
    techniques    TEXT NOT NULL DEFAULT '',   -- comma-separated technique keys
    session_date  TEXT NOT NULL,
    session_time  TEXT,                       -- HH:MM, when recorded
    duration_min  INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    signed_at     TEXT
);
CREATE INDEX notes_client ON notes(client_id, session_date);

CREATE TABLE note_goals (
    note_id INTEGER NOT NULL REFERENCES notes(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    PRIMARY KEY (note_id, goal_id)
) WITHOUT ROWID;

-- A note names only its own client's goals, and a signed note's links are
-- as locked as its text.
CREATE TRIGGER note_goals_same_client BEFORE INSERT ON note_goals
WHEN (SELECT client_id FROM goals WHERE id = NEW.goal_id)
     IS NOT (SELECT client_id FROM notes WHERE id = NEW.note_id)
BEGIN SELECT RAISE(ABORT, 'a note can only name goals of its own client'); END;

CREATE TRIGGER note_goals_signed_no_insert BEFORE INSERT ON note_goals
WHEN (SELECT signed_at FROM notes WHERE id = NEW.note_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END;

CREATE TRIGGER note_goals_signed_no_delete BEFORE DELETE ON note_goals
WHEN (SELECT signed_at FROM notes WHERE id = OLD.note_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END;

-- Corrections to a signed note: appended, never edited once signed.
CREATE TABLE addenda (
    id          INTEGER PRIMARY KEY,
    note_id     INTEGER NOT NULL REFERENCES notes(id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    signed_at   TEXT
);
CREATE INDEX addenda_note ON addenda(note_id);

-- Unsaved editor text, kept so that nothing typed is lost.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    note_id     INTEGER REFERENCES notes(id),
    kind        TEXT NOT NULL,
    format      TEXT NOT NULL,
    body        TEXT NOT NULL,
    meta        TEXT NOT NULL DEFAULT '{}',
    updated_at  TEXT NOT NULL
);

-- Unsaved form typing (one row per open form), same promise as drafts.
-- body is the form as JSON (see app::form_drafts); client_id is the client
-- selected when it was typed, if any.
CREATE TABLE form_drafts (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER,
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    client_id   INTEGER,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_client ON audit(client_id);

-- A signed note is a record: nothing may change or remove it, not even raw SQL.
CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed notes cannot be changed; add an addendum'); END;

CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed notes cannot be deleted'); END;

CREATE TRIGGER addenda_signed_no_update BEFORE UPDATE ON addenda
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed addenda cannot be changed'); END;

CREATE TRIGGER addenda_signed_no_delete BEFORE DELETE ON addenda
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'signed addenda cannot be deleted'); END;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;

-- Full-text search over notes and addenda, kept in step by triggers.
CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id');
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;

CREATE VIRTUAL TABLE addenda_fts USING fts5(body, content='addenda', content_rowid='id');
CREATE TRIGGER addenda_fts_insert AFTER INSERT ON addenda BEGIN
    INSERT INTO addenda_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER addenda_fts_delete AFTER DELETE ON addenda BEGIN
    INSERT INTO addenda_fts(addenda_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER addenda_fts_update AFTER UPDATE OF body ON addenda BEGIN
    INSERT INTO addenda_fts(addenda_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO addenda_fts(rowid, body) VALUES (new.id, new.body);
END;
