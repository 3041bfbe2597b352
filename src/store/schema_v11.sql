-- Version 11: each client's earliest open due date, kept on the client row.
--
-- The caseload list sorts by it. It was worked out for every client on
-- every start, three searches per client: about a third of a second before
-- the first frame at 50,000 clients. Now it is written in the same
-- transaction as any change that can move it, by the triggers below, so
-- the list is read straight from the clients table.

ALTER TABLE clients ADD COLUMN earliest_open_due TEXT;

-- The caseload's order (crisis first, then the soonest due, nothing due
-- last) as an index, so the first screen is read from its top without
-- visiting every client: the first frame costs the same on any caseload.
-- '9999-12-31' stands for "nothing due" so that it sorts last.
CREATE INDEX clients_urgency ON clients(archived, crisis DESC,
    min(coalesce(next_contact, '9999-12-31'), coalesce(case_review, '9999-12-31'),
        coalesce(earliest_open_due, '9999-12-31')));

-- What counts as open and due: active goals, steps not done of active
-- goals, check-ins neither done nor cancelled; nothing entered in error.
-- The fill below and `casework check` ask it for every client at once.
CREATE VIEW client_open_dues AS
    SELECT client_id, due FROM goals
     WHERE status = 'active' AND due IS NOT NULL AND error_at IS NULL
    UNION ALL
    SELECT g.client_id, s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
     WHERE g.status = 'active' AND s.done_on IS NULL AND s.due IS NOT NULL
       AND s.error_at IS NULL AND g.error_at IS NULL
    UNION ALL
    SELECT client_id, due FROM followups
     WHERE done_on IS NULL AND cancelled_on IS NULL;

UPDATE clients SET earliest_open_due =
    (SELECT min(due) FROM client_open_dues WHERE client_id = clients.id);

-- The triggers spell the rule out rather than ask the view: SQLite reads
-- a compound view whole for each row it is asked about from a trigger
-- (30 ms a write on 5,000 clients), where these per-client searches use
-- the goals_client, plan_steps_goal and followups_client indexes.
CREATE TRIGGER goals_open_due_insert AFTER INSERT ON goals BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id = NEW.client_id;
END;
CREATE TRIGGER goals_open_due_update AFTER UPDATE OF client_id, status, due, error_at ON goals BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id IN (NEW.client_id, OLD.client_id);
END;
CREATE TRIGGER goals_open_due_delete AFTER DELETE ON goals BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id = OLD.client_id;
END;

CREATE TRIGGER plan_steps_open_due_insert AFTER INSERT ON plan_steps BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id = (SELECT client_id FROM goals WHERE id = NEW.goal_id);
END;
CREATE TRIGGER plan_steps_open_due_update AFTER UPDATE OF goal_id, done_on, due, error_at ON plan_steps BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id IN (SELECT client_id FROM goals WHERE id IN (NEW.goal_id, OLD.goal_id));
END;
CREATE TRIGGER plan_steps_open_due_delete AFTER DELETE ON plan_steps BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id = (SELECT client_id FROM goals WHERE id = OLD.goal_id);
END;

CREATE TRIGGER followups_open_due_insert AFTER INSERT ON followups BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id = NEW.client_id;
END;
CREATE TRIGGER followups_open_due_update AFTER UPDATE OF client_id, due, done_on, cancelled_on ON followups BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id IN (NEW.client_id, OLD.client_id);
END;
CREATE TRIGGER followups_open_due_delete AFTER DELETE ON followups BEGIN
    UPDATE clients SET earliest_open_due = (SELECT min(d) FROM (
        SELECT due AS d FROM goals
         WHERE client_id = clients.id AND status = 'active' AND due IS NOT NULL
           AND error_at IS NULL
        UNION ALL
        SELECT s.due FROM plan_steps s JOIN goals g ON g.id = s.goal_id
         WHERE g.client_id = clients.id AND g.status = 'active' AND s.done_on IS NULL
           AND s.due IS NOT NULL AND s.error_at IS NULL AND g.error_at IS NULL
        UNION ALL
        SELECT due FROM followups
         WHERE client_id = clients.id AND done_on IS NULL AND cancelled_on IS NULL))
     WHERE id = OLD.client_id;
END;
