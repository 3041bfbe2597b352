//! The measures overlay: the shown measure's chart, its change since the
//! first score, and every score (newest first) with its flag beside it;
//! below, the GAS reviews over time (T-score and levels, newest first).

use super::{Theme, privacy};
use crate::app::overlays::measures::MeasuresView;
use crate::app::{Action, App};
use crate::domain::measure::Change;
use crate::domain::{Markable, measures};
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, v: &MeasuresView, theme: &Theme) {
    let responses = app.client_measures(v.client_id);
    let keys = MeasuresView::keys(responses);
    let key = v.key(responses);
    let cat = measures();
    let inst = cat.get(&key);
    let width = area.width.saturating_sub(2).min(90);
    let inner_w = usize::from(width.saturating_sub(2));
    let mut lines = Vec::new();

    // The measures as tabs: the shown one reversed and bracketed.
    let mut tabs = Vec::new();
    for k in &keys {
        let name = cat.name_of(k);
        if *k == key {
            tabs.push(Span::styled(format!("[{name}]"), theme.selected));
        } else {
            tabs.push(Span::raw(format!(" {name} ")));
        }
        tabs.push(Span::raw(" "));
    }
    lines.push(Line::from(tabs));

    let rows = v.rows(responses);
    let counted: Vec<u32> = rows
        .iter()
        .rev()
        .filter(|r| r.counts())
        .map(|r| r.total)
        .collect();
    match (inst, counted.is_empty()) {
        (_, true) => {
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::raw(format!("No {} score yet. Press ", cat.name_of(&key))),
                Span::styled(
                    keymap::key_for(Action::NewMeasure, Context::Measures),
                    theme.hint_key,
                ),
                Span::raw(" to give it, one item per screen."),
            ]));
        }
        (inst, false) => {
            let (max, bands) = inst.map_or_else(
                || (counted.iter().copied().max().unwrap_or(1), Vec::new()),
                |i| (i.max_total(), i.bands.clone()),
            );
            let chart =
                crate::domain::measure_chart::lines(&counted, max, &bands, inner_w.min(60), 7);
            for l in chart {
                lines.push(Line::raw(l));
            }
            let bands_text = bands
                .iter()
                .map(|b| format!("{}-{} {}", b.from, b.to, b.label))
                .collect::<Vec<_>>()
                .join(", ");
            if !bands_text.is_empty() {
                lines.push(Line::styled(bands_text, theme.muted));
            }
            let mut limits = Vec::new();
            if let Some(c) = inst.and_then(|i| i.cutoff) {
                limits.push(format!("Screens positive at {c} or more"));
            }
            if let Some(r) = inst.and_then(|i| i.reliable_change) {
                let word = if limits.is_empty() { "A" } else { "a" };
                limits.push(format!("{word} change of {r} or more is reliable"));
            }
            if !limits.is_empty() {
                lines.push(Line::styled(limits.join("; "), theme.muted));
            }
            let change = Change::over(inst, &counted).map_or_else(
                || "One score so far: the change shows from the second.".to_string(),
                |c| c.words(),
            );
            lines.push(Line::raw(format!("Change: {change}")));
        }
    }
    lines.push(Line::raw(""));
    for (i, r) in rows.iter().enumerate() {
        let selected = i == v.cursor;
        let marker = if selected { "> " } else { "  " };
        let mut spans = vec![Span::raw(format!("{marker}{}  ", r.taken_on))];
        let score = format!("{:>2} {}", r.total, r.band);
        let mut style = if selected { theme.selected } else { theme.text };
        if r.error.is_some() {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        spans.push(Span::styled(score, style));
        for f in &r.flags {
            // A measure no longer listed keeps every flag at full weight.
            let safety = inst.is_none_or(|i| i.is_safety_flag(f));
            let style = if safety { theme.crisis } else { theme.heading };
            spans.push(Span::styled(format!("  ! {f}"), style));
        }
        lines.push(Line::from(spans));
        if let Some(e) = &r.error {
            lines.push(Line::styled(
                format!("    {} ({}, {})", e.label(), e.by, e.day()),
                theme.muted,
            ));
        }
    }
    let below = rows.len() + rows.iter().filter(|r| r.error.is_some()).count();
    let head = lines.len() - below;
    let review = v.cursor.checked_sub(rows.len());
    let review_at = gas_lines(&mut lines, app, v.client_id, review, inner_w, theme);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = super::popup(frame, area, width, height);
    let title = format!(" Measures · {} ", privacy::name(app, &v.name));
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(title, theme.title_focus));
    // Keep the selected score in view: scroll by whole rows past the chart.
    let visible = usize::from(rect.height.saturating_sub(2));
    let before = rows
        .iter()
        .take(v.cursor)
        .map(|r| 1 + usize::from(r.error.is_some()))
        .sum::<usize>();
    let want = match review_at {
        Some(at) => at + 1,
        None if rows.is_empty() => 0,
        None => head + before + 1,
    };
    // On the last score (or with none, or on a review), what is below
    // (the GAS reviews) is scrolled into view as far as the selected line
    // allows.
    let last = rows.is_empty() || v.cursor + 1 >= rows.len();
    let skip = if last {
        let top = if rows.is_empty() { 0 } else { want - 1 };
        lines
            .len()
            .saturating_sub(visible)
            .min(top)
            .max(want.saturating_sub(visible))
    } else {
        want.saturating_sub(visible)
    };
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((u16::try_from(skip).unwrap_or(u16::MAX), 0))
            .block(block),
        rect,
    );
}

/// The client's GAS reviews, newest first: day, T-score, each goal's level.
/// `selected` is an index into them (newest first); returns the last line
/// it takes (a review in error has its reason below it).
fn gas_lines(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    client_id: i64,
    selected: Option<usize>,
    inner_w: usize,
    theme: &Theme,
) -> Option<usize> {
    let reviews = app.client_gas_reviews(client_id);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Goal Attainment Scaling (T-score; 50 = every goal as expected)",
        theme.heading,
    ));
    if reviews.is_empty() {
        lines.push(Line::from(vec![
            Span::raw("No GAS review yet. Press "),
            Span::styled(
                keymap::key_for(Action::GasReview, Context::Measures),
                theme.hint_key,
            ),
            Span::raw(" to record one (scales are set in a goal: "),
            Span::styled(
                keymap::key_for(Action::SetGasScale, Context::GoalDetail),
                theme.hint_key,
            ),
            Span::raw(")."),
        ]));
        return None;
    }
    // The T-scores across reviews (oldest left; those entered in error
    // left out).
    let scores: Vec<f64> = reviews
        .iter()
        .filter(|r| r.error.is_none())
        .filter_map(|r| r.t_score)
        .collect();
    if !scores.is_empty() {
        let chart = crate::domain::gas::t_score_chart(&scores, inner_w.min(60));
        lines.extend(chart.into_iter().map(Line::raw));
        lines.push(Line::styled(
            "T-score per review; the dotted row is 50, every goal as expected",
            theme.muted,
        ));
    }
    let mut selected_at = None;
    for (i, r) in reviews.iter().rev().enumerate() {
        let t = r
            .t_score
            .map_or_else(|| "  -  ".to_string(), |t| format!("{t:5.1}"));
        let levels = r
            .levels
            .iter()
            .map(|l| crate::domain::gas::level_text(l.level))
            .collect::<Vec<_>>()
            .join(" ");
        let chosen = selected == Some(i);
        let mut style = if chosen { theme.selected } else { theme.text };
        if r.error.is_some() {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        let marker = if chosen { "> " } else { "  " };
        lines.push(Line::styled(
            format!("{marker}{}  T {t}   levels {levels}", r.reviewed_on),
            style,
        ));
        if let Some(e) = &r.error {
            lines.push(Line::styled(
                format!("    {} ({}, {})", e.label(), e.by, e.day()),
                theme.muted,
            ));
        }
        if chosen {
            selected_at = Some(lines.len() - 1);
        }
    }
    selected_at
}
