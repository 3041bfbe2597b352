//! A current file made into the file an earlier version wrote, by undoing
//! each later migration, newest first: what upgrade tests start from. One
//! place to add the undo of each new migration, instead of every test.

use std::path::Path;

/// v9 added indexes only.
const DROP_V9: &str = "DROP INDEX referrals_goal; DROP INDEX clients_next_contact;
     DROP INDEX clients_case_review; DROP INDEX goals_open_due;
     DROP INDEX plan_steps_open_due; DROP INDEX followups_open_due;";

/// v8 added the measures table.
const DROP_V8: &str = "DROP TRIGGER measures_no_delete; DROP TRIGGER measures_kept;
     DROP INDEX measures_client; DROP TABLE measures;";

/// Undo every migration after `version` (from 7 on), newest first, and
/// mark the file as `version`'s.
pub fn to_version(path: &Path, version: i64) {
    assert!(version >= 7, "no undo kept for versions before 8");
    let undo: [(i64, &str); 6] = [
        (13, crate::open_items_store::DROP_V13),
        (12, crate::search_store::UNDO_V12),
        (11, crate::open_due_store::DROP_V11),
        (10, crate::gas_store::DROP_V10),
        (9, DROP_V9),
        (8, DROP_V8),
    ];
    let conn = rusqlite::Connection::open(path).expect("open");
    for (v, sql) in undo {
        if v > version {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("undo v{v}: {e}"));
        }
    }
    conn.pragma_update(None, "user_version", version)
        .expect("version");
}
