//! Shared checks for values kept by triggers (v11's earliest due date,
//! v13's agenda): how SQLite plans each trigger statement (a trigger that
//! scans a table costs every write in proportion to the caseload), and
//! `casework check` going on when a kept table or view is gone.

use casework::store::Store;
use rusqlite::Connection;

/// `check` on a file edited by `sql` (a kept table or view dropped outside
/// casework) reports one finding holding `words`, not an error that would
/// lose the chain and seal findings with it.
pub fn check_goes_on_after(store: &Store, sql: &str, words: &str) {
    store.conn().execute_batch(sql).expect("edit");
    let report = store.check().expect("a report, not an error");
    assert!(
        report.problems.iter().any(|p| p.contains(words)),
        "{report:?}"
    );
}

/// Each trigger whose name is like `like`, with the plan lines of all its
/// statements (each planned on its own, `NEW.x` and `OLD.x` made 1).
pub fn trigger_plans(conn: &Connection, like: &str) -> Vec<(String, Vec<String>)> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?1")
        .expect("triggers");
    let triggers: Vec<(String, String)> = stmt
        .query_map([like], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    triggers
        .into_iter()
        .map(|(name, sql)| {
            let begin = sql.find("BEGIN").expect("BEGIN") + "BEGIN".len();
            let end = sql.rfind("END").expect("END");
            let mut lines = Vec::new();
            for statement in sql[begin..end].split(';') {
                let statement = statement.trim();
                if statement.is_empty() {
                    continue;
                }
                let body = with_ones(statement);
                let mut plan = conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {body}"))
                    .unwrap_or_else(|e| panic!("{name}: {e}\n{body}"));
                lines.extend(
                    plan.query_map([], |r| r.get::<_, String>(3))
                        .expect("rows")
                        .map(|r| r.expect("row")),
                );
            }
            (name, lines)
        })
        .collect()
}

/// A trigger's statement with each `NEW.column` and `OLD.column` made 1,
/// so it can be planned on its own.
fn with_ones(statement: &str) -> String {
    let mut out = String::new();
    let mut rest = statement;
    while let Some(at) = ["NEW.", "OLD."].iter().filter_map(|v| rest.find(v)).min() {
        out.push_str(&rest[..at]);
        out.push('1');
        let after = &rest[at + 4..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}
