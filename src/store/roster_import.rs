//! A CSV roster into the database. Importing the same roster twice must not
//! double the caseload, so a row is matched to the clients already there
//! (and to the rows above it) by name and date of birth before anything is
//! added. One transaction: all of it or none of it.

use super::codec::now;
use super::error::Result;
use super::stages::StageVisit;
use super::{Store, audit, clients, stages};
use crate::domain::Date;
use crate::exchange::roster::RosterRow;
use crate::store::clients::ClientFields;
use rusqlite::Connection;
use std::collections::HashMap;

/// What to do with a row that is a client already in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnMatch {
    /// Leave the client as it is and report the row.
    Skip,
    /// Fill in the client's details from the row's non-empty cells.
    Update,
}

/// One row that was not simply added, by its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowReport {
    pub line: u64,
    pub name: String,
    pub why: String,
}

/// What an import did: every row is in exactly one of these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterOutcome {
    pub added: usize,
    pub updated: Vec<RowReport>,
    pub skipped: Vec<RowReport>,
}

/// The name as matched: surrounding and repeated spaces dropped, letters
/// compared without case ("  ada  BROOK" is "ada brook"). Accents and
/// spelling are not guessed at: "Zoë" and "Zoe" are different names.
pub fn match_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

type Key = (String, Option<Date>);

/// A person is the same when the matched name and the date of birth are
/// equal; two rows without a date of birth match on the name alone (that
/// is what importing the same file twice looks like).
fn key(name: &str, born: Option<Date>) -> Key {
    (match_name(name), born)
}

fn existing(conn: &Connection) -> Result<HashMap<Key, Vec<i64>>> {
    let mut stmt = conn.prepare("SELECT id, name, date_of_birth FROM clients ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out: HashMap<Key, Vec<i64>> = HashMap::new();
    for row in rows {
        let (id, name, born) = row?;
        // A date this program did not write cannot match a parsed one.
        let born = born.and_then(|b| b.parse().ok());
        out.entry(key(&name, born)).or_default().push(id);
    }
    Ok(out)
}

/// The stored fields with the row's non-empty cells written over them: an
/// empty cell (or a column the file lacks) keeps what is stored, so a
/// thinner roster never blanks a client's details. The name matched, so
/// it differs at most in case or spacing: the stored spelling stays.
fn merged(stored: &ClientFields, row: &RosterRow) -> ClientFields {
    let r = &row.fields;
    let pick = |new: &Option<String>, old: &Option<String>| new.clone().or_else(|| old.clone());
    ClientFields {
        name: stored.name.clone(),
        preferred_name: pick(&r.preferred_name, &stored.preferred_name),
        pronouns: pick(&r.pronouns, &stored.pronouns),
        date_of_birth: r.date_of_birth.or(stored.date_of_birth),
        contact: pick(&r.contact, &stored.contact),
        referral_source: pick(&r.referral_source, &stored.referral_source),
        intake_date: r.intake_date.or(stored.intake_date),
        next_contact: r.next_contact.or(stored.next_contact),
        case_review: r.case_review.or(stored.case_review),
        risk_level: if row.risk_given {
            r.risk_level
        } else {
            stored.risk_level
        },
    }
}

fn born_label(d: Option<Date>) -> String {
    d.map_or_else(|| "no date of birth".to_string(), |d| format!("born {d}"))
}

impl Store {
    /// Add the roster's rows as clients, except a row that matches a client
    /// already here (skipped, or with `OnMatch::Update` used to update that
    /// client) or a row above it in the same file (always skipped: which of
    /// the two is right is for a person to say).
    pub fn import_roster(
        &mut self,
        rows: &[RosterRow],
        today: Date,
        on_match: OnMatch,
    ) -> Result<RosterOutcome> {
        let at = now();
        self.write(|tx| {
            let mut known = existing(tx)?;
            let mut in_file: HashMap<Key, u64> = HashMap::new();
            let mut out = RosterOutcome::default();
            for r in rows {
                let k = key(&r.fields.name, r.fields.date_of_birth);
                let who = format!("{} ({})", r.fields.name, born_label(r.fields.date_of_birth));
                let report = |why: String| RowReport {
                    line: r.line,
                    name: who.clone(),
                    why,
                };
                if let Some(first) = in_file.get(&k) {
                    out.skipped
                        .push(report(format!("the same person as line {first}")));
                    continue;
                }
                in_file.insert(k.clone(), r.line);
                match (known.get(&k).map(Vec::as_slice), on_match) {
                    (None | Some([]), _) => {
                        let id = add(tx, r, today, &at)?;
                        known.entry(k).or_default().push(id);
                        out.added += 1;
                    }
                    (Some([id]), OnMatch::Skip) => out.skipped.push(report(format!(
                        "already client {id}; not changed (--update would update it)"
                    ))),
                    (Some([id]), OnMatch::Update) => {
                        let stored = ClientFields::of(&clients::get(tx, *id)?);
                        let changed = clients::update(tx, *id, &merged(&stored, r), &at)?;
                        if changed.is_empty() {
                            out.skipped
                                .push(report(format!("already client {id}, nothing new")));
                        } else {
                            let detail =
                                format!("roster line {}: changed: {}", r.line, changed.join(", "));
                            let entry = audit::AuditEntry::client("update", "client", *id, *id);
                            audit::record(tx, &at, &entry.detail(&detail))?;
                            out.updated
                                .push(report(format!("client {id}: {}", changed.join(", "))));
                        }
                    }
                    (Some(ids), _) => {
                        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
                        out.skipped.push(report(format!(
                            "matches clients {} already; not changed (which one is for you to say)",
                            ids.join(", ")
                        )));
                    }
                }
            }
            Ok(out)
        })
    }
}

/// A new client from a row, with its stage-history and audit rows.
fn add(tx: &Connection, r: &RosterRow, today: Date, at: &str) -> Result<i64> {
    let id = clients::insert(tx, &r.fields, r.stage, r.crisis, at)?;
    let entered_on = r.fields.intake_date.unwrap_or(today);
    stages::insert_visit(
        tx,
        id,
        &StageVisit {
            stage: r.stage,
            entered_on,
            left_on: None,
            reason: None,
            summary: None,
        },
    )?;
    if r.archived {
        tx.execute("UPDATE clients SET archived = 1 WHERE id = ?1", [id])?;
    }
    let entry = audit::AuditEntry::client("import", "client", id, id);
    audit::record(tx, at, &entry.detail("roster"))?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::match_name;

    #[test]
    fn names_match_without_case_or_extra_spaces_but_keep_accents() {
        assert_eq!(match_name("  Ada   BROOK "), "ada brook");
        assert_eq!(match_name("ZOË Ng"), "zoë ng");
        assert_ne!(match_name("Zoë Ng"), match_name("Zoe Ng"));
    }
}
