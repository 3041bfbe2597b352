//! Reading a client roster from CSV (a header row, then one client a row).
//! Everything is checked before anything is written; a problem names the
//! line and column.

use super::caseload_csv::COLUMNS;
use crate::domain::dates::parse_date;
use crate::domain::{Date, RiskLevel, Stage};
use crate::store::clients::ClientFields;
use std::collections::HashMap;
use std::path::Path;

/// Longest text accepted in one field: generous for an address, small
/// enough that a hostile file cannot balloon the database.
pub const MAX_FIELD: usize = 4096;

#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    /// Where the row starts in the file, for reports.
    pub line: u64,
    pub fields: ClientFields,
    /// The risk_level cell had a value (an empty one reads as low, but
    /// must not overwrite a stored level on `--update`).
    pub risk_given: bool,
    pub stage: Stage,
    pub crisis: bool,
    pub archived: bool,
}

pub fn parse(bytes: &[u8], origin: &Path, today: Date) -> Result<Vec<RosterRow>, String> {
    let at = |line: u64, what: String| format!("{}: line {line}: {what}", origin.display());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| at(1, format!("cannot read the header row: {e}")))?
        .clone();
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        // A caseload export's latest scores: not a roster's to set.
        if h.starts_with(super::caseload_csv::LATEST) {
            continue;
        }
        if !COLUMNS.contains(&h) {
            return Err(at(
                1,
                format!("unknown column {h:?} (known: {})", COLUMNS.join(", ")),
            ));
        }
        if index.insert(h.to_string(), i).is_some() {
            return Err(at(1, format!("column {h:?} appears twice")));
        }
    }
    if !index.contains_key("name") {
        return Err(at(1, "a \"name\" column is required".into()));
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            at(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |col: &str| -> Result<Option<String>, String> {
            let Some(&i) = index.get(col) else {
                return Ok(None);
            };
            // Undo the `'` an export put before a formula-like cell.
            let v = super::caseload_csv::from_text_cell(record.get(i).unwrap_or("")).trim();
            if v.chars().count() > MAX_FIELD {
                return Err(at(
                    line,
                    format!("column {col}: longer than {MAX_FIELD} characters"),
                ));
            }
            Ok((!v.is_empty()).then(|| v.to_string()))
        };
        let date = |col: &str| -> Result<Option<Date>, String> {
            get(col)?
                .map(|v| {
                    parse_date(&v, today).map_err(|e| at(line, format!("column {col}: {v:?}: {e}")))
                })
                .transpose()
        };
        let flag = |col: &str| -> Result<bool, String> {
            match get(col)?.as_deref().map(str::to_lowercase).as_deref() {
                None | Some("false" | "no" | "0") => Ok(false),
                Some("true" | "yes" | "1") => Ok(true),
                Some(v) => Err(at(
                    line,
                    format!("column {col}: {v:?} is not true or false"),
                )),
            }
        };
        let name = get("name")?.ok_or_else(|| at(line, "column name: empty".into()))?;
        let risk_cell = get("risk_level")?;
        let risk_given = risk_cell.is_some();
        let risk_level = match risk_cell {
            None => RiskLevel::default(),
            Some(v) => RiskLevel::from_key(&v.to_lowercase()).ok_or_else(|| {
                at(
                    line,
                    format!("column risk_level: {v:?} is not low, medium or high"),
                )
            })?,
        };
        let stage = match get("stage")? {
            None => Stage::Assessment,
            Some(v) => Stage::from_key(&v.to_lowercase()).ok_or_else(|| {
                at(
                    line,
                    format!("column stage: {v:?} is not a stage key such as assessment"),
                )
            })?,
        };
        rows.push(RosterRow {
            line,
            risk_given,
            fields: ClientFields {
                name,
                preferred_name: get("preferred_name")?,
                pronouns: get("pronouns")?,
                date_of_birth: date("date_of_birth")?,
                contact: get("contact")?,
                referral_source: get("referral_source")?,
                intake_date: date("intake_date")?,
                next_contact: date("next_contact")?,
                case_review: date("case_review")?,
                risk_level,
            },
            stage,
            crisis: flag("crisis")?,
            archived: flag("archived")?,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-23".parse().expect("date")
    }

    fn p(text: &str) -> Result<Vec<RosterRow>, String> {
        parse(text.as_bytes(), Path::new("roster.csv"), today())
    }

    #[test]
    fn reads_a_roster_with_some_columns() {
        let rows = p("name,pronouns,next_contact,risk_level\nAda Byron,she/her,+1w,HIGH\n\"Lin, Mo\",,2027-01-05,\n")
            .expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].fields.pronouns.as_deref(), Some("she/her"));
        assert_eq!(rows[0].fields.next_contact, "2026-11-30".parse().ok());
        assert_eq!(rows[0].fields.risk_level, RiskLevel::High);
        assert_eq!(rows[1].fields.name, "Lin, Mo");
        assert_eq!(rows[1].stage, Stage::Assessment);
    }

    #[test]
    fn problems_name_the_line_and_column() {
        let cases = [
            (
                "pronouns\nthey/them\n",
                "line 1: a \"name\" column is required",
            ),
            (
                "name,shoe_size\nA,9\n",
                "line 1: unknown column \"shoe_size\"",
            ),
            ("name,name\nA,B\n", "appears twice"),
            (
                "name,date_of_birth\nA,1990-01-01\nB,31/12/1990\n",
                "line 3: column date_of_birth",
            ),
            ("name,crisis\nA,maybe\n", "line 2: column crisis"),
            ("name,stage\nA,limbo\n", "line 2: column stage"),
            ("name,contact\n,x\n", "line 2: column name: empty"),
            ("name,contact\nA\n", "line 2"),
        ];
        for (text, want) in cases {
            let err = p(text).expect_err(text);
            assert!(
                err.starts_with("roster.csv: ") && err.contains(want),
                "{text:?}: {err}"
            );
        }
    }

    #[test]
    fn huge_fields_and_invalid_utf8_are_refused() {
        let long = format!("name\n{}\n", "x".repeat(MAX_FIELD + 1));
        assert!(p(&long).expect_err("too long").contains("longer than"));
        let bad = parse(b"name\n\xff\xfe\n", Path::new("r.csv"), today()).expect_err("bad utf8");
        assert!(bad.contains("line 2"), "{bad}");
    }
}
