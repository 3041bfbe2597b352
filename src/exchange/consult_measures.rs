//! Outcome measures in the consultation pack: each standard measure's
//! scores by week of the case with the change since the first, and the
//! GAS scales and reviews. Records entered in error are left out, as
//! everywhere in the pack; every stored text goes through the
//! de-identifier before it is escaped.

use super::consult::list;
use super::deidentify::Deidentifier;
use super::gas_view::{self, signed};
use super::md_text::inline;
use crate::domain::measure::Change;
use crate::store::export::{ClientExport, MeasureExport};
use std::fmt::Write;

// Writing to a String cannot fail, so the `fmt::Result`s below are ignored.

pub fn outcomes(out: &mut String, d: &mut Deidentifier, c: &ClientExport) {
    let _ = writeln!(out, "## Outcome measures\n");
    let counted: Vec<&MeasureExport> = c
        .measures
        .iter()
        .filter(|m| m.entered_in_error.is_none())
        .collect();
    let reviews = gas_view::counted(c);
    if counted.is_empty() && reviews.is_empty() {
        let _ = writeln!(out, "No standard measure or GAS review recorded.\n");
        return;
    }
    measures(out, d, &counted);
    gas(out, d, c);
}

/// One part per instrument: every score by week, flags beside it, then
/// the change since the first.
fn measures(out: &mut String, d: &mut Deidentifier, counted: &[&MeasureExport]) {
    let cat = crate::domain::measures();
    let mut keys: Vec<&str> = Vec::new();
    for m in counted {
        if !keys.contains(&m.instrument.as_str()) {
            keys.push(&m.instrument);
        }
    }
    for key in keys {
        let mut rows: Vec<&&MeasureExport> =
            counted.iter().filter(|m| m.instrument == key).collect();
        rows.sort_by(|a, b| a.date.cmp(&b.date));
        let _ = writeln!(out, "### {}\n", inline(&d.text(cat.name_of(key))));
        let mut items: Vec<String> = rows
            .iter()
            .map(|m| {
                let flags = if m.flags.is_empty() {
                    String::new()
                } else {
                    format!("; FLAGGED: {}", d.text(&m.flags.join("; ")))
                };
                let when = d.date_text(&m.date);
                let band = d.text(&m.band);
                inline(&format!("{when}: {} ({band}){flags}", m.total))
            })
            .collect();
        let totals: Vec<u32> = rows.iter().map(|m| m.total).collect();
        if let Some(change) = Change::over(cat.get(key), &totals) {
            items.push(inline(&format!("Change: {}", change.words())));
        }
        list(out, &items);
    }
}

/// The goals' scales in the client's words, the T-score chart, and each
/// review with its levels, oldest first.
fn gas(out: &mut String, d: &mut Deidentifier, c: &ClientExport) {
    let scaled: Vec<_> = c
        .goals
        .iter()
        .filter(|g| g.entered_in_error.is_none())
        .filter_map(|g| gas_view::current(g).map(|s| (g, s)))
        .collect();
    let reviews = gas_view::counted(c);
    if scaled.is_empty() && reviews.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Goal Attainment Scaling\n");
    let mut items: Vec<String> = scaled
        .iter()
        .map(|(g, s)| {
            let levels = gas_view::levels(s)
                .iter()
                .zip(crate::domain::gas::LEVELS)
                .map(|(text, (level, _))| format!("{} “{}”", signed(level), d.text(text)))
                .collect::<Vec<_>>()
                .join("; ");
            let goal = d.text(&g.client_words);
            inline(&format!(
                "Scale for “{goal}” (weight {}): {levels}",
                s.weight
            ))
        })
        .collect();
    for r in &reviews {
        let levels = r
            .levels
            .iter()
            .map(|l| {
                let goal = gas_view::goal(c, l.goal_id).map_or_else(
                    || format!("goal {}", l.goal_id),
                    |g| d.text(&g.client_words),
                );
                format!("“{goal}” {}", signed(l.level))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let when = d.date_text(&r.date);
        items.push(inline(&format!(
            "Review {when}: {} — {levels}",
            gas_view::t_text(r.t_score)
        )));
    }
    list(out, &items);
    let scores: Vec<f64> = reviews.iter().filter_map(|r| r.t_score).collect();
    if !scores.is_empty() {
        let chart = crate::domain::gas::t_score_chart(&scores, 60);
        let _ = writeln!(
            out,
            "T-score per review, oldest on the left (50 = every goal as expected):\n\n```text\n{}\n```\n",
            chart.join("\n")
        );
    }
}
