use super::text::{date_label, fit};
use super::{Theme, bar_spans, pane_block, trend};
use crate::app::Seen;
use crate::app::goals::number;
use crate::app::{App, Pane};
use crate::domain::{Goal, RatedBy};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Each goal takes two rows: the client's words, then the bar and facts.
const ROWS_PER_GOAL: usize = 2;

/// From this inner width a trend sits at the right of each goal: the
/// client's ratings beside the words, the worker's beside the bar.
const TREND_FROM_WIDTH: usize = 64;
const TREND_CELLS: usize = 12;
/// "client " / "worker " before the cells, one space before that.
const TREND_WIDTH: usize = 1 + 7 + TREND_CELLS;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
    let Some(detail) = &app.detail else {
        frame.render_widget(pane_block(Pane::Goals, app, theme, None), area);
        return None;
    };
    // Goals entered in error are listed, marked, but counted nowhere.
    let counted = detail.goals.iter().filter(|g| g.error.is_none());
    let all = counted.clone().count();
    let active = counted
        .filter(|g| g.status == crate::domain::GoalStatus::Active)
        .count();
    let extra = (!detail.goals.is_empty()).then(|| format!("{active} active of {all}"));
    let block = pane_block(Pane::Goals, app, theme, extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if detail.goals.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No goals recorded yet.", theme.muted)),
            inner,
        );
        return None;
    }
    let full = usize::from(inner.width);
    let trend = full >= TREND_FROM_WIDTH;
    let width = if trend { full - TREND_WIDTH } else { full };
    let visible = (usize::from(inner.height) / ROWS_PER_GOAL).max(1);
    let cursor = &app.cursors[Pane::Goals as usize];
    let first = cursor.window(cursor.index, visible);
    let mut lines = Vec::new();
    for (i, goal) in detail.goals.iter().enumerate().skip(first).take(visible) {
        let selected = app.focus == Pane::Goals && i == cursor.index;
        let mut words = Line::from(vec![Span::styled(
            fit(
                &format!("“{}”", super::privacy::text(app, &goal.client_words)),
                width,
            ),
            theme.text,
        )]);
        let mut facts = match &goal.error {
            Some(e) => fit_line(
                Line::styled(
                    format!("✗ goal {}", super::privacy::text(app, &e.label())),
                    theme.overdue,
                ),
                width,
            ),
            None => fit_line(facts_line(goal, app, theme, width), width),
        };
        if trend {
            words
                .spans
                .extend(trend_spans(goal, RatedBy::Client, theme));
            facts
                .spans
                .extend(trend_spans(goal, RatedBy::Worker, theme));
        }
        if selected {
            words = words.patch_style(theme.selected);
            facts = facts.patch_style(theme.selected);
        }
        lines.push(words);
        lines.push(facts);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let seen = Seen {
        offset: first,
        rows: visible,
        len: detail.goals.len(),
    };
    super::more::draw(frame, inner, seen, theme);
    Some(seen)
}

/// Pad or cut a line to exactly `width` columns, keeping span styles.
fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.content.width();
        if used + w <= width {
            used += w;
            spans.push(span);
        } else {
            let room = width - used;
            let cut = super::text::fit(&span.content, room);
            used += cut.width();
            spans.push(Span::styled(cut, span.style));
            break;
        }
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    Line::from(spans)
}

/// A labelled sparkline of one rater's values, on the goal's time axis.
fn trend_spans<'a>(goal: &Goal, who: RatedBy, theme: &Theme) -> Vec<Span<'a>> {
    if goal.counted().next().is_none() {
        return vec![Span::raw(" ".repeat(TREND_WIDTH))];
    }
    vec![
        Span::styled(format!(" {:<7}", who.key()), theme.muted),
        Span::styled(trend::sparkline(goal, who, TREND_CELLS), theme.bar_filled),
    ]
}

fn facts_line<'a>(goal: &Goal, app: &App, theme: &Theme, width: usize) -> Line<'a> {
    let wide = width >= 60;
    let bar_w = (width / 5).clamp(5, 20);
    let mut spans = Vec::new();
    match goal.fraction() {
        Some(f) => {
            spans.extend(bar_spans(f, bar_w, theme.bar_filled, theme));
            spans.push(Span::raw(format!(" {:>3.0}% ", f * 100.0)));
        }
        None => spans.push(Span::styled(
            format!("{} ", fit("no measure", bar_w + 7)),
            theme.muted,
        )),
    }
    let due = goal.due.map(|due| {
        if goal.is_overdue(app.today) {
            (format!("overdue {} ", date_label(due, wide)), theme.overdue)
        } else {
            (format!("due {} ", date_label(due, wide)), theme.muted)
        }
    });
    let latest = |unit: &str| match (goal.current(), goal.target) {
        (Some(c), Some(t)) => format!("{} → {}{unit} ", number(c), number(t)),
        (None, Some(t)) => format!("target {}{unit} ", number(t)),
        (Some(c), None) => format!("latest {}{unit} ", number(c)),
        (None, None) => String::new(),
    };
    let unit = goal
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    // Active is the usual case; say the status only when it is something
    // else, and whole: the due date and the status matter more than the
    // unit, which goes first, then the latest value.
    let status = (goal.status != crate::domain::GoalStatus::Active).then(|| goal.status.key());
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let due_w = due.as_ref().map_or(0, |(t, _)| t.width());
    let fixed = used + due_w + status.map_or(0, str::len);
    let latest = [latest(&unit), latest("")]
        .into_iter()
        .find(|l| fixed + l.width() <= width)
        .unwrap_or_default();
    spans.push(Span::raw(latest));
    if let Some((text, style)) = due {
        spans.push(Span::styled(text, style));
    }
    if let Some(status) = status {
        spans.push(Span::styled(status, theme.muted));
    }
    Line::from(spans)
}
