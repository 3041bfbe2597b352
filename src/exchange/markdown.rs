//! One client's case summary in Markdown, for a court, a team or the file:
//! everything that belongs to the case, as CommonMark/GFM (blank lines
//! around every list and table) so that a converter renders it cleanly.
//! Each section is a function of its own, in the order it is printed.

use super::md_text::{block, inline};
use crate::domain::InError;
use crate::store::export::{ClientExport, GoalExport, NoteExport, ProgressExport, StepExport};
use std::fmt::Write;

pub fn case_summary(c: &ClientExport) -> String {
    let mut out = String::new();
    facts(&mut out, c);
    safety_plan(&mut out, c);
    stages(&mut out, c);
    termination(&mut out, c);
    followups(&mut out, c);
    checklist(&mut out, c);
    goals(&mut out, c);
    measures(&mut out, c);
    super::gas_md::reviews(&mut out, c);
    notes(&mut out, c);
    out
}

// Writing to a String cannot fail, so the `fmt::Result`s below are ignored.

/// A list, with the blank line after it that CommonMark needs before
/// whatever follows.
pub(super) fn list(out: &mut String, items: &[String]) {
    for i in items {
        let _ = writeln!(out, "- {i}");
    }
    if !items.is_empty() {
        let _ = writeln!(out);
    }
}

/// A table with a header row; cells are escaped here.
pub(super) fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| inline(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out);
}

fn or_dash(v: Option<&str>) -> &str {
    v.unwrap_or("—")
}

fn words(key: &str) -> String {
    key.replace('_', " ")
}

/// " (entered in error: why, by, day)" for a marked record.
pub(super) fn marked(e: Option<&InError>) -> String {
    e.map(|e| format!(" (entered in error {} by {}: {})", e.day(), e.by, e.reason))
        .unwrap_or_default()
}

/// The name as the title, then identity and intake: only what is known.
fn facts(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "# {}\n", inline(&c.name));
    let _ = writeln!(out, "## Identity and intake\n");
    let facts = [
        ("Preferred name", c.preferred_name.clone()),
        ("Pronouns", c.pronouns.clone()),
        ("Date of birth", c.date_of_birth.clone()),
        ("Contact", c.contact.clone()),
        ("Referred by", c.referral_source.clone()),
        ("Intake", c.intake_date.clone()),
        ("Next contact", c.next_contact.clone()),
        ("Case review", c.case_review.clone()),
        ("Risk level", Some(c.risk_level.clone())),
        ("Stage", Some(words(&c.stage))),
    ];
    let mut items: Vec<String> = facts
        .into_iter()
        .filter_map(|(label, v)| v.map(|v| format!("**{label}:** {}", inline(&v))))
        .collect();
    if c.crisis {
        items.push("**IN CRISIS**".into());
    }
    if c.archived {
        items.push("Archived".into());
    }
    list(out, &items);
}

/// The safety plan as the worker and client wrote it, part by part.
fn safety_plan(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Safety plan\n");
    let Some(p) = &c.safety_plan else {
        let _ = writeln!(out, "No safety plan recorded.\n");
        return;
    };
    let _ = writeln!(out, "Updated {}.\n", inline(&p.updated_at));
    for (title, text) in [
        ("Warning signs", &p.warning_signs),
        ("Coping on my own", &p.coping),
        ("People and places for support", &p.supports),
        ("Professionals and crisis lines", &p.professionals),
        ("Making the surroundings safe", &p.safe_environment),
    ] {
        let _ = writeln!(out, "### {title}\n");
        if text.trim().is_empty() {
            let _ = writeln!(out, "Not filled in.\n");
        } else {
            out.push_str(&block(text));
        }
    }
}

/// Every stage the case has been in, with dates and the reason for a move.
fn stages(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Stages\n");
    let rows: Vec<Vec<String>> = c
        .stage_history
        .iter()
        .map(|v| {
            vec![
                words(&v.stage),
                v.entered_on.clone(),
                or_dash(v.left_on.as_deref()).to_string(),
                v.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(out, &["stage", "entered", "left", "reason"], &rows);
}

/// What the termination said, and each closure with its reason.
fn termination(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Termination and closure\n");
    let summaries: Vec<_> = c
        .stage_history
        .iter()
        .filter_map(|v| v.summary.as_ref().map(|s| (v, s)))
        .collect();
    if summaries.is_empty() && c.closures.is_empty() {
        let _ = writeln!(out, "The case has not been closed.\n");
        return;
    }
    for (v, s) in summaries {
        let _ = writeln!(out, "Termination summary ({}):\n", v.entered_on);
        out.push_str(&block(s));
    }
    let items: Vec<String> = c
        .closures
        .iter()
        .map(|x| {
            let how = if x.event == "archive" {
                "archived"
            } else {
                "closing (Termination)"
            };
            let note = x
                .note
                .as_deref()
                .map(|n| format!(" — {}", inline(n)))
                .unwrap_or_default();
            format!(
                "Closure, {how} {}: {}{note}",
                x.closed_on,
                inline(&words(&x.reason))
            )
        })
        .collect();
    list(out, &items);
}

/// Check-ins after closing: held, cancelled (and why) or still open.
fn followups(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Follow-ups\n");
    if c.followups.is_empty() {
        let _ = writeln!(out, "No check-ins scheduled.\n");
        return;
    }
    let items: Vec<String> = c
        .followups
        .iter()
        .map(|f| {
            let state = match (&f.done_on, &f.cancelled_on) {
                (Some(d), _) => format!("held {d}"),
                (None, Some(d)) => format!(
                    "cancelled {d} — {}",
                    inline(f.cancel_reason.as_deref().unwrap_or(""))
                ),
                (None, None) => "open".into(),
            };
            let note = f
                .note
                .as_deref()
                .map(|n| format!(" — {}", inline(n)))
                .unwrap_or_default();
            format!("due {}: {state}{note}", f.due)
        })
        .collect();
    list(out, &items);
}

/// The checklist of the current cycle, then those of earlier cycles.
fn checklist(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Checklist\n");
    let line = |item: &crate::store::export::ChecklistExport| {
        let mark = if item.done { "x" } else { " " };
        let on = item
            .done_on
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let note = item
            .note
            .as_deref()
            .map(|n| format!(" — {}", inline(n)))
            .unwrap_or_default();
        format!(
            "[{mark}] {}: {}{on}{note}{}",
            words(&item.stage),
            inline(&item.label),
            marked(item.entered_in_error.as_ref())
        )
    };
    list(out, &c.checklist.iter().map(line).collect::<Vec<_>>());
    for e in &c.earlier_checklists {
        let _ = writeln!(out, "Before the case was re-opened on {}:\n", e.reopened_on);
        list(out, &e.items.iter().map(line).collect::<Vec<_>>());
    }
}

/// Each goal in the client's words, with its numbers, progress and steps.
fn goals(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Goals\n");
    if c.goals.is_empty() {
        let _ = writeln!(out, "No goals recorded.\n");
    }
    for g in &c.goals {
        goal(out, g);
    }
}

fn goal(out: &mut String, g: &GoalExport) {
    let _ = writeln!(out, "### “{}”\n", inline(&g.client_words));
    let num = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let mut items = Vec::new();
    if let Some(s) = &g.smart {
        items.push(format!("**SMART:** {}", inline(s)));
    }
    if let Some(m) = &g.measure {
        let unit = g
            .unit
            .as_deref()
            .map(|u| format!(" ({})", inline(u)))
            .unwrap_or_default();
        items.push(format!("**Measure:** {}{unit}", inline(m)));
    }
    items.push(format!(
        "Baseline {}, target {}, now {}; due {}; {}{}",
        num(g.baseline),
        num(g.target),
        num(g.current),
        or_dash(g.due.as_deref()),
        words(&g.status),
        marked(g.entered_in_error.as_ref())
    ));
    list(out, &items);
    super::gas_md::scales(out, g);
    if !g.progress.is_empty() {
        let _ = writeln!(out, "Progress:\n");
        progress_table(out, &g.progress);
    }
    if !g.steps.is_empty() {
        let _ = writeln!(out, "Plan steps:\n");
        steps_table(out, &g.steps);
    }
    if !g.referrals.is_empty() {
        let _ = writeln!(out, "Referrals:\n");
        let rows: Vec<Vec<String>> = g
            .referrals
            .iter()
            .map(|r| {
                vec![
                    r.agency.clone(),
                    r.contact.clone().unwrap_or_default(),
                    format!("{}{}", r.status, marked(r.entered_in_error.as_ref())),
                    r.created_on.clone(),
                ]
            })
            .collect();
        table(out, &["agency", "contact", "status", "made"], &rows);
    }
}

/// Recorded values as a table: a reader compares them down a column.
fn progress_table(out: &mut String, progress: &[ProgressExport]) {
    let rows: Vec<Vec<String>> = progress
        .iter()
        .map(|p| {
            vec![
                p.date.clone(),
                p.value.to_string(),
                p.rated_by.clone(),
                format!(
                    "{}{}",
                    p.note.as_deref().unwrap_or(""),
                    marked(p.entered_in_error.as_ref())
                ),
            ]
        })
        .collect();
    table(out, &["date", "value", "rated by", "note"], &rows);
}

/// Who does what by when; "other" names the person or agency.
fn steps_table(out: &mut String, steps: &[StepExport]) {
    let rows: Vec<Vec<String>> = steps
        .iter()
        .map(|s| {
            let who = match (&s.who_detail, s.who.as_str()) {
                (Some(d), "other") => format!("other: {d}"),
                (Some(d), w) => format!("{w} ({d})"),
                (None, w) => w.to_string(),
            };
            vec![
                format!("{}{}", s.description, marked(s.entered_in_error.as_ref())),
                who,
                or_dash(s.due.as_deref()).to_string(),
                s.done_on.clone().unwrap_or_else(|| "not yet".into()),
            ]
        })
        .collect();
    table(out, &["step", "who", "due", "done"], &rows);
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
                inline(&m.band),
                inline(&flags)
            );
        }
        let _ = writeln!(out);
    }
}

/// Every note with its details and addenda; an unsigned note says so
/// loudly, since a summary may be read as the record.
fn notes(out: &mut String, c: &ClientExport) {
    let _ = writeln!(out, "## Notes\n");
    if c.notes.is_empty() {
        let _ = writeln!(out, "No notes recorded.\n");
    }
    for n in &c.notes {
        note(out, c, n);
    }
}

fn note(out: &mut String, c: &ClientExport, n: &NoteExport) {
    let signed = n
        .signed_at
        .as_deref()
        .map(|s| format!("signed {s}"))
        .unwrap_or_else(|| "NOT SIGNED".into());
    let _ = writeln!(
        out,
        "### {} — {} ({}), {signed}\n",
        n.session_date,
        inline(&words(&n.kind)),
        n.format.to_uppercase()
    );
    let mut items = Vec::new();
    let when = [
        n.session_time.clone(),
        n.duration_min.map(|m| format!("{m} min")),
    ];
    let when: Vec<String> = when.into_iter().flatten().collect();
    if !when.is_empty() {
        items.push(format!("**Session:** {}", when.join(", ")));
    }
    if !n.techniques.is_empty() {
        items.push(format!(
            "**Techniques:** {}",
            inline(&n.techniques.join(", "))
        ));
    }
    let discussed: Vec<String> = n
        .goal_ids
        .iter()
        .map(|id| {
            c.goals
                .iter()
                .find(|g| g.id == *id)
                .map_or_else(|| format!("goal {id}"), |g| format!("“{}”", g.client_words))
        })
        .collect();
    if !discussed.is_empty() {
        items.push(format!(
            "**Goals discussed:** {}",
            inline(&discussed.join("; "))
        ));
    }
    items.push(format!("**Written:** {}", n.created_at));
    if let Some(e) = &n.entered_in_error {
        items.push(format!(
            "**Entered in error:** {}",
            inline(&marked(Some(e)))
        ));
    }
    list(out, &items);
    out.push_str(&block(&n.body));
    for a in &n.addenda {
        let signed = a
            .signed_at
            .as_deref()
            .map(|s| format!(", signed {s}"))
            .unwrap_or_default();
        let _ = writeln!(out, "Addendum {}{signed}:\n", a.created_at);
        for line in block(&a.body).lines() {
            let _ = writeln!(out, ">{}{line}", if line.is_empty() { "" } else { " " });
        }
        let _ = writeln!(out);
    }
}
