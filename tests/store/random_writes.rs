//! Any write at all, as raw SQL, for tests of what triggers keep: the
//! kept values must hold for writes the app never makes (another program,
//! an older casework's import) as well as for its own.

use rusqlite::{Connection, params};

/// A small deterministic generator, so a failure can be run again.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
    pub fn date(&mut self) -> String {
        format!("2026-{:02}-{:02}", 10 + self.next(3), 1 + self.next(28))
    }
    pub fn maybe_date(&mut self) -> Option<String> {
        (self.next(4) > 0).then(|| self.date())
    }
}

/// Some row of `table`, a different one from one call to the next.
pub fn any_row(conn: &Connection, table: &str, rng: &mut Lcg) -> Option<i64> {
    conn.query_row(
        &format!("SELECT id FROM {table} ORDER BY (id * ?1) % 97 LIMIT 1"),
        [rng.next(1000) as i64 + 1],
        |r| r.get(0),
    )
    .ok()
}

/// One write of any kind: to clients (dates, name, crisis, archive, new
/// and deleted clients, a changed id), and adding, closing, reopening,
/// moving, entering in error and deleting goals, steps and check-ins. What
/// it did, and SQLite's answer: writes the schema refuses (a deleted goal
/// with steps) change nothing, which the caller checks too.
pub fn random_write(conn: &Connection, rng: &mut Lcg) -> (&'static str, rusqlite::Result<usize>) {
    let now = "2026-11-01T10:00:00Z";
    let client = any_row(conn, "clients", rng);
    let goal = any_row(conn, "goals", rng);
    let step = any_row(conn, "plan_steps", rng);
    let followup = any_row(conn, "followups", rng);
    match rng.next(22) {
        0 => (
            "a goal added",
            conn.execute(
                "INSERT INTO goals (client_id, client_words, due, status, created_at, updated_at)
                 VALUES (?1, 'to be well', ?2, 'active', ?3, ?3)",
                params![client, rng.maybe_date(), now],
            ),
        ),
        1 => (
            "a goal's due date changed",
            conn.execute(
                "UPDATE goals SET due = ?2 WHERE id = ?1",
                params![goal, rng.maybe_date()],
            ),
        ),
        2 => {
            let status = ["active", "achieved", "revised", "discontinued"][rng.next(4) as usize];
            (
                "a goal's status changed",
                conn.execute(
                    "UPDATE goals SET status = ?2 WHERE id = ?1",
                    params![goal, status],
                ),
            )
        }
        3 => (
            "a goal entered in error or back",
            conn.execute(
                "UPDATE goals SET error_at = CASE WHEN error_at IS NULL THEN ?2 END
                 WHERE id = ?1",
                params![goal, now],
            ),
        ),
        4 => (
            "a goal moved to another client",
            conn.execute(
                "UPDATE goals SET client_id = ?2 WHERE id = ?1",
                params![goal, client],
            ),
        ),
        5 => (
            "a step added",
            conn.execute(
                "INSERT INTO plan_steps (goal_id, description, who, due, created_at)
                 VALUES (?1, 'call', 'worker', ?2, ?3)",
                params![goal, rng.maybe_date(), now],
            ),
        ),
        6 => (
            "a step done or undone",
            conn.execute(
                "UPDATE plan_steps SET done_on = CASE WHEN done_on IS NULL THEN ?2 END
                 WHERE id = ?1",
                params![step, rng.date()],
            ),
        ),
        7 => (
            "a step's due date changed",
            conn.execute(
                "UPDATE plan_steps SET due = ?2 WHERE id = ?1",
                params![step, rng.maybe_date()],
            ),
        ),
        8 => (
            "a step moved to another goal",
            conn.execute(
                "UPDATE plan_steps SET goal_id = ?2 WHERE id = ?1",
                params![step, goal],
            ),
        ),
        9 => (
            "a step entered in error or back",
            conn.execute(
                "UPDATE plan_steps SET error_at = CASE WHEN error_at IS NULL THEN ?2 END
                 WHERE id = ?1",
                params![step, now],
            ),
        ),
        10 => (
            "a check-in added",
            conn.execute(
                "INSERT INTO followups (client_id, due) VALUES (?1, ?2)",
                params![client, rng.date()],
            ),
        ),
        11 => (
            "a check-in done, cancelled or reopened",
            conn.execute(
                "UPDATE followups SET
                    done_on = CASE WHEN ?2 = 0 THEN ?3 END,
                    cancelled_on = CASE WHEN ?2 = 1 THEN ?3 END
                 WHERE id = ?1",
                params![followup, rng.next(3) as i64, rng.date()],
            ),
        ),
        12 => (
            "a check-in moved to another client",
            conn.execute(
                "UPDATE followups SET client_id = ?2, due = ?3 WHERE id = ?1",
                params![followup, client, rng.date()],
            ),
        ),
        13 => (
            "a step or a check-in deleted",
            conn.execute(
                if rng.next(2) == 0 {
                    "DELETE FROM plan_steps WHERE id = ?1"
                } else {
                    "DELETE FROM followups WHERE id = ?1"
                },
                [step.or(followup)],
            ),
        ),
        14 => (
            "a goal deleted",
            conn.execute("DELETE FROM goals WHERE id = ?1", [goal]),
        ),
        15 => (
            "a client's next contact and review changed",
            conn.execute(
                "UPDATE clients SET next_contact = ?2, case_review = ?3 WHERE id = ?1",
                params![client, rng.maybe_date(), rng.maybe_date()],
            ),
        ),
        16 => (
            "a client in crisis or out of it",
            conn.execute(
                "UPDATE clients SET crisis = 1 - crisis WHERE id = ?1",
                [client],
            ),
        ),
        17 => (
            "a client archived or back",
            conn.execute(
                "UPDATE clients SET archived = 1 - archived WHERE id = ?1",
                [client],
            ),
        ),
        18 => {
            let name = ["Ana", "ana", "Émile", "émile", "Zoë"][rng.next(5) as usize];
            (
                "a client renamed",
                conn.execute(
                    "UPDATE clients SET name = ?2 WHERE id = ?1",
                    params![client, name],
                ),
            )
        }
        19 => (
            "a client added",
            conn.execute(
                "INSERT INTO clients (name, next_contact, case_review, crisis, created_at,
                    updated_at) VALUES ('New', ?1, ?2, ?3, 'x', 'x')",
                params![rng.maybe_date(), rng.maybe_date(), rng.next(2) as i64],
            ),
        ),
        20 => (
            "a client with nothing else deleted",
            conn.execute(
                "DELETE FROM clients WHERE id = ?1 AND name = 'New'
                   AND NOT EXISTS (SELECT 1 FROM goals WHERE client_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM followups WHERE client_id = ?1)",
                [client],
            ),
        ),
        _ => (
            "a client's id changed",
            conn.execute(
                "UPDATE clients SET id = (SELECT max(id) + 1 FROM clients)
                 WHERE id = ?1 AND name = 'New'
                   AND NOT EXISTS (SELECT 1 FROM goals WHERE client_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM followups WHERE client_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM notes WHERE client_id = ?1)",
                [client],
            ),
        ),
    }
}
