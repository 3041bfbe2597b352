use super::text::{date_label, fit};
use super::{Theme, bar_cells, pane_block, scroll};
use crate::app::{App, Pane};
use crate::domain::Goal;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Each goal takes two rows: the client's words, then the bar and facts.
const ROWS_PER_GOAL: usize = 2;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(detail) = &app.detail else {
        frame.render_widget(pane_block(Pane::Goals, app, theme, None), area);
        return;
    };
    let active = detail
        .goals
        .iter()
        .filter(|g| g.status == crate::domain::GoalStatus::Active)
        .count();
    let extra =
        (!detail.goals.is_empty()).then(|| format!("{active} active of {}", detail.goals.len()));
    let block = pane_block(Pane::Goals, app, theme, extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if detail.goals.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No goals recorded yet.", theme.muted)),
            inner,
        );
        return;
    }
    let width = usize::from(inner.width);
    let visible = (usize::from(inner.height) / ROWS_PER_GOAL).max(1);
    let cursor = &app.cursors[Pane::Goals as usize];
    let first = scroll::window(cursor, visible);
    let mut lines = Vec::new();
    for (i, goal) in detail.goals.iter().enumerate().skip(first).take(visible) {
        let selected = app.focus == Pane::Goals && i == cursor.index;
        let mut words = Line::from(vec![Span::styled(
            fit(&format!("“{}”", goal.client_words), width),
            theme.text,
        )]);
        let mut facts = facts_line(goal, app, theme, width);
        if selected {
            words = words.patch_style(theme.selected);
            facts = facts.patch_style(theme.selected);
        }
        lines.push(words);
        lines.push(facts);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn facts_line<'a>(goal: &Goal, app: &App, theme: &Theme, width: usize) -> Line<'a> {
    let wide = width >= 60;
    let bar_w = (width / 5).clamp(5, 20);
    let mut spans = Vec::new();
    match goal.fraction() {
        Some(f) => {
            let (filled, empty) = bar_cells(f, bar_w);
            spans.push(Span::raw("["));
            spans.push(Span::styled(filled, theme.bar_filled));
            spans.push(Span::styled(empty, theme.bar_empty));
            spans.push(Span::raw(format!("] {:>3.0}% ", f * 100.0)));
        }
        None => spans.push(Span::styled(
            format!("{} ", fit("no measure", bar_w + 7)),
            theme.muted,
        )),
    }
    let latest = match (goal.current(), goal.target) {
        (Some(c), Some(t)) => format!("{} → {} ", number(c), number(t)),
        (None, Some(t)) => format!("target {} ", number(t)),
        _ => String::new(),
    };
    spans.push(Span::raw(latest));
    if let Some(due) = goal.due {
        if goal.is_overdue(app.today) {
            spans.push(Span::styled(
                format!("overdue {} ", date_label(due, wide)),
                theme.overdue,
            ));
        } else {
            spans.push(Span::styled(
                format!("due {} ", date_label(due, wide)),
                theme.muted,
            ));
        }
    }
    // Active is the usual case; say the status only when it is something else.
    if goal.status != crate::domain::GoalStatus::Active {
        spans.push(Span::styled(goal.status.key(), theme.muted));
    }
    Line::from(spans)
}
