//! De-identification for the consultation pack: what casework knows
//! identifies a client (names, date of birth, contact details, the third
//! parties named in the record) is replaced by neutral labels, and every
//! replacement is counted so the worker sees what was taken out before
//! anything is written.
//!
//! Dates become "week N of the case": a consultant needs the order and the
//! pace of things, not the calendar, and exact dates (a crisis call, a court
//! hearing, an intake) are what lets a reader match a case to a person.
//!
//! The matching itself is `redact::rewrite`, the same as privacy mode's.

use crate::domain::Date;
use crate::redact::{Found, name_words, rewrite};
use crate::store::export::ClientExport;
use std::collections::HashMap;

/// How many of each kind of thing were replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replaced {
    pub client_names: usize,
    pub third_parties: usize,
    pub contact_details: usize,
    pub phones: usize,
    pub emails: usize,
    pub birth_dates: usize,
    pub dates: usize,
}

impl Replaced {
    /// "client's name ×4, third parties ×2, …", only what was found.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            ("client's name", self.client_names),
            ("third parties", self.third_parties),
            ("contact details", self.contact_details),
            ("phone numbers", self.phones),
            ("e-mail addresses", self.emails),
            ("date of birth", self.birth_dates),
            ("dates made relative", self.dates),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what} ×{n}"))
        .collect();
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Label {
    Client,
    Party(usize),
    ContactDetails,
    BirthDate,
}

impl Label {
    fn text(&self) -> String {
        match self {
            Label::Client => "the client".into(),
            Label::Party(i) => format!("Contact {}", party_letter(*i)),
            Label::ContactDetails => "[contact details]".into(),
            Label::BirthDate => "[date of birth]".into(),
        }
    }
}

/// A, B, … Z, then AA, AB, …
fn party_letter(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    if i < 26 {
        letter(i).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letter(i))
    }
}

/// Capitalised words that name a kind of thing or a time, not a person or
/// a place: kept when a third party's words are collected.
const COMMON: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "mx",
    "miss",
    "prof",
    "gp",
    "nhs",
    "a&e",
    "the",
    "and",
    "of",
    "my",
    "street",
    "st",
    "road",
    "rd",
    "lane",
    "avenue",
    "ave",
    "close",
    "drive",
    "way",
    "court",
    "place",
    "square",
    "crescent",
    "terrace",
    "gardens",
    "flat",
    "house",
    "team",
    "service",
    "services",
    "centre",
    "center",
    "office",
    "clinic",
    "hospital",
    "surgery",
    "crisis",
    "line",
    "desk",
    "duty",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The pieces of a stored value ("Duty desk, 07700 900042" → "Duty desk"),
/// split where a list or an aside would be.
fn pieces(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| ",;()/\n".contains(c))
        .map(str::trim)
        .filter(|p| p.chars().filter(|c| c.is_alphanumeric()).count() > 1)
}

/// Proper names in a piece of text: capitalised words that are not common
/// words, and each run of them ("my sister Maria Lopez" → "Maria Lopez",
/// "Maria", "Lopez"). The first word of a piece is left out unless
/// `first_too`: "Housing office" names a kind of office, not a person.
fn proper_names(piece: &str, first_too: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let words: Vec<&str> = piece
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\''))
        .collect();
    for (i, w) in words.iter().enumerate() {
        let proper = (i > 0 || first_too)
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().filter(|c| c.is_alphabetic()).count() > 2
            && !COMMON.contains(&w.to_lowercase().as_str());
        if proper {
            run.push(w);
            out.push((*w).to_string());
        } else {
            if run.len() > 1 {
                out.push(run.join(" "));
            }
            run.clear();
        }
    }
    if run.len() > 1 {
        out.push(run.join(" "));
    }
    out
}

/// The ways a date of birth may be written in a note.
fn date_forms(d: Date) -> Vec<String> {
    vec![
        d.format("%Y-%m-%d").to_string(),
        d.format("%d/%m/%Y").to_string(),
        d.format("%-d/%-m/%Y").to_string(),
        d.format("%d.%m.%Y").to_string(),
        d.format("%m/%d/%Y").to_string(),
        d.format("%-d %B %Y").to_string(),
        d.format("%B %-d, %Y").to_string(),
    ]
}

pub struct Deidentifier {
    /// What to look for, client's names first (the first label given to a
    /// text wins).
    names: Vec<String>,
    labels: HashMap<String, Label>,
    /// Day one of the case, for relative dates.
    start: Option<Date>,
    pub replaced: Replaced,
}

impl Deidentifier {
    /// Everything stored for `c` that identifies the client or a third party.
    pub fn for_client(c: &ClientExport) -> Deidentifier {
        let mut d = Deidentifier {
            names: Vec::new(),
            labels: HashMap::new(),
            start: case_start(c),
            replaced: Replaced::default(),
        };
        for n in std::iter::once(&c.name).chain(&c.preferred_name) {
            for w in name_words(n) {
                d.add(w, Label::Client);
            }
        }
        if let Some(dob) = c.date_of_birth.as_deref() {
            d.add(dob.to_string(), Label::BirthDate);
            if let Ok(day) = dob.parse::<Date>() {
                for f in date_forms(day) {
                    d.add(f, Label::BirthDate);
                }
            }
        }
        if let Some(contact) = &c.contact {
            d.add(contact.clone(), Label::ContactDetails);
            for p in pieces(contact) {
                d.add(p.to_string(), Label::ContactDetails);
                for n in proper_names(p, true) {
                    d.add(n, Label::ContactDetails);
                }
            }
        }
        // Third parties the record names, each its own label. A referral
        // source is usually a kind of service ("GP practice"): only the
        // names in it are someone's.
        for p in c.referral_source.iter().flat_map(|r| pieces(r)) {
            for n in proper_names(p, false) {
                let label = d.next_party(&n);
                d.add(n, label);
            }
        }
        let mut parties: Vec<&str> = Vec::new();
        for g in &c.goals {
            parties.extend(g.steps.iter().filter_map(|s| s.who_detail.as_deref()));
            parties.extend(g.referrals.iter().filter_map(|r| r.contact.as_deref()));
        }
        for value in parties {
            let label = d.next_party(value);
            d.add(value.to_string(), label.clone());
            for p in pieces(value) {
                d.add(p.to_string(), label.clone());
                for n in proper_names(p, false) {
                    d.add(n, label.clone());
                }
            }
        }
        // A safety plan's supports are free text: the people in it are
        // found by their names.
        if let Some(plan) = &c.safety_plan {
            for text in [&plan.supports, &plan.professionals, &plan.safe_environment] {
                for p in pieces(text) {
                    for n in proper_names(p, false) {
                        let label = d.next_party(&n);
                        d.add(n, label);
                    }
                }
            }
        }
        d
    }

    /// The label a third party gets: the one its text already has, or the
    /// next letter.
    fn next_party(&self, value: &str) -> Label {
        if let Some(l) = self.labels.get(&value.trim().to_lowercase()) {
            return l.clone();
        }
        let used = self
            .labels
            .values()
            .filter_map(|l| match l {
                Label::Party(i) => Some(*i + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        Label::Party(used)
    }

    fn add(&mut self, text: String, label: Label) {
        let key = text.trim().to_lowercase();
        if key.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return;
        }
        if let std::collections::hash_map::Entry::Vacant(e) = self.labels.entry(key) {
            e.insert(label);
            self.names.push(text.trim().to_string());
        }
    }

    /// `s` with everything identifying replaced, and dates made relative.
    pub fn text(&mut self, s: &str) -> String {
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let labels = &self.labels;
        let replaced = &mut self.replaced;
        let out = rewrite(s, &names, |found| match found {
            Found::Email => {
                replaced.emails += 1;
                "[e-mail]".into()
            }
            Found::Phone => {
                replaced.phones += 1;
                "[phone]".into()
            }
            Found::Name(n) => {
                let label = labels.get(&n.to_lowercase()).unwrap_or(&Label::Client);
                match label {
                    Label::Client => replaced.client_names += 1,
                    Label::Party(_) => replaced.third_parties += 1,
                    Label::ContactDetails => replaced.contact_details += 1,
                    Label::BirthDate => replaced.birth_dates += 1,
                }
                label.text()
            }
        });
        self.relative_dates(&out)
    }

    /// Every `YYYY-MM-DD` in `s` as the week of the case it falls in.
    fn relative_dates(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        let mut prev: Option<char> = None;
        while let Some(c) = rest.chars().next() {
            let date = (!prev.is_some_and(char::is_alphanumeric))
                .then(|| rest.get(..10))
                .flatten()
                .filter(|d| {
                    d.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    }) && !rest[10..].starts_with(|c: char| c.is_alphanumeric())
                })
                .and_then(|d| d.parse::<Date>().ok());
            match date {
                Some(d) => {
                    out.push_str(&self.week(d));
                    prev = Some('0');
                    rest = &rest[10..];
                }
                None => {
                    out.push(c);
                    prev = Some(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        out
    }

    /// "week 3 of the case" (week 1 starts on the case's first day).
    pub fn week(&mut self, d: Date) -> String {
        self.replaced.dates += 1;
        match self.start {
            Some(start) if d >= start => {
                format!("week {} of the case", (d - start).num_days() / 7 + 1)
            }
            Some(start) => format!(
                "{} weeks before the case opened",
                ((start - d).num_days() + 6) / 7
            ),
            None => "a date not shown".into(),
        }
    }

    /// A stored `YYYY-MM-DD` (or a stamp starting with one) made relative.
    pub fn date_text(&mut self, s: &str) -> String {
        match s.get(..10).and_then(|d| d.parse::<Date>().ok()) {
            Some(d) => self.week(d),
            None => self.text(s),
        }
    }

    /// Whole weeks from the case's first day to `d`.
    pub fn weeks_since_start(&self, d: Date) -> Option<i64> {
        self.start.map(|s| (d - s).num_days().max(0) / 7)
    }
}

/// The case's first day: the intake, or failing that its first stage.
fn case_start(c: &ClientExport) -> Option<Date> {
    let parse = |s: &str| s.get(..10).and_then(|d| d.parse::<Date>().ok());
    c.intake_date.as_deref().and_then(parse).or_else(|| {
        c.stage_history
            .iter()
            .filter_map(|v| parse(&v.entered_on))
            .min()
    })
}

/// A date of birth as an age band on `today`: "35–44".
pub fn age_band(dob: Date, today: Date) -> String {
    let age = today.years_since(dob).unwrap_or(0);
    match age {
        0..=17 => "under 18".into(),
        18..=24 => "18–24".into(),
        65.. => "65 or older".into(),
        a => {
            let lo = (a + 5) / 10 * 10 - 5;
            format!("{lo}–{}", lo + 9)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands() {
        let d = |s: &str| s.parse::<Date>().expect("date");
        let today = d("2026-12-02");
        assert_eq!(age_band(d("2010-01-01"), today), "under 18");
        assert_eq!(age_band(d("2002-01-01"), today), "18–24");
        assert_eq!(age_band(d("2001-12-02"), today), "25–34");
        assert_eq!(age_band(d("1990-05-12"), today), "35–44");
        assert_eq!(age_band(d("1961-12-03"), today), "55–64");
        assert_eq!(age_band(d("1940-01-01"), today), "65 or older");
    }

    #[test]
    fn proper_names_leave_kinds_of_things() {
        assert_eq!(
            proper_names("my sister Maria Lopez", false),
            ["Maria", "Lopez", "Maria Lopez"]
        );
        assert!(proper_names("Housing office", false).is_empty());
        assert!(proper_names("Thursday drop-in at the GP surgery", false).is_empty());
        assert_eq!(proper_names("the library on Mill Street", false), ["Mill"]);
        assert_eq!(party_letter(0), "A");
        assert_eq!(party_letter(27), "AB");
    }
}
