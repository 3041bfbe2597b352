//! Is the record what casework wrote? Recomputes the audit chain, the seal
//! of every signed note and addendum, and compares the chain's head with
//! the anchor kept outside the database. Each finding is one sentence that
//! names the row, the note or the file; none means all is as written.

use super::anchor::Anchor;
use super::chain::{self, ROW_COLUMNS};
use super::error::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

/// At most this many broken links are named one by one.
const MAX_NAMED: usize = 20;

/// Every finding about the chain, the seals and (if given) the anchor.
pub fn record_findings(conn: &Connection, anchor: Option<&Anchor>) -> Result<Vec<String>> {
    let mut found = chain_findings(conn)?;
    found.extend(seal_findings(conn)?);
    found.extend(secure_delete_findings(conn)?);
    // A file refused for its schema may lack what this reads: say so and
    // keep the chain and seal findings, rather than lose them to the error.
    match open_due_findings(conn) {
        Ok(more) => found.extend(more),
        Err(e) => found.push(format!("the kept due dates could not be checked: {e}")),
    }
    match open_items_findings(conn) {
        Ok(more) => found.extend(more),
        Err(e) => found.push(format!("the kept agenda could not be checked: {e}")),
    }
    if let Some(anchor) = anchor {
        found.extend(anchor_findings(conn, anchor)?);
    }
    Ok(found)
}

/// The earliest due date kept on each client row (schema v11) must be the
/// one its goals, steps and check-ins give: the caseload order trusts it,
/// and only a write from outside casework's triggers can make them differ.
fn open_due_findings(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id, earliest_open_due, due FROM (
            SELECT c.id, c.earliest_open_due,
                   (SELECT min(due) FROM client_open_dues d WHERE d.client_id = c.id) AS due
              FROM clients c)
          WHERE earliest_open_due IS NOT due ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (id, kept, due) = row?;
        if found.len() == MAX_NAMED {
            found.push("more clients' kept due dates differ (not named)".to_string());
            break;
        }
        let say = |d: Option<String>| d.unwrap_or_else(|| "none".into());
        found.push(format!(
            "client #{id}: the earliest due date kept for the caseload order ({}) is not \
             the one its goals, steps and check-ins give ({}); the file was changed \
             outside casework",
            say(kept),
            say(due)
        ));
    }
    Ok(found)
}

/// The agenda kept for Today (schema v13) must hold exactly the open items
/// the records give: Today and the workload trust it, and only a write from
/// outside casework's triggers can make them differ.
fn open_items_findings(conn: &Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for (kind, client, source, id, due) in super::open_items::drift(conn)? {
        if found.len() == MAX_NAMED {
            found.push("more of the kept agenda differs from the records (not named)".to_string());
            break;
        }
        let what = format!("client #{client}'s {source} #{id} due {due}");
        found.push(if kind == "day" {
            format!(
                "the count of kept items due {due} ({}) is not what the kept items give \
                 (one side has {client}); the file was changed outside casework",
                if id == 0 {
                    "in crisis"
                } else {
                    "not in crisis"
                }
            )
        } else if kind == "kept" {
            format!(
                "{what} is kept in the agenda as it is not in the records (gone, closed or \
                 changed); the file was changed outside casework"
            )
        } else {
            format!(
                "{what} is open in the records but not kept in the agenda as it is; the file \
                 was changed outside casework"
            )
        });
    }
    Ok(found)
}

/// Text edited out of a note must leave the full-text index's pages too
/// (migration 3 turns FTS5's secure-delete on). The setting is a row, not
/// schema, so the exact-schema check at open cannot see it switched off.
fn secure_delete_findings(conn: &Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for table in ["notes_fts", "addenda_fts"] {
        let on: Option<i64> = conn
            .query_row(
                &format!("SELECT v FROM {table}_config WHERE k = 'secure-delete'"),
                [],
                |r| r.get(0),
            )
            .ok();
        if on != Some(1) {
            found.push(format!(
                "the full-text index {table} has secure-delete off: text removed from notes may stay in the file"
            ));
        }
    }
    Ok(found)
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

/// "audit row 12 (2026-11-20T10:00:00Z, sign note 4)"
fn describe(id: i64, f: &[Value]) -> String {
    format!(
        "audit row {id} ({}, {} {} {})",
        text(&f[1]),
        text(&f[2]),
        text(&f[3]),
        text(&f[4])
    )
}

/// Each row must follow from the one before: no row missing, none changed,
/// none added that casework did not chain.
pub fn chain_findings(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS}, CAST(hash AS TEXT) FROM audit ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut found = Vec::new();
    let mut broken = 0usize;
    let mut prev: Option<(i64, Option<String>)> = None;
    while let Some(r) = rows.next()? {
        let fields: Vec<Value> = (0..8)
            .map(|i| r.get::<_, Value>(i))
            .collect::<rusqlite::Result<_>>()?;
        let stored: Option<String> = r.get(8)?;
        let id: i64 = r.get(0)?;
        let expected_id = prev.as_ref().map_or(1, |(p, _)| p + 1);
        let problem = if id > expected_id {
            let missing = match id - expected_id {
                1 => format!("audit row {expected_id} is"),
                _ => format!("audit rows {expected_id} to {} are", id - 1),
            };
            Some(format!(
                "{missing} missing before {}: removed from the trail",
                describe(id, &fields)
            ))
        } else if id < expected_id {
            Some(format!(
                "{} is out of place (the trail starts at row 1): it was forged",
                describe(id, &fields)
            ))
        } else {
            match &stored {
                None => Some(format!(
                    "{} has no hash: it was not written by casework",
                    describe(id, &fields)
                )),
                Some(h) => {
                    let prev_hash = prev.as_ref().and_then(|(_, h)| h.as_deref());
                    (chain::row_hash(prev_hash, &fields) != *h).then(|| {
                        format!(
                            "{} does not match its hash: the row was changed or forged, or the row before it was",
                            describe(id, &fields)
                        )
                    })
                }
            }
        };
        if let Some(p) = problem {
            broken += 1;
            if broken <= MAX_NAMED {
                found.push(p);
            }
        }
        prev = Some((id, stored));
    }
    if broken > MAX_NAMED {
        found.push(format!(
            "and {} more broken links in the audit chain",
            broken - MAX_NAMED
        ));
    }
    Ok(found)
}

/// Every signed note and addendum must match the seal the chain holds for
/// it, and everything the chain says was signed must still be there, signed.
pub fn seal_findings(conn: &Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for (entity, table) in [("note", "notes"), ("addendum", "addenda")] {
        // The latest seal of each, from the chain, looked up one at a time
        // so that a file of millions of notes is checked in little memory.
        let mut latest = conn.prepare(
            "SELECT id, seal FROM audit WHERE entity = ?1 AND entity_id = ?2
             AND seal IS NOT NULL ORDER BY id DESC LIMIT 1",
        )?;
        chain::each_signed(conn, entity, |s| {
            let (id, of, signed_at) = (s.id, s.of, &s.signed_at);
            let whose = match entity {
                "note" => format!("signed note {id} (client {of}, signed {signed_at})"),
                _ => format!("signed addendum {id} (to note {of}, signed {signed_at})"),
            };
            let sealed: Option<(i64, Value)> = latest
                .query_row(rusqlite::params![entity, id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            match sealed {
                None => found.push(format!(
                    "{whose}: no signature of it is in the audit chain; it claims to be signed, but casework did not sign it"
                )),
                Some((row, seal)) if seal != Value::Text(s.seal) => found.push(format!(
                    "{whose} no longer matches what was signed (audit row {row}): its content was changed"
                )),
                Some(_) => {}
            }
            Ok(())
        })?;
        // Signed, says the chain: still there, still signed?
        let gone: Vec<(i64, i64)> = conn
            .prepare(&format!(
                "SELECT max(a.id), a.entity_id FROM audit a
                 WHERE a.entity = ?1 AND a.seal IS NOT NULL AND typeof(a.entity_id) = 'integer'
                 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.entity_id
                                 AND t.signed_at IS NOT NULL)
                 GROUP BY a.entity_id ORDER BY a.entity_id"
            ))?
            .query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (row, id) in gone {
            found.push(format!(
                "{entity} {id} was signed (audit row {row}) but is no longer in the database as signed"
            ));
        }
    }
    Ok(found)
}

/// The database must still hold every head the anchor recorded, and no
/// rows past the last one.
pub fn anchor_findings(conn: &Connection, anchor: &Anchor) -> Result<Vec<String>> {
    let entries = match anchor.current_entries() {
        Ok(e) => e,
        Err(e) => return Ok(vec![e.to_string()]),
    };
    let file = anchor.path().display();
    let mut found = Vec::new();
    let mut hash_at = conn.prepare("SELECT hash FROM audit WHERE id = ?1")?;
    let head = chain::head(conn)?;
    // The newest recorded head the database no longer holds.
    let lost = entries.iter().filter(|e| e.is_head()).rev().find(|e| {
        let have: Option<Option<String>> = hash_at
            .query_map([e.row], |r| r.get(0))
            .ok()
            .and_then(|mut rows| rows.next())
            .and_then(|r| r.ok());
        have.flatten().as_deref() != Some(e.hash.as_str())
    });
    if let Some(e) = lost {
        let now = match &head {
            None => "has no audit rows at all".to_string(),
            Some(h) if h.row < e.row => format!("ends at row {}", h.row),
            Some(_) => format!("holds a different row {}", e.row),
        };
        let restored = head.as_ref().and_then(|h| {
            entries
                .iter()
                .rev()
                .find(|b| b.event == "backup" && b.row == h.row && b.hash == h.hash)
        });
        let mut said = format!(
            "the anchor {file} recorded audit row {} (hash {}) on {}, but the database {now}: it was rolled back to an earlier copy, or its history was rewritten",
            e.row,
            short(&e.hash),
            e.at
        );
        if let Some(b) = restored {
            said.push_str(&format!(
                " (it is now what the backup written to {} on {} held)",
                b.path.as_deref().unwrap_or("?"),
                b.at
            ));
        }
        found.push(said);
    }
    let last = entries.iter().filter(|e| e.is_head()).map(|e| e.row).max();
    if let (Some(last), Some(h)) = (last, &head) {
        if h.row > last && lost.is_none() {
            found.push(format!(
                "audit rows {} to {} were written after the last head the anchor {file} recorded (row {last}): not by casework on this account",
                last + 1,
                h.row
            ));
        }
    }
    Ok(found)
}

fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}
