//! The stage-history overlay: every visit with its dates, why the case went
//! back or was re-opened, the termination summary and the check-ins.

use super::text::{clip, fit};
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
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{}/{} scroll   {} close{more}",
                keymap::key_for(Action::MoveDown, Context::StageHistory),
                keymap::key_for(Action::MoveUp, Context::StageHistory),
                keymap::key_for(Action::Back, Context::StageHistory),
            ),
            theme.muted,
        )),
        foot_area,
    );
    Seen {
        offset: scroll,
        rows: visible,
        len: body_len,
    }
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
        if let Some(r) = &v.reason {
            out.push(Line::from(vec![
                Span::styled(format!("    {kind}: "), theme.muted),
                Span::raw(clip(
                    &privacy::text(app, r),
                    w.saturating_sub(kind.len() + 6),
                )),
            ]));
        }
        if let Some(s) = &v.summary {
            out.push(Line::styled("    Termination summary", theme.muted));
            for part in s.lines() {
                let part = privacy::text(app, part);
                out.push(Line::raw(clip(&format!("      {part}"), w)));
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
            let words = f.note.as_deref().or(f.cancel_reason.as_deref());
            let note = words
                .map(|n| format!("  {}", privacy::text(app, n)))
                .unwrap_or_default();
            let style = if f.is_open() && f.due < app.today {
                theme.overdue
            } else {
                theme.text
            };
            out.push(Line::styled(
                clip(&format!("  {}  {state}{note}", f.due), w),
                style,
            ));
        }
    }
    out
}
