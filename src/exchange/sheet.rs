//! The client's progress sheet: one page, in plain words, in the client's
//! own words, for the client to keep. No worker vocabulary (stage names,
//! SMART, note formats, risk bands) unless the worker asks for it.
//!
//! The page is built once as a list of blocks, then written as Markdown
//! or as one self-contained HTML page (inline CSS, no scripts, nothing
//! fetched), so the two always say the same.

use super::md_text::inline;
use crate::domain::{Date, Stage};
use crate::store::export::{ClientExport, GoalExport};

/// What the worker chose to include.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetOptions {
    /// Who to call in a crisis, from the safety plan.
    pub safety_plan: bool,
    /// The worker's words too: the stage and each goal's SMART wording.
    pub worker_terms: bool,
}

pub(super) enum Block {
    Title(String),
    Para(String),
    Heading(String),
    Goal {
        words: String,
        lines: Vec<String>,
        /// How far from the start to where the client is heading, 0..=1.
        bar: Option<f64>,
    },
    /// Rows of (what, who, by when).
    Steps(Vec<[String; 3]>),
    List(Vec<String>),
}

pub(super) fn day(s: &str) -> String {
    match s.get(..10).and_then(|d| d.parse::<Date>().ok()) {
        Some(d) => d.format("%A %-d %B %Y").to_string(),
        None => s.to_string(),
    }
}

fn number(v: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) if !u.trim().is_empty() => format!("{v} {}", u.trim()),
        _ => v.to_string(),
    }
}

fn blocks(c: &ClientExport, today: Date, opts: &SheetOptions) -> Vec<Block> {
    let name = c
        .preferred_name
        .clone()
        .or_else(|| c.name.split_whitespace().next().map(str::to_string))
        .unwrap_or_default();
    let mut out = vec![
        Block::Title(format!("Your progress, {name}")),
        Block::Para(format!("Made on {}.", day(&today.to_string()))),
    ];
    if opts.worker_terms {
        if let Some(s) = Stage::from_key(&c.stage) {
            out.push(Block::Para(format!("Stage of the work: {}.", s.name())));
        }
    }
    out.push(Block::Heading("Your goals".into()));
    let goals: Vec<&GoalExport> = c
        .goals
        .iter()
        .filter(|g| g.entered_in_error.is_none())
        .collect();
    if goals.is_empty() {
        out.push(Block::Para("No goals written down yet.".into()));
    }
    for g in &goals {
        out.push(goal(g, opts));
    }
    steps(&mut out, &goals);
    super::sheet_measures::changes(&mut out, c);
    out.push(Block::Heading("Your next appointment".into()));
    // A date already past is not an appointment to come.
    let next = c
        .next_contact
        .as_deref()
        .filter(|d| d.parse::<Date>().is_ok_and(|d| d >= today));
    out.push(Block::Para(match next {
        Some(d) => format!("{}.", day(d)),
        None => "To be arranged with your worker.".into(),
    }));
    if opts.safety_plan {
        if_things_get_hard(&mut out, c);
    }
    out
}

/// Only when the worker includes it: any answer that raised a flag, said
/// kindly, then who helps and who to call from the safety plan.
fn if_things_get_hard(out: &mut Vec<Block>, c: &ClientExport) {
    let flagged = super::sheet_measures::flagged(c);
    if c.safety_plan.is_none() && flagged.is_empty() {
        return;
    }
    out.push(Block::Heading("If things get hard".into()));
    for (on, question) in &flagged {
        out.push(Block::Para(format!(
            "On {on} you told us about this: “{question}”. Thank you for saying so. You do not have to carry it alone: talk to your worker, and if you are in danger now, call the emergency services."
        )));
    }
    if let Some(p) = &c.safety_plan {
        out.push(Block::Para("People and places that help:".into()));
        out.push(Block::List(items(&p.supports)));
        out.push(Block::Para("Who to call:".into()));
        out.push(Block::List(items(&p.professionals)));
    }
}

/// A safety plan part's items (kept as text separated by `;`).
fn items(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn goal(g: &GoalExport, opts: &SheetOptions) -> Block {
    let unit = g.unit.as_deref();
    let mut lines = Vec::new();
    if opts.worker_terms {
        if let Some(s) = &g.smart {
            lines.push(format!("As your worker wrote it: {s}"));
        }
    }
    if let Some(m) = &g.measure {
        lines.push(format!("How we count it: {m}"));
    }
    if let Some(b) = g.baseline {
        lines.push(format!("Where you started: {}", number(b, unit)));
    }
    if let Some(v) = g.current {
        lines.push(format!("Where you are now: {}", number(v, unit)));
    }
    if let Some(t) = g.target {
        let by = g
            .due
            .as_deref()
            .map(|d| format!(", by {}", day(d)))
            .unwrap_or_default();
        lines.push(format!("Where you are heading: {}{by}", number(t, unit)));
    }
    if g.status == "achieved" {
        lines.push("You reached this goal.".into());
    }
    let helped: Vec<&str> = g
        .steps
        .iter()
        .filter(|s| s.done_on.is_some() && s.entered_in_error.is_none())
        .map(|s| s.description.as_str())
        .collect();
    if !helped.is_empty() {
        lines.push(format!("What helped: {}", helped.join("; ")));
    }
    let bar = match (g.baseline, g.current, g.target) {
        (Some(b), Some(v), Some(t)) if (t - b).abs() > f64::EPSILON => {
            Some(((v - b) / (t - b)).clamp(0.0, 1.0))
        }
        _ => None,
    };
    Block::Goal {
        words: g.client_words.clone(),
        lines,
        bar,
    }
}

/// Steps not done yet: what, who, by when.
fn steps(out: &mut Vec<Block>, goals: &[&GoalExport]) {
    let rows: Vec<[String; 3]> = goals
        .iter()
        .flat_map(|g| &g.steps)
        .filter(|s| s.done_on.is_none() && s.entered_in_error.is_none())
        .map(|s| {
            let who = match (s.who.as_str(), &s.who_detail) {
                ("client", _) => "You".to_string(),
                ("worker", _) => "Your worker".to_string(),
                (_, Some(d)) => d.clone(),
                (_, None) => "Someone else".to_string(),
            };
            let when = s.due.as_deref().map_or_else(|| "—".to_string(), day);
            [s.description.clone(), who, when]
        })
        .collect();
    out.push(Block::Heading("Next steps".into()));
    if rows.is_empty() {
        out.push(Block::Para("No steps planned right now.".into()));
    } else {
        out.push(Block::Steps(rows));
    }
}

/// "▓▓▓▓▓▓░░░░ 60% of the way".
fn text_bar(f: f64) -> String {
    let full = (f * 10.0).round() as usize;
    format!(
        "{}{} {}% of the way",
        "▓".repeat(full),
        "░".repeat(10 - full.min(10)),
        (f * 100.0).round()
    )
}

pub fn sheet_markdown(c: &ClientExport, today: Date, opts: &SheetOptions) -> String {
    let mut out = String::new();
    for b in blocks(c, today, opts) {
        match b {
            Block::Title(t) => out.push_str(&format!("# {}\n\n", inline(&t))),
            Block::Para(t) => out.push_str(&format!("{}\n\n", inline(&t))),
            Block::Heading(t) => out.push_str(&format!("## {}\n\n", inline(&t))),
            Block::Goal { words, lines, bar } => {
                out.push_str(&format!("### “{}”\n\n", inline(&words)));
                for l in &lines {
                    out.push_str(&format!("- {}\n", inline(l)));
                }
                if let Some(f) = bar {
                    out.push_str(&format!("- {}\n", text_bar(f)));
                }
                out.push('\n');
            }
            Block::Steps(rows) => {
                out.push_str("| What | Who | By when |\n|---|---|---|\n");
                for [a, b, c] in &rows {
                    out.push_str(&format!(
                        "| {} | {} | {} |\n",
                        inline(a),
                        inline(b),
                        inline(c)
                    ));
                }
                out.push('\n');
            }
            Block::List(items) => {
                for i in &items {
                    out.push_str(&format!("- {}\n", inline(i)));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Text safe anywhere in HTML, attribute values too.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:Georgia,serif;max-width:40em;margin:2em auto;padding:0 1em;\
color:#111;line-height:1.45}h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #999;\
margin-top:1.4em}h3{font-size:1.1em}.bar{border:1px solid #333;height:1em;width:100%;max-width:20em}\
.bar span{display:block;height:100%;background:#555}table{border-collapse:collapse;width:100%}\
td,th{border:1px solid #999;padding:.3em;text-align:left}\
@media print{body{margin:0;max-width:none}}";

pub fn sheet_html(c: &ClientExport, today: Date, opts: &SheetOptions) -> String {
    let e = html_escape;
    let mut body = String::new();
    let mut title = String::new();
    for b in blocks(c, today, opts) {
        match b {
            Block::Title(t) => {
                title = t.clone();
                body.push_str(&format!("<h1>{}</h1>\n", e(&t)));
            }
            Block::Para(t) => body.push_str(&format!("<p>{}</p>\n", e(&t))),
            Block::Heading(t) => body.push_str(&format!("<h2>{}</h2>\n", e(&t))),
            Block::Goal { words, lines, bar } => {
                body.push_str(&format!("<h3>“{}”</h3>\n<ul>\n", e(&words)));
                for l in &lines {
                    body.push_str(&format!("<li>{}</li>\n", e(l)));
                }
                body.push_str("</ul>\n");
                if let Some(f) = bar {
                    let pct = (f * 100.0).round();
                    body.push_str(&format!(
                        "<div class=\"bar\" role=\"img\" aria-label=\"{pct}% of the way\"><span style=\"width:{pct}%\"></span></div>\n<p>{pct}% of the way</p>\n"
                    ));
                }
            }
            Block::Steps(rows) => {
                body.push_str("<table>\n<tr><th>What</th><th>Who</th><th>By when</th></tr>\n");
                for [a, b, c] in &rows {
                    body.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        e(a),
                        e(b),
                        e(c)
                    ));
                }
                body.push_str("</table>\n");
            }
            Block::List(items) => {
                body.push_str("<ul>\n");
                for i in &items {
                    body.push_str(&format!("<li>{}</li>\n", e(i)));
                }
                body.push_str("</ul>\n");
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        e(&title)
    )
}
