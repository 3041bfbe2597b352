use super::codec::{col_enum, col_opt_date, date_text};
use super::error::Result;
use crate::domain::{Client, ClientSummary, Date, RiskLevel, Stage};
use rusqlite::{Connection, OptionalExtension, params};

/// The fields a person fills in for a client.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientFields {
    pub name: String,
    pub preferred_name: Option<String>,
    pub pronouns: Option<String>,
    pub date_of_birth: Option<Date>,
    pub contact: Option<String>,
    pub referral_source: Option<String>,
    pub intake_date: Option<Date>,
    pub next_contact: Option<Date>,
    pub case_review: Option<Date>,
    pub risk_level: RiskLevel,
}

/// Insert a client at `stage`, with the opening stage-history row.
pub fn insert(
    conn: &Connection,
    f: &ClientFields,
    stage: Stage,
    crisis: bool,
    at: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO clients (name, preferred_name, pronouns, date_of_birth, contact,
            referral_source, intake_date, next_contact, case_review, risk_level, crisis,
            stage, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        f.name.trim(),
        f.preferred_name,
        f.pronouns,
        date_text(f.date_of_birth),
        f.contact,
        f.referral_source,
        date_text(f.intake_date),
        date_text(f.next_contact),
        date_text(f.case_review),
        f.risk_level.key(),
        crisis,
        stage.key(),
        at,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Every client not archived, with what the caseload list needs.
pub fn caseload(conn: &Connection) -> Result<Vec<ClientSummary>> {
    summaries(conn, false)
}

/// The columns of a caseload row, in the order `summary` reads them.
const SUMMARY_COLUMNS: &str = "id, name, stage, next_contact, case_review, crisis, risk_level,
    earliest_open_due, archived";

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClientSummary> {
    Ok(ClientSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        stage: col_enum(r, 2, "stage", Stage::from_key)?,
        next_contact: col_opt_date(r, 3)?,
        case_review: col_opt_date(r, 4)?,
        crisis: r.get(5)?,
        risk_level: col_enum(r, 6, "risk level", RiskLevel::from_key)?,
        earliest_open_due: col_opt_date(r, 7)?,
        archived: r.get(8)?,
    })
}

/// The caseload list's rows; archived clients only when asked for. Each
/// client's earliest open due date is kept on its row by schema v11's
/// triggers, so this reads one table and nothing else.
pub fn summaries(conn: &Connection, include_archived: bool) -> Result<Vec<ClientSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM clients WHERE ?1 OR archived = 0"
    ))?;
    let rows = stmt.query_map([include_archived], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A client's soonest due date ('9999-12-31' for none, so it sorts last),
/// written exactly as schema v11's `clients_urgency` index has it: only
/// then is the index used.
pub const DUE_KEY: &str =
    "min(coalesce(next_contact, '9999-12-31'), coalesce(case_review, '9999-12-31'),
        coalesce(earliest_open_due, '9999-12-31'))";

/// The clients that can be at the top of the caseload in urgency order:
/// the first `n` not archived by crisis and soonest due date, with every
/// client tied with the last of them (their order by name is the app's to
/// decide). Read from the top of an index, so the first screen of a
/// caseload of any size costs the same.
pub fn first_by_urgency(conn: &Connection, n: usize) -> Result<Vec<ClientSummary>> {
    let Some(offset) = n.checked_sub(1) else {
        return Ok(Vec::new());
    };
    let last: Option<(bool, String)> = conn
        .prepare_cached(&format!(
            "SELECT crisis, {DUE_KEY} FROM clients WHERE archived = 0
             ORDER BY archived, crisis DESC, {DUE_KEY} LIMIT 1 OFFSET ?1"
        ))?
        .query_row([i64::try_from(offset).unwrap_or(i64::MAX)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((crisis, due)) = last else {
        // Fewer than `n`: all of them.
        return summaries(conn, false);
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM clients
          WHERE archived = 0 AND crisis = 1 AND ?1 = 0
         UNION ALL
         SELECT {SUMMARY_COLUMNS} FROM clients
          WHERE archived = 0 AND crisis = ?1 AND {DUE_KEY} <= ?2"
    ))?;
    let rows = stmt.query_map(params![crisis, due], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The caseload title's counts over clients not archived: how many, how
/// many in crisis, how many overdue for something on `today`. Each is a
/// range of the urgency index counted without reading a client row: the
/// clients not archived are all of them less the archived ones (SQLite
/// counts a whole table from its b-tree's page counts), and the overdue
/// ones are the front of each crisis group. So no count walks the whole
/// caseload. One statement, so one snapshot: a commit between the counts
/// cannot skew them.
pub fn title_counts(conn: &Connection, today: Date) -> Result<(usize, usize, usize)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT (SELECT count(*) FROM clients)
              - (SELECT count(*) FROM clients WHERE archived = 1),
                (SELECT count(*) FROM clients WHERE archived = 0 AND crisis = 1),
                (SELECT count(*) FROM clients
                  WHERE archived = 0 AND crisis = 1 AND {DUE_KEY} < ?1)
              + (SELECT count(*) FROM clients
                  WHERE archived = 0 AND crisis = 0 AND {DUE_KEY} < ?1)"
    ))?;
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    let (open, crisis, overdue): (i64, i64, i64) = stmt.query_row([today.to_string()], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok((count(open), count(crisis), count(overdue)))
}

pub fn get(conn: &Connection, id: i64) -> Result<Client> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, preferred_name, pronouns, date_of_birth, contact, referral_source,
            intake_date, next_contact, case_review, risk_level, crisis, stage, archived
         FROM clients WHERE id = ?1",
    )?;
    Ok(stmt.query_row([id], |r| {
        Ok(Client {
            id: r.get(0)?,
            name: r.get(1)?,
            preferred_name: r.get(2)?,
            pronouns: r.get(3)?,
            date_of_birth: col_opt_date(r, 4)?,
            contact: r.get(5)?,
            referral_source: r.get(6)?,
            intake_date: col_opt_date(r, 7)?,
            next_contact: col_opt_date(r, 8)?,
            case_review: col_opt_date(r, 9)?,
            risk_level: col_enum(r, 10, "risk level", RiskLevel::from_key)?,
            crisis: r.get(11)?,
            stage: col_enum(r, 12, "stage", Stage::from_key)?,
            archived: r.get(13)?,
        })
    })?)
}

/// Whether a client with this id is in the file (archived too).
pub fn exists(conn: &Connection, id: i64) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM clients WHERE id = ?1")?;
    Ok(stmt.exists([id])?)
}

/// All client ids, archived too, in id order (for export).
pub fn all_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM clients ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Replace the fields a person fills in; stage, crisis and archive state are
/// changed by their own actions. Returns the names of the fields that changed,
/// for the audit trail (names only: the audit log holds no client content).
pub fn update(conn: &Connection, id: i64, f: &ClientFields, at: &str) -> Result<Vec<&'static str>> {
    let old = get(conn, id)?;
    let mut changed = Vec::new();
    let mut note = |name: &'static str, differs: bool| {
        if differs {
            changed.push(name);
        }
    };
    note("name", old.name != f.name.trim());
    note("preferred_name", old.preferred_name != f.preferred_name);
    note("pronouns", old.pronouns != f.pronouns);
    note("date_of_birth", old.date_of_birth != f.date_of_birth);
    note("contact", old.contact != f.contact);
    note("referral_source", old.referral_source != f.referral_source);
    note("intake_date", old.intake_date != f.intake_date);
    note("next_contact", old.next_contact != f.next_contact);
    note("case_review", old.case_review != f.case_review);
    note("risk_level", old.risk_level != f.risk_level);
    conn.prepare_cached(
        "UPDATE clients SET name = ?2, preferred_name = ?3, pronouns = ?4, date_of_birth = ?5,
            contact = ?6, referral_source = ?7, intake_date = ?8, next_contact = ?9,
            case_review = ?10, risk_level = ?11, updated_at = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.name.trim(),
        f.preferred_name,
        f.pronouns,
        date_text(f.date_of_birth),
        f.contact,
        f.referral_source,
        date_text(f.intake_date),
        date_text(f.next_contact),
        date_text(f.case_review),
        f.risk_level.key(),
        at,
    ])?;
    Ok(changed)
}

/// Set one of the client's yes/no flags. Returns whether it was different.
pub fn set_flag(conn: &Connection, id: i64, flag: Flag, on: bool, at: &str) -> Result<bool> {
    let sql = match flag {
        Flag::Crisis => {
            "UPDATE clients SET crisis = ?2, updated_at = ?3 WHERE id = ?1 AND crisis != ?2"
        }
        Flag::Archived => {
            "UPDATE clients SET archived = ?2, updated_at = ?3 WHERE id = ?1 AND archived != ?2"
        }
    };
    Ok(conn.prepare_cached(sql)?.execute(params![id, on, at])? > 0)
}

/// The client flags that have their own key and their own audit action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Crisis,
    Archived,
}

impl ClientFields {
    /// The editable fields of a stored client, to prefill a form.
    pub fn of(c: &Client) -> ClientFields {
        ClientFields {
            name: c.name.clone(),
            preferred_name: c.preferred_name.clone(),
            pronouns: c.pronouns.clone(),
            date_of_birth: c.date_of_birth,
            contact: c.contact.clone(),
            referral_source: c.referral_source.clone(),
            intake_date: c.intake_date,
            next_contact: c.next_contact,
            case_review: c.case_review,
            risk_level: c.risk_level,
        }
    }
}
