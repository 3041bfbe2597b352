//! The stage-history overlay: every visit with its dates, why the case went
//! back or was re-opened, the termination summary and the check-ins.

use super::text::{clip, fit, wrap_after};
use super::{Theme, privacy};
use crate::app::App;
use crate::app::overlays::stage_history::HistoryView;
use crate::app::{Action, Seen};
use crate::domain::Stage;
use crate::keymap::{self, Context};
use crate::store::stages::StageVisit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const STAGE_W: usize = 24;

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    view: &HistoryView,
    theme: &Theme,
) -> Seen {
    let Some(detail) = &app.detail else {
        return Seen::default();
    };
    let width = area.width.saturating_sub(4).min(84);
    let body = body_lines(app, usize::from(width.saturating_sub(2)), theme);
    // Borders, header and footer around the body; never taller than the screen.
    let height = (body.len() as u16 + 4).min(area.height.saturating_sub(2));
    let title = format!("Stage history: {}", privacy::name(app, &detail.client.name));
    let inner = super::overlay_frame(frame, area, (width, height), &title, theme);
    let w = usize::from(inner.width);

    let header = Line::styled(
        fit(
            &format!(
                "{:<STAGE_W$}  {:<10}  {:<10}  {:>5}",
                "Stage", "Entered", "Left", "Days"
            ),
            w,
        ),
        theme.heading,
    );
    let [head_area, body_area, foot_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let visible = usize::from(body_area.height);
    let body_len = body.len();
    let max = body.len().saturating_sub(visible);
    let scroll = view.scroll.text_window(body_len, visible);

    frame.render_widget(Paragraph::new(header), head_area);
    frame.render_widget(
        Paragraph::new(
            body.into_iter()
                .skip(scroll)
                .take(visible)
                .collect::<Vec<_>>(),
        ),
        body_area,
    );
    let more = if max > 0 {
        format!(
            "  (lines {}-{} of {body_len})",
            scroll + 1,
            scroll + visible
        )
    } else {
        String::new()
    };
    // The summary's key only where there is a summary to correct.
    let has_summary = app
        .detail
        .as_ref()
        .is_some_and(|d| d.history.iter().any(|v| v.summary.is_some()));
    let edit = if has_summary {
        format!(
            "   {} edit summary",
            keymap::key_for(Action::EditSummary, Context::StageHistory)
        )
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{}/{} scroll{edit}   {} close{more}",
                keymap::key_for(Action::MoveDown, Context::StageHistory),
                keymap::key_for(Action::MoveUp, Context::StageHistory),
                keymap::key_for(Action::Back, Context::StageHistory),
            ),
            theme.muted,
        )),
        foot_area,
    );
    let seen = Seen {
        offset: scroll,
        rows: visible,
        len: body_len,
    };
    super::more::draw(frame, inner, seen, theme);
    seen
}

/// How a visit came about, judged from the one before it.
fn arrival(prev: Option<&StageVisit>, v: &StageVisit) -> &'static str {
    match prev {
        Some(p) if p.stage == Stage::FollowUp && v.stage == Stage::Assessment => "Re-opened",
        Some(p) if v.stage < p.stage => "Stepped back",
        _ => "Why",
    }
}

fn body_lines(app: &App, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(detail) = &app.detail else {
        return Vec::new();
    };
    // One column short of the edge, so wrapped text does not touch the border.
    let w = w.saturating_sub(1);
    let mut out = Vec::new();
    let mut prev: Option<&StageVisit> = None;
    for v in &detail.history {
        let kind = arrival(prev, v);
        if kind == "Re-opened" {
            out.push(Line::styled(
                clip(&format!("── re-opened {} ──", v.entered_on), w),
                theme.heading,
            ));
        }
        let end = v.left_on.unwrap_or(app.today);
        let days = (end - v.entered_on).num_days().max(0);
        let left = v.left_on.map_or("now".to_string(), |d| d.to_string());
        let row = format!(
            "{:<STAGE_W$}  {:<10}  {:<10}  {days:>5}",
            format!("{}. {}", v.stage.number(), v.stage.name()),
            v.entered_on.to_string(),
            left,
        );
        let style = if v.left_on.is_none() {
            theme.current
        } else {
            theme.text
        };
        out.push(Line::styled(fit(&row, w), style));
        // Reasons and the summary are what a reader opens this for: every
        // word of them, wrapped, never cut.
        if let Some(r) = &v.reason {
            let label = format!("    {kind}: ");
            for (i, l) in wrap_after(&label, &privacy::text(app, r), w)
                .into_iter()
                .enumerate()
            {
                let (lead, rest) = l.split_at(if i == 0 { label.len() } else { 0 });
                out.push(Line::from(vec![
                    Span::styled(lead.to_string(), theme.muted),
                    Span::raw(rest.to_string()),
                ]));
            }
        }
        if let Some(s) = &v.summary {
            out.push(Line::styled("    Termination summary", theme.muted));
            for l in wrap_after("      ", &privacy::text(app, s), w) {
                out.push(Line::raw(l));
            }
        }
        prev = Some(v);
    }
    for c in &detail.closures {
        let words = c
            .note
            .as_deref()
            .map(|n| format!(": {}", privacy::text(app, n)))
            .unwrap_or_default();
        let head = format!("    Closed ({}) {}: ", c.event.label(), c.closed_on);
        let room = w.saturating_sub(head.chars().count());
        out.push(Line::from(vec![
            Span::styled(head, theme.muted),
            Span::raw(clip(&format!("{}{words}", c.reason.label()), room)),
        ]));
    }
    corrections(app, detail, w, theme, &mut out);
    if !detail.followups.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Follow-up check-ins", theme.heading));
        for f in &detail.followups {
            let state = match (f.done_on, f.cancelled_on) {
                (Some(d), _) => format!("held {d}"),
                (None, Some(d)) => format!("cancelled {d}"),
                (None, None) if f.due < app.today => "overdue".to_string(),
                (None, None) => "due".to_string(),
            };
            let style = if f.is_open() && f.due < app.today {
                theme.overdue
            } else {
                theme.text
            };
            out.push(Line::styled(format!("  {}  {state}", f.due), style));
            // How it went, or why it was cancelled.
            if let Some(n) = f.note.as_deref().or(f.cancel_reason.as_deref()) {
                for l in wrap_after("      ", &privacy::text(app, n), w) {
                    out.push(Line::raw(l));
                }
            }
        }
    }
    checklist_lines(app, detail, w, theme, &mut out);
    out
}

/// The checklist in full: every item of the current stage with its date
/// and note, then the notes left on items of other stages. The Stages
/// pane cuts long labels and notes to a line; here they are whole.
fn checklist_lines(
    app: &App,
    detail: &crate::store::ClientDetail,
    w: usize,
    theme: &Theme,
    out: &mut Vec<Line<'static>>,
) {
    let current = detail.client.stage;
    let mark = |stage: Stage, key: &str| {
        detail
            .marks
            .iter()
            .find(|m| m.stage == stage && m.item_key == key)
    };
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("Checklist: {}. {}", current.number(), current.name()),
        theme.heading,
    ));
    for item in app.template.items(current) {
        let m = mark(current, &item.key);
        let done = m.and_then(|m| m.done_on);
        let tick = if done.is_some() { "  [x] " } else { "  [ ] " };
        let label = match done {
            Some(d) => format!("{} ({d})", item.label),
            None => item.label.clone(),
        };
        for l in wrap_after(tick, &label, w) {
            out.push(Line::raw(l));
        }
        if let Some(n) = m.and_then(|m| m.note.as_deref()) {
            for l in wrap_after("      note: ", &privacy::text(app, n), w) {
                out.push(Line::styled(l, theme.muted));
            }
        }
    }
    let earlier: Vec<_> = Stage::ALL
        .into_iter()
        .filter(|s| *s != current)
        .flat_map(|s| {
            app.template.items(s).iter().filter_map(move |i| {
                mark(s, &i.key)
                    .and_then(|m| m.note.as_deref())
                    .map(|n| (s, i, n))
            })
        })
        .collect();
    if earlier.is_empty() {
        return;
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Notes on other stages' items", theme.heading));
    for (stage, item, n) in earlier {
        for l in wrap_after("  ", &format!("{}. {}", stage.number(), item.label), w) {
            out.push(Line::raw(l));
        }
        for l in wrap_after("      note: ", &privacy::text(app, n), w) {
            out.push(Line::styled(l, theme.muted));
        }
    }
}

/// Summary edits and restores: who, when, and the words before an edit,
/// so a corrected record still shows what it said.
fn corrections(
    app: &App,
    detail: &crate::store::ClientDetail,
    w: usize,
    theme: &Theme,
    out: &mut Vec<Line<'static>>,
) {
    use crate::domain::correction::RecordChange;
    for e in &detail.corrections {
        let when = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
        let by =
            e.by.as_deref()
                .map_or_else(|| " (who not recorded)".to_string(), |b| format!(" by {b}"));
        let (head, words) = match &e.what {
            RecordChange::SummaryEdited { before, .. } => (
                format!("Summary edited {when} UTC{by}; it said:"),
                Some(before.as_str()),
            ),
            RecordChange::Restored { reason } => (
                format!("Restored to the caseload {when} UTC{by}"),
                reason.as_deref(),
            ),
        };
        for l in wrap_after("    ", &head, w) {
            out.push(Line::styled(l, theme.muted));
        }
        if let Some(words) = words {
            for l in wrap_after("      ", &privacy::text(app, words), w) {
                out.push(Line::raw(l));
            }
        }
    }
}
