//! The caseload as CSV: one row per client, the columns a roster needs.
//! The same columns are what `roster` reads back.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and,
//! in some, a tab or carriage return) as a formula: a client named
//! `=HYPERLINK(...)` would be a link that sends data away when clicked.
//! Such cells are written with a leading `'`, which spreadsheets read as
//! "this is text"; `roster` takes the `'` off again, so a round trip keeps
//! every value exactly.

use crate::store::export::Export;
use std::borrow::Cow;

/// Characters that make a spreadsheet cell a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: prefixed with `'` when it would otherwise be a
/// formula, or when it already starts with `'` (so that reading back,
/// which takes one `'` off, gives the value unchanged).
pub fn as_text_cell(value: &str) -> Cow<'_, str> {
    if value.starts_with(FORMULA_START) || value.starts_with('\'') {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A cell as read: the `'` that `as_text_cell` added is taken off. A `'`
/// before anything else is part of the value (a roster typed by hand).
pub fn from_text_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

pub const COLUMNS: &[&str] = &[
    "id",
    "name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "contact",
    "referral_source",
    "intake_date",
    "next_contact",
    "case_review",
    "risk_level",
    "crisis",
    "stage",
    "archived",
];

/// Columns after [`COLUMNS`] that carry each client's latest score per
/// measure start with this; a roster read back ignores them.
pub const LATEST: &str = "latest_";

/// The last columns: the latest GAS T-score (to two places) and its day.
pub const GAS_COLUMNS: [&str; 2] = ["latest_gas_t_score", "latest_gas_t_score_on"];

/// The measures with a column: those in use, then any other a client has.
fn measure_keys(doc: &Export) -> Vec<String> {
    let mut keys: Vec<String> = crate::domain::measures()
        .all()
        .iter()
        .map(|i| i.key.clone())
        .collect();
    for m in doc.clients.iter().flat_map(|c| &c.measures) {
        if !keys.contains(&m.instrument) {
            keys.push(m.instrument.clone());
        }
    }
    keys
}

/// The latest score (not entered in error) per measure: total, band, the
/// day, and any flags, four cells per measure.
fn latest_cells(c: &crate::store::export::ClientExport, keys: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(keys.len() * 4);
    for k in keys {
        let latest = c
            .measures
            .iter()
            .filter(|m| m.instrument == *k && m.entered_in_error.is_none())
            .max_by(|a, b| a.date.cmp(&b.date));
        match latest {
            Some(m) => out.extend([
                m.total.to_string(),
                m.band.clone(),
                m.date.clone(),
                m.flags.join("; "),
            ]),
            None => out.extend(std::iter::repeat_n(String::new(), 4)),
        }
    }
    out
}

/// The newest GAS review not entered in error: its T-score and day.
fn latest_gas(c: &crate::store::export::ClientExport) -> [String; 2] {
    // `max_by` keeps the last of equals: the one saved last that day.
    super::gas_view::counted(c)
        .into_iter()
        .max_by(|a, b| a.date.cmp(&b.date))
        .and_then(|r| Some([format!("{:.2}", r.t_score?), r.date.clone()]))
        .unwrap_or_default()
}

pub fn caseload(doc: &Export) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let keys = measure_keys(doc);
    let mut header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    for k in &keys {
        for part in ["", "_band", "_on", "_flags"] {
            header.push(format!("{LATEST}{k}{part}"));
        }
    }
    header.extend(GAS_COLUMNS.iter().map(|c| (*c).to_string()));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for c in &doc.clients {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = [
            c.id.to_string(),
            c.name.clone(),
            opt(&c.preferred_name),
            opt(&c.pronouns),
            opt(&c.date_of_birth),
            opt(&c.contact),
            opt(&c.referral_source),
            opt(&c.intake_date),
            opt(&c.next_contact),
            opt(&c.case_review),
            c.risk_level.clone(),
            c.crisis.to_string(),
            c.stage.clone(),
            c.archived.to_string(),
        ];
        let latest = latest_cells(c, &keys);
        let gas = latest_gas(c);
        w.write_record(
            cells
                .iter()
                .chain(&latest)
                .chain(&gas)
                .map(|cell| as_text_cell(cell).into_owned()),
        )
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_text_and_read_back_exactly() {
        for value in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1 555 0100",
            "-2",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'quoted",
            "''=x",
            "'",
            "plain",
            "",
        ] {
            let cell = as_text_cell(value);
            assert!(!cell.starts_with(FORMULA_START), "{cell:?}");
            assert_eq!(from_text_cell(&cell), value);
        }
        assert_eq!(as_text_cell("Ann O'Brien"), "Ann O'Brien");
        assert_eq!(from_text_cell("'Tis"), "'Tis", "a hand-typed quote stays");
    }
}
