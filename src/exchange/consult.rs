//! The consultation pack: a case to bring to a consultant or supervisor,
//! without the client's identity. Every piece of stored text goes through
//! the de-identifier before it is escaped for Markdown (escaping first
//! would split an address or a name and hide it from the matcher).
//! Each section is a function of its own, in the order it is printed.

use super::deidentify::{Deidentifier, Replaced, age_band};
use super::md_text::{block, inline};
use crate::domain::{Date, NoteFormat, Stage};
use crate::store::export::{ClientExport, NoteExport};
use std::fmt::Write;

/// How many of the latest notes the pack quotes.
pub const RECENT_NOTES: usize = 5;

/// The pack's text and what was replaced in it.
#[derive(Debug, Clone)]
pub struct Pack {
    pub text: String,
    pub replaced: Replaced,
}

pub fn consultation_pack(c: &ClientExport, question: &str, today: Date) -> Pack {
    let mut d = Deidentifier::for_client(c);
    let mut out = String::new();
    let _ = writeln!(out, "# Consultation pack\n");
    let _ = writeln!(
        out,
        "De-identified: names, date of birth, contact details and named third parties are replaced; dates are weeks of the case. Made in {}.\n",
        d.week(today)
    );
    question_section(&mut out, &mut d, question);
    the_case(&mut out, &mut d, c, today);
    needs_and_strengths(&mut out, &mut d, c);
    goals(&mut out, &mut d, c);
    super::consult_measures::outcomes(&mut out, &mut d, c);
    risk(&mut out, &mut d, c);
    recent_notes(&mut out, &mut d, c);
    Pack {
        text: out,
        replaced: d.replaced,
    }
}

// Writing to a String cannot fail, so the `fmt::Result`s below are ignored.

pub(super) fn list(out: &mut String, items: &[String]) {
    for i in items {
        let _ = writeln!(out, "- {i}");
    }
    if !items.is_empty() {
        let _ = writeln!(out);
    }
}

fn question_section(out: &mut String, d: &mut Deidentifier, question: &str) {
    let _ = writeln!(out, "## Question for consultation\n");
    if question.trim().is_empty() {
        let _ = writeln!(out, "(none written)\n");
    } else {
        out.push_str(&block(&d.text(question)));
    }
}

pub(super) fn parse_day(s: &str) -> Option<Date> {
    s.get(..10).and_then(|d| d.parse::<Date>().ok())
}

/// Who, in the broadest terms, and where the work stands.
fn the_case(out: &mut String, d: &mut Deidentifier, c: &ClientExport, today: Date) {
    let _ = writeln!(out, "## The case\n");
    let mut items = Vec::new();
    if let Some(dob) = c.date_of_birth.as_deref().and_then(parse_day) {
        items.push(format!("Age: {}", age_band(dob, today)));
    }
    if let Some(p) = &c.pronouns {
        items.push(format!("Pronouns: {}", inline(&d.text(p))));
    }
    let stage = Stage::from_key(&c.stage).map_or_else(|| c.stage.clone(), |s| s.name().into());
    let since = c
        .stage_history
        .iter()
        .rev()
        .find(|v| v.stage == c.stage)
        .and_then(|v| parse_day(&v.entered_on));
    let weeks = since.map(|s| (today - s).num_days().max(0) / 7);
    items.push(match weeks {
        Some(w) => format!("Stage: {stage}, for {w} week(s)"),
        None => format!("Stage: {stage}"),
    });
    if let Some(w) = d.weeks_since_start(today) {
        items.push(format!("Case open: {w} week(s)"));
    }
    if let Some(r) = &c.referral_source {
        items.push(format!("Referred by: {}", inline(&d.text(r))));
    }
    let moves: Vec<String> = c
        .stage_history
        .iter()
        .map(|v| {
            let name = Stage::from_key(&v.stage).map_or(v.stage.as_str(), |s| s.name());
            let why = v
                .reason
                .as_deref()
                .map(|r| format!(" ({})", d.text(r)))
                .unwrap_or_default();
            format!("{name} from {}{why}", d.date_text(&v.entered_on))
        })
        .collect();
    if !moves.is_empty() {
        items.push(format!("Stages: {}", inline(&moves.join("; "))));
    }
    list(out, &items);
}

/// What the assessment found: the assessment checklist with its notes,
/// now and in earlier cycles.
fn needs_and_strengths(out: &mut String, d: &mut Deidentifier, c: &ClientExport) {
    let _ = writeln!(out, "## Presenting needs and strengths\n");
    let items: Vec<String> = c
        .checklist
        .iter()
        .chain(c.earlier_checklists.iter().flat_map(|e| &e.items))
        .filter(|i| i.stage == "assessment" && i.entered_in_error.is_none())
        .map(|i| {
            let done = if i.done { "done" } else { "not yet" };
            let note = i
                .note
                .as_deref()
                .map(|n| format!(": {}", d.text(n)))
                .unwrap_or_default();
            inline(&format!("{} ({done}){note}", d.text(&i.label)))
        })
        .collect();
    if items.is_empty() {
        let _ = writeln!(out, "Nothing recorded from the assessment.\n");
    }
    list(out, &items);
}

/// Goals with SMART wording, measure and progress; plan steps by role;
/// referrals by agency.
fn goals(out: &mut String, d: &mut Deidentifier, c: &ClientExport) {
    let _ = writeln!(out, "## Goals, measures and plan\n");
    let goals: Vec<_> = c
        .goals
        .iter()
        .filter(|g| g.entered_in_error.is_none())
        .collect();
    if goals.is_empty() {
        let _ = writeln!(out, "No goals yet.\n");
    }
    for g in goals {
        let _ = writeln!(out, "### “{}”\n", inline(&d.text(&g.client_words)));
        let mut items = Vec::new();
        if let Some(s) = &g.smart {
            items.push(format!("SMART: {}", inline(&d.text(s))));
        }
        let num = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
        let measure = g.measure.as_deref().map(|m| d.text(m)).unwrap_or_default();
        items.push(format!(
            "Measure: {} — baseline {}, now {}, target {}; {}",
            inline(&measure),
            num(g.baseline),
            num(g.current),
            num(g.target),
            g.status.replace('_', " ")
        ));
        for p in g.progress.iter().filter(|p| p.entered_in_error.is_none()) {
            let note = p
                .note
                .as_deref()
                .map(|n| format!(" — {}", d.text(n)))
                .unwrap_or_default();
            let when = d.date_text(&p.date);
            items.push(inline(&format!(
                "Progress {when}: {} (rated by {}){note}",
                p.value, p.rated_by
            )));
        }
        for s in g.steps.iter().filter(|s| s.entered_in_error.is_none()) {
            // A role, never a name: "other" is the party's label.
            let who = match (s.who.as_str(), &s.who_detail) {
                ("other", Some(detail)) => d.text(detail),
                (w, _) => w.to_string(),
            };
            let due = s.due.as_deref().map(|x| d.date_text(x));
            let state = match (&s.done_on, due) {
                (Some(on), _) => format!("done {}", d.date_text(on)),
                (None, Some(due)) => format!("due {due}"),
                (None, None) => "open".into(),
            };
            items.push(inline(&format!(
                "Step ({who}): {} — {state}",
                d.text(&s.description)
            )));
        }
        for r in g.referrals.iter().filter(|r| r.entered_in_error.is_none()) {
            let contact = r
                .contact
                .as_deref()
                .map(|x| format!(", contact {}", d.text(x)))
                .unwrap_or_default();
            items.push(inline(&format!(
                "Referral to {}{contact}: {}",
                d.text(&r.agency),
                r.status
            )));
        }
        list(out, &items);
    }
}

/// Risk level, crisis flag and notes, the safety plan as written (with the
/// people in it labelled), and closures.
fn risk(out: &mut String, d: &mut Deidentifier, c: &ClientExport) {
    let _ = writeln!(out, "## Risk and crisis history\n");
    let mut items = vec![format!(
        "Risk level: {}{}",
        c.risk_level,
        if c.crisis { "; in crisis now" } else { "" }
    )];
    let crises: Vec<String> = c
        .notes
        .iter()
        .filter(|n| n.kind == "crisis" && n.entered_in_error.is_none())
        .map(|n| d.date_text(&n.session_date))
        .collect();
    if !crises.is_empty() {
        items.push(format!("Crisis contacts: {}", inline(&crises.join(", "))));
    }
    if let Some(p) = &c.safety_plan {
        for (what, text) in [
            ("Warning signs", &p.warning_signs),
            ("Coping", &p.coping),
            ("Supports", &p.supports),
            ("Professionals", &p.professionals),
            ("Safer surroundings", &p.safe_environment),
        ] {
            if !text.trim().is_empty() {
                items.push(format!("Safety plan, {what}: {}", inline(&d.text(text))));
            }
        }
    } else {
        items.push("No safety plan recorded".into());
    }
    for x in &c.closures {
        let note = x
            .note
            .as_deref()
            .map(|n| format!(" — {}", d.text(n)))
            .unwrap_or_default();
        let when = d.date_text(&x.closed_on);
        items.push(inline(&format!(
            "Closed ({}) {when}: {}{note}",
            x.event,
            x.reason.replace('_', " ")
        )));
    }
    list(out, &items);
}

/// The latest notes' Assessment and Plan (for BIRP and GIRP, Response and
/// Plan; a free note whole).
fn recent_notes(out: &mut String, d: &mut Deidentifier, c: &ClientExport) {
    let _ = writeln!(out, "## Recent notes\n");
    let mut notes: Vec<&NoteExport> = c
        .notes
        .iter()
        .filter(|n| n.entered_in_error.is_none())
        .collect();
    notes.sort_by(|a, b| b.session_date.cmp(&a.session_date));
    if notes.is_empty() {
        let _ = writeln!(out, "No notes yet.\n");
    }
    for n in notes.into_iter().take(RECENT_NOTES) {
        let when = d.date_text(&n.session_date);
        let _ = writeln!(
            out,
            "### {} ({})\n",
            inline(&when),
            inline(&n.kind.replace('_', " "))
        );
        let format = NoteFormat::from_key(&n.format).unwrap_or(NoteFormat::Free);
        let wanted: &[&str] = match format {
            NoteFormat::Dap | NoteFormat::Soap => &["Assessment", "Plan"],
            NoteFormat::Birp | NoteFormat::Girp => &["Response", "Plan"],
            NoteFormat::Free => &[],
        };
        if wanted.is_empty() {
            out.push_str(&block(&d.text(&n.body)));
            continue;
        }
        for (heading, text) in sections(&n.body, format.sections()) {
            if wanted.contains(&heading) && !text.trim().is_empty() {
                let _ = writeln!(out, "**{heading}:**\n");
                out.push_str(&block(&d.text(&text)));
            }
        }
    }
}

/// A structured note's text under each of its headings ("Plan:" on a
/// line of its own or followed by text).
fn sections<'h>(body: &str, headings: &[&'h str]) -> Vec<(&'h str, String)> {
    let mut out: Vec<(&'h str, String)> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        let starts = headings.iter().find(|h| {
            t.strip_prefix(**h)
                .is_some_and(|rest| rest.starts_with(':'))
        });
        match starts {
            Some(h) => {
                let rest = t[h.len() + 1..].trim();
                out.push((h, rest.to_string()));
            }
            None => {
                if let Some((_, text)) = out.last_mut() {
                    text.push('\n');
                    text.push_str(line);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_of_a_structured_note() {
        let s = sections(
            "Data:\nsaid a\nAssessment: better\nmore\nPlan:\ncall",
            &["Data", "Assessment", "Plan"],
        );
        assert_eq!(
            s,
            [
                ("Data", "\nsaid a".to_string()),
                ("Assessment", "better\nmore".to_string()),
                ("Plan", "\ncall".to_string())
            ]
        );
    }
}
