//! One client's case summary in Markdown, for supervision or a report.

use crate::store::export::{ClientExport, GoalExport, ProgressExport};
use std::fmt::Write;

pub fn case_summary(c: &ClientExport) -> String {
    let mut out = String::new();
    facts(&mut out, c);
    stages(&mut out, c);
    goals(&mut out, c);
    measures(&mut out, c);
    notes(&mut out, c);
    out
}

// Writing to a String cannot fail, so the `fmt::Result`s below are ignored.

/// The name as the title, then only the facts that are known.
fn facts(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "# {}", c.name);
    let _ = writeln!(out);
    let facts = [
        ("Preferred name", c.preferred_name.clone()),
        ("Pronouns", c.pronouns.clone()),
        ("Date of birth", c.date_of_birth.clone()),
        ("Referred by", c.referral_source.clone()),
        ("Intake", c.intake_date.clone()),
        ("Next contact", c.next_contact.clone()),
        ("Case review", c.case_review.clone()),
        ("Risk level", Some(c.risk_level.clone())),
        ("Stage", Some(c.stage.replace('_', " "))),
    ];
    for (label, value) in facts {
        if let Some(v) = value {
            let _ = writeln!(out, "- **{label}:** {v}");
        }
    }
    if c.crisis {
        let _ = writeln!(out, "- **IN CRISIS**");
    }
    if c.archived {
        let _ = writeln!(out, "- Archived");
    }
}

/// Every stage the case has been in, then the checklist of the current cycle.
fn stages(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "\n## Stages\n");
    for v in &c.stage_history {
        let left = v.left_on.as_deref().unwrap_or("now");
        let reason = v
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {}: {} to {left}{reason}",
            v.stage.replace('_', " "),
            v.entered_on
        );
    }
    for x in &c.closures {
        let how = if x.event == "archive" {
            "archived"
        } else {
            "closing (Termination)"
        };
        let note = x
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- Closure, {how} {}: {}{note}",
            x.closed_on,
            x.reason.replace('_', " ")
        );
    }
    if !c.followups.is_empty() {
        let _ = writeln!(out, "\nCheck-ins:\n");
    }
    for f in &c.followups {
        let state = match (&f.done_on, &f.cancelled_on) {
            (Some(d), _) => format!("held {d}"),
            (None, Some(d)) => format!(
                "cancelled {d} — {}",
                f.cancel_reason.as_deref().unwrap_or("")
            ),
            (None, None) => "open".into(),
        };
        let note = f
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        let _ = writeln!(out, "- due {}: {state}{note}", f.due);
    }
    let _ = writeln!(out, "\nChecklist:\n");
    for item in &c.checklist {
        let mark = if item.done { "x" } else { " " };
        let on = item
            .done_on
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- [{mark}] {}: {}{on}",
            item.stage.replace('_', " "),
            item.label
        );
    }
}

/// Each goal in the client's words, with its numbers, progress and steps.
fn goals(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "\n## Goals\n");
    if c.goals.is_empty() {
        let _ = writeln!(out, "No goals recorded.");
    }
    for g in &c.goals {
        goal(out, g);
    }
}

fn goal(out: &mut String, g: &GoalExport) {
    let _ = writeln!(out, "### “{}”\n", g.client_words);
    if let Some(s) = &g.smart {
        let _ = writeln!(out, "- SMART: {s}");
    }
    if let Some(m) = &g.measure {
        let _ = writeln!(out, "- Measure: {m}");
    }
    let num = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "- Baseline {}, target {}, now {}; due {}; {}",
        num(g.baseline),
        num(g.target),
        num(g.current),
        g.due.as_deref().unwrap_or("—"),
        g.status
    );
    if !g.progress.is_empty() {
        progress_table(out, &g.progress);
    }
    for s in &g.steps {
        let done = if s.done_on.is_some() { "x" } else { " " };
        let _ = writeln!(
            out,
            "- [{done}] {} ({}; due {})",
            s.description,
            s.who,
            s.due.as_deref().unwrap_or("—")
        );
    }
    let _ = writeln!(out);
}

/// Recorded values as a table: a reader compares them down a column.
fn progress_table(out: &mut String, progress: &[ProgressExport]) {
    let _ = writeln!(
        out,
        "\n| date | value | rated by | note |\n|---|---|---|---|"
    );
    for p in progress {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            p.date,
            p.value,
            p.rated_by,
            cell(p.note.as_deref().unwrap_or(""))
        );
    }
}

/// Standard measures, one part per instrument: the chart of the scores
/// that count, the change since the first (reliable or not, where the
/// instrument says), and every score with its flags; one entered in error
/// is listed, marked, and left out of the chart and the change.
fn measures(out: &mut String, c: &ClientExport) {
    use crate::domain::measure::Change;
    if c.measures.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Measures\n");
    let cat = crate::domain::measures();
    let mut keys: Vec<&str> = Vec::new();
    for m in &c.measures {
        if !keys.contains(&m.instrument.as_str()) {
            keys.push(&m.instrument);
        }
    }
    for key in keys {
        let inst = cat.get(key);
        let rows: Vec<_> = c.measures.iter().filter(|m| m.instrument == key).collect();
        let counted: Vec<u32> = rows
            .iter()
            .filter(|m| m.entered_in_error.is_none())
            .map(|m| m.total)
            .collect();
        let _ = writeln!(out, "### {}\n", cat.name_of(key));
        if let Some(change) = Change::over(inst, &counted) {
            let _ = writeln!(out, "Change: {}.\n", change.words());
        }
        if let (Some(i), false) = (inst, counted.is_empty()) {
            let chart =
                crate::domain::measure_chart::lines(&counted, i.max_total(), &i.bands, 60, 7);
            let _ = writeln!(out, "```text\n{}\n```\n", chart.join("\n"));
        }
        let _ = writeln!(out, "| date | total | band | flags |\n|---|---|---|---|");
        for m in rows {
            let mut flags = m.flags.clone();
            if let Some(e) = &m.entered_in_error {
                flags.push(format!("ENTERED IN ERROR ({}): {}", e.by, e.reason));
            }
            let flags = flags.join("; ");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                m.date,
                m.total,
                cell(&m.band),
                cell(&flags)
            );
        }
        let _ = writeln!(out);
    }
}

/// Every note with its addenda quoted below it; an unsigned note says so
/// loudly, since a summary may be read as the record.
fn notes(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Notes\n");
    if c.notes.is_empty() {
        let _ = writeln!(out, "No notes recorded.");
    }
    for n in &c.notes {
        let signed = n
            .signed_at
            .as_deref()
            .map(|s| format!("signed {s}"))
            .unwrap_or_else(|| "NOT SIGNED".into());
        let _ = writeln!(
            out,
            "### {} — {} ({}), {signed}\n",
            n.session_date,
            n.kind.replace('_', " "),
            n.format.to_uppercase()
        );
        let _ = writeln!(out, "{}\n", n.body);
        for a in &n.addenda {
            let _ = writeln!(
                out,
                "> **Addendum {}:** {}\n",
                a.created_at,
                a.body.replace('\n', "\n> ")
            );
        }
    }
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
