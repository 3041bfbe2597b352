//! Moments in time, as the store keeps them: UTC, to the second, written
//! `2026-11-16T23:30:00Z`. A [`Stamp`] is read from that text once, where it
//! leaves the store, and shown to people from there on.

use super::Date;
use chrono::{DateTime, NaiveDateTime, TimeZone, Timelike, Utc};
use std::fmt;

/// The one way this program writes a time (what
/// `to_rfc3339_opts(SecondsFormat::Secs, true)` gives for years 0000–9999).
const STORED: &str = "%Y-%m-%dT%H:%M:%SZ";

/// When something was written, signed or last changed.
///
/// Text that is not a time written the way this program writes one (a
/// damaged row, or a hand-edited import) is kept exactly as stored: it is
/// shown as it is, rather than the record being hidden, and written back and
/// exported unchanged. So for any text `s`, `Stamp::parse(s).to_string() == s`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Repr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    /// A readable time, whole seconds.
    At(DateTime<Utc>),
    /// Stored text that is not a readable time, kept as it is.
    Unreadable(String),
}

impl Stamp {
    /// A time, to the whole second (what is stored keeps no more).
    pub fn at(t: DateTime<Utc>) -> Stamp {
        Stamp(Repr::At(t.with_nanosecond(0).unwrap_or(t)))
    }

    /// Now, as it will be stored.
    pub fn now() -> Stamp {
        Stamp::at(Utc::now())
    }

    /// Midday UTC on a given date: times for generated records, on the same
    /// calendar day in every time zone within twelve hours of UTC.
    pub fn midday_on(d: Date) -> Stamp {
        Stamp(Repr::At(
            d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
        ))
    }

    /// Read stored text. Never fails: text that is not a time written as
    /// this program writes one is kept as it is (see [`Stamp::unreadable`]).
    pub fn parse(text: &str) -> Stamp {
        match NaiveDateTime::parse_from_str(text, STORED) {
            // Only if it reads back the same: chrono is lenient about some
            // things (a one-digit month, say), and the text must survive.
            Ok(t) if t.format(STORED).to_string() == text => Stamp(Repr::At(t.and_utc())),
            _ => Stamp(Repr::Unreadable(text.to_string())),
        }
    }

    /// The time, if the stored text was one.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        match &self.0 {
            Repr::At(t) => Some(*t),
            Repr::Unreadable(_) => None,
        }
    }

    /// The stored text, if it was not a readable time.
    pub fn unreadable(&self) -> Option<&str> {
        match &self.0 {
            Repr::At(_) => None,
            Repr::Unreadable(s) => Some(s),
        }
    }

    /// The calendar day in `tz` (e.g. `&chrono::Local`), if readable.
    pub fn day_in<Tz: TimeZone>(&self, tz: &Tz) -> Option<Date> {
        self.time().map(|t| t.with_timezone(tz).date_naive())
    }

    /// `2026-11-17`: the day in `tz`; unreadable text as it is.
    pub fn day_label_in<Tz: TimeZone>(&self, tz: &Tz) -> String {
        self.day_in(tz)
            .map_or_else(|| self.to_string(), |d| d.to_string())
    }

    /// `2026-11-17 01:30`: date and time to the minute in `tz`; unreadable
    /// text as it is.
    pub fn minute_label_in<Tz: TimeZone>(&self, tz: &Tz) -> String
    where
        Tz::Offset: fmt::Display,
    {
        match &self.0 {
            Repr::At(t) => t.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string(),
            Repr::Unreadable(s) => s.clone(),
        }
    }

    /// `2026-11-16 23:30 UTC`: saying UTC avoids guessing the reader's zone;
    /// unreadable text as it is.
    pub fn utc_label(&self) -> String {
        match &self.0 {
            Repr::At(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
            Repr::Unreadable(s) => s.clone(),
        }
    }
}

/// The text as stored.
impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::At(t) => write!(f, "{}", t.format(STORED)),
            Repr::Unreadable(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn reads_the_text_this_program_stores() {
        // What `now()` and generated records write: RFC 3339, UTC, seconds, Z.
        let s = Stamp::parse("2026-11-16T23:30:05Z");
        let t = s.time().expect("a time");
        assert_eq!(t.to_rfc3339(), "2026-11-16T23:30:05+00:00");
        assert_eq!(s.unreadable(), None);
        assert_eq!(s.to_string(), "2026-11-16T23:30:05Z");
        assert_eq!(s, Stamp::at(t));
        let noon = Stamp::midday_on(d("2026-11-16"));
        assert_eq!(noon.to_string(), "2026-11-16T12:00:00Z");
        assert_eq!(Stamp::parse("2026-11-16T12:00:00Z"), noon);
        // chrono reads a leap second, and writes it back the same.
        let leap = Stamp::parse("2026-12-31T23:59:60Z");
        assert!(leap.time().is_some());
        assert_eq!(leap.to_string(), "2026-12-31T23:59:60Z");
        assert_eq!(leap.utc_label(), "2026-12-31 23:59 UTC");
    }

    #[test]
    fn now_is_stored_as_before() {
        let now = Stamp::now();
        assert!(now.time().is_some());
        let text = now.to_string();
        let t = now.time().expect("a time");
        assert_eq!(
            text,
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "the same text `to_rfc3339_opts(Secs, true)` wrote before"
        );
        assert_eq!(Stamp::parse(&text), now);
        assert_eq!(t.nanosecond(), 0);
    }

    #[test]
    fn anything_else_is_kept_as_it_is_and_shown_as_it_is() {
        let east = FixedOffset::east_opt(2 * 3600).expect("offset");
        for raw in [
            "",
            "x",
            "not a time",
            "2026-11-16",
            "2026-11-16 12:00:00",
            "2026-11-16T14:00:00+02:00",
            "2026-11-16t12:00:00z",
            "2026-11-16T12:00:00.123Z",
            "2026-1-5T12:00:00Z",
            "2026-02-30T12:00:00Z",
            "2026-11-16T25:00:00Z",
            " 2026-11-16T12:00:00Z",
            "2026-11-16T12:00:00Z ",
            "é 2026",
        ] {
            let s = Stamp::parse(raw);
            assert_eq!(s.time(), None, "{raw:?}");
            assert_eq!(s.unreadable(), Some(raw));
            assert_eq!(s.to_string(), raw, "written back unchanged");
            assert_eq!(s.utc_label(), raw);
            assert_eq!(s.minute_label_in(&east), raw);
            assert_eq!(s.day_in(&east), None);
            assert_eq!(s.day_label_in(&east), raw);
        }
    }

    #[test]
    fn labels_for_people() {
        let s = Stamp::parse("2026-11-01T12:00:00Z");
        assert_eq!(s.utc_label(), "2026-11-01 12:00 UTC");
        let west = FixedOffset::west_opt(5 * 3600).expect("offset");
        assert_eq!(s.minute_label_in(&west), "2026-11-01 07:00");
        assert_eq!(s.minute_label_in(&Utc), "2026-11-01 12:00");
        assert_eq!(s.day_label_in(&west), "2026-11-01");
    }

    #[test]
    fn a_stored_utc_time_near_midnight_is_shown_on_the_local_day() {
        let east = FixedOffset::east_opt(2 * 3600).expect("offset");
        let west = FixedOffset::west_opt(5 * 3600).expect("offset");
        let late = Stamp::parse("2026-11-16T23:30:00Z");
        assert_eq!(late.day_in(&Utc), Some(d("2026-11-16")));
        assert_eq!(late.day_in(&east), Some(d("2026-11-17")));
        assert_eq!(late.day_in(&west), Some(d("2026-11-16")));
        assert_eq!(late.day_label_in(&east), "2026-11-17");
        assert_eq!(late.minute_label_in(&east), "2026-11-17 01:30");
        assert_eq!(late.utc_label(), "2026-11-16 23:30 UTC");
        let early = Stamp::parse("2026-11-17T03:00:00Z");
        assert_eq!(early.day_in(&west), Some(d("2026-11-16")));
        assert_eq!(early.day_in(&east), Some(d("2026-11-17")));
        assert_eq!(early.minute_label_in(&west), "2026-11-16 22:00");
    }
}
