//! Converting between database text and domain values, with errors that say
//! which value was unreadable instead of panicking.

use super::error::{Result, StoreError};
use crate::domain::{Date, Stamp};
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

pub fn date(s: &str) -> Result<Date> {
    s.parse()
        .map_err(|_| StoreError::Invalid(format!("date {s:?}")))
}

pub fn opt_date(s: Option<String>) -> Result<Option<Date>> {
    s.as_deref().map(date).transpose()
}

pub fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub fn enum_key<T>(s: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(s).ok_or_else(|| StoreError::Invalid(format!("{what} {s:?}")))
}

/// Now, as stored: UTC, second precision.
pub fn now() -> String {
    Stamp::now().to_string()
}

/// Midday UTC on a given date: timestamps for generated records.
pub fn timestamp_on(d: Date) -> String {
    Stamp::midday_on(d).to_string()
}

/// A time column reads as a [`Stamp`] wherever text would read: text that is
/// not a time is kept as it is, never an error, so the row still shows.
impl FromSql for Stamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(Stamp::parse)
    }
}

/// Written as the text it was read from, or as this program writes a time.
impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

/// Column readers that turn unreadable text into a conversion error naming
/// the value, so a damaged row is reported rather than panicking.
fn bad(i: usize, what: &str, s: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("unreadable {what} {s:?}").into(),
    )
}

pub fn col_opt_date(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Date>> {
    let s: Option<String> = r.get(i)?;
    s.map(|s| s.parse().map_err(|_| bad(i, "date", &s)))
        .transpose()
}

pub fn col_enum<T>(
    r: &rusqlite::Row<'_>,
    i: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    parse(&s).ok_or_else(|| bad(i, what, &s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each stored text reads as a `Stamp` and is written back unchanged.
    #[test]
    fn a_stamp_column_reads_and_writes_back_the_same_text() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, copy TEXT)")
            .unwrap();
        let texts = ["2026-11-16T23:30:00Z", "2026-11-16T14:00:00+02:00", "x", ""];
        for s in texts {
            conn.execute("INSERT INTO t (at) VALUES (?1)", [s]).unwrap();
        }
        let read: Vec<(i64, Stamp)> = conn
            .prepare("SELECT id, at FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(read[0].1.time().is_some());
        assert_eq!(read[1].1.unreadable(), Some("2026-11-16T14:00:00+02:00"));
        for (id, at) in &read {
            conn.execute(
                "UPDATE t SET copy = ?2 WHERE id = ?1",
                rusqlite::params![id, at],
            )
            .unwrap();
        }
        let same: i64 = conn
            .query_row("SELECT count(*) FROM t WHERE copy IS at", [], |r| r.get(0))
            .unwrap();
        assert_eq!(same, texts.len() as i64);

        // NULL is no time; a number is refused as text would be.
        let none: Option<Stamp> = conn.query_row("SELECT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(none, None);
        assert!(
            conn.query_row("SELECT 5", [], |r| r.get::<_, Stamp>(0))
                .is_err()
        );
        assert!(
            conn.query_row("SELECT 5", [], |r| r.get::<_, String>(0))
                .is_err()
        );
    }

    #[test]
    fn now_and_generated_times_are_stored_as_before() {
        let d: Date = "2026-11-16".parse().unwrap();
        assert_eq!(timestamp_on(d), "2026-11-16T12:00:00Z");
        let now = now();
        assert_eq!(now.len(), "2026-11-16T12:00:00Z".len(), "{now}");
        assert!(Stamp::parse(&now).time().is_some(), "{now}");
    }
}
