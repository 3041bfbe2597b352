//! The agenda as an iCalendar file (RFC 5545) for the worker's own
//! calendar: one all-day event per dated item. An item keeps its UID from
//! one export to the next (its kind, its row's id and the database's
//! token), so a calendar that imports the file again updates the event
//! instead of adding a second. Lines end in CRLF and are folded at 75
//! octets, never inside a UTF-8 character; text is escaped.

use crate::domain::Date;
use crate::domain::agenda::{DueItem, DueSource};
use crate::redact::{initials, name_words, redact};
use chrono::{DateTime, Duration, Utc};

fn source_key(s: DueSource) -> &'static str {
    match s {
        DueSource::NextContact => "next-contact",
        DueSource::CaseReview => "case-review",
        DueSource::Goal => "goal",
        DueSource::PlanStep => "plan-step",
        DueSource::FollowUp => "check-in",
    }
}

/// TEXT as RFC 5545 wants it: backslash, semicolon, comma and newline escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: at most 75 octets a line, each continuation
/// starting with a space, cut only between characters.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    let mut limit = 75;
    for c in line.chars() {
        if used + c.len_utf8() > limit {
            out.push_str("\r\n ");
            used = 1;
            limit = 75;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// What the calendar should hold and how.
pub struct CalendarOptions {
    pub today: Date,
    /// Days after today to include.
    pub days: u32,
    /// Only initials for names (privacy mode or `--initials`).
    pub initials: bool,
    /// The database's token (see `store::agenda::calendar_token`).
    pub token: String,
    /// When the file is made (DTSTAMP).
    pub now: DateTime<Utc>,
}

/// Every item due from today to `days` after, as one VCALENDAR.
pub fn calendar(items: &[(DueItem, i64)], o: &CalendarOptions) -> String {
    let last = o.today + Duration::days(i64::from(o.days));
    let mut chosen: Vec<&(DueItem, i64)> = items
        .iter()
        .filter(|(i, _)| i.due >= o.today && i.due <= last)
        .collect();
    chosen.sort_by_key(|(i, r)| (i.due, i.client_id, i.source, *r));
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//casework//casework agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:casework",
    ] {
        out.push_str(&fold(l));
    }
    let stamp = o.now.format("%Y%m%dT%H%M%SZ").to_string();
    for (item, id) in chosen {
        event(&mut out, item, *id, &stamp, o);
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

fn event(out: &mut String, item: &DueItem, id: i64, stamp: &str, o: &CalendarOptions) {
    let (who, what) = if o.initials {
        let words = name_words(&item.client_name);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        (initials(&item.client_name), redact(&item.what, &words))
    } else {
        (item.client_name.clone(), item.what.clone())
    };
    let crisis = if item.crisis { "CRISIS: " } else { "" };
    let mut summary = format!("{crisis}{}: {who}", item.source.label());
    if !what.trim().is_empty() {
        summary.push_str(" — ");
        summary.push_str(what.trim());
    }
    let day = |d: Date| d.format("%Y%m%d").to_string();
    let token = if o.token.is_empty() {
        "local"
    } else {
        &o.token
    };
    let lines = [
        "BEGIN:VEVENT".to_string(),
        format!(
            "UID:{}-{id}-c{}.{token}@casework",
            source_key(item.source),
            item.client_id
        ),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", day(item.due)),
        format!("DTEND;VALUE=DATE:{}", day(item.due + Duration::days(1))),
        format!("SUMMARY:{}", escape(&summary)),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ];
    for l in lines {
        out.push_str(&fold(&l));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let line = format!("SUMMARY:{}", "Zoë ".repeat(40));
        let folded = fold(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(
            folded.replace("\r\n ", "").strip_suffix("\r\n"),
            Some(line.as_str())
        );
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
