-- Version 13: every open dated item of the clients not archived, in a
-- table of its own, kept by triggers in the same transaction as each write
-- that moves one.
--
-- Today (`t`) and the workload summary (`w`) asked every place a due date
-- lives for what is open, and read each client row it belonged to: about
-- 70,000 items scattered over a 2 GB file at 50,000 clients, 0.4 to 0.7 s
-- a key. This table holds exactly the rows that query gives, with the
-- client's name and crisis flag beside each, so the agenda's order is an
-- index: the workload counts a range of it and Today reads one screenful
-- of it from where the cursor is.
--
-- The rule is the agenda's own (store::agenda::DUE_ITEMS_SQL, kept for the
-- calendar export and for `casework check`): next contacts and case
-- reviews; goals active, dated and not entered in error; steps not done,
-- dated, not entered in error and of a goal not entered in error (the
-- goal's status does not matter here, as it never did for the agenda);
-- check-ins neither done nor cancelled.
CREATE TABLE open_items (
    client_id INTEGER NOT NULL,
    -- Where the date lives, and the id of the row it lives in: the client
    -- for next contacts and case reviews, else the goal, step or check-in.
    source    TEXT NOT NULL,
    ref       INTEGER NOT NULL,
    due       TEXT NOT NULL,
    -- 0 for a client in crisis, 1 otherwise: on the same day, crisis first.
    calm      INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (source, ref)
) WITHOUT ROWID;

INSERT INTO open_items (client_id, source, ref, due, calm, name)
SELECT id, 'next_contact', id, next_contact, 1 - crisis, name FROM clients
 WHERE archived = 0 AND next_contact IS NOT NULL;
INSERT INTO open_items (client_id, source, ref, due, calm, name)
SELECT id, 'case_review', id, case_review, 1 - crisis, name FROM clients
 WHERE archived = 0 AND case_review IS NOT NULL;
INSERT INTO open_items (client_id, source, ref, due, calm, name)
SELECT c.id, 'goal', g.id, g.due, 1 - c.crisis, c.name
  FROM clients c JOIN goals g ON g.client_id = c.id
 WHERE c.archived = 0
   AND g.status = 'active' AND g.due IS NOT NULL AND g.error_at IS NULL;
INSERT INTO open_items (client_id, source, ref, due, calm, name)
SELECT c.id, 'plan_step', s.id, s.due, 1 - c.crisis, c.name
  FROM clients c JOIN goals g ON g.client_id = c.id JOIN plan_steps s ON s.goal_id = g.id
 WHERE c.archived = 0
   AND s.done_on IS NULL AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL;
INSERT INTO open_items (client_id, source, ref, due, calm, name)
SELECT c.id, 'followup', f.id, f.due, 1 - c.crisis, c.name
  FROM clients c JOIN followups f ON f.client_id = c.id
 WHERE c.archived = 0
   AND f.done_on IS NULL AND f.cancelled_on IS NULL;

-- The agenda's order as far as SQLite can keep it: by date, crisis first,
-- then by name as stored (the app orders names by its own lowercasing, so
-- it reads each day's crisis and calm items whole and sorts them itself).
CREATE INDEX open_items_order ON open_items(due, calm, name, client_id);
CREATE INDEX open_items_client ON open_items(client_id);

-- How many items fall on each day, crisis and calm apart: Today's group
-- counts, the workload's, and on which day the n-th item falls, from a
-- few hundred rows. Counting that in the index above steps through every
-- item in range (about 70,000 at 50,000 clients: 10 to 30 ms a count).
-- Kept by the triggers on open_items below, whoever writes it.
CREATE TABLE open_item_days (
    due  TEXT NOT NULL,
    calm INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (due, calm)
) WITHOUT ROWID;
INSERT INTO open_item_days (due, calm, n)
SELECT due, calm, count(*) FROM open_items GROUP BY due, calm;

CREATE TRIGGER open_items_day_insert AFTER INSERT ON open_items BEGIN
    INSERT INTO open_item_days (due, calm, n) VALUES (NEW.due, NEW.calm, 1)
        ON CONFLICT (due, calm) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER open_items_day_delete AFTER DELETE ON open_items BEGIN
    UPDATE open_item_days SET n = n - 1 WHERE due = OLD.due AND calm = OLD.calm;
    DELETE FROM open_item_days WHERE due = OLD.due AND calm = OLD.calm AND n <= 0;
END;
CREATE TRIGGER open_items_day_update AFTER UPDATE OF due, calm ON open_items BEGIN
    UPDATE open_item_days SET n = n - 1 WHERE due = OLD.due AND calm = OLD.calm;
    DELETE FROM open_item_days WHERE due = OLD.due AND calm = OLD.calm AND n <= 0;
    INSERT INTO open_item_days (due, calm, n) VALUES (NEW.due, NEW.calm, 1)
        ON CONFLICT (due, calm) DO UPDATE SET n = n + 1;
END;

-- A write to a goal, step or check-in moves its own row (a goal's, its
-- steps' too, as a goal entered in error hides them): a few rows found by
-- their keys, so an import that writes every record pays little. No
-- statement reads a client's other items, and none scans (a test holds
-- every trigger to that).
CREATE TRIGGER goals_open_items_insert AFTER INSERT ON goals BEGIN
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'goal', g.id, g.due, 1 - c.crisis, c.name
      FROM goals g JOIN clients c ON c.id = g.client_id
     WHERE g.id = NEW.id AND c.archived = 0
       AND g.status = 'active' AND g.due IS NOT NULL AND g.error_at IS NULL;
END;
CREATE TRIGGER goals_open_items_update
AFTER UPDATE OF id, client_id, status, due, error_at ON goals BEGIN
    DELETE FROM open_items WHERE source = 'goal' AND ref = OLD.id;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'goal', g.id, g.due, 1 - c.crisis, c.name
      FROM goals g JOIN clients c ON c.id = g.client_id
     WHERE g.id = NEW.id AND c.archived = 0
       AND g.status = 'active' AND g.due IS NOT NULL AND g.error_at IS NULL;
    DELETE FROM open_items WHERE source = 'plan_step'
       AND ref IN (SELECT id FROM plan_steps WHERE goal_id IN (OLD.id, NEW.id));
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'plan_step', s.id, s.due, 1 - c.crisis, c.name
      FROM plan_steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id
     WHERE s.goal_id = NEW.id AND c.archived = 0
       AND s.done_on IS NULL AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL;
END;
CREATE TRIGGER goals_open_items_delete AFTER DELETE ON goals BEGIN
    DELETE FROM open_items WHERE source = 'goal' AND ref = OLD.id;
    DELETE FROM open_items WHERE source = 'plan_step'
       AND ref IN (SELECT id FROM plan_steps WHERE goal_id = OLD.id);
END;

CREATE TRIGGER plan_steps_open_items_insert AFTER INSERT ON plan_steps BEGIN
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'plan_step', s.id, s.due, 1 - c.crisis, c.name
      FROM plan_steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id
     WHERE s.id = NEW.id AND c.archived = 0
       AND s.done_on IS NULL AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL;
END;
CREATE TRIGGER plan_steps_open_items_update
AFTER UPDATE OF id, goal_id, done_on, due, error_at ON plan_steps BEGIN
    DELETE FROM open_items WHERE source = 'plan_step' AND ref = OLD.id;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'plan_step', s.id, s.due, 1 - c.crisis, c.name
      FROM plan_steps s JOIN goals g ON g.id = s.goal_id JOIN clients c ON c.id = g.client_id
     WHERE s.id = NEW.id AND c.archived = 0
       AND s.done_on IS NULL AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL;
END;
CREATE TRIGGER plan_steps_open_items_delete AFTER DELETE ON plan_steps BEGIN
    DELETE FROM open_items WHERE source = 'plan_step' AND ref = OLD.id;
END;

CREATE TRIGGER followups_open_items_insert AFTER INSERT ON followups BEGIN
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'followup', f.id, f.due, 1 - c.crisis, c.name
      FROM followups f JOIN clients c ON c.id = f.client_id
     WHERE f.id = NEW.id AND c.archived = 0
       AND f.done_on IS NULL AND f.cancelled_on IS NULL;
END;
CREATE TRIGGER followups_open_items_update
AFTER UPDATE OF id, client_id, due, done_on, cancelled_on ON followups BEGIN
    DELETE FROM open_items WHERE source = 'followup' AND ref = OLD.id;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'followup', f.id, f.due, 1 - c.crisis, c.name
      FROM followups f JOIN clients c ON c.id = f.client_id
     WHERE f.id = NEW.id AND c.archived = 0
       AND f.done_on IS NULL AND f.cancelled_on IS NULL;
END;
CREATE TRIGGER followups_open_items_delete AFTER DELETE ON followups BEGIN
    DELETE FROM open_items WHERE source = 'followup' AND ref = OLD.id;
END;

-- A write to a client (its dates, name, crisis flag, archiving) can move
-- every one of its items: they are worked out again, through the
-- per-client indexes. Written once, as a trigger in place of inserting
-- into a view that is never read (SQLite reads a compound view whole for
-- each row a trigger asks it about, as version 11 found).
CREATE VIEW open_items_refresh (client_id) AS SELECT NULL WHERE 0;
CREATE TRIGGER open_items_refresh_client INSTEAD OF INSERT ON open_items_refresh BEGIN
    DELETE FROM open_items WHERE client_id = NEW.client_id;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT id, 'next_contact', id, next_contact, 1 - crisis, name FROM clients
     WHERE id = NEW.client_id AND archived = 0 AND next_contact IS NOT NULL;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT id, 'case_review', id, case_review, 1 - crisis, name FROM clients
     WHERE id = NEW.client_id AND archived = 0 AND case_review IS NOT NULL;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'goal', g.id, g.due, 1 - c.crisis, c.name
      FROM clients c JOIN goals g ON g.client_id = c.id
     WHERE c.id = NEW.client_id AND c.archived = 0
       AND g.status = 'active' AND g.due IS NOT NULL AND g.error_at IS NULL;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'plan_step', s.id, s.due, 1 - c.crisis, c.name
      FROM clients c JOIN goals g ON g.client_id = c.id JOIN plan_steps s ON s.goal_id = g.id
     WHERE c.id = NEW.client_id AND c.archived = 0
       AND s.done_on IS NULL AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL;
    INSERT INTO open_items (client_id, source, ref, due, calm, name)
    SELECT c.id, 'followup', f.id, f.due, 1 - c.crisis, c.name
      FROM clients c JOIN followups f ON f.client_id = c.id
     WHERE c.id = NEW.client_id AND c.archived = 0
       AND f.done_on IS NULL AND f.cancelled_on IS NULL;
END;

CREATE TRIGGER clients_open_items_insert AFTER INSERT ON clients BEGIN
    INSERT INTO open_items_refresh (client_id) VALUES (NEW.id);
END;
CREATE TRIGGER clients_open_items_update
AFTER UPDATE OF id, name, next_contact, case_review, crisis, archived ON clients BEGIN
    INSERT INTO open_items_refresh (client_id)
    SELECT OLD.id WHERE OLD.id IS NOT NEW.id UNION ALL SELECT NEW.id;
END;
CREATE TRIGGER clients_open_items_delete AFTER DELETE ON clients BEGIN
    INSERT INTO open_items_refresh (client_id) VALUES (OLD.id);
END;
