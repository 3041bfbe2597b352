//! `casework measure --client ID INSTRUMENT ITEMS`: record a standard
//! measure from the command line and say what it comes to. The answers are
//! checked against the instrument before the database is opened, so a
//! wrong count or score writes nothing (and creates no file).

use crate::clean_text::say;
use crate::domain::measure::parse_item_list;
use crate::domain::{Date, measures};
use std::path::{Path, PathBuf};

pub fn run(
    db: Option<PathBuf>,
    pass_file: Option<&Path>,
    client: i64,
    instrument: &str,
    items: &str,
    date: Option<Date>,
    today: Date,
) -> Result<(), String> {
    let cat = measures();
    let inst = cat.find(instrument).ok_or_else(|| {
        let known: Vec<String> = cat
            .all()
            .iter()
            .map(|i| format!("{} ({})", i.key, i.name))
            .collect();
        format!(
            "no measure called {instrument:?}; the measures are: {}",
            known.join(", ")
        )
    })?;
    let given = parse_item_list(items).map_err(|e| format!("{}: {e}", inst.name))?;
    // Checked here, before the database is opened.
    inst.score(&given)?;
    let (mut store, _) = crate::cli::open_db(db, pass_file)?;
    crate::cli::refuse_if_damaged(&store)?;
    let r = store
        .record_measure(client, inst, date.unwrap_or(today), today, &given)
        .map_err(|e| e.to_string())?;
    crate::cli::warn_unanchored(&mut store);
    let positive = match inst.screens_positive(r.total) {
        Some(true) => format!(" (at or above the cutoff of {})", inst.cutoff.unwrap_or(0)),
        _ => String::new(),
    };
    say(&format!(
        "{} for client {client} on {}: {} of {}, {}{positive}",
        inst.name,
        r.taken_on,
        r.total,
        inst.max_total(),
        r.band
    ));
    for f in &r.flags {
        if inst.is_safety_flag(f) {
            say(&format!(
                "FLAG: {f}. Speak with the client about their safety now; consider marking them in crisis and reviewing their safety plan."
            ));
        } else {
            say(&format!("Flag: {f}."));
        }
    }
    Ok(())
}
