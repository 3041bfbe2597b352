//! The caseload as CSV: one row per client, the columns a roster needs.
//! The same columns are what `roster` reads back.

use crate::store::export::Export;

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

pub fn caseload(doc: &Export) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(|e| e.to_string())?;
    for c in &doc.clients {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        w.write_record([
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
        ])
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}
