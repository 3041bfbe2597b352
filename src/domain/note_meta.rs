//! What a note says about itself besides its text: kind, format, when, how
//! long, which techniques were used and which goals were discussed. Also the
//! small parsers for the way people type times and durations.

use super::{Date, NoteFormat, NoteKind};
use serde::{Deserialize, Serialize};

/// The label for a technique key; unknown keys (from an older agency list)
/// are shown as stored rather than dropped.
pub fn technique_label(key: &str) -> &str {
    super::vocabulary().technique_label(key).unwrap_or(key)
}

/// Everything about a note except its body. Serialized into `drafts.meta`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteMeta {
    pub kind: NoteKind,
    pub format: NoteFormat,
    pub session_date: Date,
    /// `HH:MM`, 24-hour, when known.
    #[serde(default)]
    pub session_time: Option<String>,
    #[serde(default)]
    pub duration_min: Option<u32>,
    #[serde(default)]
    pub techniques: Vec<String>,
    #[serde(default)]
    pub goal_ids: Vec<i64>,
}

impl NoteMeta {
    /// A fresh note on `today` with nothing chosen yet.
    pub fn new(today: Date) -> NoteMeta {
        NoteMeta {
            kind: NoteKind::SESSION,
            format: NoteFormat::Dap,
            session_date: today,
            session_time: None,
            duration_min: None,
            techniques: Vec::new(),
            goal_ids: Vec::new(),
        }
    }

    /// `2026-11-23 14:30 · 50 min`, leaving out what is not known.
    pub fn when_label(&self) -> String {
        let mut s = self.session_date.to_string();
        if let Some(t) = &self.session_time {
            s.push(' ');
            s.push_str(t);
        }
        if let Some(d) = self.duration_min {
            s.push_str(&format!(" · {}", duration_label(d)));
        }
        s
    }

    pub fn toggle_technique(&mut self, key: &str) {
        if let Some(i) = self.techniques.iter().position(|t| t == key) {
            self.techniques.remove(i);
        } else {
            // Keep the table's order so the same set always reads the same.
            self.techniques.push(key.to_string());
            let listed = super::vocabulary().techniques();
            let pos = |k: &String| listed.iter().position(|t| t.key == *k);
            self.techniques.sort_by_key(pos);
        }
    }

    pub fn toggle_goal(&mut self, id: i64) {
        if let Some(i) = self.goal_ids.iter().position(|g| *g == id) {
            self.goal_ids.remove(i);
        } else {
            self.goal_ids.push(id);
        }
    }
}

impl NoteKind {
    /// The next kind in the vocabulary, for a key that cycles through them
    /// (from a kind no longer listed, the first).
    pub fn cycled(self) -> NoteKind {
        let all: Vec<NoteKind> = super::vocabulary().kinds().collect();
        let next = all.iter().position(|k| *k == self).map_or(0, |i| i + 1);
        all.get(next % all.len().max(1))
            .copied()
            .unwrap_or(NoteKind::SESSION)
    }
}

impl NoteFormat {
    pub fn cycled(self) -> NoteFormat {
        let i = NoteFormat::ALL.iter().position(|k| *k == self).unwrap_or(0);
        NoteFormat::ALL[(i + 1) % NoteFormat::ALL.len()]
    }

    /// The text a new note in this format starts with: each heading followed
    /// by a blank line to write in.
    pub fn template(self) -> String {
        self.sections()
            .iter()
            .map(|h| format!("{h}:\n\n"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Is `body` nothing but this format's headings (and white space)? Such a
    /// note holds no typing and can be re-laid out or dropped freely.
    pub fn is_blank(self, body: &str) -> bool {
        let headings = self.sections();
        body.lines()
            .map(str::trim)
            .all(|l| l.is_empty() || headings.iter().any(|h| l.trim_end_matches(':') == *h))
    }
}

/// `50 min`, `1 h 30 min`.
pub fn duration_label(min: u32) -> String {
    match (min / 60, min % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Minutes from `50`, `50m`, `50 min`, `1h`, `1h30`, `1:30`, `1.5h`. Empty
/// means "not recorded".
pub fn parse_duration(input: &str) -> Result<Option<u32>, String> {
    let s: String = input
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || format!("{input:?}: minutes (50), or hours and minutes (1h30, 1:30)");
    let minutes = if let Some((h, m)) = s.split_once(':') {
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if m >= 60 {
            return Err(bad());
        }
        h.checked_mul(60)
            .and_then(|h| h.checked_add(m))
            .ok_or_else(bad)?
    } else if let Some((h, rest)) = s.split_once('h') {
        let h: f64 = h.parse().map_err(|_| bad())?;
        let rest = rest.trim_end_matches("min").trim_end_matches('m');
        let m: u32 = if rest.is_empty() {
            0
        } else {
            rest.parse().map_err(|_| bad())?
        };
        if !(0.0..=24.0).contains(&h) || m >= 60 {
            return Err(bad());
        }
        (h * 60.0).round() as u32 + m
    } else {
        let m = s.trim_end_matches("min").trim_end_matches('m');
        m.parse().map_err(|_| bad())?
    };
    if minutes == 0 || minutes > 24 * 60 {
        return Err(format!(
            "{input:?}: a duration between 1 minute and 24 hours"
        ));
    }
    Ok(Some(minutes))
}

/// `HH:MM` from `14:30`, `1430`, `9:05`, `2pm`, `2:15pm`. Empty means unknown.
pub fn parse_time(input: &str) -> Result<Option<String>, String> {
    let s = input.trim().to_lowercase().replace(' ', "");
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || format!("{input:?}: a time such as 14:30 or 2:30pm");
    let (digits, offset) = if let Some(d) = s.strip_suffix("pm") {
        (d, 12)
    } else if let Some(d) = s.strip_suffix("am") {
        (d, 0)
    } else {
        (s.as_str(), -1)
    };
    // Only digits and one colon from here on, so slicing by bytes is safe.
    if !digits.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return Err(bad());
    }
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() > 2 => digits.split_at(digits.len() - 2),
        None => (digits, "0"),
    };
    let mut h: i32 = h.parse().map_err(|_| bad())?;
    let m: i32 = m.parse().map_err(|_| bad())?;
    if offset >= 0 {
        if !(1..=12).contains(&h) {
            return Err(bad());
        }
        h = h % 12 + offset;
    }
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(bad());
    }
    Ok(Some(format!("{h:02}:{m:02}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_people_type_them() {
        assert_eq!(parse_duration("50"), Ok(Some(50)));
        assert_eq!(parse_duration("50 min"), Ok(Some(50)));
        assert_eq!(parse_duration("1h"), Ok(Some(60)));
        assert_eq!(parse_duration("1h30"), Ok(Some(90)));
        assert_eq!(parse_duration("1:30"), Ok(Some(90)));
        assert_eq!(parse_duration("1.5h"), Ok(Some(90)));
        assert_eq!(parse_duration(""), Ok(None));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("1:75").is_err());
        assert_eq!(duration_label(90), "1 h 30 min");
        assert_eq!(duration_label(45), "45 min");
    }

    #[test]
    fn times_as_people_type_them() {
        assert_eq!(parse_time("14:30"), Ok(Some("14:30".into())));
        assert_eq!(parse_time("9:05"), Ok(Some("09:05".into())));
        assert_eq!(parse_time("1430"), Ok(Some("14:30".into())));
        assert_eq!(parse_time("2pm"), Ok(Some("14:00".into())));
        assert_eq!(parse_time("12:15am"), Ok(Some("00:15".into())));
        assert_eq!(parse_time(""), Ok(None));
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("13pm").is_err());
        // Odd input is a message, never a crash (byte slicing, overflow).
        for odd in ["é1", "1é30", "１４３０", "99999999999:00", "4294967295:59"] {
            assert!(parse_time(odd).is_err(), "{odd}");
        }
        assert!(parse_duration("4294967295:59").is_err());
        assert!(parse_duration("99999999999").is_err());
    }

    #[test]
    fn templates_and_blank_bodies() {
        let t = NoteFormat::Dap.template();
        assert_eq!(t, "Data:\n\n\nAssessment:\n\n\nPlan:\n\n");
        assert!(NoteFormat::Dap.is_blank(&t));
        assert!(!NoteFormat::Dap.is_blank("Data:\nslept well\n"));
        assert!(NoteFormat::Free.is_blank("  \n"));
        assert_eq!(NoteFormat::Free.template(), "");
        assert_eq!(NoteKind::CONSULTATION.cycled(), NoteKind::SUPERVISION);
        assert_eq!(NoteKind::SUPERVISION.cycled(), NoteKind::SESSION);
        assert_eq!(NoteKind::stored("dropped_kind").cycled(), NoteKind::SESSION);
    }

    #[test]
    fn techniques_keep_table_order() {
        let mut m = NoteMeta::new(Date::from_ymd_opt(2026, 1, 1).expect("date"));
        m.toggle_technique("cbt");
        m.toggle_technique("active_listening");
        assert_eq!(m.techniques, ["active_listening", "cbt"]);
        m.toggle_technique("cbt");
        assert_eq!(m.techniques, ["active_listening"]);
        assert_eq!(technique_label("cbt"), "CBT");
        assert_eq!(technique_label("old_thing"), "old_thing");
    }
}
