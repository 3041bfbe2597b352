//! Goal Attainment Scaling in the case summary: each goal's scale (and
//! any earlier wording) under the goal, and the reviews with their chart in
//! a section of their own. A review or scale entered in error is shown,
//! struck through and marked with the reason, never left out.

use super::gas_view::{self, levels, signed, standard};
use super::markdown::{list, marked, table};
use super::md_text::inline;
use crate::store::export::{ClientExport, GasScaleExport, GoalExport};
use std::fmt::Write;

// Writing to a String cannot fail, so the `fmt::Result`s below are ignored.

/// The goal's GAS scale in the client's words, then every earlier one.
pub fn scales(out: &mut String, g: &GoalExport) {
    if g.gas_scales.is_empty() {
        return;
    }
    let now = gas_view::current(g);
    if let Some(s) = now {
        let _ = writeln!(
            out,
            "GAS scale (weight {}, set {} by {}):\n",
            s.weight,
            day(&s.created_at),
            inline(&s.set_by)
        );
        let rows: Vec<Vec<String>> = levels(s)
            .iter()
            .zip(crate::domain::gas::LEVELS)
            .map(|(text, (level, words))| {
                vec![format!("{} {words}", signed(level)), (*text).to_string()]
            })
            .collect();
        table(out, &["level", "in the client's words"], &rows);
    }
    let earlier: Vec<&GasScaleExport> = g
        .gas_scales
        .iter()
        .filter(|s| !now.is_some_and(|n| std::ptr::eq(*s, n)))
        .collect();
    if earlier.is_empty() {
        return;
    }
    let _ = writeln!(out, "Earlier GAS wording (the scale was set again):\n");
    let items: Vec<String> = earlier
        .iter()
        .map(|s| {
            let words = levels(s)
                .iter()
                .zip(crate::domain::gas::LEVELS)
                .map(|(text, (level, _))| format!("{} “{}”", signed(level), inline(text)))
                .collect::<Vec<_>>()
                .join("; ");
            let head = format!(
                "set {} by {}, weight {}",
                day(&s.created_at),
                inline(&s.set_by),
                s.weight
            );
            match &s.entered_in_error {
                Some(e) => format!("~~{head}: {words}~~{}", inline(&marked(Some(e)))),
                None => format!("{head}: {words}"),
            }
        })
        .collect();
    list(out, &items);
}

/// The reviews: the T-score chart across those that count, then every
/// review newest first with each goal's level.
pub fn reviews(out: &mut String, c: &ClientExport) {
    if c.gas_reviews.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Goal Attainment Scaling\n");
    let _ = writeln!(
        out,
        "Each review's T-score: 50 means every goal was met as expected, above 50 better than expected, below 50 less well.\n"
    );
    let scores: Vec<f64> = gas_view::counted(c)
        .iter()
        .filter_map(|r| r.t_score)
        .collect();
    if !scores.is_empty() {
        let chart = crate::domain::gas::t_score_chart(&scores, 60);
        let _ = writeln!(out, "```text\n{}\n```\n", chart.join("\n"));
        let _ = writeln!(
            out,
            "T-score per review, oldest on the left; the dotted row is 50. Reviews entered in error are left out of the chart.\n"
        );
    }
    for r in c.gas_reviews.iter().rev() {
        let head = format!("Review of {} — {}", r.date, gas_view::t_text(r.t_score));
        match &r.entered_in_error {
            Some(e) => {
                let _ = writeln!(out, "### ~~{head}~~ (entered in error)\n");
                let _ = writeln!(
                    out,
                    "**Entered in error** {} by {}: {}. Not counted.\n",
                    e.day(),
                    inline(&e.by),
                    inline(&e.reason)
                );
            }
            None => {
                let _ = writeln!(out, "### {head}\n");
            }
        }
        let _ = writeln!(
            out,
            "Recorded by {} on {}.\n",
            inline(&r.recorded_by),
            day(&r.created_at)
        );
        let rows: Vec<Vec<String>> = r
            .levels
            .iter()
            .map(|l| {
                let g = gas_view::goal(c, l.goal_id);
                let name = g.map_or_else(
                    || format!("goal {}", l.goal_id),
                    |g| format!("“{}”", g.client_words),
                );
                let looked = g
                    .and_then(|g| gas_view::scale_at(g, &r.created_at))
                    .and_then(|s| gas_view::says(s, l.level))
                    .unwrap_or("")
                    .to_string();
                vec![
                    name,
                    format!("{} {}", signed(l.level), standard(l.level)),
                    l.weight.to_string(),
                    looked,
                ]
            })
            .collect();
        table(
            out,
            &["goal", "level", "weight", "in the client's words"],
            &rows,
        );
    }
}

/// The day part of a stamp.
fn day(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}
