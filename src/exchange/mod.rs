//! Moving records in and out: the JSON document, Markdown case summaries,
//! CSV caseloads and rosters. Formats are pure functions over the export
//! document where they can be; writing goes through the store.

pub mod caseload_csv;
pub mod consult;
mod consult_measures;
pub mod deidentify;
mod gas_md;
pub mod gas_view;
pub mod ics;
pub mod markdown;
pub mod md_text;
pub mod roster;
pub mod sheet;
mod sheet_measures;
