//! Converting between database text and domain values, with errors that say
//! which value was unreadable instead of panicking.

use super::error::{Result, StoreError};
use crate::domain::Date;

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
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Midday UTC on a given date: timestamps for generated records.
pub fn timestamp_on(d: Date) -> String {
    format!("{d}T12:00:00Z")
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
